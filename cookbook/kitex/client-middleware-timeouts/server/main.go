// Command server answers EchoService.Echo after waiting req.DelayMs milliseconds.
package main

import (
	"context"
	"flag"
	"log"
	"net"
	"time"

	"github.com/cloudwego/kitex/server"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

type slowHandler struct{}

func (*slowHandler) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	time.Sleep(time.Duration(req.DelayMs) * time.Millisecond)
	return &echo.EchoResponse{Message: req.Message}, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()

	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	svr := echoservice.NewServer(new(slowHandler), server.WithServiceAddr(tcpAddr))
	if err := svr.Run(); err != nil {
		log.Fatal(err)
	}
}
