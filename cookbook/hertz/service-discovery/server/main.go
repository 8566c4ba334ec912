// Command server is a Hertz service that registers itself in etcd under the
// name hello.hertz while it runs, and removes itself when it stops.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/app/server/registry"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/hertz-contrib/registry/etcd"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on, and to register")
	etcdAddr := flag.String("etcd", "127.0.0.1:2379", "etcd client address")
	pidFile := flag.String("pidfile", "", "write the process id here, so a script can stop the server")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)
	if *pidFile != "" {
		if err := os.WriteFile(*pidFile, []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
			log.Fatal(err)
		}
	}

	// [register]
	r, err := etcd.NewEtcdRegistry([]string{*etcdAddr})
	if err != nil {
		log.Fatal(err)
	}
	h := server.Default(
		server.WithHostPorts(*addr),
		// Spin registers this info one second after the server starts, and
		// Shutdown (on SIGINT or SIGTERM) deregisters it.
		server.WithRegistry(r, &registry.Info{
			ServiceName: "hello.hertz",
			Addr:        utils.NewNetAddr("tcp", *addr),
			Weight:      10,
			Tags:        map[string]string{"version": "v1"},
		}),
	)
	// [/register]
	h.GET("/hello", func(ctx context.Context, c *app.RequestContext) {
		c.String(consts.StatusOK, "hello from %s", *addr)
	})
	h.Spin()
	fmt.Println("server stopped")
}
