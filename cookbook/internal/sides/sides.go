// Package sides lets a demo that runs a server and its client in one process
// print what the server saw next to what the client saw, in a fixed order.
package sides

import (
	"fmt"
	"log"
	"time"
)

// Reports carries what the handlers observe. It has no buffer: a handler that
// reports waits until the report is taken, so a stalled handler cannot end
// its stream before the client has seen its own timeout.
type Reports chan string

// New returns Reports without a buffer.
func New() Reports { return make(Reports) }

// Seen is the handlers' side: it hands over one report.
func (r Reports) Seen(event string) { r <- event }

// Expect takes the server's next report in the background, for handlers that
// report and then go on to end the stream the client is waiting for.
func (r Reports) Expect() <-chan string {
	report := make(chan string, 1)
	go func() { report <- <-r }()
	return report
}

// Print prints a report taken by Expect, waiting at most 5 s for it.
func Print(report <-chan string) {
	select {
	case event := <-report:
		fmt.Println("  server:", event)
	case <-time.After(5 * time.Second):
		log.Fatal("the server reported nothing within 5 s")
	}
}
