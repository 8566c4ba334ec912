// Command hello-server is the smallest useful Hertz server: one route that
// answers GET /ping with a JSON body.
package main

import (
	"context"
	"flag"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()

	// server.Default adds the recovery middleware, so a panic in a handler
	// becomes a 500 response instead of killing the process.
	h := server.Default(server.WithHostPorts(*addr))

	h.GET("/ping", func(ctx context.Context, c *app.RequestContext) {
		c.JSON(consts.StatusOK, utils.H{"message": "pong"})
	})

	// Spin serves until SIGINT or SIGTERM, then shuts down gracefully.
	h.Spin()
}
