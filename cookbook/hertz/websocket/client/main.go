// Command client opens a WebSocket connection to the echo server with
// Hertz's own HTTP client, sends three messages and closes cleanly.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/protocol"
	"github.com/hertz-contrib/websocket"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the echo server")
	flag.Parse()

	// [client]
	// The handshake is an ordinary GET request sent by an ordinary client;
	// after the 101 answer the WebSocket takes over (hijacks) its connection.
	c, err := client.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	req, resp := protocol.AcquireRequest(), protocol.AcquireResponse()
	req.SetRequestURI("http://" + *addr + "/echo")
	req.SetMethod("GET")

	u := &websocket.ClientUpgrader{}
	u.PrepareRequest(req) // Upgrade, Connection, Sec-WebSocket-Key/-Version
	if err := c.Do(context.Background(), req, resp); err != nil {
		log.Fatal(err)
	}
	conn, err := u.UpgradeResponse(req, resp) // checks the 101 and the accept key
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	fmt.Println("handshake:", resp.StatusCode(), resp.Header.Get("Upgrade"))

	for _, text := range []string{"hello", "from", "Go"} {
		if err := conn.WriteMessage(websocket.TextMessage, []byte(text)); err != nil {
			log.Fatal(err)
		}
		_, echoed, err := conn.ReadMessage()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("sent %q, got %q\n", text, echoed)
	}

	// A clean end: send a close frame and wait for the server's close frame,
	// which ReadMessage reports as a *websocket.CloseError.
	bye := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bye")
	if err := conn.WriteMessage(websocket.CloseMessage, bye); err != nil {
		log.Fatal(err)
	}
	_, _, err = conn.ReadMessage()
	fmt.Println("closed:", websocket.IsCloseError(err, websocket.CloseNormalClosure))
	// [/client]
}
