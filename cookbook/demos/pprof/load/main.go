// Command load puts bounded load on one URL: -n requests at a fixed -rate,
// at most -c in flight, and never for longer than -max. It then prints a
// summary: how many requests succeeded, and their latencies.
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

func main() {
	// [flags]
	url := flag.String("url", "http://127.0.0.1:8888/api/hello", "URL to GET")
	n := flag.Int("n", 100, "number of requests to send")
	rate := flag.Float64("rate", 20, "requests started per second")
	conc := flag.Int("c", 4, "most requests in flight at once")
	maxTime := flag.Duration("max", 30*time.Second, "stop sending after this long, whatever -n says")
	flag.Parse()
	if *n < 1 || *rate <= 0 || *conc < 1 {
		fmt.Fprintln(os.Stderr, "load: -n, -rate and -c must be positive")
		os.Exit(2)
	}
	// [/flags]

	client := &http.Client{Timeout: 10 * time.Second}
	slots := make(chan struct{}, *conc)
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failed    int
		wg        sync.WaitGroup
	)

	start := time.Now()
	deadline := start.Add(*maxTime)
	tick := time.NewTicker(time.Duration(float64(time.Second) / *rate))
	defer tick.Stop()

	sent := 0
	for sent < *n && time.Now().Before(deadline) {
		if sent > 0 {
			<-tick.C
		}
		slots <- struct{}{}
		sent++
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			t0 := time.Now()
			ok := get(client, *url)
			d := time.Since(t0)
			mu.Lock()
			defer mu.Unlock()
			if ok {
				latencies = append(latencies, d)
			} else {
				failed++
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	fmt.Printf("requests: %d sent, %d ok, %d failed\n", sent, len(latencies), failed)
	if sent < *n {
		fmt.Printf("stopped by -max after %d of %d requests\n", sent, *n)
	}
	fmt.Printf("elapsed: %v\n", elapsed.Round(100*time.Millisecond))
	if len(latencies) > 0 {
		slices.Sort(latencies)
		var sum time.Duration
		for _, d := range latencies {
			sum += d
		}
		mean := sum / time.Duration(len(latencies))
		p95 := latencies[(len(latencies)*95+99)/100-1]
		fmt.Printf("latency: mean %v, p95 %v, max %v\n",
			round(mean), round(p95), round(latencies[len(latencies)-1]))
	}
	if failed > 0 {
		os.Exit(1)
	}
}

// get sends one GET and reports whether it was answered with 200.
func get(client *http.Client, url string) bool {
	resp, err := client.Get(url)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err == nil && resp.StatusCode == http.StatusOK
}

// round keeps latencies readable: 0.1 ms steps.
func round(d time.Duration) time.Duration {
	return d.Round(100 * time.Microsecond)
}
