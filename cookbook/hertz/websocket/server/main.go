// Command server upgrades GET /echo to a WebSocket connection and sends every
// message back to the client that sent it.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/hertz-contrib/websocket"
)

// [echo]
// The zero HertzUpgrader accepts requests without an Origin header or from
// the server's own host, and negotiates no subprotocol or compression.
var upgrader = websocket.HertzUpgrader{}

func echo(ctx context.Context, c *app.RequestContext) {
	err := upgrader.Upgrade(c, func(conn *websocket.Conn) {
		// This function runs after the handler returned, on the hijacked
		// connection, until the client goes away.
		for {
			kind, msg, err := conn.ReadMessage()
			if err != nil {
				if !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
					log.Printf("read: %v", err)
				}
				return
			}
			if err := conn.WriteMessage(kind, msg); err != nil {
				log.Printf("write: %v", err)
				return
			}
		}
	})
	if err != nil {
		// Not a WebSocket handshake: Upgrade has already answered with 4xx.
		log.Printf("upgrade: %v", err)
	}
}

// [/echo]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	// [server]
	h := server.Default(server.WithHostPorts(*addr))
	// Hijacked connections belong to the WebSocket handler until it
	// returns; do not recycle their wrappers through Hertz's pool.
	h.NoHijackConnPool = true
	h.GET("/echo", echo)
	// [/server]
	h.Spin()
}
