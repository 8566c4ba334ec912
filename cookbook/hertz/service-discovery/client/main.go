// Command client calls the service hello.hertz by name: a Hertz client with
// the service discovery middleware asks etcd for its instances.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/app/client/discovery"
	"github.com/cloudwego/hertz/pkg/app/client/loadbalance"
	"github.com/cloudwego/hertz/pkg/app/middlewares/client/sd"
	"github.com/cloudwego/hertz/pkg/common/config"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/hertz-contrib/registry/etcd"
)

const service = "hello.hertz"

// [resolve]
// instances asks the resolver directly, as the middleware does on a refresh.
func instances(ctx context.Context, r discovery.Resolver) []string {
	res, err := r.Resolve(ctx, r.Target(ctx, &discovery.TargetInfo{Host: service}))
	if err != nil {
		log.Fatal(err)
	}
	var addrs []string
	for _, in := range res.Instances {
		addrs = append(addrs, in.Address().String())
	}
	return addrs
}

// [/resolve]

// waitFor polls until the service has (up) or has no (down) instances.
// Registration and deregistration are asynchronous, so a script waits; the
// wait is bounded, so a broken setup fails instead of hanging.
func waitFor(ctx context.Context, r discovery.Resolver, up bool) []string {
	for i := 0; i < 100; i++ {
		if addrs := instances(ctx, r); (len(addrs) > 0) == up {
			return addrs
		}
		time.Sleep(100 * time.Millisecond)
	}
	log.Fatalf("%s did not become %v within 10s", service, map[bool]string{true: "available", false: "unavailable"}[up])
	return nil
}

func main() {
	etcdAddr := flag.String("etcd", "127.0.0.1:2379", "etcd client address")
	gone := flag.Bool("gone", false, "wait until the service has no instance left, then call it once")
	flag.Parse()
	// The load balancer logs an error of its own for every call that finds no
	// instance; the program prints the outcome itself.
	hlog.SetLevel(hlog.LevelFatal)
	ctx := context.Background()

	// [client]
	r, err := etcd.NewEtcdResolver([]string{*etcdAddr})
	if err != nil {
		log.Fatal(err)
	}
	c, err := client.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	// The middleware caches what the resolver returns and refreshes it every
	// RefreshInterval (5 s by default; 200 ms here for the demo).
	c.Use(sd.Discovery(r, sd.WithLoadBalanceOptions(
		loadbalance.NewWeightedBalancer(),
		loadbalance.Options{RefreshInterval: 200 * time.Millisecond, ExpireInterval: 15 * time.Second},
	)))
	// [/client]

	fmt.Printf("%s instances: [%s]\n", service, strings.Join(waitFor(ctx, r, !*gone), " "))

	// [call]
	// The host of the URL is the service name; WithSD(true) marks the
	// request for the discovery middleware, which picks an instance.
	status, body, err := c.Get(ctx, nil, "http://"+service+"/hello",
		config.WithSD(true))
	// [/call]
	if err != nil {
		fmt.Printf("GET http://%s/hello: error: %v\n", service, err)
		return
	}
	fmt.Printf("GET http://%s/hello: %d %s\n", service, status, body)
}
