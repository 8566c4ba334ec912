package greeter

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"testing"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/ut"
	"github.com/cloudwego/hertz/pkg/protocol"
	"github.com/cloudwego/hertz/pkg/route"
	"github.com/cloudwego/hertz/pkg/route/param"
)

// TestMain keeps Hertz's start-up logs out of the test output.
func TestMain(m *testing.M) {
	hlog.SetLevel(hlog.LevelWarn)
	os.Exit(m.Run())
}

// [perform]
// newEngine builds the routes without a network listener.
func newEngine() *route.Engine {
	h := server.New(server.WithDisablePrintRoute(true))
	Register(h.Engine)
	return h.Engine
}

func TestGreet(t *testing.T) {
	engine := newEngine()
	cases := []struct {
		name, url, want string
		code            int
	}{
		{"english", "/greet/ada", `{"greeting":"hello, ada"}`, 200},
		{"chinese", "/greet/ada?lang=zh", `{"greeting":"你好, ada"}`, 200},
		{"no name", "/greet/", "", 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// PerformRequest runs the whole chain (routing, middleware,
			// handler) in memory and records the response.
			w := ut.PerformRequest(engine, "GET", tc.url, nil)
			resp := w.Result()
			if resp.StatusCode() != tc.code {
				t.Fatalf("status = %d, want %d", resp.StatusCode(), tc.code)
			}
			if tc.want != "" && string(resp.Body()) != tc.want {
				t.Fatalf("body = %s, want %s", resp.Body(), tc.want)
			}
		})
	}
}

func TestShout(t *testing.T) {
	engine := newEngine()
	body := `{"text":"quiet please"}`
	w := ut.PerformRequest(engine, "POST", "/shout",
		&ut.Body{Body: bytes.NewBufferString(body), Len: len(body)},
		ut.Header{Key: "Content-Type", Value: "application/json"})
	if got := string(w.Result().Body()); got != `{"text":"QUIET PLEASE"}` {
		t.Fatalf("body = %s", got)
	}

	w = ut.PerformRequest(engine, "POST", "/shout", nil,
		ut.Header{Key: "Content-Type", Value: "application/json"})
	if w.Code != 400 {
		t.Fatalf("empty body: status = %d, want 400", w.Code)
	}
}

// [/perform]

// [direct]
// A handler is a plain function: call it on a context built by
// CreateUtRequestContext. Path parameters are set by hand, since no router
// runs.
func TestGreetHandlerAlone(t *testing.T) {
	c := ut.CreateUtRequestContext("GET", "/greet/ada?lang=zh", nil)
	c.Params = append(c.Params, param.Param{Key: "name", Value: "ada"})
	Greet(context.Background(), c)
	if got := string(c.Response.Body()); got != `{"greeting":"你好, ada"}` {
		t.Fatalf("body = %s", got)
	}
}

// [/direct]

// [end-to-end]
// TestEndToEnd starts a real server on a free port of 127.0.0.1 and calls
// it with Hertz's client, through the network stack.
func TestEndToEnd(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(server.WithListener(ln), server.WithDisablePrintRoute(true))
	Register(h.Engine)
	go h.Run() //nolint:errcheck // Run returns when the server is closed
	t.Cleanup(func() { _ = h.Close() })

	c, err := client.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	req, resp := protocol.AcquireRequest(), protocol.AcquireResponse()
	req.SetRequestURI("http://" + ln.Addr().String() + "/greet/grace")
	if err := c.Do(context.Background(), req, resp); err != nil {
		t.Fatal(err)
	}
	var got struct{ Greeting string }
	if err := json.Unmarshal(resp.Body(), &got); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode() != 200 || got.Greeting != "hello, grace" {
		t.Fatalf("got %d %+v", resp.StatusCode(), got)
	}
	t.Logf("%s answered %q", "GET /greet/grace", got.Greeting)
}

// [/end-to-end]
