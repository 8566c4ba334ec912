// Package telemetry sets up OpenTelemetry tracing for the services of the
// observability recipe.
package telemetry

import (
	"context"

	"github.com/kitex-contrib/obs-opentelemetry/provider"
)

// [setup]
// Start makes OpenTelemetry send this process's spans over OTLP/gRPC to
// endpoint, as the service named service. It must run before the tracing
// suites and middleware are created: they take the global tracer provider
// and propagator when they are made. Call the returned function on exit to
// send the spans still buffered.
func Start(service, endpoint string) (stop func()) {
	p := provider.NewOpenTelemetryProvider(
		provider.WithServiceName(service),
		provider.WithExportEndpoint(endpoint),
		provider.WithInsecure(),           // plain gRPC: the receiver has no TLS
		provider.WithEnableMetrics(false), // metrics go to Prometheus instead
	)
	return func() { _ = p.Shutdown(context.Background()) }
}

// [/setup]
