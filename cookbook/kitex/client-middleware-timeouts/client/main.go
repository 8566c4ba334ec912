// Command client calls a slow server through a logging middleware
// and shows what happens when a call takes longer than its timeout.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/client/callopt"
	"github.com/cloudwego/kitex/pkg/endpoint"
	"github.com/cloudwego/kitex/pkg/kerrors"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/retry"
	"github.com/cloudwego/kitex/pkg/rpcinfo"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

// logMW prints every call that goes through the client and how it ended.
func logMW(next endpoint.Endpoint) endpoint.Endpoint {
	return func(ctx context.Context, req, resp interface{}) error {
		ri := rpcinfo.GetRPCInfo(ctx)
		args := req.(*echo.EchoServiceEchoArgs)
		fmt.Printf("[mw] call %s.%s message=%q delay_ms=%d\n",
			ri.To().ServiceName(), ri.To().Method(), args.Req.Message, args.Req.DelayMs)

		err := next(ctx, req, resp)

		// Custom middlewares run inside the RPC timeout: when the timeout fires,
		// the caller gets its error at once while this call is still winding down,
		// so failures are reported by the caller and only successes are printed here.
		if err == nil {
			result := resp.(*echo.EchoServiceEchoResult)
			fmt.Printf("[mw] ok: %q\n", result.Success.Message)
		}
		return err
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the slow server")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal) // keep the output to what this program prints

	// [options]
	cli, err := echoservice.NewClient("slow",
		client.WithHostPorts(*addr),
		client.WithMiddleware(logMW),
		client.WithConnectTimeout(50*time.Millisecond),
		client.WithRPCTimeout(200*time.Millisecond),
	)
	// [/options]
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	fmt.Println("1) 50 ms of work, 200 ms allowed")
	resp, err := cli.Echo(ctx, &echo.EchoRequest{Message: "fast", DelayMs: 50})
	report(resp, err)

	fmt.Println("2) 500 ms of work, 200 ms allowed")
	resp, err = cli.Echo(ctx, &echo.EchoRequest{Message: "slow", DelayMs: 500})
	report(resp, err)

	// [per-call]
	fmt.Println("3) 500 ms of work, 1 s allowed for this call only")
	// [callopt]
	resp, err = cli.Echo(ctx, &echo.EchoRequest{Message: "slow again", DelayMs: 500},
		callopt.WithRPCTimeout(time.Second))
	// [/callopt]
	report(resp, err)

	// [retry]
	// The same 200 ms timeout with a failure retry policy. The policy retries
	// timeouts by default (2 retries), and each attempt gets its own 200 ms.
	retrying, err := echoservice.NewClient("slow",
		client.WithHostPorts(*addr),
		client.WithMiddleware(logMW),
		client.WithRPCTimeout(200*time.Millisecond),
		client.WithFailureRetry(retry.NewFailurePolicy()),
	)
	// [/retry]
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("4) 500 ms of work, 200 ms per attempt, 2 retries")
	start := time.Now()
	_, err = retrying.Echo(ctx, &echo.EchoRequest{Message: "retried", DelayMs: 500})
	// The last attempt's error is a timeout; its text depends on which timer noticed first.
	fmt.Println("   => timed out:", errors.Is(err, kerrors.ErrRPCTimeout))
	fmt.Println("   => the call took 600 ms or more:", time.Since(start) >= 600*time.Millisecond)

	// [budget]
	// WithMaxDurationMS bounds the attempts together: no new attempt starts
	// once 350 ms have passed since the first one began.
	budget := retry.NewFailurePolicy()
	budget.WithMaxDurationMS(350)
	bounded, err := echoservice.NewClient("slow",
		client.WithHostPorts(*addr),
		client.WithMiddleware(logMW),
		client.WithRPCTimeout(200*time.Millisecond),
		client.WithFailureRetry(budget),
	)
	// [/budget]
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("5) the same, with 350 ms for all attempts together")
	resp, err = bounded.Echo(ctx, &echo.EchoRequest{Message: "bounded", DelayMs: 500})
	report(resp, err)
	// [/per-call]
}

func report(resp *echo.EchoResponse, err error) {
	switch {
	case errors.Is(err, kerrors.ErrRetry):
		fmt.Println("   => retries stopped:", err)
	case errors.Is(err, kerrors.ErrRPCTimeout):
		fmt.Println("   => timed out; kerrors.IsTimeoutError:", kerrors.IsTimeoutError(err))
		fmt.Println("   =>", err)
	case err != nil:
		fmt.Println("   => other error:", err)
	default:
		fmt.Printf("   => reply %q\n", resp.Message)
	}
}
