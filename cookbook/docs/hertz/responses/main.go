// Command responses shows the ways a Hertz handler writes a response: JSON,
// formatted strings, raw bytes, redirects, bare status codes and headers.
package main

import (
	"context"
	"flag"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

type Item struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	// [responses]
	h := server.Default(server.WithHostPorts(*addr))

	// JSON: any value encoding/json can marshal; sets application/json.
	h.GET("/json", func(ctx context.Context, c *app.RequestContext) {
		c.JSON(consts.StatusOK, Item{ID: 1, Name: "<tea>"})
	})
	// PureJSON leaves <, > and & alone instead of escaping them.
	h.GET("/pure-json", func(ctx context.Context, c *app.RequestContext) {
		c.PureJSON(consts.StatusOK, utils.H{"name": "<tea>"})
	})
	// String: a fmt.Sprintf-style format; sets text/plain.
	h.GET("/string", func(ctx context.Context, c *app.RequestContext) {
		c.String(consts.StatusOK, "hello %s\n", c.DefaultQuery("name", "world"))
	})
	// Data: bytes with a content type of your choice.
	h.GET("/data", func(ctx context.Context, c *app.RequestContext) {
		c.Data(consts.StatusOK, "text/csv; charset=utf-8", []byte("id,name\n1,tea\n"))
	})
	// Redirect: a 3xx status and the Location header.
	h.GET("/old", func(ctx context.Context, c *app.RequestContext) {
		c.Redirect(consts.StatusMovedPermanently, []byte("/json"))
	})
	// Status alone: no body.
	h.DELETE("/items/:id", func(ctx context.Context, c *app.RequestContext) {
		c.Status(consts.StatusNoContent)
	})
	// Headers are set before or after the body; they are sent when the
	// handler returns.
	h.GET("/headers", func(ctx context.Context, c *app.RequestContext) {
		c.Header("Cache-Control", "no-store")
		c.Response.Header.Set("X-Version", "2")
		c.String(consts.StatusAccepted, "queued\n")
	})
	// [/responses]

	h.Spin()
}
