// Command client sends three requests at once to the http2 echo server,
// first over HTTP/2 (h2c) and then over HTTP/1.1, and counts the
// connections each protocol needed.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"sort"
	"strings"
	"sync"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/protocol"
	"github.com/hertz-contrib/http2/config"
	"github.com/hertz-contrib/http2/factory"
)

// callConcurrently sends n POST requests at the same time and returns the
// sorted answers and the number of client addresses the server saw.
func callConcurrently(c *client.Client, url string, n int) ([]string, int) {
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		answers []string
		conns   = map[string]bool{}
	)
	for i := 1; i <= n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			req, resp := protocol.AcquireRequest(), protocol.AcquireResponse()
			defer protocol.ReleaseRequest(req)
			defer protocol.ReleaseResponse(resp)
			req.SetMethod("POST")
			req.SetRequestURI(url)
			req.SetBodyString(fmt.Sprintf("ping %d", i))
			if err := c.Do(context.Background(), req, resp); err != nil {
				log.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			answers = append(answers, strings.TrimSpace(string(resp.Body())))
			conns[resp.Header.Get("X-Client-Addr")] = true
		}(i)
	}
	wg.Wait()
	sort.Strings(answers)
	return answers, len(conns)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address of the http2 echo server")
	flag.Parse()
	url := "http://" + *addr + "/echo"

	// [h2c-client]
	h2, err := client.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	// Replace the HTTP/1.1 client factory: AllowHTTP permits h2c, HTTP/2
	// over plain TCP, for http:// URLs.
	h2.SetClientFactory(factory.NewClientFactory(config.WithAllowHTTP(true)))
	// [/h2c-client]

	h1, err := client.NewClient()
	if err != nil {
		log.Fatal(err)
	}

	for _, run := range []struct {
		name string
		c    *client.Client
	}{{"HTTP/2", h2}, {"HTTP/1.1", h1}} {
		answers, conns := callConcurrently(run.c, url, 3)
		fmt.Printf("%s: 3 concurrent requests, %d connection(s)\n", run.name, conns)
		for _, a := range answers {
			fmt.Println("  " + a)
		}
	}
}
