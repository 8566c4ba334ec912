// Command client calls EchoService.Echo of echo.proto once, over Kitex
// Protobuf (the default) or over gRPC (-grpc).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/transport"

	"cookbook/kitex/protobuf-quickstart/gen/echopb"
	"cookbook/kitex/protobuf-quickstart/gen/echopb/echoservice"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the echo server")
	msg := flag.String("msg", "hello kitex", "message to send")
	grpc := flag.Bool("grpc", false, "call over gRPC instead of Kitex Protobuf")
	flag.Parse()

	opts := []client.Option{client.WithHostPorts(*addr)}
	if *grpc {
		opts = append(opts, client.WithTransportProtocol(transport.GRPC))
	}
	cli, err := echoservice.NewClient("echo", opts...)
	if err != nil {
		log.Fatal(err)
	}
	resp, err := cli.Echo(context.Background(), &echopb.EchoRequest{Message: *msg})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("reply:", resp.Message)
}
