// Command gateway is the entry of the observability recipe: a Hertz server
// whose handler calls the orders service with a Kitex client.
package main

import (
	"context"
	"flag"
	"net/http"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/rpcinfo"
	hertzprom "github.com/hertz-contrib/monitor-prometheus"
	hertztracing "github.com/hertz-contrib/obs-opentelemetry/tracing"
	kitextracing "github.com/kitex-contrib/obs-opentelemetry/tracing"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
	"cookbook/kitex/observability/telemetry"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	ordersAddr := flag.String("orders", "127.0.0.1:8881", "address of the orders service")
	metrics := flag.String("metrics", "127.0.0.1:9100", "address of the /metrics endpoint")
	otlp := flag.String("otlp", "127.0.0.1:4317", "OTLP/gRPC endpoint for spans")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)
	klog.SetLevel(klog.LevelWarn)

	stop := telemetry.Start("gateway", *otlp)
	defer stop()

	// [gateway]
	ordersClient := echoservice.MustNewClient("orders",
		client.WithHostPorts(*ordersAddr),
		client.WithClientBasicInfo(&rpcinfo.EndpointBasicInfo{ServiceName: "gateway"}),
		client.WithSuite(kitextracing.NewClientSuite()),
	)
	tracer, tracingCfg := hertztracing.NewServerTracer()
	h := server.Default(
		server.WithHostPorts(*addr),
		tracer,
		server.WithTracer(hertzprom.NewServerTracer(*metrics, "/metrics")),
	)
	h.Use(hertztracing.ServerMiddleware(tracingCfg))
	h.GET("/orders/:id", func(ctx context.Context, c *app.RequestContext) {
		// ctx carries the span of this HTTP request into the Kitex call.
		resp, err := ordersClient.Echo(ctx, &echo.EchoRequest{Message: c.Param("id")})
		if err != nil {
			c.String(http.StatusBadGateway, err.Error())
			return
		}
		c.String(http.StatusOK, resp.Message+"\n")
	})
	// [/gateway]
	h.Spin()
}
