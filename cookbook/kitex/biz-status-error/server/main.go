// Command server rejects bad requests with business status errors.
package main

import (
	"context"
	"flag"
	"log"
	"net"

	"github.com/cloudwego/kitex/pkg/kerrors"
	"github.com/cloudwego/kitex/pkg/transmeta"
	"github.com/cloudwego/kitex/server"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

type checkingHandler struct{}

func (*checkingHandler) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	switch req.Message {
	case "":
		return nil, kerrors.NewBizStatusError(40001, "message must not be empty")
	case "admin":
		return nil, kerrors.NewBizStatusErrorWithExtra(40301, "reserved word",
			map[string]string{"field": "message", "hint": "pick another name"})
	}
	return &echo.EchoResponse{Message: "hello, " + req.Message}, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()

	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	svr := echoservice.NewServer(new(checkingHandler),
		server.WithServiceAddr(tcpAddr),
		// Writes the business status of a reply into the TTHeader of the response.
		server.WithMetaHandler(transmeta.ServerTTHeaderHandler),
	)
	if err := svr.Run(); err != nil {
		log.Fatal(err)
	}
}
