// Command client-middleware shows client-side middleware in Hertz: code that
// wraps every request a client.Client sends. A small local server echoes the
// header the middleware adds.
package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol"
	"github.com/cloudwego/hertz/pkg/protocol/consts"

	"cookbook/internal/startup"
)

// [middleware]
// CallerHeader adds a header to every outgoing request.
func CallerHeader(name string) client.Middleware {
	return func(next client.Endpoint) client.Endpoint {
		return func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			req.Header.Set("X-Caller", name)
			return next(ctx, req, resp)
		}
	}
}

// LogCall prints each request and the status it got, after the call returns.
func LogCall(next client.Endpoint) client.Endpoint {
	return func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
		fmt.Printf("mw: -> %s %s\n", req.Method(), req.URI().Path())
		err := next(ctx, req, resp)
		fmt.Printf("mw: <- %d err=%v\n", resp.StatusCode(), err)
		return err
	}
}

// [/middleware]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the demo server")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	h := server.New(server.WithHostPorts(*addr))
	h.GET("/whoami", func(ctx context.Context, c *app.RequestContext) {
		c.String(consts.StatusOK, "caller=%s", c.GetHeader("X-Caller"))
	})
	startup.Serve(h.Run, *addr) // returns once it is listening

	// [client]
	c, err := client.NewClient()
	if err != nil {
		panic(err)
	}
	// Middlewares run in the order they were added: LogCall wraps CallerHeader.
	c.Use(LogCall, CallerHeader("billing"))

	status, body, err := c.Get(context.Background(), nil, "http://"+*addr+"/whoami")
	fmt.Printf("client: %d %s err=%v\n", status, body, err)
	// [/client]
}
