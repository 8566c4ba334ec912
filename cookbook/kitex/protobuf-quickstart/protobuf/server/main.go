// Command server serves the EchoService of kitex/protobuf-quickstart/idl/echo.proto.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"strings"

	"github.com/cloudwego/kitex/pkg/rpcinfo"
	"github.com/cloudwego/kitex/server"

	"cookbook/kitex/protobuf-quickstart/gen/echopb"
	"cookbook/kitex/protobuf-quickstart/gen/echopb/echoservice"
)

// echoHandler implements the echopb.EchoService interface generated from the IDL.
type echoHandler struct{}

func (*echoHandler) Echo(ctx context.Context, req *echopb.EchoRequest) (*echopb.EchoResponse, error) {
	// Say how the call arrived: the same handler answers every protocol.
	cfg := rpcinfo.GetRPCInfo(ctx).Config()
	how := fmt.Sprintf("%s over %s", cfg.PayloadCodec(), cfg.TransportProtocol())
	return &echopb.EchoResponse{Message: strings.ToUpper(req.Message) + " (" + how + ")"}, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()

	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	svr := echoservice.NewServer(new(echoHandler), server.WithServiceAddr(tcpAddr))
	if err := svr.Run(); err != nil {
		log.Fatal(err)
	}
}
