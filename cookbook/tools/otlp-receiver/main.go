// Command otlp-receiver accepts OpenTelemetry traces over OTLP/gRPC and shows
// them over HTTP as trees of spans with their parent links:
//
//	GET  /tree?spans=N&wait=10s  wait until N spans have arrived (at most wait), then print the trees
//	POST /reset                  forget the spans received so far
//
// It keeps everything in memory and is meant for demos on one machine.
package main

import (
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

	http.HandleFunc("GET /tree", func(w http.ResponseWriter, r *http.Request) {
		want, _ := strconv.Atoi(r.URL.Query().Get("spans"))
		wait, err := time.ParseDuration(r.URL.Query().Get("wait"))
		if err != nil {
			wait = 10 * time.Second
		}
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
	http.HandleFunc("POST /reset", func(w http.ResponseWriter, r *http.Request) {
		sink.Reset()
	})
	log.Printf("OTLP/gRPC on %s, span trees on http://%s/tree", *grpcAddr, *httpAddr)
	log.Fatal(http.ListenAndServe(*httpAddr, nil))
}
