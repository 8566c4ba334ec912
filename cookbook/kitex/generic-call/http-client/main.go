// Command http-client turns an HTTP request into a call of EchoService.Echo,
// following the HTTP annotations of the IDL (-idl).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/client/genericclient"
	"github.com/cloudwego/kitex/pkg/generic"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the echo server")
	idl := flag.String("idl", "kitex/generic-call/idl/echo_http.thrift", "Thrift IDL with HTTP annotations")
	path := flag.String("path", "/echo/hello", "path of the HTTP request to map")
	flag.Parse()

	p, err := generic.NewThriftFileProvider(*idl)
	if err != nil {
		log.Fatal(err)
	}
	// [client]
	g, err := generic.HTTPThriftGeneric(p)
	if err != nil {
		log.Fatal(err)
	}
	cli, err := genericclient.NewClient("echo", g, client.WithHostPorts(*addr))
	if err != nil {
		log.Fatal(err)
	}
	// Any *http.Request will do: one a Go HTTP server received, or one built here.
	httpReq, err := http.NewRequest(http.MethodGet, "http://gateway"+*path, nil)
	if err != nil {
		log.Fatal(err)
	}
	req, err := generic.FromHTTPRequest(httpReq)
	if err != nil {
		log.Fatal(err)
	}
	// The method name stays empty: the route (api.get) picks the method.
	resp, err := cli.GenericCall(context.Background(), "", req)
	if err != nil {
		fmt.Printf("GET %s -> %v\n", *path, err)
		return
	}
	fmt.Printf("GET %s -> %v\n", *path, resp.(*generic.HTTPResponse).Body)
	// [/client]
}
