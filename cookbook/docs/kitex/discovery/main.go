// Command discovery starts a few instances of the echo service, lists them in
// a resolver of its own, and shows how a client spreads calls over them: with
// the default weighted round robin, with consistent hashing, and with a fixed
// address for a single call.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"strings"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/client/callopt"
	"github.com/cloudwego/kitex/pkg/discovery"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/loadbalance"
	"github.com/cloudwego/kitex/pkg/rpcinfo"
	"github.com/cloudwego/kitex/server"

	"cookbook/internal/startup"
	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

// [registry]
// registry is a resolver backed by a map: service name -> instances.
// A resolver for etcd, Nacos, Consul or xDS answers the same four questions.
type registry map[string][]discovery.Instance

// Target names the cache entry for a callee; here, one entry per service.
func (r registry) Target(ctx context.Context, target rpcinfo.EndpointInfo) string {
	return target.ServiceName()
}

// Resolve returns the instances for a name that Target returned.
func (r registry) Resolve(ctx context.Context, key string) (discovery.Result, error) {
	instances, ok := r[key]
	if !ok {
		return discovery.Result{}, fmt.Errorf("no service called %q", key)
	}
	return discovery.Result{Cacheable: true, CacheKey: key, Instances: instances}, nil
}

// Diff tells the load balancer what changed when Kitex resolves again.
func (r registry) Diff(key string, prev, next discovery.Result) (discovery.Change, bool) {
	return discovery.DefaultDiff(key, prev, next)
}

// Name identifies the resolver; Kitex uses it in cache keys.
func (r registry) Name() string { return "map-registry" }

// [/registry]

// instanceHandler answers with the address it listens on.
type instanceHandler struct{ addr string }

func (h *instanceHandler) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	return &echo.EchoResponse{Message: h.addr}, nil
}

// [key]
// byMessage is the key function of the consistent-hash balancer: calls with
// the same message go to the same instance.
func byMessage(ctx context.Context, request interface{}) string {
	return request.(*echo.EchoServiceEchoArgs).Req.Message
}

// [/key]

func main() {
	list := flag.String("instances", "127.0.0.1:8891,127.0.0.1:8892", "addresses of the instances to start")
	flag.Parse()
	klog.SetLevel(klog.LevelWarn)

	addrs := strings.Split(*list, ",")
	var instances []discovery.Instance
	for i, addr := range addrs {
		startInstance(addr)
		weight := 10 * (i + 1) // 10, 20, ...
		instances = append(instances, discovery.NewInstance("tcp", addr, weight, nil))
	}
	reg := registry{"echo": instances}

	// [calls]
	// 1. Resolver only: the default load balancer is weighted round robin.
	rr := echoservice.MustNewClient("echo", client.WithResolver(reg))
	calls := 6
	answered := map[string]int{}
	for i := 0; i < calls; i++ {
		answered[call(rr, "ping")]++
	}
	fmt.Println("weighted round robin (the default):")
	for i, addr := range addrs {
		fmt.Printf("  %s (weight %d) answered %d of %d calls\n",
			addr, instances[i].Weight(), answered[addr], calls)
	}

	// 2. Consistent hashing: the key decides the instance.
	ch := echoservice.MustNewClient("echo",
		client.WithResolver(reg),
		client.WithLoadBalancer(loadbalance.NewConsistBalancer(
			loadbalance.NewConsistentHashOption(byMessage))),
	)
	fmt.Println("consistent hashing on the message:")
	for _, key := range []string{"alice", "bob", "carol"} {
		seen := map[string]bool{}
		for i := 0; i < 3; i++ {
			seen[call(ch, key)] = true
		}
		fmt.Printf("  %-8q 3 calls, all to one instance: %v\n", key, len(seen) == 1)
	}

	// 3. A call option skips discovery and load balancing for one call.
	last := addrs[len(addrs)-1]
	resp, err := rr.Echo(context.Background(), &echo.EchoRequest{Message: "direct"},
		callopt.WithHostPort(last))
	// [/calls]
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("callopt.WithHostPort for one call:")
	fmt.Println("  answered by", resp.Message)
}

// call sends one request and returns the address of the instance that answered.
func call(cli echoservice.Client, msg string) string {
	resp, err := cli.Echo(context.Background(), &echo.EchoRequest{Message: msg})
	if err != nil {
		log.Fatal(err)
	}
	return resp.Message
}

// startInstance runs an echo server on addr and waits until it accepts connections.
func startInstance(addr string) {
	tcpAddr, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	svr := echoservice.NewServer(&instanceHandler{addr: addr}, server.WithServiceAddr(tcpAddr))
	startup.Serve(svr.Run, addr)
}
