package main

import (
	"context"
	"time"

	"github.com/cloudwego/kitex/client"
	kitexxds "github.com/cloudwego/kitex/pkg/xds"
	"github.com/kitex-contrib/obs-opentelemetry/tracing"
	"github.com/kitex-contrib/xds"
	"github.com/kitex-contrib/xds/core/manager"
	"github.com/kitex-contrib/xds/xdssuite"
	"go.opentelemetry.io/otel/baggage"
)

// laneMember is the member of the W3C baggage that names the lane: a request
// with the header "baggage: env=dev" is in the lane "dev".
const laneMember = "env"

// baggageOf returns the W3C baggage that reached this hop ("" outside any
// lane). OpenTelemetry carries it: the Hertz middleware reads it from the
// HTTP header, the Kitex client suite writes it into the TTHeader of every
// call, and the Kitex server suite puts it back into the handler's context.
func baggageOf(ctx context.Context) string {
	return baggage.FromContext(ctx).String()
}

// [route-meta]
// routeMeta is what the xDS router matches the headers of a route against.
// A baggage may hold several members ("env=dev,user=alice"); the lane is
// decided by the member env alone, so the route can match it exactly:
// {"baggage": "env=dev"}.
func routeMeta(ctx context.Context) map[string]string {
	member := baggage.FromContext(ctx).Member(laneMember)
	if member.Key() == "" {
		return nil
	}
	return map[string]string{"baggage": laneMember + "=" + member.Value()}
}

// [init-xds]
// [/route-meta]
// initXDS starts the process's one xDS client. Locally the control plane
// serves no Istio name table (NDS), so the client is told not to wait for
// one; under Istio, nds is true and istiod answers it.
func initXDS(controlPlane string, nds bool) error {
	return xds.Init(xds.WithXDSServerConfig(&manager.XDSServerConfig{
		SvrAddr:         controlPlane,
		NDSNotRequired:  !nds,
		FetchXDSTimeout: 3 * time.Second,
	}))
}

// xdsClientOptions makes a Kitex client route every call with xDS: the
// router middleware picks a cluster from the listener and routes of the
// destination, the resolver turns the cluster into endpoints. The
// OpenTelemetry suite makes a client span of each call and sends the trace
// context and the baggage along; it also switches the client to TTHeader,
// the transport that carries them.
func xdsClientOptions() []client.Option {
	return []client.Option{
		client.WithSuite(tracing.NewClientSuite()),
		client.WithXDSSuite(kitexxds.ClientSuite{
			RouterMiddleware: xdssuite.NewXDSRouterMiddleware(
				xdssuite.WithRouterMetaExtractor(routeMeta),
			),
			Resolver: xdssuite.NewXDSResolver(),
		}),
	}
}

// [/init-xds]
