// Command server serves EchoService from its Thrift IDL with a generic
// handler: no generated code on this side either.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"strings"

	"github.com/cloudwego/kitex/pkg/generic"
	"github.com/cloudwego/kitex/server"
	"github.com/cloudwego/kitex/server/genericserver"
)

// [handler]
// echoHandler receives every call as the method name and its argument in JSON.
type echoHandler struct{}

func (*echoHandler) GenericCall(ctx context.Context, method string, request interface{}) (interface{}, error) {
	var req map[string]interface{}
	if err := json.Unmarshal([]byte(request.(string)), &req); err != nil {
		return nil, err
	}
	// The fields of request come in no fixed order; json.Marshal sorts a map's keys.
	seen, _ := json.Marshal(req)
	fmt.Println(method, string(seen))
	message, _ := req["message"].(string)
	reply, err := json.Marshal(map[string]string{"message": strings.ToUpper(message) + " (generic)"})
	return string(reply), err
}

// [/handler]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()

	tcpAddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// [server]
	p, err := generic.NewThriftFileProvider("kitex/idl/echo.thrift")
	if err != nil {
		log.Fatal(err)
	}
	g, err := generic.JSONThriftGeneric(p)
	if err != nil {
		log.Fatal(err)
	}
	svr := genericserver.NewServer(new(echoHandler), g, server.WithServiceAddr(tcpAddr))
	// [/server]
	if err := svr.Run(); err != nil {
		log.Fatal(err)
	}
}
