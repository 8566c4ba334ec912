// Command biz-errors runs a server that refuses requests with business status
// errors and calls it with clients configured in different ways, to show
// where the status travels and where it is lost.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/endpoint"
	"github.com/cloudwego/kitex/pkg/kerrors"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/rpcinfo"
	"github.com/cloudwego/kitex/pkg/transmeta"
	"github.com/cloudwego/kitex/server"
	"github.com/cloudwego/kitex/transport"

	"cookbook/internal/startup"
	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

// [handler]
type accounts struct{}

func (*accounts) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	switch req.Message {
	case "frozen":
		err := kerrors.NewBizStatusError(40302, "account is frozen")
		// The default implementation also lets you add details one by one.
		err.(*kerrors.BizStatusError).SetBizExtra("until", "2030-01-01")
		return nil, err
	case "crash":
		// Any other error is a failure of the call, not a business answer.
		return nil, errors.New("database unreachable")
	}
	return &echo.EchoResponse{Message: "ok: " + req.Message}, nil
}

// [/handler]

// [middleware]
// seeStatus shows what a middleware sees: the endpoint returns no error for a
// business status error; the status is in rpcinfo instead.
func seeStatus(side string) endpoint.Middleware {
	return func(next endpoint.Endpoint) endpoint.Endpoint {
		return func(ctx context.Context, req, resp interface{}) error {
			err := next(ctx, req, resp)
			status := rpcinfo.GetRPCInfo(ctx).Invocation().BizStatusErr()
			if status != nil {
				fmt.Printf("  %s middleware: err=%v, status code=%d\n", side, err, status.BizStatusCode())
			} else {
				fmt.Printf("  %s middleware: err=%v, no status\n", side, err)
			}
			return err
		}
	}
}

// [/middleware]

// [report]
// report tells a business status error from any other error. FromBizStatusError
// uses errors.As, so it also finds the status inside a wrapped error.
func report(resp *echo.EchoResponse, err error) {
	if bizErr, ok := kerrors.FromBizStatusError(err); ok {
		fmt.Printf("  caller: business status %d %q extra=%v\n",
			bizErr.BizStatusCode(), bizErr.BizMessage(), bizErr.BizExtra())
		return
	}
	if err != nil {
		fmt.Printf("  caller: failed call: %v\n", err)
		fmt.Printf("  caller: errors.Is(err, kerrors.ErrRemoteOrNetwork) = %v\n",
			errors.Is(err, kerrors.ErrRemoteOrNetwork))
		return
	}
	fmt.Printf("  caller: reply=%v\n", resp)
}

// [/report]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the demo server")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	// [server]
	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	svr := echoservice.NewServer(new(accounts),
		server.WithServiceAddr(tcpAddr),
		server.WithMetaHandler(transmeta.ServerTTHeaderHandler), // writes the status into the reply
		server.WithMiddleware(seeStatus("server")),
	)
	// [/server]
	startup.Serve(svr.Run, *addr)

	// [clients]
	clients := []struct {
		name string
		opts []client.Option
	}{
		{"TTHeader with its meta handler", []client.Option{
			client.WithTransportProtocol(transport.TTHeader),
			client.WithMetaHandler(transmeta.ClientTTHeaderHandler),
		}},
		{"TTHeader without the meta handler", []client.Option{
			client.WithTransportProtocol(transport.TTHeader),
		}},
		{"framed (the default transport)", nil},
	}
	// [/clients]
	ctx := context.Background()
	for _, c := range clients {
		opts := append([]client.Option{
			client.WithHostPorts(*addr),
			client.WithMiddleware(seeStatus("client")),
		}, c.opts...)
		cli, err := echoservice.NewClient("accounts", opts...)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("client: %s\n", c.name)
		resp, err := cli.Echo(ctx, &echo.EchoRequest{Message: "frozen"})
		report(resp, err)
	}

	// [wrapped]
	cli, err := echoservice.NewClient("accounts",
		client.WithHostPorts(*addr),
		client.WithTransportProtocol(transport.TTHeader),
		client.WithMetaHandler(transmeta.ClientTTHeaderHandler),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrapped in another error:")
	_, err = cli.Echo(ctx, &echo.EchoRequest{Message: "frozen"})
	report(nil, fmt.Errorf("checkout: %w", err))
	fmt.Println("an ordinary error:")
	resp, err := cli.Echo(ctx, &echo.EchoRequest{Message: "crash"})
	report(resp, err)
	// [/wrapped]
}
