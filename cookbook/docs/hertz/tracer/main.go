// Command tracer registers a tracer.Tracer with server.WithTracer: a hook
// that sees every request when it starts and when it finishes, without being
// part of the handler chain. It prints one access line per request.
package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol/consts"

	"cookbook/internal/startup"
)

// [tracer]
type startKey struct{}

// accessTracer implements tracer.Tracer. It hands each access line to out;
// a real one would write it to a log or record a metric.
type accessTracer struct{ out chan<- string }

// Start runs before routing; the context it returns is passed to the handlers.
func (accessTracer) Start(ctx context.Context, c *app.RequestContext) context.Context {
	return context.WithValue(ctx, startKey{}, time.Now())
}

// Finish runs after the response has been written.
func (t accessTracer) Finish(ctx context.Context, c *app.RequestContext) {
	start, _ := ctx.Value(startKey{}).(time.Time)
	t.out <- fmt.Sprintf("access: %s %s route=%q status=%d bytes=%d fast=%v",
		c.Method(), c.Path(), c.FullPath(), c.Response.StatusCode(),
		len(c.Response.Body()), time.Since(start) < time.Second)
}

// [/tracer]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	// [server]
	lines := make(chan string, 1)
	h := server.New(server.WithHostPorts(*addr), server.WithTracer(accessTracer{out: lines}))
	// [/server]
	h.GET("/users/:name", func(ctx context.Context, c *app.RequestContext) {
		c.String(consts.StatusOK, "hello %s", c.Param("name"))
	})
	startup.Serve(h.Run, *addr) // returns once it is listening

	c, _ := client.NewClient()
	for _, path := range []string{"/users/ada", "/nope"} {
		status, _, _ := c.Get(context.Background(), nil, "http://"+*addr+path)
		fmt.Printf("client: %s -> %d\n", path, status)
		fmt.Println(<-lines) // Finish runs once the response has been sent
	}
}
