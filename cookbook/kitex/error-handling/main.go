// Command error-handling makes a handler fail in several ways and shows what
// the server's error handler sees and what clients on Thrift (framed and
// TTHeader) and gRPC get.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"strings"
	"sync/atomic"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/kerrors"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/remote"
	"github.com/cloudwego/kitex/pkg/remote/trans/nphttp2/codes"
	"github.com/cloudwego/kitex/pkg/remote/trans/nphttp2/status"
	"github.com/cloudwego/kitex/pkg/transmeta"
	"github.com/cloudwego/kitex/server"
	"github.com/cloudwego/kitex/transport"

	"cookbook/internal/startup"
	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

var errNoOrder = errors.New("no such order")

type orders struct{}

func (*orders) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	switch req.Message {
	// [handler]
	case "panic":
		var m map[string]int
		m["x"] = 1 // a bug: assignment to a nil map panics
	case "plain":
		return nil, errors.New("disk full")
	case "typed":
		return nil, remote.NewTransErrorWithMsg(1001, "quota used up")
	case "biz":
		return nil, kerrors.NewBizStatusError(40401, "order not found")
	case "grpc":
		return nil, status.Err(codes.NotFound, "order not found")
	case "mapped":
		return nil, errNoOrder
	}
	// [/handler]
	return &echo.EchoResponse{Message: "ok"}, nil
}

// lastSeen holds the first line of the last error the server's error handler saw.
var lastSeen atomic.Value

// [onerror]
// onError is the server's error handler: it sees every error of the handler,
// panics included, and returns the error to send instead.
func onError(ctx context.Context, err error) error {
	first, _, _ := strings.Cut(err.Error(), "\n") // a panic's error carries the stack after its first line
	lastSeen.Store(first)
	if errors.Is(err, errNoOrder) {
		// Too late to become a business status: it is sent as an ordinary error.
		return kerrors.NewBizStatusError(40401, "order not found")
	}
	return err
}

// [/onerror]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the server")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	svr := echoservice.NewServer(new(orders),
		server.WithServiceAddr(tcpAddr),
		server.WithErrorHandler(onError),
		server.WithMetaHandler(transmeta.ServerTTHeaderHandler),
	)
	startup.Serve(svr.Run, *addr)

	clients := []struct {
		name string
		cli  echoservice.Client
	}{
		{"framed", echoservice.MustNewClient("orders", client.WithHostPorts(*addr))},
		{"ttheader", echoservice.MustNewClient("orders", client.WithHostPorts(*addr),
			client.WithTransportProtocol(transport.TTHeader),
			client.WithMetaHandler(transmeta.ClientTTHeaderHandler))},
		{"grpc", echoservice.MustNewClient("orders", client.WithHostPorts(*addr),
			client.WithTransportProtocol(transport.GRPC))},
	}
	for _, c := range []string{"panic", "plain", "typed", "biz", "grpc", "mapped"} {
		fmt.Printf("%s:\n", c)
		lastSeen.Store("nothing")
		for _, cl := range clients {
			resp, err := cl.cli.Echo(context.Background(), &echo.EchoRequest{Message: c})
			fmt.Printf("  %-8s %s\n", cl.name, describe(resp, err))
		}
		fmt.Println("  server error handler saw:", lastSeen.Load())
	}

	// [client]
	// The client's error handler turns errors from the remote side or the
	// network into what the call returns; this one adds the address.
	withAddr := echoservice.MustNewClient("orders", client.WithHostPorts(*addr),
		client.WithErrorHandler(client.ClientErrorHandlerWithAddr))
	// [/client]
	_, err = withAddr.Echo(context.Background(), &echo.EchoRequest{Message: "plain"})
	fmt.Println("client error handler with the address:")
	fmt.Println(" ", err)
}

func describe(resp *echo.EchoResponse, err error) string {
	if bizErr, ok := kerrors.FromBizStatusError(err); ok {
		return fmt.Sprintf("business status %d %q", bizErr.BizStatusCode(), bizErr.BizMessage())
	}
	if err == nil {
		return fmt.Sprintf("no error, reply=%v", resp)
	}
	var te *remote.TransError
	typ := ""
	if errors.As(err, &te) {
		typ = fmt.Sprintf(" [type %d]", te.TypeID())
	}
	if st, ok := status.FromError(err); ok {
		typ += fmt.Sprintf(" [grpc %s]", st.Code())
	}
	first, _, _ := strings.Cut(err.Error(), "\n")
	return first + typ
}
