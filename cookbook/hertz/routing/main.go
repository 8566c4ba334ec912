// Command routing shows the three kinds of Hertz routes: static paths,
// named path parameters (:name), catch-all wildcards (*name), and route groups
// that share a prefix.
package main

import (
	"context"
	"flag"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	h := server.Default(server.WithHostPorts(*addr))

	// [routes]
	// :name matches exactly one path segment.
	h.GET("/users/:name", func(ctx context.Context, c *app.RequestContext) {
		c.String(consts.StatusOK, "user %s\n", c.Param("name"))
	})

	// Two parameters in one route.
	h.GET("/users/:name/repos/:repo", func(ctx context.Context, c *app.RequestContext) {
		c.String(consts.StatusOK, "repo %s of %s\n", c.Param("repo"), c.Param("name"))
	})

	// *path matches the rest of the URL, slashes included.
	h.GET("/files/*path", func(ctx context.Context, c *app.RequestContext) {
		c.String(consts.StatusOK, "file %q\n", c.Param("path"))
	})

	// A group shares a prefix (and, if given, middleware) between routes.
	v1 := h.Group("/api/v1")
	{
		v1.GET("/health", func(ctx context.Context, c *app.RequestContext) {
			c.String(consts.StatusOK, "ok\n")
		})
		// FullPath returns the registered pattern, handy for metrics labels.
		v1.GET("/orders/:id", func(ctx context.Context, c *app.RequestContext) {
			c.String(consts.StatusOK, "order %s (route %s)\n", c.Param("id"), c.FullPath())
		})
	}
	// [/routes]

	h.Spin()
}
