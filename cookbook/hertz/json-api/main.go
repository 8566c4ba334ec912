// Command json-api is a small in-memory JSON API for books. Every failure,
// whether 400, 404, 405 or 500, answers with the same body shape:
//
//	{"error":{"code":404,"message":"book 9 not found"}}
package main

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"strconv"
	"sync"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/middlewares/server/recovery"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

type Book struct {
	ID     int    `json:"id"`
	Title  string `json:"title" vd:"@:len($)>0; msg:'title is required'"`
	Author string `json:"author" vd:"@:len($)>0; msg:'author is required'"`
}

type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// fail writes the one error shape used by the whole API and stops the chain.
func fail(c *app.RequestContext, code int, msg string) {
	c.AbortWithStatusJSON(code, map[string]apiError{"error": {Code: code, Message: msg}})
}

type store struct {
	mu     sync.Mutex
	nextID int
	books  map[int]Book
}

func (s *store) list(ctx context.Context, c *app.RequestContext) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Book, 0, len(s.books))
	for _, b := range s.books {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	c.JSON(consts.StatusOK, out)
}

func (s *store) get(ctx context.Context, c *app.RequestContext) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		fail(c, consts.StatusBadRequest, "id must be an integer")
		return
	}
	s.mu.Lock()
	b, ok := s.books[id]
	s.mu.Unlock()
	if !ok {
		fail(c, consts.StatusNotFound, fmt.Sprintf("book %d not found", id))
		return
	}
	c.JSON(consts.StatusOK, b)
}

func (s *store) create(ctx context.Context, c *app.RequestContext) {
	var b Book
	if err := c.BindAndValidate(&b); err != nil {
		fail(c, consts.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	s.nextID++
	b.ID = s.nextID
	s.books[b.ID] = b
	s.mu.Unlock()
	c.JSON(consts.StatusCreated, b)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	s := &store{books: map[int]Book{}}

	// [method-not-allowed]
	// WithHandleMethodNotAllowed makes a known path with the wrong method
	// reach NoMethod (405) instead of NoRoute (404).
	h := server.New(server.WithHostPorts(*addr), server.WithHandleMethodNotAllowed(true))
	// A panic anywhere becomes a 500 in the usual shape.
	h.Use(recovery.Recovery(recovery.WithRecoveryHandler(
		func(ctx context.Context, c *app.RequestContext, err interface{}, stack []byte) {
			hlog.CtxErrorf(ctx, "panic: %v", err)
			fail(c, consts.StatusInternalServerError, "internal server error")
		})))

	// Unknown paths and wrong methods get the same shape instead of plain text.
	h.NoRoute(func(ctx context.Context, c *app.RequestContext) {
		fail(c, consts.StatusNotFound, "no route for "+string(c.Path()))
	})
	h.NoMethod(func(ctx context.Context, c *app.RequestContext) {
		fail(c, consts.StatusMethodNotAllowed, string(c.Method())+" is not allowed here")
	})
	// [/method-not-allowed]

	api := h.Group("/api")
	api.GET("/books", s.list)
	api.POST("/books", s.create)
	api.GET("/books/:id", s.get)
	api.GET("/crash", func(ctx context.Context, c *app.RequestContext) {
		var m map[string]int
		m["boom"]++ // writing to a nil map panics
	})

	h.Spin()
}
