// Command server-limits runs a server with a QPS limit and a connection limit,
// calls it past both, and compares short and long (pooled) connections.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
	"time"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/connpool"
	"github.com/cloudwego/kitex/pkg/endpoint"
	"github.com/cloudwego/kitex/pkg/kerrors"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/limit"
	"github.com/cloudwego/kitex/pkg/rpcinfo"
	"github.com/cloudwego/kitex/server"
	"github.com/cloudwego/netpoll"

	"cookbook/internal/startup"
	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

type handler struct{}

func (*handler) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	time.Sleep(time.Duration(req.DelayMs) * time.Millisecond)
	return &echo.EchoResponse{Message: req.Message}, nil
}

// peers remembers the client address of every call: one address per
// connection, so new addresses are new connections.
type peers struct {
	mu       sync.Mutex
	seen     map[string]bool
	reported int
}

func (p *peers) middleware(next endpoint.Endpoint) endpoint.Endpoint {
	return func(ctx context.Context, req, resp interface{}) error {
		p.mu.Lock()
		p.seen[rpcinfo.GetRPCInfo(ctx).From().Address().String()] = true
		p.mu.Unlock()
		return next(ctx, req, resp)
	}
}

// fresh returns the number of connections first seen since the last call.
func (p *peers) fresh() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.seen) - p.reported
	p.reported = len(p.seen)
	return n
}

func serve(addr string, opts ...server.Option) {
	tcpAddr, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	svr := echoservice.NewServer(new(handler), append(opts, server.WithServiceAddr(tcpAddr))...)
	startup.Serve(svr.Run, addr)
}

// burst sends n calls at once, each taking delayMs at the server, and
// returns how many succeeded and the errors of the others.
func burst(cli echoservice.Client, n int, delayMs int32) (ok int, errs []error) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := cli.Echo(context.Background(), &echo.EchoRequest{Message: "hi", DelayMs: delayMs})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
			} else {
				ok++
			}
		}()
	}
	wg.Wait()
	return ok, errs
}

func main() {
	qpsAddr := flag.String("qps", "127.0.0.1:8888", "address of the server with a QPS limit")
	connAddr := flag.String("conns", "127.0.0.1:8889", "address of the server with a connection limit")
	plainAddr := flag.String("plain", "127.0.0.1:8890", "address of the server without limits")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)
	// netpoll logs a line for each connection a limit closes; this demo closes many on purpose.
	netpoll.SetLoggerOutput(io.Discard)

	// [limits]
	serve(*qpsAddr, server.WithLimit(&limit.Option{MaxQPS: 20}))
	serve(*connAddr, server.WithLimit(&limit.Option{MaxConnections: 2}))
	// [/limits]
	seen := &peers{seen: map[string]bool{}}
	serve(*plainAddr, server.WithMiddleware(seen.middleware))
	ctx := context.Background()

	fmt.Println("QPS limit 20: 50 calls in a row")
	cli := echoservice.MustNewClient("qps", client.WithHostPorts(*qpsAddr))
	var accepted int
	var first error
	for i := 0; i < 50; i++ {
		if _, err := cli.Echo(ctx, &echo.EchoRequest{Message: "hi"}); err == nil {
			accepted++
		} else if first == nil {
			first = err
		}
	}
	fmt.Println("  first call over the limit:", first)
	fmt.Println("  accepted at most 20, refused the rest:", accepted > 0 && accepted <= 20)

	fmt.Println("connection limit 2: client A makes 2 calls at once")
	clientA := echoservice.MustNewClient("conns", client.WithHostPorts(*connAddr))
	ok, _ := burst(clientA, 2, 100)
	fmt.Println("  A:", ok, "succeeded; its 2 connections stay open in its pool")
	clientB := echoservice.MustNewClient("conns", client.WithHostPorts(*connAddr))
	_, err := clientB.Echo(ctx, &echo.EchoRequest{Message: "hi"})
	fmt.Println("  B: remote or network error:", errors.Is(err, kerrors.ErrRemoteOrNetwork))
	ok, _ = burst(clientA, 2, 0)
	fmt.Println("  A again, on its pooled connections:", ok, "succeeded")

	// [pools]
	short := echoservice.MustNewClient("plain", client.WithHostPorts(*plainAddr),
		client.WithShortConnection())
	long := echoservice.MustNewClient("plain", client.WithHostPorts(*plainAddr),
		client.WithLongConnection(connpool.IdleConfig{MaxIdlePerAddress: 2, MaxIdleTimeout: time.Minute}))
	// [/pools]
	fmt.Println("short connections: 5 calls in a row")
	for i := 0; i < 5; i++ {
		short.Echo(ctx, &echo.EchoRequest{Message: "hi"})
	}
	fmt.Println("  new connections:", seen.fresh())
	fmt.Println("long connections, at most 2 idle: 5 calls in a row")
	for i := 0; i < 5; i++ {
		long.Echo(ctx, &echo.EchoRequest{Message: "hi"})
	}
	fmt.Println("  new connections:", seen.fresh())
	fmt.Println("the same client: 5 calls at once, twice")
	burst(long, 5, 100)
	fmt.Println("  new connections, first time:", seen.fresh())
	burst(long, 5, 100)
	fmt.Println("  new connections, second time:", seen.fresh())
}
