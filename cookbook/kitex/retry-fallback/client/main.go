// Command client calls a flaky server twice: once with enough retries to
// get through, once with too few retries and a fallback answer.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/endpoint"
	"github.com/cloudwego/kitex/pkg/fallback"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/retry"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

// attemptMW runs once per attempt: retries go through the middleware chain again.
func attemptMW(next endpoint.Endpoint) endpoint.Endpoint {
	return func(ctx context.Context, req, resp interface{}) error {
		err := next(ctx, req, resp)
		if err != nil {
			fmt.Println("  attempt failed:", err)
		} else {
			fmt.Println("  attempt succeeded")
		}
		return err
	}
}

// cachedAnswer is the fallback: it replaces the error with a canned reply.
func cachedAnswer(ctx context.Context, req, resp interface{}, err error) (interface{}, error) {
	fmt.Println("  fallback called after:", err)
	r := req.(*echo.EchoRequest)
	return &echo.EchoResponse{Message: r.Message + " served from cache"}, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the flaky server")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	// [client]
	// Up to 2 retries (3 attempts). By default only timeouts are retried;
	// AllErrorRetry makes every error retryable.
	patient := retry.NewFailurePolicyWithResultRetry(retry.AllErrorRetry())
	patient.WithMaxRetryTimes(2)
	retrying := echoservice.MustNewClient("flaky",
		client.WithHostPorts(*addr),
		client.WithMiddleware(attemptMW),
		client.WithFailureRetry(patient),
	)

	// Only 1 retry (2 attempts), then the fallback decides the result.
	hasty := retry.NewFailurePolicyWithResultRetry(retry.AllErrorRetry())
	hasty.WithMaxRetryTimes(1)
	withFallback := echoservice.MustNewClient("flaky",
		client.WithHostPorts(*addr),
		client.WithMiddleware(attemptMW),
		client.WithFailureRetry(hasty),
		client.WithFallback(fallback.NewFallbackPolicy(fallback.UnwrapHelper(cachedAnswer))),
	)
	// [/client]

	fmt.Println("order-1 with 2 retries:")
	resp, err := retrying.Echo(context.Background(), &echo.EchoRequest{Message: "order-1"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("  => %q\n", resp.Message)

	fmt.Println("order-2 with 1 retry and a fallback:")
	resp, err = withFallback.Echo(context.Background(), &echo.EchoRequest{Message: "order-2"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("  => %q\n", resp.Message)
}
