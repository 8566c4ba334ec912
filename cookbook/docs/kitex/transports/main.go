// Command transports calls one Kitex server with each Thrift transport
// a Kitex client can speak and prints the reply of every call.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/transport"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the echo server")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	// The server is the same for every call: it detects the transport of
	// each incoming connection by itself.
	protocols := []transport.Protocol{
		transport.PurePayload,    // buffered: the Thrift message, nothing around it
		transport.Framed,         // 4-byte length before each message (client default)
		transport.TTHeader,       // TTHeader: length, flags and string headers
		transport.TTHeaderFramed, // TTHeader around a framed message
	}
	for _, p := range protocols {
		cli, err := echoservice.NewClient("echo",
			client.WithHostPorts(*addr),
			client.WithTransportProtocol(p),
		)
		if err != nil {
			log.Fatal(err)
		}
		resp, err := cli.Echo(context.Background(), &echo.EchoRequest{Message: "over " + p.String()})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-16s reply: %s\n", p.String(), resp.Message)
	}
}
