package main

import (
	"context"
	"strings"
	"time"

	"github.com/bytedance/gopkg/cloud/metainfo"
	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/transmeta"
	kitexxds "github.com/cloudwego/kitex/pkg/xds"
	"github.com/cloudwego/kitex/transport"
	"github.com/kitex-contrib/xds"
	"github.com/kitex-contrib/xds/core/manager"
	"github.com/kitex-contrib/xds/xdssuite"
)

// baggageKey names the lane marker twice: it is the HTTP header a caller
// sets at productpage, and the Kitex metainfo key that carries the header's
// value across every later hop.
const baggageKey = "baggage"

// withBaggage stores the W3C baggage of an incoming HTTP request as a
// persistent metainfo value: Kitex sends persistent values in the TTHeader
// of every outgoing call, and a Kitex server puts them back into the context
// of its handler, so they travel down the whole call chain.
func withBaggage(ctx context.Context, baggage string) context.Context {
	if baggage == "" {
		return ctx
	}
	return metainfo.WithPersistentValue(ctx, baggageKey, baggage)
}

// baggageOf returns the baggage that reached this hop ("" outside any lane).
func baggageOf(ctx context.Context) string {
	v, _ := metainfo.GetPersistentValue(ctx, baggageKey)
	return v
}

// [route-meta]
// routeMeta is what the xDS router matches the headers of a route against.
// A baggage header may hold several members ("env=dev,user=alice"); the
// lane is decided by the member "env" alone, so the route can match it
// exactly: {"baggage": "env=dev"}.
func routeMeta(ctx context.Context) map[string]string {
	for _, member := range strings.Split(baggageOf(ctx), ",") {
		kv, _, _ := strings.Cut(member, ";") // drop member properties
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if ok && strings.TrimSpace(k) == "env" {
			return map[string]string{baggageKey: "env=" + strings.TrimSpace(v)}
		}
	}
	return nil
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
// destination, the resolver turns the cluster into endpoints. TTHeader is
// the transport that carries metainfo, hence the baggage.
func xdsClientOptions() []client.Option {
	return []client.Option{
		client.WithXDSSuite(kitexxds.ClientSuite{
			RouterMiddleware: xdssuite.NewXDSRouterMiddleware(
				xdssuite.WithRouterMetaExtractor(routeMeta),
			),
			Resolver: xdssuite.NewXDSResolver(),
		}),
		client.WithTransportProtocol(transport.TTHeaderFramed),
		client.WithMetaHandler(transmeta.ClientTTHeaderHandler),
	}
}

// [/init-xds]
