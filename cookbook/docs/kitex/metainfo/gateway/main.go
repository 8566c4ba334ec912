// Command gateway is a Hertz HTTP server in front of a Kitex service: it turns
// the metainfo headers of an HTTP request into metainfo of the Kitex call.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/bytedance/gopkg/cloud/metainfo"
	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol"
	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/transport"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

// [carrier]
// requestHeaders lets metainfo read the headers of a Hertz request.
type requestHeaders struct{ h *protocol.RequestHeader }

func (r requestHeaders) Visit(f func(k, v string)) {
	r.h.VisitAll(func(k, v []byte) { f(string(k), string(v)) })
}

// [/carrier]

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "HTTP address to listen on")
	next := flag.String("next", "127.0.0.1:8888", "address of the Kitex service")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)
	klog.SetLevel(klog.LevelFatal)

	cli, err := echoservice.NewClient("service-a",
		client.WithHostPorts(*next),
		client.WithTransportProtocol(transport.TTHeader),
	)
	if err != nil {
		log.Fatal(err)
	}

	h := server.New(server.WithHostPorts(*addr), server.WithDisablePrintRoute(true))
	// [route]
	h.GET("/echo", func(ctx context.Context, c *app.RequestContext) {
		// rpc-transit-* headers become transient values, rpc-persist-*
		// headers persistent ones; other headers are ignored.
		ctx = metainfo.FromHTTPHeader(ctx, requestHeaders{&c.Request.Header})
		resp, err := cli.Echo(ctx, &echo.EchoRequest{Message: "from HTTP"})
		if err != nil {
			c.String(502, err.Error())
			return
		}
		c.String(200, resp.Message+"\n")
	})
	// [/route]
	h.Spin()
}
