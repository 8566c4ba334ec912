package main

import (
	"context"

	"github.com/kitex-contrib/obs-opentelemetry/provider"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
)

// [telemetry]
// startTracing installs OpenTelemetry in this process: spans go over
// OTLP/gRPC to endpoint, labelled with the service and its version, and the
// W3C headers traceparent and baggage are what travels between processes.
// It must run before the tracing suites and the Hertz middleware are made:
// they take the global provider and propagator when they are created.
//
// Every request is sampled (the provider's default): the Kitex suite sends
// the trace context, and with it the baggage, only from a span that is
// recording, so an unsampled request would drop out of its lane.
func startTracing(service, version, endpoint string) (stop func()) {
	p := provider.NewOpenTelemetryProvider(
		provider.WithServiceName(service),
		provider.WithResourceAttribute(attribute.String("service.version", version)),
		provider.WithExportEndpoint(endpoint),
		provider.WithInsecure(),           // plain gRPC to the receiver
		provider.WithEnableMetrics(false), // traces only
		provider.WithTextMapPropagator(propagation.NewCompositeTextMapPropagator(
			propagation.TraceContext{}, propagation.Baggage{},
		)),
	)
	return func() { _ = p.Shutdown(context.Background()) }
}

// [/telemetry]
