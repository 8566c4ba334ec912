package main

import (
	"fmt"
	"strings"
	"time"

	route "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	matcher "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"github.com/envoyproxy/go-control-plane/pkg/cache/types"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// The lane: requests whose baggage holds env=dev. The Kitex router matches
// the route's header against the map returned by the services' meta
// extractor (routeMeta in services/lane.go): {"baggage": "env=dev"}.
const (
	laneHeader = "baggage"
	laneMarker = "env=dev"
)

// Route is how the calls to one service are routed: the version that
// requests in the lane go to, and the weights by which every other request is
// split among versions.
type Route struct {
	Lane   string            // "" for no lane route
	Stable map[string]uint32 // version -> weight
}

// Rules holds a Route for each service called through xDS.
type Rules map[string]Route

// firstRules are the rules of the original demo: the lane tries v2 of
// reviews and ratings; other traffic stays on v1, and a fifth of it sees
// reviews v3.
var firstRules = Rules{
	"reviews": {Lane: "v2", Stable: map[string]uint32{"v1": 80, "v3": 20}},
	"ratings": {Lane: "v2", Stable: map[string]uint32{"v1": 100}},
	"details": {Stable: map[string]uint32{"v1": 100}},
}

// secondRules are pushed while everything runs: v2 of reviews and ratings
// goes to everyone, and the lane now leads back to v1 of both.
var secondRules = Rules{
	"reviews": {Lane: "v1", Stable: map[string]uint32{"v2": 100}},
	"ratings": {Lane: "v1", Stable: map[string]uint32{"v2": 100}},
	"details": {Stable: map[string]uint32{"v1": 100}},
}

// routeConfigs is the RDS part of a snapshot: one route configuration per
// service, named after it, with the lane route first, because the first
// route that matches wins.
func routeConfigs(rules Rules) []types.Resource {
	var out []types.Resource
	for _, service := range sortedKeys(rules) {
		r := rules[service]
		var routes []*route.Route
		if r.Lane != "" {
			routes = append(routes, laneRoute(service+"-"+r.Lane))
		}
		routes = append(routes, stableRoute(service, r.Stable))
		out = append(out, routeConfig(service, routes...))
	}
	return out
}

// laneRoute sends every request whose router metadata has
// baggage = env=dev to one cluster.
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

// stableRoute matches every request and splits it by weight among the
// clusters of the service's versions.
func stableRoute(service string, weights map[string]uint32) *route.Route {
	var clusters []*route.WeightedCluster_ClusterWeight
	for _, version := range sortedKeys(weights) {
		clusters = append(clusters, &route.WeightedCluster_ClusterWeight{
			Name: service + "-" + version, Weight: wrapperspb.UInt32(weights[version]),
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

// String reads "lane -> v2, others -> v1 80 % / v3 20 %".
func (r Route) String() string {
	var split []string
	for _, version := range sortedKeys(r.Stable) {
		split = append(split, fmt.Sprintf("%s %d %%", version, r.Stable[version]))
	}
	others := strings.Join(split, " / ")
	if len(r.Stable) == 1 {
		others = sortedKeys(r.Stable)[0]
	}
	if r.Lane == "" {
		return "all -> " + others
	}
	return "lane -> " + r.Lane + ", others -> " + others
}
