// Command cors serves a small JSON API that a web page on another origin may
// call: hertz-contrib/cors answers the browser's preflight requests and adds
// the CORS headers to the real ones.
package main

import (
	"context"
	"flag"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/hertz-contrib/cors"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	origin := flag.String("origin", "https://app.example.com", "the one web origin allowed to call the API")
	flag.Parse()

	h := server.Default(server.WithHostPorts(*addr))

	// [config]
	h.Use(cors.New(cors.Config{
		AllowOrigins:     []string{*origin},
		AllowMethods:     []string{"GET", "PUT"},
		AllowHeaders:     []string{"Content-Type", "X-Token"},
		ExposeHeaders:    []string{"X-Request-Id"},
		AllowCredentials: true,
		MaxAge:           10 * time.Minute,
	}))
	// [/config]

	h.GET("/api/items", func(ctx context.Context, c *app.RequestContext) {
		c.Header("X-Request-Id", "req-1")
		c.JSON(consts.StatusOK, utils.H{"items": []string{"apple", "pear"}})
	})
	h.PUT("/api/items", func(ctx context.Context, c *app.RequestContext) {
		c.JSON(consts.StatusOK, utils.H{"saved": true})
	})

	h.Spin()
}
