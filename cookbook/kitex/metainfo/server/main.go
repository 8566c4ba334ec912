// Command server is one hop of a call chain. It reports the metainfo values
// it received and, when -next is set, calls the next hop with its own context.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"

	"github.com/bytedance/gopkg/cloud/metainfo"
	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/pkg/transmeta"
	"github.com/cloudwego/kitex/server"
	"github.com/cloudwego/kitex/transport"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

type hopHandler struct {
	name string
	next echoservice.Client // nil for the last hop
}

func (h *hopHandler) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	tenant, _ := metainfo.GetValue(ctx, "tenant")
	traceTag, _ := metainfo.GetPersistentValue(ctx, "trace-tag")
	seen := fmt.Sprintf("%s saw tenant=%q trace-tag=%q", h.name, tenant, traceTag)
	if h.next == nil {
		return &echo.EchoResponse{Message: seen}, nil
	}
	// Pass the incoming ctx on: Kitex forwards what should travel further.
	resp, err := h.next.Echo(ctx, req)
	if err != nil {
		return nil, err
	}
	return &echo.EchoResponse{Message: seen + "\n" + resp.Message}, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	name := flag.String("name", "service-a", "name reported in replies")
	next := flag.String("next", "", "address of the next hop (empty: last hop)")
	flag.Parse()

	h := &hopHandler{name: *name}
	if *next != "" {
		cli, err := echoservice.NewClient("next-hop",
			client.WithHostPorts(*next),
			client.WithTransportProtocol(transport.TTHeader), // needed for metainfo
			client.WithMetaHandler(transmeta.ClientTTHeaderHandler),
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
	svr := echoservice.NewServer(h,
		server.WithServiceAddr(tcpAddr),
		server.WithMetaHandler(transmeta.ServerTTHeaderHandler),
	)
	if err := svr.Run(); err != nil {
		log.Fatal(err)
	}
}
