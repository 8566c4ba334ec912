// Command middleware runs an echo server and a client in one process, both
// with several middlewares, and prints where each middleware runs and what
// it can read from rpcinfo.
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
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/rpcinfo"
	"github.com/cloudwego/kitex/pkg/transmeta"
	"github.com/cloudwego/kitex/server"
	"github.com/cloudwego/kitex/transport"

	"cookbook/internal/startup"
	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

// [trace]
// trace returns a middleware that prints its name on the way in and on the
// way out, to show the order of a chain.
func trace(name string) endpoint.Middleware {
	return func(next endpoint.Endpoint) endpoint.Endpoint {
		return func(ctx context.Context, req, resp interface{}) error {
			fmt.Printf("  -> %s\n", name)
			err := next(ctx, req, resp)
			fmt.Printf("  <- %s err=%v\n", name, err)
			return err
		}
	}
}

// [/trace]

// [client-mws]
// rejectEmpty stops a call before anything is sent: it returns without
// calling next.
func rejectEmpty(next endpoint.Endpoint) endpoint.Endpoint {
	return func(ctx context.Context, req, resp interface{}) error {
		if args, ok := req.(*echo.EchoServiceEchoArgs); ok && args.Req.Message == "" {
			return errors.New("empty message, not sent")
		}
		return next(ctx, req, resp)
	}
}

// whereTo prints the destination as rpcinfo knows it at that point of the
// chain. Before service discovery and load balancing no instance has been
// picked yet, so the address is still unknown.
func whereTo(label string) endpoint.Middleware {
	return func(next endpoint.Endpoint) endpoint.Endpoint {
		return func(ctx context.Context, req, resp interface{}) error {
			to := rpcinfo.GetRPCInfo(ctx).To()
			fmt.Printf("  %s: service=%s method=%s address=%v\n",
				label, to.ServiceName(), to.Method(), to.Address())
			return next(ctx, req, resp)
		}
	}
}

// countCalls is a middleware builder: Kitex calls it once, when the client
// is created, and uses the middleware it returns for every call.
func countCalls(ctx context.Context) endpoint.Middleware {
	fmt.Println("builder: countCalls builds its middleware")
	calls := 0
	return func(next endpoint.Endpoint) endpoint.Endpoint {
		return func(ctx context.Context, req, resp interface{}) error {
			calls++
			fmt.Printf("  call number %d\n", calls)
			return next(ctx, req, resp)
		}
	}
}

// [/client-mws]

// [suite]
// callerSuite bundles the options that let the server learn who calls it:
// the caller's name, sent in a TTHeader header.
type callerSuite struct{ name string }

func (s callerSuite) Options() []client.Option {
	return []client.Option{
		client.WithClientBasicInfo(&rpcinfo.EndpointBasicInfo{ServiceName: s.name}),
		client.WithTransportProtocol(transport.TTHeader),
		client.WithMetaHandler(transmeta.ClientTTHeaderHandler),
	}
}

// [/suite]

// [server-mw]
// whoCalls is a server middleware: it reads the caller and the method from
// rpcinfo, and the request and response from the generated wrappers.
func whoCalls(next endpoint.Endpoint) endpoint.Endpoint {
	return func(ctx context.Context, req, resp interface{}) error {
		ri := rpcinfo.GetRPCInfo(ctx)
		args := req.(*echo.EchoServiceEchoArgs)
		fmt.Printf("  server: %s.%s called by %q with message %q\n",
			ri.Invocation().ServiceName(), ri.Invocation().MethodName(),
			ri.From().ServiceName(), args.Req.Message)
		err := next(ctx, req, resp)
		if result, ok := resp.(*echo.EchoServiceEchoResult); ok && err == nil {
			fmt.Printf("  server: handler answered %q\n", result.Success.Message)
		}
		return err
	}
}

// [/server-mw]

type handler struct{}

func (*handler) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	fmt.Println("  handler")
	return &echo.EchoResponse{Message: req.Message}, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the demo server")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	// [server]
	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	svr := echoservice.NewServer(new(handler),
		server.WithServiceAddr(tcpAddr),
		server.WithMetaHandler(transmeta.ServerTTHeaderHandler), // reads the caller's name
		server.WithMiddleware(trace("server mw 1")),
		server.WithMiddleware(whoCalls),
	)
	// [/server]
	startup.Serve(svr.Run, *addr)

	// [client]
	cli, err := echoservice.NewClient("echo",
		client.WithHostPorts(*addr),
		client.WithSuite(callerSuite{name: "checkout"}),
		client.WithMiddleware(trace("client mw A")),
		client.WithMiddleware(rejectEmpty),
		client.WithMiddlewareBuilder(countCalls),
		client.WithMiddleware(whereTo("client mw B")),
		client.WithInstanceMW(whereTo("instance mw")),
	)
	// [/client]
	if err != nil {
		log.Fatal(err)
	}

	for _, msg := range []string{"hello", ""} {
		fmt.Printf("Echo(%q)\n", msg)
		resp, err := cli.Echo(context.Background(), &echo.EchoRequest{Message: msg})
		if err != nil {
			fmt.Println("  caller got error:", err)
			continue
		}
		fmt.Printf("  caller got reply %q\n", resp.Message)
	}
}
