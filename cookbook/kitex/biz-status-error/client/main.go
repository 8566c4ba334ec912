// Command client sends good and bad requests and tells business errors
// from the other errors.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/kerrors"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/transmeta"
	"github.com/cloudwego/kitex/transport"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the server")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	cli, err := echoservice.NewClient("checker",
		client.WithHostPorts(*addr),
		// Business status travels in TTHeader headers: speak TTHeader and
		// let the TTHeader handler read the status from the reply.
		client.WithTransportProtocol(transport.TTHeader),
		client.WithMetaHandler(transmeta.ClientTTHeaderHandler),
	)
	if err != nil {
		log.Fatal(err)
	}

	for _, msg := range []string{"gopher", "", "admin"} {
		fmt.Printf("Echo(%q)\n", msg)
		resp, err := cli.Echo(context.Background(), &echo.EchoRequest{Message: msg})
		if err == nil {
			fmt.Printf("  reply: %q\n", resp.Message)
			continue
		}
		if bizErr, ok := kerrors.FromBizStatusError(err); ok {
			fmt.Printf("  business error: code=%d message=%q\n",
				bizErr.BizStatusCode(), bizErr.BizMessage())
			if extra := bizErr.BizExtra(); len(extra) > 0 {
				fmt.Printf("  extra: field=%s hint=%q\n", extra["field"], extra["hint"])
			}
			continue
		}
		fmt.Println("  other error:", err)
	}
}
