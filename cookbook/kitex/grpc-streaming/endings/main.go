// Command endings runs the NumberService in this process and shows, from both
// sides, how gRPC streams end: normally, with an error, or by a timeout.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"time"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/remote/trans/nphttp2/status"
	"github.com/cloudwego/kitex/pkg/streaming"
	"github.com/cloudwego/kitex/server"

	"cookbook/internal/startup"
	"cookbook/kitex/grpc-streaming/gen/numbers"
	"cookbook/kitex/grpc-streaming/gen/numbers/numberservice"
	"cookbook/kitex/grpc-streaming/handler"
)

// seen carries what the handlers observe. It has no buffer: a handler that
// reports waits until the report is taken, so a stalled handler cannot end
// its stream before the client has seen its own timeout.
var seen = make(chan string)

// expect takes the server's next report in the background, for handlers that
// report and then go on to end the stream the client is waiting for.
func expect() <-chan string {
	report := make(chan string, 1)
	go func() { report <- <-seen }()
	return report
}

// serverSaw prints a report taken by expect, waiting at most 5 s for it.
func serverSaw(report <-chan string) {
	select {
	case event := <-report:
		fmt.Println("  server:", event)
	case <-time.After(5 * time.Second):
		log.Fatal("the server reported nothing within 5 s")
	}
}

// describe prints an error as the client gets it: io.EOF, or a gRPC status.
func describe(err error) string {
	if errors.Is(err, io.EOF) {
		return "io.EOF"
	}
	if s, ok := status.FromError(err); ok {
		return fmt.Sprintf("code %s: %s", s.Code(), s.Message())
	}
	return err.Error()
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8889", "address for the in-process server")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	h := &handler.Numbers{Seen: func(event string) { seen <- event }}
	svr := numberservice.NewServer(h, server.WithServiceAddr(tcpAddr))
	startup.Serve(svr.Run, *addr)

	cli := numberservice.MustNewClient("numbers", client.WithHostPorts(*addr))
	ctx := context.Background()

	// [normal]
	fmt.Println("1. the handler returns nil")
	report := expect()
	count, _ := cli.Count(ctx, &numbers.CountRequest{Upto: 2})
	for {
		n, err := count.Recv()
		if err != nil {
			fmt.Println("  client: Recv:", describe(err))
			break
		}
		fmt.Println("  client: Recv:", n.Value)
	}
	serverSaw(report)

	fmt.Println("2. the client closes its side")
	report = expect()
	sum, _ := cli.Sum(ctx)
	sum.Send(&numbers.Number{Value: 5})
	total, err := sum.CloseAndRecv()
	fmt.Println("  client: CloseAndRecv:", total.GetSum(), err)
	serverSaw(report)
	// [/normal]

	// [errors]
	fmt.Println("3. the handler returns an error mid-stream")
	count, _ = cli.Count(ctx, &numbers.CountRequest{Upto: 5, FailAt: 3})
	for {
		n, err := count.Recv()
		if err != nil {
			fmt.Println("  client: Recv:", describe(err))
			break
		}
		fmt.Println("  client: Recv:", n.Value)
	}

	fmt.Println("4. the client sends after the handler has failed")
	report = expect()
	sum, _ = cli.Sum(ctx)
	sum.Send(&numbers.Number{Value: -1})
	serverSaw(report)
	// The server's answer arrives asynchronously; keep sending (for at most
	// 5 s) until Send notices that the stream is over.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		if err = sum.Send(&numbers.Number{Value: 1}); err != nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println("  client: Send:", describe(err))
	_, err = sum.CloseAndRecv()
	fmt.Println("  client: CloseAndRecv:", describe(err))
	// [/errors]

	// [timeouts]
	fmt.Println("5. the client's deadline passes (whole stream, 300ms)")
	deadlineCtx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	count, _ = cli.Count(deadlineCtx, &numbers.CountRequest{Upto: 5, StallAt: 3})
	for {
		n, err := count.Recv()
		if err != nil {
			fmt.Println("  client: Recv:", describe(err))
			break
		}
		fmt.Println("  client: Recv:", n.Value)
	}
	cancel()
	serverSaw(expect()) // the handler waited in its report until now

	fmt.Println("6. one Recv waits too long (per message, 200ms)")
	patient := numberservice.MustNewClient("numbers", client.WithHostPorts(*addr),
		client.WithStreamOptions(client.WithStreamRecvTimeoutConfig(
			streaming.TimeoutConfig{Timeout: 200 * time.Millisecond})))
	count, _ = patient.Count(ctx, &numbers.CountRequest{Upto: 5, StallAt: 2})
	for {
		n, err := count.Recv()
		if err != nil {
			fmt.Println("  client: Recv:", describe(err))
			break
		}
		fmt.Println("  client: Recv:", n.Value)
	}
	serverSaw(expect())
	// [/timeouts]
}
