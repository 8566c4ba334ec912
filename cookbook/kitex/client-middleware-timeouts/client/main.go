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

	// [client]
	cli, err := echoservice.NewClient("slow",
		client.WithHostPorts(*addr),
		client.WithMiddleware(logMW),
		client.WithConnectTimeout(50*time.Millisecond),
		client.WithRPCTimeout(200*time.Millisecond),
	)
	// [/client]
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
	resp, err = cli.Echo(ctx, &echo.EchoRequest{Message: "slow again", DelayMs: 500},
		callopt.WithRPCTimeout(time.Second))
	report(resp, err)
	// [/per-call]
}

func report(resp *echo.EchoResponse, err error) {
	switch {
	case errors.Is(err, kerrors.ErrRPCTimeout):
		fmt.Println("   => timed out; kerrors.IsTimeoutError:", kerrors.IsTimeoutError(err))
		fmt.Println("   =>", err)
	case err != nil:
		fmt.Println("   => other error:", err)
	default:
		fmt.Printf("   => reply %q\n", resp.Message)
	}
}
