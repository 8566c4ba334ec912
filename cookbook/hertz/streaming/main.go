// Command streaming sends responses in pieces while they are produced:
// server-sent events on /feed, written with Hertz's pkg/protocol/sse, and a
// plain chunked text stream on /countdown.
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
	"github.com/cloudwego/hertz/pkg/protocol/sse"
)

// updates is the feed: event ids are their positions, 1 to 5.
var updates = []string{
	`{"build":"started"}`,
	`{"step":"compile","ok":true}`,
	`{"step":"test","ok":true}`,
	`{"step":"package","ok":true}`,
	`{"build":"done"}`,
}

// [feed]
// feed sends the updates after the one named by the Last-Event-ID request
// header, one event every 50 ms.
func feed(ctx context.Context, c *app.RequestContext) {
	last := 0
	if id := sse.GetLastEventID(&c.Request); id != "" {
		n, err := strconv.Atoi(id)
		if err != nil || n < 0 || n > len(updates) {
			c.String(consts.StatusBadRequest, "unknown Last-Event-ID %q\n", id)
			return
		}
		last = n
	}
	if last == len(updates) {
		// 204 tells an EventSource to stop reconnecting: nothing more to send.
		c.Status(consts.StatusNoContent)
		return
	}

	// NewWriter sets Content-Type: text/event-stream and Cache-Control:
	// no-cache, and switches the response to chunked transfer encoding.
	w := sse.NewWriter(c)
	defer w.Close() // the terminating chunk; Hertz would also send it on return

	// Ask clients to wait 100 ms before reconnecting (browsers default to a
	// few seconds; the value is short for this demo).
	hello := sse.NewEvent()
	defer hello.Release()
	hello.SetRetry(100 * time.Millisecond)
	if err := w.Write(hello); err != nil {
		return
	}

	for i := last; i < len(updates); i++ {
		select {
		case <-ctx.Done():
			return
		case <-time.After(50 * time.Millisecond): // wait for the next update
		}
		// Each WriteEvent is flushed at once; an error means the client is gone.
		if err := w.WriteEvent(strconv.Itoa(i+1), "update", []byte(updates[i])); err != nil {
			return
		}
	}
}

// [/feed]

// [countdown]
// countdown streams plain text: the same chunked writer that sse.NewWriter
// installs, used directly, with one Flush per piece.
func countdown(ctx context.Context, c *app.RequestContext) {
	c.SetContentType("text/plain; charset=utf-8")
	c.Response.HijackWriter(resp.NewChunkedBodyWriter(&c.Response, c.GetWriter()))
	for i := 3; i > 0; i-- {
		fmt.Fprintf(c, "%d...\n", i)
		if err := c.Flush(); err != nil {
			return // the client went away
		}
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Fprintln(c, "liftoff")
}

// [/countdown]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	h := server.Default(server.WithHostPorts(*addr))
	h.GET("/feed", feed)
	h.GET("/countdown", countdown)
	h.Spin()
}
