// Command hop is one service of a call chain. It reports the metainfo it
// received, sends a value back to its caller and, with -next, calls the next
// hop.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"sort"
	"strings"

	"github.com/bytedance/gopkg/cloud/metainfo"
	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/klog"
	"github.com/cloudwego/kitex/server"
	"github.com/cloudwego/kitex/transport"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

type hop struct {
	name string
	next echoservice.Client // nil for the last hop
}

// [handler]
func (h *hop) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	// GetAllValues returns the transient values that arrived with this call,
	// GetAllPersistentValues the persistent ones.
	seen := fmt.Sprintf("%s saw transient %s persistent %s", h.name,
		show(metainfo.GetAllValues(ctx)), show(metainfo.GetAllPersistentValues(ctx)))

	// A value for the caller only, sent back with the response.
	metainfo.SendBackwardValue(ctx, "answered-by", h.name)

	if h.next == nil {
		return &echo.EchoResponse{Message: seen}, nil
	}
	// A transient value set here reaches the next hop; the transient values
	// this hop received do not go further. Persistent values go on as they are.
	ctx = metainfo.WithValue(ctx, "caller", h.name)
	resp, err := h.next.Echo(ctx, req)
	if err != nil {
		return nil, err
	}
	return &echo.EchoResponse{Message: seen + "\n" + resp.Message}, nil
}

// [/handler]

// show prints a map with sorted keys: {k1=v1 k2=v2}.
func show(m map[string]string) string {
	pairs := make([]string, 0, len(m))
	for k, v := range m {
		pairs = append(pairs, k+"="+v)
	}
	sort.Strings(pairs)
	return "{" + strings.Join(pairs, " ") + "}"
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	name := flag.String("name", "service-a", "name reported in replies")
	next := flag.String("next", "", "address of the next hop (empty: last hop)")
	flag.Parse()
	klog.SetLevel(klog.LevelFatal)

	h := &hop{name: *name}
	if *next != "" {
		cli, err := echoservice.NewClient("next-hop",
			client.WithHostPorts(*next),
			client.WithTransportProtocol(transport.TTHeader), // carries metainfo
		)
		if err != nil {
			log.Fatal(err)
		}
		h.next = cli
	}

	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// No metainfo option is needed on the server: its metainfo handler is
	// installed by default and every transport with headers is accepted.
	svr := echoservice.NewServer(h, server.WithServiceAddr(tcpAddr))
	if err := svr.Run(); err != nil {
		log.Fatal(err)
	}
}
