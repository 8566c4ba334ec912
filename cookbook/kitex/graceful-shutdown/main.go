// Command graceful-shutdown warms a client's connection pool before its first
// call, then stops the server while calls are in flight and shows that they
// finish, and what a call that outlasts the exit wait time gets.
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

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/connpool"
	"github.com/cloudwego/kitex/pkg/kerrors"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/warmup"
	"github.com/cloudwego/kitex/server"

	"cookbook/internal/startup"
	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

// worker answers after req.DelayMs and tells when a call has started.
type worker struct {
	started  chan struct{}
	finished atomic.Int32
}

func (w *worker) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	w.started <- struct{}{}
	time.Sleep(time.Duration(req.DelayMs) * time.Millisecond)
	w.finished.Add(1)
	return &echo.EchoResponse{Message: req.Message}, nil
}

// connCounter is a connection limiter that never refuses: it only counts the
// connections the server has accepted, and those it has open.
type connCounter struct{ accepted, open atomic.Int32 }

func (c *connCounter) Acquire(context.Context) bool { c.accepted.Add(1); c.open.Add(1); return true }
func (c *connCounter) Release(context.Context)      { c.open.Add(-1) }
func (c *connCounter) Status(context.Context) (limit, occupied int) {
	return 0, int(c.open.Load())
}

func start(addr string, exitWait time.Duration) (server.Server, *worker, *connCounter) {
	tcpAddr, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	w := &worker{started: make(chan struct{}, 16)}
	conns := &connCounter{}
	// [server]
	svr := echoservice.NewServer(w,
		server.WithServiceAddr(tcpAddr),
		// How long Stop waits for calls in flight: 5 s by default, 1 s here.
		server.WithExitWaitTime(exitWait),
		server.WithConnectionLimiter(conns),
	)
	// [/server]
	startup.Serve(svr.Run, addr)
	return svr, w, conns
}

// callAll sends one call per delay at once and returns the results in order.
func callAll(cli echoservice.Client, delays ...int32) []error {
	errs := make([]error, len(delays))
	var wg sync.WaitGroup
	for i, d := range delays {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = cli.Echo(context.Background(), &echo.EchoRequest{Message: "job", DelayMs: d})
		}()
	}
	wg.Wait()
	return errs
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the first server")
	addr2 := flag.String("addr2", "127.0.0.1:8889", "address of the second server")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	svr, w, conns := start(*addr, time.Second)
	// start knew the server was up by connecting once and hanging up. Wait until the server has
	// counted that connection and seen it close, so that only the client's connections are
	// counted below (a loaded machine can take more than a second).
	for i := 0; i < 500 && (conns.accepted.Load() == 0 || conns.open.Load() > 0); i++ {
		time.Sleep(10 * time.Millisecond)
	}

	// [warmup]
	cli, err := echoservice.NewClient("worker",
		client.WithHostPorts(*addr),
		client.WithLongConnection(connpool.IdleConfig{MaxIdlePerAddress: 3, MaxIdleTimeout: time.Minute}),
		// Open 3 connections to every address the resolver knows, before NewClient returns.
		client.WithWarmingUp(&warmup.ClientOption{
			ErrorHandling: warmup.FailFast, // NewClient fails if a connection cannot be made
			PoolOption:    &warmup.PoolOption{ConnNum: 3, Parallel: 3},
		}),
	)
	// [/warmup]
	if err != nil {
		log.Fatal(err)
	}
	// The server counts a connection once its event loop has seen it: wait for that, up to 5 s
	// (a loaded machine can take more than a second).
	for i := 0; i < 500 && conns.open.Load() < 3; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println("warm-up: connections open at the server before the first call:", conns.open.Load())

	fmt.Println("3 calls of 300 ms; the server stops while they run")
	results := make(chan []error)
	go func() { results <- callAll(cli, 300, 300, 300) }()
	for i := 0; i < 3; i++ {
		<-w.started
	}
	fmt.Println("  connections open at the server:", conns.open.Load(), "(no new ones)")
	// [stop]
	finishedAtStop := make(chan int32)
	go func() {
		if err := svr.Stop(); err != nil {
			log.Fatal(err)
		}
		// Counted by the server itself: a caller may read its reply a moment after Stop returns.
		finishedAtStop <- w.finished.Load()
	}()
	// [/stop]
	errs := <-results
	for i, err := range errs {
		fmt.Printf("  call %d: error=%v\n", i+1, err)
	}
	fmt.Println("  the server finished", w.finished.Load(), "calls")
	fmt.Println("  calls the server had finished when Stop returned:", <-finishedAtStop)
	_, err = cli.Echo(context.Background(), &echo.EchoRequest{Message: "late"})
	fmt.Println("  a call after Stop: remote or network error:", errors.Is(err, kerrors.ErrRemoteOrNetwork))

	fmt.Println("a second server waits 200 ms; a call of 1 s outlasts it")
	svr2, w2, _ := start(*addr2, 200*time.Millisecond)
	cli2 := echoservice.MustNewClient("worker", client.WithHostPorts(*addr2))
	results = make(chan []error)
	go func() { results <- callAll(cli2, 1000) }()
	<-w2.started
	err = svr2.Stop()
	stopDone := time.Now()
	fmt.Println("  Stop:", err)
	err = (<-results)[0]
	fmt.Println("  Stop returned at least 500 ms before the call ended:", stopDone.Before(time.Now().Add(-500*time.Millisecond)))
	fmt.Printf("  the call: error=%v (this program kept running; a server process would have exited)\n", err)
}
