// Command graceful-shutdown demonstrates that Hertz lets an in-flight request
// finish before the server stops. It starts a server, sends a slow request,
// sends itself SIGTERM while that request is running, and prints what happens.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn) // keep the demo output to our own lines

	// [shutdown]
	// WithExitWaitTime bounds how long shutdown waits for open requests
	// (default 5s). After that Shutdown returns even if some are still
	// running, and they die with the process.
	h := server.Default(server.WithHostPorts(*addr), server.WithExitWaitTime(3*time.Second))

	inFlight := make(chan struct{}, 1)
	h.GET("/slow", func(ctx context.Context, c *app.RequestContext) {
		fmt.Println("handler: started, working for 1s")
		inFlight <- struct{}{}
		time.Sleep(time.Second)
		c.String(consts.StatusOK, "report ready")
		fmt.Println("handler: finished")
	})

	// OnShutdown hooks run as soon as shutdown begins, in parallel with the
	// wait for open connections: the place to deregister or flush buffers.
	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) {
		fmt.Println("hook: shutdown started")
	})
	// [/shutdown]

	// The client: one slow request, sent once the server accepts connections.
	clientDone := make(chan struct{})
	go func() {
		defer close(clientDone)
		waitUntilListening(*addr)
		resp, err := http.Get("http://" + *addr + "/slow")
		if err != nil {
			fmt.Println("client: request failed:", err)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("client: got %d %q\n", resp.StatusCode, body)
	}()

	// Play the part of the operator: SIGTERM while the request is running.
	go func() {
		<-inFlight
		fmt.Println("main: sending SIGTERM")
		_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
	}()

	// Spin serves until SIGINT/SIGTERM, then calls h.Shutdown, which stops
	// accepting connections and waits for in-flight requests to complete.
	h.Spin()
	<-clientDone
	fmt.Println("main: server stopped")
}

func waitUntilListening(addr string) {
	for {
		if conn, err := net.DialTimeout("tcp", addr, 100*time.Millisecond); err == nil {
			conn.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}
