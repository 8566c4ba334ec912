// Command client starts a call chain with one transient and one persistent
// metainfo value and prints what every hop saw.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/bytedance/gopkg/cloud/metainfo"
	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/transmeta"
	"github.com/cloudwego/kitex/transport"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the first hop")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	cli, err := echoservice.NewClient("service-a",
		client.WithHostPorts(*addr),
		// metainfo travels in TTHeader string headers: TTHeader is required.
		client.WithTransportProtocol(transport.TTHeader),
		// Optional for metainfo: adds caller, callee and timeout headers.
		client.WithMetaHandler(transmeta.ClientTTHeaderHandler),
	)
	if err != nil {
		log.Fatal(err)
	}

	ctx := context.Background()
	ctx = metainfo.WithValue(ctx, "tenant", "acme")              // next hop only
	ctx = metainfo.WithPersistentValue(ctx, "trace-tag", "blue") // whole chain

	resp, err := cli.Echo(ctx, &echo.EchoRequest{Message: "who saw what?"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Message)
}
