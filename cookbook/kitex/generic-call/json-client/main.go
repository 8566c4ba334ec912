// Command json-client calls EchoService.Echo with a JSON request, reading the
// service from its Thrift IDL at run time: no generated code.
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
	idl := flag.String("idl", "kitex/idl/echo.thrift", "Thrift IDL of the service")
	flag.Parse()

	// [client]
	// The provider parses the IDL; the generic turns JSON into Thrift binary and back.
	p, err := generic.NewThriftFileProvider(*idl)
	if err != nil {
		log.Fatal(err)
	}
	g, err := generic.JSONThriftGeneric(p)
	if err != nil {
		log.Fatal(err)
	}
	cli, err := genericclient.NewClient("echo", g, client.WithHostPorts(*addr))
	if err != nil {
		log.Fatal(err)
	}
	// The request is the method's argument as JSON; the response is a JSON string.
	resp, err := cli.GenericCall(context.Background(), "Echo", `{"message": "hello generic"}`)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("response:", resp.(string))
	// [/client]

	// An unknown method fails before anything is sent.
	_, err = cli.GenericCall(context.Background(), "Shout", `{"message": "hi"}`)
	fmt.Println("unknown method:", err)
}
