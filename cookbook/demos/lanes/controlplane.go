package main

import (
	"context"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"sync"

	cluster "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	core "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpoint "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	hcm "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	"github.com/envoyproxy/go-control-plane/pkg/cache/types"
	"github.com/envoyproxy/go-control-plane/pkg/cache/v3"
	"github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	xdsserver "github.com/envoyproxy/go-control-plane/pkg/server/v3"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// [cache]
// oneNode gives every xDS client the same snapshot. The Kitex xDS client
// names itself sidecar~IP~POD.NS~NS.svc.cluster.local, so the default
// hash (by node id) would want one snapshot per process.
type oneNode struct{}

func (oneNode) ID(*core.Node) string { return "bookinfo" }

// ControlPlane is a small ADS server: a go-control-plane snapshot cache
// behind a gRPC server on 127.0.0.1.
type ControlPlane struct {
	cache     cache.SnapshotCache
	grpc      *grpc.Server
	endpoints map[string]string // cluster name -> host:port
	version   int

	mu        sync.Mutex
	cond      *sync.Cond
	acked     map[string]string          // "<pod> <type URL>" -> last version ACKed
	requested map[string]map[string]bool // "<pod> <type URL>" -> resource names
}

// NewControlPlane listens on addr and serves snapshots built from
// endpoints (cluster name -> address of the one process behind it).
func NewControlPlane(addr string, endpoints map[string]string) (*ControlPlane, error) {
	cp := &ControlPlane{
		// ads=false: in ADS mode this cache answers only requests that name
		// every resource of the type in the snapshot, as Envoy does. The
		// Kitex client names just the resources it needs (one listener, the
		// clusters it picked), so the cache must answer partial requests.
		cache:     cache.NewSnapshotCache(false, oneNode{}, nil),
		grpc:      grpc.NewServer(),
		endpoints: endpoints,
		acked:     map[string]string{},
		requested: map[string]map[string]bool{},
	}
	cp.cond = sync.NewCond(&cp.mu)
	callbacks := xdsserver.CallbackFuncs{StreamRequestFunc: cp.onRequest}
	srv := xdsserver.NewServer(context.Background(), cp.cache, callbacks)
	discovery.RegisterAggregatedDiscoveryServiceServer(cp.grpc, srv)
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	go func() { _ = cp.grpc.Serve(lis) }()
	return cp, nil
}

// [/cache]

// [apply]
// Apply publishes a new snapshot: a listener for each service the rules
// route, the same clusters and endpoints, and the routes of the rules. Every
// connected client gets it pushed on its open stream.
func (cp *ControlPlane) Apply(rules Rules) (string, error) {
	cp.version++
	version := strconv.Itoa(cp.version)
	var listeners []types.Resource
	for _, service := range sortedKeys(rules) {
		listeners = append(listeners, xdsListener(service))
	}
	snap, err := cache.NewSnapshot(version, map[resource.Type][]types.Resource{
		resource.ListenerType: listeners,
		resource.RouteType:    routeConfigs(rules),
		resource.ClusterType:  cp.clusters(),
		resource.EndpointType: cp.loadAssignments(),
	})
	if err != nil {
		return "", err
	}
	if err := snap.Consistent(); err != nil {
		return "", err
	}
	return version, cp.cache.SetSnapshot(context.Background(), "bookinfo", snap)
}

// xdsListener is what a Kitex client looks up by the name of the service it
// calls: an HTTP connection manager whose routes come from RDS, under the
// same name.
func xdsListener(name string) *listener.Listener {
	manager, _ := anypb.New(&hcm.HttpConnectionManager{
		StatPrefix: name,
		RouteSpecifier: &hcm.HttpConnectionManager_Rds{Rds: &hcm.Rds{
			RouteConfigName: name,
			ConfigSource:    adsSource(),
		}},
	})
	return &listener.Listener{
		Name: name,
		FilterChains: []*listener.FilterChain{{Filters: []*listener.Filter{{
			Name:       "envoy.filters.network.http_connection_manager",
			ConfigType: &listener.Filter_TypedConfig{TypedConfig: manager},
		}}}},
	}
}

// [/apply]

// clusters: one per version (reviews-v1 …), endpoints from EDS.
func (cp *ControlPlane) clusters() []types.Resource {
	var out []types.Resource
	for _, name := range sortedKeys(cp.endpoints) {
		out = append(out, &cluster.Cluster{
			Name:                 name,
			ClusterDiscoveryType: &cluster.Cluster_Type{Type: cluster.Cluster_EDS},
			EdsClusterConfig:     &cluster.Cluster_EdsClusterConfig{EdsConfig: adsSource(), ServiceName: name},
		})
	}
	return out
}

// loadAssignments: the address of each version's process.
func (cp *ControlPlane) loadAssignments() []types.Resource {
	var out []types.Resource
	for _, name := range sortedKeys(cp.endpoints) {
		host, portText, _ := net.SplitHostPort(cp.endpoints[name])
		port, _ := strconv.Atoi(portText)
		out = append(out, &endpoint.ClusterLoadAssignment{
			ClusterName: name,
			Endpoints: []*endpoint.LocalityLbEndpoints{{LbEndpoints: []*endpoint.LbEndpoint{{
				// Kitex's balancer skips endpoints of weight 0 (the default).
				LoadBalancingWeight: wrapperspb.UInt32(1),
				HostIdentifier: &endpoint.LbEndpoint_Endpoint{Endpoint: &endpoint.Endpoint{
					Address: &core.Address{Address: &core.Address_SocketAddress{SocketAddress: &core.SocketAddress{
						Address: host, PortSpecifier: &core.SocketAddress_PortValue{PortValue: uint32(port)},
					}}},
				}},
			}}}},
		})
	}
	return out
}

func adsSource() *core.ConfigSource {
	return &core.ConfigSource{
		ResourceApiVersion:    core.ApiVersion_V3,
		ConfigSourceSpecifier: &core.ConfigSource_Ads{Ads: &core.AggregatedConfigSource{}},
	}
}

// podOf extracts POD from the node id sidecar~IP~POD.NS~NS.svc.DOMAIN.
func podOf(node *core.Node) string {
	parts := strings.Split(node.GetId(), "~")
	if len(parts) < 3 {
		return node.GetId()
	}
	pod, _, _ := strings.Cut(parts[2], ".")
	return pod
}

// onRequest records what each client asked for, and its ACKs: a request
// that carries a version and no error detail acknowledges that version.
func (cp *ControlPlane) onRequest(_ int64, req *discovery.DiscoveryRequest) error {
	key := podOf(req.GetNode()) + " " + req.GetTypeUrl()
	cp.mu.Lock()
	defer cp.mu.Unlock()
	if cp.requested[key] == nil {
		cp.requested[key] = map[string]bool{}
	}
	for _, name := range req.GetResourceNames() {
		cp.requested[key][name] = true
	}
	if req.GetVersionInfo() != "" && req.GetErrorDetail() == nil {
		cp.acked[key] = req.GetVersionInfo()
		cp.cond.Broadcast()
	}
	return nil
}

// Requested lists the resource names pod has asked for, by type URL.
func (cp *ControlPlane) Requested(pod, typeURL string) []string {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	return sortedKeys(cp.requested[pod+" "+typeURL])
}

// WaitACK blocks until the xDS client of every pod that has asked for route
// configurations has acknowledged version of them, or until ctx ends. It
// returns those pods.
func (cp *ControlPlane) WaitACK(ctx context.Context, version string) ([]string, error) {
	stop := context.AfterFunc(ctx, func() { cp.mu.Lock(); cp.cond.Broadcast(); cp.mu.Unlock() })
	defer stop()
	cp.mu.Lock()
	defer cp.mu.Unlock()
	for {
		var pods, behind []string
		for key := range cp.requested {
			if pod, typeURL, _ := strings.Cut(key, " "); typeURL == resource.RouteType {
				pods = append(pods, pod)
				if cp.acked[key] != version {
					behind = append(behind, pod)
				}
			}
		}
		sort.Strings(pods)
		if len(behind) == 0 {
			return pods, nil
		}
		if ctx.Err() != nil {
			sort.Strings(behind)
			return nil, fmt.Errorf("routes version %s not acknowledged by %s", version, strings.Join(behind, ", "))
		}
		cp.cond.Wait()
	}
}

// Stop closes every stream and the listener.
func (cp *ControlPlane) Stop() { cp.grpc.Stop() }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
