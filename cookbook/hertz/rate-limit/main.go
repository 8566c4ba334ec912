// Command rate-limit caps how many requests a Hertz server handles at once
// with Kitex's concurrency limiter, and shows what clients over the cap get.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"sort"
	"sync"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/cloudwego/kitex/pkg/limiter"

	"cookbook/internal/startup"
)

// [middleware]
// LimitInFlight lets at most max requests through at a time; the others are
// answered at once with 503 and a Retry-After header instead of queueing.
func LimitInFlight(max int) app.HandlerFunc {
	inFlight := limiter.NewConnectionLimiter(max)
	return func(ctx context.Context, c *app.RequestContext) {
		// Acquire counts the request even when it refuses it, so every
		// Acquire is paired with a Release.
		defer inFlight.Release(ctx)
		if !inFlight.Acquire(ctx) {
			c.Header("Retry-After", "1")
			c.AbortWithStatusJSON(consts.StatusServiceUnavailable,
				utils.H{"error": "server busy, retry later"})
			return
		}
		c.Next(ctx)
	}
}

// [/middleware]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	// The handler holds each request until the demo opens the gate, so the
	// requests really overlap; a real handler would be doing slow work here.
	gate := make(chan struct{})
	h := server.Default(server.WithHostPorts(*addr))
	h.Use(LimitInFlight(2))
	h.GET("/work", func(ctx context.Context, c *app.RequestContext) {
		<-gate
		c.JSON(consts.StatusOK, utils.H{"done": true})
	})
	startup.Serve(h.Run, *addr)

	cli, err := client.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	get := func() (int, string) {
		req, resp := protocol.AcquireRequest(), protocol.AcquireResponse()
		defer protocol.ReleaseRequest(req)
		defer protocol.ReleaseResponse(resp)
		req.SetRequestURI("http://" + *addr + "/work")
		if err := cli.Do(context.Background(), req, resp); err != nil {
			log.Fatal(err)
		}
		return resp.StatusCode(), fmt.Sprintf("%d %s, Retry-After: %q",
			resp.StatusCode(), resp.Body(), resp.Header.Get("Retry-After"))
	}

	// [burst]
	// Five requests at once. The two let in wait at the gate; the gate opens
	// once the other three have been turned away.
	const n = 5
	results := make(chan string, n)
	refused := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, line := get()
			if code == consts.StatusServiceUnavailable {
				refused <- struct{}{}
			}
			results <- line
		}()
	}
	for i := 0; i < n-2; i++ {
		<-refused
	}
	close(gate)
	wg.Wait()
	close(results)

	var lines []string
	for line := range results {
		lines = append(lines, line)
	}
	sort.Strings(lines) // the order of concurrent answers varies; their count does not
	fmt.Println("five requests at once, at most two in flight:")
	for _, line := range lines {
		fmt.Println("  " + line)
	}
	_, line := get()
	fmt.Println("one more request afterwards:\n  " + line)
	// [/burst]
}
