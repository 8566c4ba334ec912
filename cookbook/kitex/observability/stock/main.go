// Command stock is the last service of the observability recipe: a Kitex
// server that reports spans and Prometheus metrics.
package main

import (
	"context"
	"flag"
	"log"
	"net"

	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/rpcinfo"
	"github.com/cloudwego/kitex/server"
	prometheus "github.com/kitex-contrib/monitor-prometheus"
	kitextracing "github.com/kitex-contrib/obs-opentelemetry/tracing"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
	"cookbook/kitex/observability/telemetry"
)

type stock struct{}

func (*stock) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	return &echo.EchoResponse{Message: "3 in stock"}, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8882", "address to listen on")
	metrics := flag.String("metrics", "127.0.0.1:9102", "address of the /metrics endpoint")
	otlp := flag.String("otlp", "127.0.0.1:4317", "OTLP/gRPC endpoint for spans")
	flag.Parse()
	klog.SetLevel(klog.LevelWarn)

	stop := telemetry.Start("stock", *otlp)
	defer stop()
	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// [server]
	svr := echoservice.NewServer(new(stock),
		server.WithServiceAddr(tcpAddr),
		server.WithServerBasicInfo(&rpcinfo.EndpointBasicInfo{ServiceName: "stock"}),
		server.WithSuite(kitextracing.NewServerSuite()),
		server.WithTracer(prometheus.NewServerTracer(*metrics, "/metrics")),
	)
	// [/server]
	if err := svr.Run(); err != nil {
		log.Fatal(err)
	}
}
