package echohandler

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/client/callopt"
	"github.com/cloudwego/kitex/pkg/kerrors"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/server"

	"cookbook/internal/startup"
	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
	"cookbook/kitex/testing/greeter"
)

// [server]
// startServer runs the real handler in a real Kitex server on a free port of
// 127.0.0.1 and returns a real client for it. Both are closed after the test.
func startServer(t *testing.T) echoservice.Client {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0") // port 0: the system picks a free one
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	svr := echoservice.NewServer(new(Handler), server.WithListener(ln))
	startup.Serve(svr.Run, addr)
	t.Cleanup(func() { svr.Stop() })

	cli, err := echoservice.NewClient("echo", client.WithHostPorts(addr))
	if err != nil {
		t.Fatal(err)
	}
	return cli
}

// [/server]

func TestMain(m *testing.M) {
	klog.SetLevel(klog.LevelError) // keep the server's start and stop notes out of the test output
	m.Run()
}

// [tests]
func TestEchoOverTheNetwork(t *testing.T) {
	cli := startServer(t)
	for _, msg := range []string{"hello", "Kitex 0.16", ""} {
		resp, err := cli.Echo(context.Background(), &echo.EchoRequest{Message: msg})
		if err != nil {
			t.Fatalf("Echo(%q): %v", msg, err)
		}
		t.Logf("Echo(%q) = %q", msg, resp.Message)
	}
}

func TestSlowAnswerHitsTheClientTimeout(t *testing.T) {
	cli := startServer(t)
	req := &echo.EchoRequest{Message: "slow", DelayMs: 300}
	_, err := cli.Echo(context.Background(), req, callopt.WithRPCTimeout(50*time.Millisecond))
	if !errors.Is(err, kerrors.ErrRPCTimeout) {
		t.Fatalf("error = %v, want %v", err, kerrors.ErrRPCTimeout)
	}
}

func TestGreeterAgainstTheRealServer(t *testing.T) {
	g := &greeter.Greeter{Echo: startServer(t)}
	got, err := g.Greet(context.Background(), "ada")
	if err != nil {
		t.Fatal(err)
	}
	if got != "HELLO ADA!" {
		t.Errorf("Greet = %q, want %q", got, "HELLO ADA!")
	}
}

// [/tests]
