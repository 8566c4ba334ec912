// Command client calls EchoService.Echo of echo.thrift once.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/cloudwego/kitex/client"

	"cookbook/kitex/protobuf-quickstart/gen/echo"
	"cookbook/kitex/protobuf-quickstart/gen/echo/echoservice"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the echo server")
	msg := flag.String("msg", "hello kitex", "message to send")
	flag.Parse()

	cli, err := echoservice.NewClient("echo", client.WithHostPorts(*addr))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := cli.Echo(context.Background(), &echo.EchoRequest{Message: *msg})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("reply:", resp.Message)
}
