// Command client finds the echo service in etcd, spreads calls over its
// instances, and watches an instance leave when it is stopped.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/discovery"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/loadbalance"
	"github.com/cloudwego/kitex/pkg/loadbalance/lbcache"
	etcd "github.com/kitex-contrib/registry-etcd"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

// awaitInstances resolves the service until it has n instances, for at most 10 s:
// a server registers itself 1 s after it starts.
func awaitInstances(r discovery.Resolver, service string, n int) {
	var last error
	for i := 0; i < 200; i++ {
		res, err := r.Resolve(context.Background(), service)
		if err == nil && len(res.Instances) == n {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	log.Fatalf("%s did not reach %d instances in etcd within 10 s (last error: %v)", service, n, last)
}

// spread makes n calls and returns how many each instance answered, sorted by name.
func spread(cli echoservice.Client, n int) (string, int) {
	counts := map[string]int{}
	failed := 0
	for i := 0; i < n; i++ {
		resp, err := cli.Echo(context.Background(), &echo.EchoRequest{Message: "hi"})
		if err != nil {
			failed++
			continue
		}
		counts[resp.Message]++
	}
	var parts []string
	for name, c := range counts {
		parts = append(parts, fmt.Sprintf("%s=%d", name, c))
	}
	sort.Strings(parts)
	return strings.Join(parts, " "), failed
}

func main() {
	etcdAddr := flag.String("etcd", "127.0.0.1:2379", "etcd client address")
	stopPID := flag.String("stop", "", "file with the process id of an instance to stop with SIGTERM")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	// [resolve]
	r, err := etcd.NewEtcdResolver([]string{*etcdAddr})
	if err != nil {
		log.Fatal(err)
	}
	cli := echoservice.MustNewClient("echo",
		client.WithResolver(r),
		// Resolve again every 200 ms instead of every 5 s, so that the demo
		// sees changes quickly.
		client.WithLoadBalancer(loadbalance.NewWeightedRoundRobinBalancer(),
			&lbcache.Options{RefreshInterval: 200 * time.Millisecond, Cacheable: true}),
	)
	// [/resolve]

	// [missing]
	fmt.Println("a service nobody registered:")
	nobody := echoservice.MustNewClient("payments", client.WithResolver(r))
	_, err = nobody.Echo(context.Background(), &echo.EchoRequest{Message: "hi"})
	fmt.Println(" ", err)
	// [/missing]

	awaitInstances(r, "echo", 2)
	answers, failed := spread(cli, 10)
	fmt.Printf("10 calls to echo: %s, failed=%d\n", answers, failed)

	if *stopPID == "" {
		return
	}
	pidText, err := os.ReadFile(*stopPID)
	if err != nil {
		log.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(pidText)))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("SIGTERM to the instance in", *stopPID)
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		log.Fatal(err)
	}
	// Keep calling until 10 calls in a row reach the same single instance.
	total := 0
	for i := 0; i < 100; i++ {
		answers, failed = spread(cli, 10)
		total += failed
		if failed == 0 && !strings.Contains(answers, " ") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Printf("then 10 calls to echo: %s\n", answers)
	fmt.Println("calls that failed while the instance left:", total)
}
