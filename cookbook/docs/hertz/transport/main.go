// Command transport starts a Hertz server on the network transport chosen
// with -transport (standard or netpoll) and reports which one is in use.
package main

import (
	"context"
	"flag"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/config"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/network/netpoll"
	"github.com/cloudwego/hertz/pkg/network/standard"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	transport := flag.String("transport", "standard", "network transport: standard or netpoll")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	// [transport]
	opts := []config.Option{server.WithHostPorts(*addr)}
	switch *transport {
	case "standard":
		// Go's net package: works on every platform, supports TLS directly.
		opts = append(opts, server.WithTransport(standard.NewTransporter))
	case "netpoll":
		// CloudWeGo's netpoll: Linux and macOS on amd64/arm64 only.
		opts = append(opts, server.WithTransport(netpoll.NewTransporter))
	default:
		hlog.Fatalf("unknown transport %q", *transport)
	}
	h := server.New(opts...)
	// [/transport]

	h.GET("/transport", func(ctx context.Context, c *app.RequestContext) {
		c.JSON(consts.StatusOK, utils.H{"transport": h.GetTransporterName()})
	})
	h.Spin()
}
