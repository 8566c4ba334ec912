// Command server fails the first -fail calls for every message,
// then answers normally. It stands in for a flaky dependency.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"sync"

	"github.com/cloudwego/kitex/server"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

type flakyHandler struct {
	failFirst int

	mu    sync.Mutex
	calls map[string]int // calls seen so far, per message
}

func (h *flakyHandler) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	h.mu.Lock()
	h.calls[req.Message]++
	n := h.calls[req.Message]
	h.mu.Unlock()

	if n <= h.failFirst {
		return nil, fmt.Errorf("call %d for %q failed on purpose", n, req.Message)
	}
	return &echo.EchoResponse{Message: fmt.Sprintf("%s served on call %d", req.Message, n)}, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	failFirst := flag.Int("fail", 2, "number of calls to fail for each message")
	flag.Parse()

	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	h := &flakyHandler{failFirst: *failFirst, calls: map[string]int{}}
	svr := echoservice.NewServer(h, server.WithServiceAddr(tcpAddr))
	if err := svr.Run(); err != nil {
		log.Fatal(err)
	}
}
