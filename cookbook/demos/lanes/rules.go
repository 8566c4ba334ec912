package main

import (
	"time"

	route "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	matcher "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"github.com/envoyproxy/go-control-plane/pkg/cache/types"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// The lane: requests whose baggage header holds env=dev. The Kitex router
// matches the route's header against the map returned by the services'
// meta extractor (routeMeta in services/lane.go): {"baggage": "env=dev"}.
const (
	laneHeader = "baggage"
	laneMarker = "env=dev"
)

// Lanes says which version of each service the lane goes to. Everything
// outside the lane keeps the stable rule of stableRoute.
type Lanes struct {
	Reviews string // v2 at start, switched live by the demo
	Ratings string
}

// routeConfigs is the RDS part of a snapshot: one route configuration per
// service called through xDS, named after the service.
func routeConfigs(lanes Lanes) []types.Resource {
	return []types.Resource{
		routeConfig("reviews",
			laneRoute("reviews-"+lanes.Reviews),
			stableRoute(map[string]uint32{"reviews-v1": 80, "reviews-v3": 20}),
		),
		routeConfig("ratings",
			laneRoute("ratings-"+lanes.Ratings),
			stableRoute(map[string]uint32{"ratings-v1": 100}),
		),
	}
}

// laneRoute sends every request whose router metadata has
// baggage = env=dev to one cluster. It comes first: the first route that
// matches wins.
func laneRoute(cluster string) *route.Route {
	return &route.Route{
		Name: "lane",
		Match: &route.RouteMatch{
			PathSpecifier: &route.RouteMatch_Prefix{Prefix: "/"},
			Headers: []*route.HeaderMatcher{{
				Name: laneHeader,
				HeaderMatchSpecifier: &route.HeaderMatcher_StringMatch{
					StringMatch: &matcher.StringMatcher{
						MatchPattern: &matcher.StringMatcher_Exact{Exact: laneMarker},
					},
				},
			}},
		},
		Action: &route.Route_Route{Route: &route.RouteAction{
			ClusterSpecifier: &route.RouteAction_Cluster{Cluster: cluster},
			Timeout:          durationpb.New(time.Second),
		}},
	}
}

// stableRoute matches every request and splits it by weight.
func stableRoute(weights map[string]uint32) *route.Route {
	var clusters []*route.WeightedCluster_ClusterWeight
	for _, name := range sortedKeys(weights) {
		clusters = append(clusters, &route.WeightedCluster_ClusterWeight{
			Name: name, Weight: wrapperspb.UInt32(weights[name]),
		})
	}
	return &route.Route{
		Name:  "stable",
		Match: &route.RouteMatch{PathSpecifier: &route.RouteMatch_Prefix{Prefix: "/"}},
		Action: &route.Route_Route{Route: &route.RouteAction{
			ClusterSpecifier: &route.RouteAction_WeightedClusters{
				WeightedClusters: &route.WeightedCluster{Clusters: clusters},
			},
			Timeout: durationpb.New(time.Second),
		}},
	}
}

func routeConfig(name string, routes ...*route.Route) *route.RouteConfiguration {
	return &route.RouteConfiguration{
		Name: name,
		VirtualHosts: []*route.VirtualHost{{
			Name: name, Domains: []string{"*"}, Routes: routes,
		}},
	}
}
