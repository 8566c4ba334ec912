// Command map-client calls EchoService.Echo with a Go map as the request.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/client/genericclient"
	"github.com/cloudwego/kitex/pkg/generic"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the echo server")
	flag.Parse()

	p, err := generic.NewThriftFileProvider("kitex/idl/echo.thrift")
	if err != nil {
		log.Fatal(err)
	}
	// [client]
	g, err := generic.MapThriftGeneric(p)
	if err != nil {
		log.Fatal(err)
	}
	cli, err := genericclient.NewClient("echo", g, client.WithHostPorts(*addr))
	if err != nil {
		log.Fatal(err)
	}
	// Keys are the IDL's field names; values have the Go type of the field's Thrift type.
	req := map[string]interface{}{"message": "hello map", "delay_ms": int32(0)}
	resp, err := cli.GenericCall(context.Background(), "Echo", req)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("response: %#v\n", resp.(map[string]interface{}))
	// [/client]
}
