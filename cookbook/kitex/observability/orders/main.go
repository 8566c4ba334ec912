// Command orders is the middle service of the observability recipe: a Kitex
// server that calls the stock service with a Kitex client, both traced and
// measured.
package main

import (
	"context"
	"flag"
	"log"
	"net"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/rpcinfo"
	"github.com/cloudwego/kitex/server"
	prometheus "github.com/kitex-contrib/monitor-prometheus"
	kitextracing "github.com/kitex-contrib/obs-opentelemetry/tracing"
	prom "github.com/prometheus/client_golang/prometheus"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
	"cookbook/kitex/observability/telemetry"
)

type orders struct{ stock echoservice.Client }

func (o *orders) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	// ctx carries the server span: the client span of this call becomes its child.
	resp, err := o.stock.Echo(ctx, &echo.EchoRequest{Message: req.Message})
	if err != nil {
		return nil, err
	}
	return &echo.EchoResponse{Message: "order " + req.Message + ": " + resp.Message}, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8881", "address to listen on")
	stockAddr := flag.String("stock", "127.0.0.1:8882", "address of the stock service")
	metrics := flag.String("metrics", "127.0.0.1:9101", "address of the /metrics endpoint")
	otlp := flag.String("otlp", "127.0.0.1:4317", "OTLP/gRPC endpoint for spans")
	flag.Parse()
	klog.SetLevel(klog.LevelWarn)

	stop := telemetry.Start("orders", *otlp)
	defer stop()
	// [metrics]
	// One registry, served on one /metrics endpoint, for the server's and the client's series.
	registry := prom.NewRegistry()
	stockClient := echoservice.MustNewClient("stock",
		client.WithHostPorts(*stockAddr),
		client.WithClientBasicInfo(&rpcinfo.EndpointBasicInfo{ServiceName: "orders"}),
		client.WithSuite(kitextracing.NewClientSuite()),
		client.WithTracer(prometheus.NewClientTracer("", "",
			prometheus.WithRegistry(registry), prometheus.WithDisableServer(true))),
	)
	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	svr := echoservice.NewServer(&orders{stock: stockClient},
		server.WithServiceAddr(tcpAddr),
		server.WithServerBasicInfo(&rpcinfo.EndpointBasicInfo{ServiceName: "orders"}),
		server.WithSuite(kitextracing.NewServerSuite()),
		server.WithTracer(prometheus.NewServerTracer(*metrics, "/metrics", prometheus.WithRegistry(registry))),
	)
	// [/metrics]
	if err := svr.Run(); err != nil {
		log.Fatal(err)
	}
}
