// Command client calls the three streaming methods of the NumberService:
//
//	client count N          server streaming
//	client sum N...         client streaming
//	client running-sum N... bidirectional streaming
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"runtime"
	"strconv"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/klog"

	"cookbook/kitex/grpc-streaming/gen/numbers"
	"cookbook/kitex/grpc-streaming/gen/numbers/numberservice"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the NumberService")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)
	if flag.NArg() < 2 {
		log.Fatal("usage: client count|sum|running-sum N...")
	}
	var values []int64
	for _, arg := range flag.Args()[1:] {
		v, err := strconv.ParseInt(arg, 10, 64)
		if err != nil {
			log.Fatal(err)
		}
		values = append(values, v)
	}

	// NewClient sets the gRPC transport itself: the IDL has streaming methods.
	cli := numberservice.MustNewClient("numbers", client.WithHostPorts(*addr))
	ctx := context.Background()
	var err error
	switch flag.Arg(0) {
	case "count":
		err = count(ctx, cli, values[0])
	case "sum":
		err = sum(ctx, cli, values)
	case "running-sum":
		err = runningSum(ctx, cli, values)
	default:
		err = fmt.Errorf("unknown command %q", flag.Arg(0))
	}
	// Kitex closes a client that has become garbage (a finalizer, as for an os.File), and each
	// function above stops using cli once it has its stream: keep the client alive until the
	// streams are done, or a garbage collection can close the connection under a stream.
	runtime.KeepAlive(cli)
	if err != nil {
		log.Fatal(err)
	}
}

func count(ctx context.Context, cli numberservice.Client, upto int64) error {
	stream, err := cli.Count(ctx, &numbers.CountRequest{Upto: upto})
	if err != nil {
		return err
	}
	for {
		n, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			fmt.Println("io.EOF: the server has finished")
			return nil
		}
		if err != nil {
			return err
		}
		fmt.Println("received", n.Value)
	}
}

func sum(ctx context.Context, cli numberservice.Client, values []int64) error {
	stream, err := cli.Sum(ctx)
	if err != nil {
		return err
	}
	for _, v := range values {
		if err := stream.Send(&numbers.Number{Value: v}); err != nil {
			return err
		}
	}
	// CloseAndRecv tells the server we are done sending and waits for its answer.
	total, err := stream.CloseAndRecv()
	if err != nil {
		return err
	}
	fmt.Printf("sum of %d numbers: %d\n", total.Count, total.Sum)
	return nil
}

func runningSum(ctx context.Context, cli numberservice.Client, values []int64) error {
	stream, err := cli.RunningSum(ctx)
	if err != nil {
		return err
	}
	// Send from one goroutine and receive in another: neither side waits for the other.
	sent := make(chan error, 1)
	go func() {
		for _, v := range values {
			if err := stream.Send(&numbers.Number{Value: v}); err != nil {
				sent <- err
				return
			}
		}
		sent <- stream.Close() // CloseSend: the server's Recv returns io.EOF
	}()
	for {
		total, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			fmt.Println("io.EOF: the server has finished")
			return <-sent
		}
		if err != nil {
			return err
		}
		fmt.Printf("after %d numbers: %d\n", total.Count, total.Sum)
	}
}
