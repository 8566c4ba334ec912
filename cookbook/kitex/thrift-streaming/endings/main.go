// Command endings runs the NumberService in this process and shows, from both
// sides, how TTHeader streams end: normally, with an error, or by a timeout.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"runtime"
	"time"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/client/callopt/streamcall"
	"github.com/cloudwego/kitex/pkg/kerrors"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/streaming"
	"github.com/cloudwego/kitex/server"

	"cookbook/internal/sides"
	"cookbook/internal/startup"
	"cookbook/kitex/thrift-streaming/gen/numbers"
	"cookbook/kitex/thrift-streaming/gen/numbers/numberservice"
	"cookbook/kitex/thrift-streaming/handler"
)

// describe prints an error as the client gets it: io.EOF, a business status
// error, or the error of the stream.
func describe(err error) string {
	if errors.Is(err, io.EOF) {
		return "io.EOF"
	}
	if biz, ok := kerrors.FromBizStatusError(err); ok {
		return fmt.Sprintf("biz status %d: %s", biz.BizStatusCode(), biz.BizMessage())
	}
	return err.Error()
}

// must ends the program if a stream could not be opened.
func must[T any](stream T, err error) T {
	if err != nil {
		log.Fatal(err)
	}
	return stream
}

// recvAll prints each number of a Count stream, then how the stream ended.
func recvAll(ctx context.Context, count numberservice.NumberService_CountClient) {
	for {
		n, err := count.Recv(ctx)
		if err != nil {
			fmt.Println("  client: Recv:", describe(err))
			return
		}
		fmt.Println("  client: Recv:", n.Value)
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8889", "address for the in-process server")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	reports := sides.New()
	h := &handler.Numbers{Seen: reports.Seen}
	svr := numberservice.NewServer(h, server.WithServiceAddr(tcpAddr))
	startup.Serve(svr.Run, *addr)

	cli := numberservice.MustNewClient("numbers", client.WithHostPorts(*addr))
	ctx := context.Background()

	// [scenarios]
	fmt.Println("1. the handler returns nil")
	report := reports.Expect()
	count := must(cli.Count(ctx, &numbers.CountRequest{Upto: 2}))
	recvAll(ctx, count)
	sides.Print(report)

	fmt.Println("2. the client closes its side")
	report = reports.Expect()
	sum := must(cli.Sum(ctx))
	sum.Send(ctx, &numbers.Number{Value: 5})
	total, err := sum.CloseAndRecv(ctx)
	fmt.Println("  client: CloseAndRecv:", total.GetSum(), err)
	sides.Print(report)

	fmt.Println("3. the handler returns an error mid-stream")
	count = must(cli.Count(ctx, &numbers.CountRequest{Upto: 5, FailAt: 3}))
	recvAll(ctx, count)

	fmt.Println("4. the client sends after the handler has failed")
	report = reports.Expect()
	sum = must(cli.Sum(ctx))
	sum.Send(ctx, &numbers.Number{Value: -1})
	sides.Print(report)
	// The server's answer arrives asynchronously; keep sending (for at most
	// 5 s) until Send notices that the stream is over.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		if err = sum.Send(ctx, &numbers.Number{Value: 1}); err != nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println("  client: Send:", describe(err))
	_, err = sum.CloseAndRecv(ctx)
	fmt.Println("  client: CloseAndRecv:", describe(err))

	fmt.Println("5. the client's deadline passes (whole stream, 300ms)")
	deadlineCtx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	count = must(cli.Count(deadlineCtx, &numbers.CountRequest{Upto: 5, StallAt: 3}))
	recvAll(deadlineCtx, count)
	cancel()
	sides.Print(reports.Expect()) // the handler waited in its report until now

	fmt.Println("6. one Recv waits too long (per message, 200ms)")
	// A call option this time; client.WithStreamOptions sets it for every stream.
	count = must(cli.Count(ctx, &numbers.CountRequest{Upto: 5, StallAt: 2},
		streamcall.WithRecvTimeoutConfig(streaming.TimeoutConfig{Timeout: 200 * time.Millisecond})))
	recvAll(ctx, count)
	sides.Print(reports.Expect())
	// [/scenarios]
	// Kitex closes a client that has become garbage (a finalizer): it stays alive until the
	// streams above are done.
	runtime.KeepAlive(cli)
}
