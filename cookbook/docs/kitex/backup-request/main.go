// Command backup-request runs an echo server whose first answer to every
// message is slow, and calls it twice: once plainly, once with a backup
// request that is sent when the first attempt has not answered in time.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"sync"
	"time"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/endpoint"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/retry"
	"github.com/cloudwego/kitex/server"

	"cookbook/internal/startup"
	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

const slow = 500 * time.Millisecond

// stallingHandler is slow on the first call for each message and quick afterwards,
// like an instance that stalls now and then.
type stallingHandler struct {
	mu    sync.Mutex
	calls map[string]int
}

func (h *stallingHandler) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	h.mu.Lock()
	h.calls[req.Message]++
	n := h.calls[req.Message]
	h.mu.Unlock()
	if n == 1 {
		time.Sleep(slow)
	}
	return &echo.EchoResponse{Message: fmt.Sprintf("%s, answered by call %d", req.Message, n)}, nil
}

// sentMW prints a line for every attempt the client makes.
func sentMW(next endpoint.Endpoint) endpoint.Endpoint {
	return func(ctx context.Context, req, resp interface{}) error {
		fmt.Println("  attempt sent")
		return next(ctx, req, resp)
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8890", "address for the demo server")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)
	serve(*addr)

	// [clients]
	plain := echoservice.MustNewClient("stalling",
		client.WithHostPorts(*addr),
		client.WithMiddleware(sentMW),
		client.WithRPCTimeout(time.Second),
	)

	// If the first attempt has not answered after 50 ms, send a second one;
	// the first answer to arrive is the result of the call.
	backup := echoservice.MustNewClient("stalling",
		client.WithHostPorts(*addr),
		client.WithMiddleware(sentMW),
		client.WithRPCTimeout(time.Second),
		client.WithBackupRequest(retry.NewBackupPolicy(50)),
	)
	// [/clients]

	fmt.Println("without a backup request:")
	timedCall(plain, "order-1")
	fmt.Println("with a backup request after 50 ms:")
	timedCall(backup, "order-2")
}

func timedCall(cli echoservice.Client, msg string) {
	start := time.Now()
	resp, err := cli.Echo(context.Background(), &echo.EchoRequest{Message: msg})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("  => %q, faster than the stall: %v\n", resp.Message, time.Since(start) < slow)
}

// serve starts the server in the background and waits until it accepts connections.
func serve(addr string) {
	tcpAddr, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	h := &stallingHandler{calls: map[string]int{}}
	svr := echoservice.NewServer(h, server.WithServiceAddr(tcpAddr))
	startup.Serve(svr.Run, addr)
}
