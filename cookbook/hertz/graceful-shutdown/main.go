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
	shutdownBegan := make(chan struct{})
	h.GET("/slow", func(ctx context.Context, c *app.RequestContext) {
		fmt.Println("handler: started")
		inFlight <- struct{}{}
		// Keep the request open until shutdown has visibly begun: the hook
		// has run and the listener refuses new connections. Waiting for
		// these events, not sleeping, makes the printed order the one Hertz
		// guarantees rather than one that depends on timing.
		select {
		case <-shutdownBegan:
		case <-time.After(2 * time.Second):
			fmt.Println("handler: shutdown did not begin")
		}
		waitUntilRefused(*addr)
		fmt.Println("handler: listener closed, request still running")
		c.String(consts.StatusOK, "report ready")
		fmt.Println("handler: finished")
	})

	// OnShutdown hooks start first when shutdown begins, each in its own
	// goroutine, concurrently with closing the listener and the wait for
	// open connections: the place to flush buffers.
	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) {
		fmt.Println("hook: shutdown started")
		close(shutdownBegan)
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

// waitUntilRefused returns once addr no longer accepts connections, or after
// two seconds.
func waitUntilRefused(addr string) {
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		conn, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err != nil {
			return
		}
		conn.Close()
		time.Sleep(20 * time.Millisecond)
	}
	fmt.Println("handler: listener still open")
}
