// Command middleware shows four everyday Hertz middlewares: request timing,
// request IDs, an auth check that aborts the chain with 401, and panic recovery
// that answers with a JSON body.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/middlewares/server/recovery"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

// [middleware]
// Timing measures the rest of the chain. Code before c.Next runs on the way
// in, code after it runs once the handler has returned.
func Timing() app.HandlerFunc {
	return func(ctx context.Context, c *app.RequestContext) {
		start := time.Now()
		c.Next(ctx)
		c.Header("X-Response-Time", time.Since(start).String())
	}
}

// RequestID reuses the caller's X-Request-ID or makes a new one, stores it
// for later handlers and echoes it in the response.
func RequestID() app.HandlerFunc {
	return func(ctx context.Context, c *app.RequestContext) {
		id := string(c.GetHeader("X-Request-ID"))
		if id == "" {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		c.Set("request_id", id)
		c.Header("X-Request-ID", id)
		c.Next(ctx)
	}
}

// RequireToken stops the chain with 401 unless the bearer token matches.
// After an Abort, later handlers in the chain are skipped.
func RequireToken(token string) app.HandlerFunc {
	return func(ctx context.Context, c *app.RequestContext) {
		if string(c.GetHeader("Authorization")) != "Bearer "+token {
			c.AbortWithStatusJSON(consts.StatusUnauthorized, utils.H{"error": "missing or bad token"})
			return
		}
		c.Next(ctx)
	}
}

// [/middleware]

// onPanic turns a recovered panic into a JSON 500 instead of an empty body.
func onPanic(ctx context.Context, c *app.RequestContext, err interface{}, stack []byte) {
	hlog.CtxErrorf(ctx, "panic: %v", err)
	c.JSON(consts.StatusInternalServerError, utils.H{
		"error":      "internal error",
		"request_id": c.GetString("request_id"),
	})
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()

	// [server]
	// server.New has no middleware at all; server.Default would add the
	// stock recovery middleware, which we replace with our own handler.
	h := server.New(server.WithHostPorts(*addr))
	// Order matters: recovery first so it also covers the other middlewares.
	h.Use(recovery.Recovery(recovery.WithRecoveryHandler(onPanic)), Timing(), RequestID())

	h.GET("/hello", func(ctx context.Context, c *app.RequestContext) {
		c.String(consts.StatusOK, "hello, request %s\n", c.GetString("request_id"))
	})
	h.GET("/panic", func(ctx context.Context, c *app.RequestContext) {
		panic("something went wrong")
	})

	// Middleware passed to Group applies to every route in the group only.
	admin := h.Group("/admin", RequireToken("s3cret"))
	admin.GET("/stats", func(ctx context.Context, c *app.RequestContext) {
		c.JSON(consts.StatusOK, utils.H{"users": 3})
	})
	// [/server]

	h.Spin()
}
