// Command http2 serves HTTP/2 without TLS (h2c) and HTTP/1.1 on the same
// port, and echoes what it receives together with the protocol it came over.
package main

import (
	"context"
	"flag"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/hertz-contrib/http2/factory"
)

// [echo]
// echo answers with the request body, and reports the protocol and the
// client's address, so a client can tell which requests shared a connection.
func echo(ctx context.Context, c *app.RequestContext) {
	time.Sleep(50 * time.Millisecond) // a little work, so concurrent calls overlap
	c.Header("X-Client-Addr", c.RemoteAddr().String())
	c.String(consts.StatusOK, "%s echo: %s\n", c.Request.Header.GetProtocol(), c.Request.Body())
}

// [/echo]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	// With h2c on, every HTTP/1.1 connection logs a warning that it falls
	// back to HTTP/1; only errors matter here.
	hlog.SetLevel(hlog.LevelError)

	// [server]
	h := server.New(
		server.WithHostPorts(*addr),
		server.WithH2C(true), // look for the HTTP/2 preface on plain TCP
	)
	h.AddProtocol("h2", factory.NewServerFactory())
	// [/server]
	h.POST("/echo", echo)
	h.Spin()
}
