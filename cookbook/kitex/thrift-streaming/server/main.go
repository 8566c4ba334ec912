// Command server serves the NumberService over TTHeader streaming.
package main

import (
	"flag"
	"log"
	"net"

	"github.com/cloudwego/kitex/server"

	"cookbook/kitex/thrift-streaming/gen/numbers/numberservice"
	"cookbook/kitex/thrift-streaming/handler"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()

	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// A Kitex server needs no option for TTHeader streaming: it recognises it on the same port.
	svr := numberservice.NewServer(new(handler.Numbers), server.WithServiceAddr(tcpAddr))
	if err := svr.Run(); err != nil {
		log.Fatal(err)
	}
}
