// Command server-config starts a Hertz server with the most used options set
// explicitly, including a small request body limit to show its effect.
package main

import (
	"context"
	"flag"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	// [server]
	h := server.New(
		server.WithHostPorts(*addr),                // listen address (default ":8888")
		server.WithReadTimeout(10*time.Second),     // reading a request (default 3m)
		server.WithWriteTimeout(10*time.Second),    // writing a response (default: none)
		server.WithIdleTimeout(time.Minute),        // idle keep-alive connection (default: ReadTimeout)
		server.WithMaxRequestBodySize(16),          // bytes (default 4 MB); tiny here on purpose
		server.WithExitWaitTime(2*time.Second),     // graceful shutdown budget (default 5s)
		server.WithHandleMethodNotAllowed(true),    // 405 instead of 404 for a wrong method
		server.WithDisablePrintRoute(true),         // no route table in the log at start
		server.WithSenseClientDisconnection(false), // cancel ctx when the client goes away
	)

	h.POST("/upload", func(ctx context.Context, c *app.RequestContext) {
		c.String(consts.StatusOK, "got %d bytes\n", len(c.Request.Body()))
	})
	h.Spin()
	// [/server]
}
