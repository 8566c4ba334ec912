// Command server is one instance of the echo service. It registers itself in
// etcd under its service name, and deregisters when it stops gracefully.
package main

import (
	"context"
	"flag"
	"log"
	"net"
	"os"
	"strconv"

	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/pkg/rpcinfo"
	"github.com/cloudwego/kitex/server"
	etcd "github.com/kitex-contrib/registry-etcd"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

type instance struct{ name string }

func (i *instance) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	return &echo.EchoResponse{Message: i.name}, nil
}

func main() {
	name := flag.String("name", "a", "name of this instance, registered as a tag")
	addr := flag.String("addr", "127.0.0.1:8881", "address to listen on")
	etcdAddr := flag.String("etcd", "127.0.0.1:2379", "etcd client address")
	pidFile := flag.String("pidfile", "", "write the process id here, for `kill`")
	flag.Parse()
	klog.SetLevel(klog.LevelWarn)

	if *pidFile != "" {
		if err := os.WriteFile(*pidFile, []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// [register]
	r, err := etcd.NewEtcdRegistry([]string{*etcdAddr})
	if err != nil {
		log.Fatal(err)
	}
	svr := echoservice.NewServer(&instance{name: *name},
		server.WithServiceAddr(tcpAddr),
		// The name clients resolve, and tags stored with the address.
		server.WithServerBasicInfo(&rpcinfo.EndpointBasicInfo{
			ServiceName: "echo",
			Tags:        map[string]string{"instance": *name},
		}),
		server.WithRegistry(r),
	)
	// Run registers the server 1 s after it starts listening, and on SIGINT,
	// SIGTERM or SIGHUP deregisters it before stopping.
	if err := svr.Run(); err != nil {
		log.Fatal(err)
	}
	// [/register]
	log.Printf("instance %s stopped", *name)
}
