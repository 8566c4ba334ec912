// Command client calls the NumberService over TTHeader streaming:
//
//	client count N          server streaming
//	client sum N...         client streaming
//	client running-sum N... bidirectional streaming
//	client add A B          an ordinary call on the same client
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
	"github.com/cloudwego/kitex/pkg/rpcinfo"
	"github.com/cloudwego/kitex/transport"

	"cookbook/kitex/thrift-streaming/gen/numbers"
	"cookbook/kitex/thrift-streaming/gen/numbers/numberservice"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the NumberService")
	grpc := flag.Bool("grpc", false, "stream over gRPC instead of TTHeader streaming")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)
	if flag.NArg() < 2 {
		log.Fatal("usage: client count|sum|running-sum|add N...")
	}
	var values []int64
	for _, arg := range flag.Args()[1:] {
		v, err := strconv.ParseInt(arg, 10, 64)
		if err != nil {
			log.Fatal(err)
		}
		values = append(values, v)
	}

	// NewClient sets transport.TTHeaderStreaming itself: the IDL has streaming
	// methods. A later WithTransportProtocol replaces it.
	opts := []client.Option{client.WithHostPorts(*addr)}
	if *grpc {
		opts = append(opts, client.WithTransportProtocol(transport.GRPC))
	}
	cli := numberservice.MustNewClient("numbers", opts...)
	ctx := context.Background()
	var err error
	switch flag.Arg(0) {
	case "count":
		err = count(ctx, cli, values[0])
	case "sum":
		err = sum(ctx, cli, values)
	case "running-sum":
		err = runningSum(ctx, cli, values)
	case "add":
		err = add(ctx, cli, values[0], values[1])
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
	fmt.Println("streaming over", rpcinfo.GetRPCInfo(stream.Context()).Config().TransportProtocol())
	for {
		n, err := stream.Recv(ctx)
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
		if err := stream.Send(ctx, &numbers.Number{Value: v}); err != nil {
			return err
		}
	}
	// CloseAndRecv tells the server we are done sending and waits for its answer.
	total, err := stream.CloseAndRecv(ctx)
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
			if err := stream.Send(ctx, &numbers.Number{Value: v}); err != nil {
				sent <- err
				return
			}
		}
		sent <- stream.CloseSend(ctx) // the server's Recv returns io.EOF
	}()
	for {
		total, err := stream.Recv(ctx)
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

func add(ctx context.Context, cli numberservice.Client, a, b int64) error {
	total, err := cli.Add(ctx, &numbers.Number{Value: a}, &numbers.Number{Value: b})
	if err != nil {
		return err
	}
	fmt.Printf("%d + %d = %d\n", a, b, total.Sum)
	return nil
}
