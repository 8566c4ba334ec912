// Command client reads the /feed event stream with Hertz's SSE reader. It
// drops the connection after the second event, as a flaky network would,
// and reconnects with Last-Event-ID so that no event is lost or repeated.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/protocol"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/cloudwego/hertz/pkg/protocol/sse"
)

var errDropped = errors.New("connection dropped")

// [subscribe]
// subscribe reads one connection's worth of events. It returns the id of the
// last event seen, the retry delay the server asked for, and whether the
// server said there is nothing more (204).
func subscribe(c *client.Client, url, lastID string, dropAfter int) (string, time.Duration, bool) {
	req, resp := protocol.AcquireRequest(), protocol.AcquireResponse()
	defer protocol.ReleaseRequest(req)
	defer protocol.ReleaseResponse(resp)
	req.SetMethod(consts.MethodGet)
	req.SetRequestURI(url)
	sse.AddAcceptMIME(req) // Accept: text/event-stream
	if lastID != "" {
		sse.SetLastEventID(req, lastID)
	}
	if err := c.Do(context.Background(), req, resp); err != nil {
		log.Fatal(err)
	}
	if resp.StatusCode() == consts.StatusNoContent {
		return lastID, 0, true
	}

	r, err := sse.NewReader(resp) // fails unless the answer is text/event-stream
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()

	var retry time.Duration
	seen := 0
	err = r.ForEach(context.Background(), func(e *sse.Event) error {
		if e.IsSetRetry() {
			retry = e.Retry
		}
		if !e.IsSetData() {
			return nil // a retry-only event carries no update
		}
		fmt.Printf("  id=%s event=%s data=%s\n", e.ID, e.Type, e.Data)
		if seen++; seen == dropAfter {
			return errDropped
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDropped) {
		log.Fatal(err)
	}
	if errors.Is(err, errDropped) {
		fmt.Println("  (connection dropped)")
	}
	// The reader remembers the last id it read, even from a dropped stream.
	return r.LastEventID(), retry, false
}

// [/subscribe]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the streaming server")
	flag.Parse()

	// [reconnect]
	// WithResponseBodyStream makes Do return as soon as the headers arrive,
	// so events are read while the server is still writing.
	c, err := client.NewClient(client.WithResponseBodyStream(true))
	if err != nil {
		log.Fatal(err)
	}
	url := "http://" + *addr + "/feed"
	lastID, dropAfter := "", 2
	for attempt := 1; attempt <= 5; attempt++ {
		fmt.Printf("connect %d, Last-Event-ID=%q\n", attempt, lastID)
		id, retry, done := subscribe(c, url, lastID, dropAfter)
		if done {
			fmt.Println("204 No Content: the feed is complete")
			return
		}
		lastID, dropAfter = id, 0 // drop only the first connection
		fmt.Printf("reconnect in %s\n", retry)
		time.Sleep(retry)
	}
	log.Fatal("gave up after 5 connections")
	// [/reconnect]
}
