// Command request-context shows the parts of *app.RequestContext a handler
// uses most: reading the request, the handler chain, errors, per-request
// values, and handing work to a goroutine.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	herrors "github.com/cloudwego/hertz/pkg/common/errors"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

// [read]
// read reports what a request carries, each part read with its own method.
func read(ctx context.Context, c *app.RequestContext) {
	var b strings.Builder
	fmt.Fprintf(&b, "method=%s path=%s\n", c.Method(), c.Path())
	fmt.Fprintf(&b, "header X-Trace-Id=%s\n", c.GetHeader("x-trace-id")) // names are case-insensitive
	fmt.Fprintf(&b, "cookie session=%s\n", c.Cookie("session"))
	fmt.Fprintf(&b, "query q=%s page=%s\n", c.Query("q"), c.DefaultQuery("page", "1"))
	tags := c.QueryArgs().PeekAll("tag") // every value of a repeated key
	fmt.Fprintf(&b, "query tag=%q\n", tags)
	if string(c.ContentType()) == "application/x-www-form-urlencoded" {
		fmt.Fprintf(&b, "form name=%s\n", c.PostForm("name"))
	} else {
		body, _ := c.Body()
		fmt.Fprintf(&b, "body %d bytes: %s\n", len(body), body)
	}
	c.String(consts.StatusOK, b.String())
}

// [/read]

// [chain]
// step is a middleware that records when it runs, before and after the rest.
func step(name string) app.HandlerFunc {
	return func(ctx context.Context, c *app.RequestContext) {
		trace(c, name+" in")
		c.Next(ctx) // run the rest of the chain now
		trace(c, name+" out")
	}
}

// guard stops the chain unless the request carries X-Token.
func guard(ctx context.Context, c *app.RequestContext) {
	if len(c.GetHeader("X-Token")) == 0 {
		trace(c, "guard aborts")
		c.AbortWithStatus(consts.StatusUnauthorized) // no later handler runs
		return
	}
	trace(c, "guard passes")
}

// showTrace runs first and writes the recorded steps once all others are done.
func showTrace(ctx context.Context, c *app.RequestContext) {
	c.Next(ctx)
	steps, _ := c.Get("trace")
	c.SetBodyString(strings.Join(steps.([]string), " → ") + "\n")
}

func trace(c *app.RequestContext, what string) {
	steps, _ := c.Get("trace")
	list, _ := steps.([]string)
	c.Set("trace", append(list, what))
}

// [/chain]

// [errors]
var errStock = errors.New("warehouse database timed out")

// order records errors with c.Error instead of writing a response itself.
func order(ctx context.Context, c *app.RequestContext) {
	if c.Query("item") == "" {
		c.Error(herrors.NewPublic("item is required")).SetMeta(consts.StatusBadRequest)
		return
	}
	if c.Query("item") == "lamp" {
		c.Error(errStock) // a private error: logged, never shown to the client
		return
	}
	c.String(consts.StatusOK, "ordered %s\n", c.Query("item"))
}

// renderErrors turns the errors the chain recorded into one JSON answer.
func renderErrors(ctx context.Context, c *app.RequestContext) {
	c.Next(ctx)
	if len(c.Errors) == 0 {
		return
	}
	for _, e := range c.Errors.ByType(herrors.ErrorTypePrivate) {
		hlog.CtxErrorf(ctx, "%s: %v", c.Path(), e)
	}
	if public := c.Errors.ByType(herrors.ErrorTypePublic); len(public) > 0 {
		status, _ := public.Last().Meta.(int)
		c.JSON(status, utils.H{"errors": public.Errors()})
		return
	}
	c.JSON(consts.StatusInternalServerError, utils.H{"errors": []string{"internal error"}})
}

// [/errors]

// [values]
// auth stores who is calling; the handlers after it read it back.
func auth(ctx context.Context, c *app.RequestContext) {
	c.Set("user", strings.TrimPrefix(string(c.GetHeader("Authorization")), "Bearer "))
}

func whoami(ctx context.Context, c *app.RequestContext) {
	user := c.GetString("user") // "" when missing or not a string
	_, inContext := ctx.Value("user").(string)
	c.String(consts.StatusOK, "user=%q, also in context.Context: %v\n", user, inContext)
}

// [/values]

// [goroutine]
// A queued job runs when the next request asks for the log, which makes the
// moment it runs the same on every run of this demo.
type job struct{ start, done chan struct{} }

var (
	queue = make(chan job, 16)
	audit []string
)

// report answers at once and leaves the rest of its work to a goroutine.
func report(ctx context.Context, c *app.RequestContext) {
	cp := c.Copy() // an independent copy of the request, params and values
	j := job{start: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(j.done)
		<-j.start // by now report has returned, and Hertz has reused c
		audit = append(audit,
			fmt.Sprintf("copy:     user=%q path=%s", cp.Query("user"), cp.Path()),
			fmt.Sprintf("original: user=%q path=%s", c.Query("user"), c.Path()))
	}()
	queue <- j
	c.String(consts.StatusAccepted, "report queued\n")
}

// status lets the queued jobs run, one at a time, and prints their log.
func status(ctx context.Context, c *app.RequestContext) {
	for {
		select {
		case j := <-queue:
			close(j.start)
			select {
			case <-j.done:
			case <-time.After(time.Second):
			}
			continue
		default:
		}
		break
	}
	c.String(consts.StatusOK, strings.Join(audit, "\n")+"\n")
}

// [/goroutine]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelFatal) // renderErrors logs the private errors

	h := server.Default(server.WithHostPorts(*addr))
	h.Any("/read", read)
	// [routes]
	h.GET("/chain", showTrace, step("outer"), step("inner"), guard, func(ctx context.Context, c *app.RequestContext) {
		trace(c, "handler")
	})
	// [/routes]
	h.GET("/order", renderErrors, order)
	h.GET("/whoami", auth, whoami)
	h.GET("/report", report)
	h.GET("/status", status)
	h.Spin()
}
