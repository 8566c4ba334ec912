// Command circuit-breaker trips a service-level and an instance-level circuit
// breaker on purpose, and shows what the client gets and how it recovers.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bytedance/gopkg/cloud/circuitbreaker"
	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/circuitbreak"
	"github.com/cloudwego/kitex/pkg/endpoint"
	"github.com/cloudwego/kitex/pkg/kerrors"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/rpcinfo"
	"github.com/cloudwego/kitex/server"

	"cookbook/internal/startup"
	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

// orders fails every call while broken is set, and counts the calls it sees.
type orders struct {
	broken atomic.Bool
	calls  atomic.Int32
}

func (o *orders) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	o.calls.Add(1)
	if o.broken.Load() {
		return nil, errors.New("database unreachable")
	}
	return &echo.EchoResponse{Message: req.Message}, nil
}

// [service]
// serviceBreaker builds the middleware that CBSuite uses for its service-level
// breaker, from the same parts, but with windows shortened for the demo:
// CBSuite fixes them at a 10 s window, 5 s cooling and a probe every 200 ms.
func serviceBreaker(changes chan<- string) endpoint.Middleware {
	panel, err := circuitbreaker.NewPanel(
		func(key string, from, to circuitbreaker.State, _ circuitbreaker.Metricer) {
			changes <- fmt.Sprintf("%s -> %s", from, to)
		},
		circuitbreaker.Options{
			// A 1 s window: 100 buckets (the least allowed) of 10 ms.
			BucketTime: 10 * time.Millisecond,
			BucketNums: 100,
			// Open for 500 ms, then half-open: one probe per 100 ms,
			// closed again after 2 successful probes in a row.
			CoolingTimeout:    500 * time.Millisecond,
			DetectTimeout:     100 * time.Millisecond,
			HalfOpenSuccesses: 2,
			// Open once at least 10 calls are in the window and half of them failed.
			ShouldTrip: circuitbreaker.RateTripFunc(0.5, 10),
		})
	if err != nil {
		log.Fatal(err)
	}
	control := circuitbreak.Control{
		// One breaker per caller/callee/method, as CBSuite's RPCInfo2Key does.
		GetKey: func(ctx context.Context, _ interface{}) (string, bool) {
			return circuitbreak.RPCInfo2Key(rpcinfo.GetRPCInfo(ctx)), true
		},
		// Every error counts, except those that say nothing about the callee.
		GetErrorType: circuitbreak.ErrorTypeOnServiceLevel,
		DecorateError: func(context.Context, interface{}, error) error {
			return kerrors.ErrServiceCircuitBreak
		},
	}
	return circuitbreak.NewCircuitBreakerMW(control, panel)
}

// [/service]

// awaitChange prints the next state change of the breaker, waiting at most 5 s.
func awaitChange(changes <-chan string) {
	select {
	case c := <-changes:
		fmt.Println("  breaker:", c)
	case <-time.After(5 * time.Second):
		log.Fatal("the breaker did not change its state within 5 s")
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the orders server this program runs")
	down := flag.String("down", "127.0.0.1:8889", "address where nothing listens (a stopped instance)")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	svc := &orders{}
	svr := echoservice.NewServer(svc, server.WithServiceAddr(tcpAddr))
	startup.Serve(svr.Run, *addr)
	ctx := context.Background()

	// Service level: the whole callee fails.
	changes := make(chan string, 8)
	cli := echoservice.MustNewClient("orders",
		client.WithClientBasicInfo(&rpcinfo.EndpointBasicInfo{ServiceName: "shop"}),
		client.WithHostPorts(*addr),
		client.WithMiddleware(serviceBreaker(changes)),
	)
	fmt.Println("service level: the orders service fails every call")
	svc.broken.Store(true)
	failed := 0
	for i := 0; i < 10; i++ {
		if _, err := cli.Echo(ctx, &echo.EchoRequest{Message: "order"}); err != nil {
			failed++
		}
	}
	fmt.Printf("  calls 1-10: %d failed at the server\n", failed)
	awaitChange(changes)
	_, err = cli.Echo(ctx, &echo.EchoRequest{Message: "order"})
	fmt.Println("  call 11:", err)
	fmt.Println("  errors.Is(err, kerrors.ErrCircuitBreak):", errors.Is(err, kerrors.ErrCircuitBreak))
	fmt.Println("  calls the server saw:", svc.calls.Load())

	fmt.Println("the orders service recovers; the client calls every 20 ms")
	svc.broken.Store(false)
	rejected, passed := 0, 0
	deadline := time.Now().Add(5 * time.Second)
	for passed < 3 && time.Now().Before(deadline) {
		_, err := cli.Echo(ctx, &echo.EchoRequest{Message: "order"})
		switch {
		case errors.Is(err, kerrors.ErrCircuitBreak):
			rejected++
		case err == nil:
			passed++
		default:
			log.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	awaitChange(changes)
	awaitChange(changes)
	fmt.Println("  rejected by the open breaker first:", rejected > 0)
	fmt.Println("  calls that got through:", passed)

	// [instance]
	// Instance level: one of two instances is down. CBSuite's instance-level
	// breaker counts connection errors per address.
	cbs := circuitbreak.NewCBSuite(circuitbreak.RPCInfo2Key)
	cbs.UpdateInstanceCBConfig(circuitbreak.CBConfig{Enable: true, ErrRate: 0.5, MinSample: 5})
	var mu sync.Mutex
	attempts := map[string]int{}
	countAttempts := func(next endpoint.Endpoint) endpoint.Endpoint {
		return func(ctx context.Context, req, resp interface{}) error {
			mu.Lock()
			attempts[rpcinfo.GetRPCInfo(ctx).To().Address().String()]++
			mu.Unlock()
			return next(ctx, req, resp)
		}
	}
	spread := echoservice.MustNewClient("orders",
		client.WithHostPorts(*addr, *down),
		client.WithCircuitBreaker(cbs),
		client.WithInstanceMW(countAttempts), // runs after the instance breaker let an attempt through
	)
	// [/instance]
	fmt.Println("instance level: one of two instances is down")
	ok := 0
	for i := 0; i < 40; i++ {
		if _, err := spread.Echo(ctx, &echo.EchoRequest{Message: "order"}); err == nil {
			ok++
		}
	}
	fmt.Printf("  40 calls, %d succeeded\n", ok)
	fmt.Printf("  attempts at %s (down): %d\n", *down, attempts[*down])
	fmt.Printf("  attempts at %s (up): %d\n", *addr, attempts[*addr])
}
