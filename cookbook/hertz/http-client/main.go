// Command http-client calls a deliberately flaky local server with the Hertz
// HTTP client, showing dial and request timeouts and retries with backoff.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/app/client/retry"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/config"
	errs "github.com/cloudwego/hertz/pkg/common/errors"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol"
	"github.com/cloudwego/hertz/pkg/protocol/consts"

	"cookbook/internal/startup"
)

// startFlakyServer serves /flaky, which fails with 503 twice and then
// succeeds, and /slow, which takes two seconds to answer.
func startFlakyServer(addr string) {
	var calls atomic.Int32
	h := server.New(server.WithHostPorts(addr))
	h.GET("/flaky", func(ctx context.Context, c *app.RequestContext) {
		n := calls.Add(1)
		if n <= 2 {
			fmt.Printf("server: /flaky call %d -> 503\n", n)
			c.String(consts.StatusServiceUnavailable, "try again")
			return
		}
		fmt.Printf("server: /flaky call %d -> 200\n", n)
		c.String(consts.StatusOK, "finally")
	})
	h.GET("/slow", func(ctx context.Context, c *app.RequestContext) {
		time.Sleep(2 * time.Second)
		c.String(consts.StatusOK, "too late")
	})
	startup.Serve(h.Run, addr) // returns once it is listening
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the demo server")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)
	startFlakyServer(*addr)

	// [client]
	c, err := client.NewClient(
		client.WithDialTimeout(time.Second),         // connecting
		client.WithClientReadTimeout(5*time.Second), // reading one response
		client.WithRetryConfig(
			retry.WithMaxAttemptTimes(3),              // first try included
			retry.WithInitDelay(100*time.Millisecond), // back-off: 200ms, then 400ms
			retry.WithDelayPolicy(retry.BackOffDelayPolicy),
		),
	)
	if err != nil {
		panic(err)
	}
	// The retry config only takes effect together with a retry condition.
	// Retry on 5xx answers and on connection errors, but not on 4xx, and not
	// after a timeout: the request's time budget is already spent by then.
	c.SetRetryIfFunc(func(req *protocol.Request, resp *protocol.Response, err error) bool {
		if err != nil {
			return !errors.Is(err, errs.ErrTimeout)
		}
		return resp.StatusCode() >= 500
	})
	// [/client]

	ctx := context.Background()
	base := "http://" + *addr

	// 1. Retries hide the two 503s.
	status, body, err := c.Get(ctx, nil, base+"/flaky")
	fmt.Printf("client: /flaky -> %d %q err=%v\n", status, body, err)

	// 2. A per-request budget for the whole call, retries included.
	start := time.Now()
	_, _, err = c.Get(ctx, nil, base+"/slow", config.WithRequestTimeout(300*time.Millisecond))
	fmt.Printf("client: /slow -> err=%q, gave up within 1s=%v\n",
		err, time.Since(start) < time.Second)
}
