// Command nethttp-handler mounts existing net/http handlers inside a Hertz
// server with adaptor.HertzHandler, next to a native Hertz route.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/adaptor"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

// legacyGreeting is ordinary net/http code, written without Hertz in mind.
func legacyGreeting(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	if name == "" {
		http.Error(w, "name is required", http.StatusBadRequest)
		return
	}
	w.Header().Set("X-Handled-By", "net/http")
	fmt.Fprintf(w, "hello %s from %s %s\n", name, r.Method, r.URL.Path)
}

// legacyMux is a whole net/http router (Go 1.22+ method patterns).
func legacyMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /legacy/status", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"status": "ok"})
	})
	mux.HandleFunc("POST /legacy/echo", func(w http.ResponseWriter, r *http.Request) {
		var v map[string]any
		if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
			http.Error(w, "bad json", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(v)
	})
	return mux
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	h := server.Default(server.WithHostPorts(*addr))

	// A native Hertz route.
	h.GET("/native", func(ctx context.Context, c *app.RequestContext) {
		c.String(consts.StatusOK, "hello from hertz\n")
	})

	// One net/http handler function on one Hertz route.
	h.GET("/greet", adaptor.HertzHandler(http.HandlerFunc(legacyGreeting)))

	// A whole net/http mux under a prefix. The mux sees the full original
	// path, so its patterns include /legacy as well.
	h.Any("/legacy/*rest", adaptor.HertzHandler(legacyMux()))

	h.Spin()
}
