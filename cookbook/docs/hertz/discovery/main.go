// Command discovery runs two instances of a service in one process and calls
// them through Hertz's service discovery middleware with a resolver written
// in a few lines, which picks instances by a "zone" tag of the request.
package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/app/client/discovery"
	"github.com/cloudwego/hertz/pkg/app/middlewares/client/sd"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/config"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol/consts"

	"cookbook/internal/startup"
)

// [resolver]
// zoneResolver knows the instances of "greeter" and returns those in the
// zone the request asks for (all of them when it names none).
func zoneResolver(zones map[string]string) discovery.Resolver {
	return discovery.SynthesizedResolver{
		// The name and the target are cache keys: give every resolver a name,
		// and make the target differ for every answer that can differ.
		NameFunc: func() string { return "zones" },
		TargetFunc: func(ctx context.Context, t *discovery.TargetInfo) string {
			return t.Host + "|" + t.Tags["zone"]
		},
		ResolveFunc: func(ctx context.Context, key string) (discovery.Result, error) {
			service, zone, _ := strings.Cut(key, "|")
			var found []discovery.Instance
			for addr, z := range zones {
				if service == "greeter" && (zone == "" || zone == z) {
					found = append(found, discovery.NewInstance("tcp", addr, 10, map[string]string{"zone": z}))
				}
			}
			return discovery.Result{CacheKey: key, Instances: found}, nil
		},
	}
}

// [/resolver]

func main() {
	a := flag.String("a", "127.0.0.1:8891", "address of the instance in zone a")
	b := flag.String("b", "127.0.0.1:8892", "address of the instance in zone b")
	flag.Parse()
	hlog.SetLevel(hlog.LevelFatal) // the balancer logs each call that finds no instance

	for addr, zone := range map[string]string{*a: "a", *b: "b"} {
		h := server.New(server.WithHostPorts(addr), server.WithDisablePrintRoute(true))
		h.GET("/hello", func(ctx context.Context, c *app.RequestContext) {
			c.String(consts.StatusOK, "hello from zone %s", zone)
		})
		startup.Serve(h.Run, addr)
	}

	// [call]
	c, err := client.NewClient()
	if err != nil {
		panic(err)
	}
	c.Use(sd.Discovery(zoneResolver(map[string]string{*a: "a", *b: "b"})))

	for _, call := range []struct{ url, zone string }{
		{"http://greeter/hello", "a"},
		{"http://greeter/hello", "b"},
		{"http://nobody/hello", "a"},
	} {
		status, body, err := c.Get(context.Background(), nil, call.url,
			config.WithSD(true), config.WithTag("zone", call.zone))
		fmt.Printf("%s zone=%s: %d %s err=%v\n", call.url, call.zone, status, body, err)
	}
	// [/call]
}
