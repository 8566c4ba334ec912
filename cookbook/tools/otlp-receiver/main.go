// Command otlp-receiver accepts OpenTelemetry traces over OTLP/gRPC and shows
// them over HTTP as trees of spans with their parent links:
//
//	GET  /tree?spans=N&wait=10s          wait until N spans have arrived (at most wait), then print the trees
//	GET  /spans?trace=ID&spans=N&wait=10s  the same wait for N spans of one trace, then those spans as JSON
//	POST /reset                          forget the spans received so far
//
// It keeps everything in memory and is meant for demos on one machine.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"

	"cookbook/internal/otlpsink"
)

func main() {
	grpcAddr := flag.String("grpc", "127.0.0.1:4317", "address for OTLP/gRPC")
	httpAddr := flag.String("http", "127.0.0.1:4318", "address for the HTTP view of the spans")
	flag.Parse()

	sink := otlpsink.New()
	lis, err := net.Listen("tcp", *grpcAddr)
	if err != nil {
		log.Fatal(err)
	}
	srv := grpc.NewServer()
	collectortrace.RegisterTraceServiceServer(srv, sink)
	go func() { log.Fatal(srv.Serve(lis)) }()

	log.Printf("OTLP/gRPC on %s, span trees on http://%s/tree", *grpcAddr, *httpAddr)
	log.Fatal(http.ListenAndServe(*httpAddr, routes(sink)))
}

// routes serves the views of the spans.
func routes(sink *otlpsink.Sink) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tree", func(w http.ResponseWriter, r *http.Request) {
		want, _ := strconv.Atoi(r.URL.Query().Get("spans"))
		wait := waitOf(r)
		if !sink.Await(want, wait) {
			w.WriteHeader(http.StatusGatewayTimeout)
			fmt.Fprintf(w, "only %d of %d spans arrived within %s\n", len(sink.Spans()), want, wait)
		}
		var show []string
		if keys := r.URL.Query().Get("attrs"); keys != "" {
			show = strings.Split(keys, ",")
		}
		otlpsink.WriteTree(w, sink.Spans(), show...)
	})
	mux.HandleFunc("GET /spans", func(w http.ResponseWriter, r *http.Request) {
		trace := r.URL.Query().Get("trace")
		if trace == "" {
			http.Error(w, "trace=ID is required", http.StatusBadRequest)
			return
		}
		want, _ := strconv.Atoi(r.URL.Query().Get("spans"))
		status := http.StatusOK
		if !sink.AwaitTrace(trace, want, waitOf(r)) {
			status = http.StatusGatewayTimeout // the body still holds the spans that did arrive
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		spans := sink.Trace(trace)
		if spans == nil {
			spans = []otlpsink.Span{}
		}
		_ = json.NewEncoder(w).Encode(spans)
	})
	mux.HandleFunc("POST /reset", func(w http.ResponseWriter, r *http.Request) {
		sink.Reset()
	})
	return mux
}

// waitOf reads ?wait=, 10 seconds by default.
func waitOf(r *http.Request) time.Duration {
	wait, err := time.ParseDuration(r.URL.Query().Get("wait"))
	if err != nil {
		return 10 * time.Second
	}
	return wait
}
