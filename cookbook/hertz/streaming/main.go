// Command streaming sends a response in pieces while it is being produced:
// server-sent events on /events and a plain chunked stream on /countdown.
package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/cloudwego/hertz/pkg/protocol/http1/resp"
)

// events writes server-sent events: "id:", "event:" and "data:" lines, each
// event ended by a blank line, flushed to the client one at a time.
func events(ctx context.Context, c *app.RequestContext) {
	n, err := strconv.Atoi(c.DefaultQuery("count", "3"))
	if err != nil || n < 1 || n > 100 {
		c.String(consts.StatusBadRequest, "count must be 1..100\n")
		return
	}
	c.SetContentType("text/event-stream; charset=utf-8")
	c.Response.Header.Set("Cache-Control", "no-cache")

	// Replace the normal "buffer everything, send on return" writer with a
	// chunked one: each Flush puts what was written so far on the wire.
	c.Response.HijackWriter(resp.NewChunkedBodyWriter(&c.Response, c.GetWriter()))

	for i := 1; i <= n; i++ {
		select {
		case <-ctx.Done():
			return
		case <-time.After(200 * time.Millisecond): // pretend to wait for news
		}
		fmt.Fprintf(c, "id: %d\nevent: tick\ndata: {\"n\":%d}\n\n", i, i)
		if err := c.Flush(); err != nil {
			return // the client went away
		}
	}
}

// countdown uses the same chunked writer for plain text, without SSE framing.
func countdown(ctx context.Context, c *app.RequestContext) {
	c.SetContentType("text/plain; charset=utf-8")
	c.Response.HijackWriter(resp.NewChunkedBodyWriter(&c.Response, c.GetWriter()))
	for i := 3; i > 0; i-- {
		fmt.Fprintf(c, "%d...\n", i)
		_ = c.Flush()
		time.Sleep(100 * time.Millisecond)
	}
	fmt.Fprintln(c, "liftoff")
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	h := server.Default(server.WithHostPorts(*addr))
	h.GET("/events", events)
	h.GET("/countdown", countdown)
	h.Spin()
}
