// Command generic-gateway is a small HTTP gateway: POST /rpc/:service/:method
// with a JSON body becomes a Thrift call of that method, made with a JSON
// generic client built from the service's IDL. Nothing is generated.
package main

import (
	"context"
	"errors"
	"flag"
	"log"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/cloudwego/kitex/client"
	"github.com/cloudwego/kitex/client/genericclient"
	"github.com/cloudwego/kitex/pkg/generic"
	"github.com/cloudwego/kitex/pkg/kerrors"
	"github.com/cloudwego/kitex/pkg/klog"
)

// [backends]
// backend builds a JSON generic client for one Thrift service.
func backend(name, idl, addr string) genericclient.Client {
	p, err := generic.NewThriftFileProvider(idl)
	if err != nil {
		log.Fatalf("%s: %v", idl, err)
	}
	g, err := generic.JSONThriftGeneric(p)
	if err != nil {
		log.Fatal(err)
	}
	cli, err := genericclient.NewClient(name, g, client.WithHostPorts(addr))
	if err != nil {
		log.Fatal(err)
	}
	return cli
}

// [/backends]

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address the gateway listens on")
	echoAddr := flag.String("echo", "127.0.0.1:8888", "address of the echo service")
	flag.Parse()
	klog.SetLevel(klog.LevelError)

	// [routes]
	// One generic client per service behind the gateway; adding a service
	// means adding its IDL, not rebuilding the gateway with new generated code.
	backends := map[string]genericclient.Client{
		"echo": backend("echo", "kitex/idl/echo.thrift", *echoAddr),
	}

	h := server.Default(server.WithHostPorts(*addr))
	h.POST("/rpc/:service/:method", func(ctx context.Context, c *app.RequestContext) {
		cli, ok := backends[c.Param("service")]
		if !ok {
			c.JSON(consts.StatusNotFound, utils.H{"error": "no such service"})
			return
		}
		resp, err := cli.GenericCall(ctx, c.Param("method"), string(c.Request.Body()))
		switch {
		case errors.Is(err, kerrors.ErrRemoteOrNetwork):
			// The call was made, and failed on the way or in the service.
			c.JSON(consts.StatusBadGateway, utils.H{"error": err.Error()})
		case kerrors.IsTimeoutError(err):
			c.JSON(consts.StatusGatewayTimeout, utils.H{"error": err.Error()})
		case errors.Is(err, kerrors.ErrInternalException):
			// The client could not make the call from the request: the IDL
			// has no such method.
			c.JSON(consts.StatusBadRequest, utils.H{"error": err.Error()})
		case err != nil:
			// Refused before sending: a circuit breaker, no instance to call.
			c.JSON(consts.StatusServiceUnavailable, utils.H{"error": err.Error()})
		default:
			// The generic client already returns JSON: pass it through as it is.
			c.Data(consts.StatusOK, "application/json; charset=utf-8", []byte(resp.(string)))
		}
	})
	// [/routes]
	h.Spin()
}
