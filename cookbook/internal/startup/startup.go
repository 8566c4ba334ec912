// Package startup lets a demo program that runs its own server in the
// background send its first request only once that server is listening.
package startup

import (
	"log"
	"net"
	"time"
)

const (
	wait     = 10 * time.Second      // a server that is not up by then has failed
	interval = 20 * time.Millisecond // between attempts to connect
	attempts = int(wait / interval)  // so the loop is bounded in count as well as time
)

// Serve calls run (a server's blocking Run method) in the background and
// returns once addr accepts connections. The program ends, with the reason,
// if run fails or nothing listens at addr within 10 seconds.
func Serve(run func() error, addr string) {
	go func() {
		if err := run(); err != nil {
			log.Fatal(err)
		}
	}()
	AwaitListener(addr)
}

// AwaitListener returns once something accepts TCP connections at addr, and
// ends the program if nothing does within 10 seconds.
func AwaitListener(addr string) {
	deadline := time.Now().Add(wait)
	for i := 0; i < attempts && time.Now().Before(deadline); i++ {
		if conn, err := net.DialTimeout("tcp", addr, interval); err == nil {
			conn.Close()
			return
		}
		time.Sleep(interval)
	}
	log.Fatalf("nothing accepts connections at %s after %s", addr, wait)
}
