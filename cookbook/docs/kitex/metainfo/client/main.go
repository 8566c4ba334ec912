// Command client starts a call chain with a transient and a persistent
// metainfo value, once over TTHeader and once over framed transport, and
// prints what every hop saw and what came back.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/bytedance/gopkg/cloud/metainfo"
	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/transport"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the first hop")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	for _, tp := range []transport.Protocol{transport.TTHeader, transport.Framed} {
		cli, err := echoservice.NewClient("service-a",
			client.WithHostPorts(*addr),
			client.WithTransportProtocol(tp),
		)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("over %s:\n", tp)

		// [call]
		ctx := context.Background()
		ctx = metainfo.WithValue(ctx, "tenant", "acme")              // transient: next hop only
		ctx = metainfo.WithPersistentValue(ctx, "trace-tag", "blue") // persistent: whole chain
		ctx = metainfo.WithBackwardValues(ctx)                       // room for values sent back

		resp, err := cli.Echo(ctx, &echo.EchoRequest{Message: "who saw what?"})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(resp.Message)
		answeredBy, ok := metainfo.RecvBackwardValue(ctx, "answered-by")
		fmt.Printf("sent back: answered-by=%q (%v)\n", answeredBy, ok)
		// [/call]
	}
}
