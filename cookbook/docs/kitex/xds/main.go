// Command xds shows how the xDS router of kitex-contrib/xds picks a cluster
// for a call. Instead of a control plane, it decodes one Envoy listener with
// its routes, as the xDS client does with a control plane's answer, and serves
// it from memory. Then it routes calls with different metainfo.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/bytedance/gopkg/cloud/metainfo"
	"github.com/cloudwego/kitex/pkg/rpcinfo"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	route "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	hcm "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	matcher "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"github.com/kitex-contrib/xds/core/xdsresource"
	"github.com/kitex-contrib/xds/xdssuite"
	"google.golang.org/protobuf/types/known/anypb"
)

// [routes]
// reviewsRoutes is the route configuration of the service "reviews". The
// routes are tried in order and the first match wins: a call whose router
// metadata has baggage = env=dev goes to reviews-v2, every other call to
// reviews-v1.
func reviewsRoutes() *route.RouteConfiguration {
	lane := &route.Route{
		Name: "lane",
		Match: &route.RouteMatch{
			PathSpecifier: &route.RouteMatch_Prefix{Prefix: "/"},
			Headers: []*route.HeaderMatcher{{
				Name: "baggage",
				HeaderMatchSpecifier: &route.HeaderMatcher_StringMatch{StringMatch: &matcher.StringMatcher{
					MatchPattern: &matcher.StringMatcher_Exact{Exact: "env=dev"},
				}},
			}},
		},
		Action: toCluster("reviews-v2"),
	}
	stable := &route.Route{
		Name:   "stable",
		Match:  &route.RouteMatch{PathSpecifier: &route.RouteMatch_Prefix{Prefix: "/"}},
		Action: toCluster("reviews-v1"),
	}
	return &route.RouteConfiguration{
		Name:         "reviews",
		VirtualHosts: []*route.VirtualHost{{Name: "reviews", Domains: []string{"*"}, Routes: []*route.Route{lane, stable}}},
	}
}

// [/routes]

func toCluster(name string) *route.Route_Route {
	return &route.Route_Route{Route: &route.RouteAction{
		ClusterSpecifier: &route.RouteAction_Cluster{Cluster: name},
	}}
}

// reviewsListener is the listener the client looks up by the service name
// "reviews": an HTTP connection manager, here with its routes inline.
func reviewsListener() *listener.Listener {
	manager, err := anypb.New(&hcm.HttpConnectionManager{
		StatPrefix:     "reviews",
		RouteSpecifier: &hcm.HttpConnectionManager_RouteConfig{RouteConfig: reviewsRoutes()},
	})
	if err != nil {
		log.Fatal(err)
	}
	return &listener.Listener{
		Name: "reviews",
		FilterChains: []*listener.FilterChain{{Filters: []*listener.Filter{{
			Name:       "envoy.filters.network.http_connection_manager",
			ConfigType: &listener.Filter_TypedConfig{TypedConfig: manager},
		}}}},
	}
}

// inMemory stands in for the xDS resource manager that xds.Init creates.
type inMemory map[string]*xdsresource.ListenerResource

func (m inMemory) Get(_ context.Context, t xdsresource.ResourceType, name string) (interface{}, error) {
	if res, ok := m[name]; ok && t == xdsresource.ListenerType {
		return res, nil
	}
	return nil, fmt.Errorf("no %s resource %q", xdsresource.ResourceTypeToName[t], name)
}

// [extractor]
// persistentMeta gives the router the persistent metainfo of the call.
func persistentMeta(ctx context.Context) map[string]string {
	return metainfo.GetAllPersistentValues(ctx)
}

// [/extractor]

func main() {
	raw, err := anypb.New(reviewsListener())
	if err != nil {
		log.Fatal(err)
	}
	listeners, err := xdsresource.UnmarshalLDS([]*anypb.Any{raw})
	if err != nil {
		log.Fatal(err)
	}
	_ = xdssuite.SetXDSResourceManager(inMemory(listeners))

	// [route]
	routers := []*xdssuite.XDSRouter{
		xdssuite.NewXDSRouter(), // default extractor: metainfo.GetAllValues
		xdssuite.NewXDSRouter(xdssuite.WithRouterMetaExtractor(persistentMeta)),
	}
	calls := []struct {
		name string
		ctx  context.Context
	}{
		{"no metainfo", context.Background()},
		{"transient baggage=env=dev", metainfo.WithValue(context.Background(), "baggage", "env=dev")},
		{"persistent baggage=env=dev", metainfo.WithPersistentValue(context.Background(), "baggage", "env=dev")},
	}
	// The router reads the callee's service name (the listener's name) and the
	// method path /bookinfo.ReviewsService/ListReviews from rpcinfo.
	ri := rpcinfo.NewRPCInfo(nil,
		rpcinfo.NewEndpointInfo("reviews", "ListReviews", nil, nil),
		rpcinfo.NewInvocation("ReviewsService", "ListReviews", "bookinfo"),
		rpcinfo.NewRPCConfig(), nil)

	fmt.Printf("%-28s %-18s %s\n", "call", "default extractor", "persistentMeta")
	for _, c := range calls {
		picked := make([]string, len(routers))
		for i, r := range routers {
			res, err := r.Route(c.ctx, ri)
			if err != nil {
				log.Fatal(err)
			}
			picked[i] = res.ClusterPicked
		}
		fmt.Printf("%-28s %-18s %s\n", c.name, picked[0], picked[1])
	}
	// [/route]
}
