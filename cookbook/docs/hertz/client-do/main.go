// Command client-do sends a JSON POST with client.Do, using pooled request
// and response objects, to a small local echo server.
package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol"
	"github.com/cloudwego/hertz/pkg/protocol/consts"

	"cookbook/internal/startup"
)

func startEchoServer(addr string) {
	h := server.New(server.WithHostPorts(addr))
	h.POST("/echo", func(ctx context.Context, c *app.RequestContext) {
		c.Data(consts.StatusOK, string(c.ContentType()), c.Request.Body())
	})
	startup.Serve(h.Run, addr) // returns once it is listening
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the demo server")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)
	startEchoServer(*addr)

	// [do]
	c, err := client.NewClient(client.WithDialTimeout(time.Second))
	if err != nil {
		panic(err)
	}

	// Request and response objects come from a pool; give them back when done.
	req, resp := protocol.AcquireRequest(), protocol.AcquireResponse()
	defer func() {
		protocol.ReleaseRequest(req)
		protocol.ReleaseResponse(resp)
	}()
	req.SetMethod(consts.MethodPost)
	req.SetRequestURI("http://" + *addr + "/echo")
	req.Header.SetContentTypeBytes([]byte("application/json"))
	req.SetBodyString(`{"greeting":"hello"}`)

	if err := c.DoTimeout(context.Background(), req, resp, 2*time.Second); err != nil {
		panic(err)
	}
	fmt.Printf("status=%d type=%s body=%s\n",
		resp.StatusCode(), resp.Header.ContentType(), resp.Body())
	// [/do]
}
