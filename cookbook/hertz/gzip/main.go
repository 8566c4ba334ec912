// Command gzip compresses responses with hertz-contrib/gzip for clients that
// accept it, and leaves some paths uncompressed.
package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/hertz-contrib/gzip"
)

// report is a repetitive text body of a few kilobytes, the kind of response
// (JSON, HTML, CSV) that compresses well.
func report() string {
	var b strings.Builder
	for i := 1; i <= 100; i++ {
		fmt.Fprintf(&b, "line %03d: all systems nominal\n", i)
	}
	return b.String()
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	h := server.Default(server.WithHostPorts(*addr))
	// [middleware]
	h.Use(gzip.Gzip(gzip.DefaultCompression,
		// Responses to request URIs that start with one of these prefixes
		// are sent as they are.
		gzip.WithExcludedPaths([]string{"/healthz"}),
	))
	// [/middleware]

	body := report()
	h.GET("/report", func(ctx context.Context, c *app.RequestContext) {
		c.String(consts.StatusOK, body)
	})
	h.GET("/healthz", func(ctx context.Context, c *app.RequestContext) {
		c.String(consts.StatusOK, body)
	})

	h.Spin()
}
