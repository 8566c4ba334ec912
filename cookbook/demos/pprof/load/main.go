// Command load puts a fixed load on one URL for -duration: -c workers, each
// sending its next request once the last one was answered, together at most
// -rate requests per second. Two runs with the same flags are the same load,
// whatever the service does with it: a slow service answers fewer requests
// than the rate allows, a fast one all of them. It then prints the load, how
// many requests were answered and their latencies.
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
	workers := flag.Int("c", 2, "requests in flight at once")
	rate := flag.Int("rate", 2000, "requests started per second, at most")
	duration := flag.Duration("duration", 3*time.Second, "how long to keep sending")
	flag.Parse()
	if *workers < 1 || *rate < 1 || *duration <= 0 {
		fmt.Fprintln(os.Stderr, "load: -c, -rate and -duration must be positive")
		os.Exit(2)
	}
	// [/flags]

	client := &http.Client{Timeout: 10 * time.Second}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failed    int
		wg        sync.WaitGroup
	)
	// A ticker's channel holds one tick: a worker that is late does not
	// make up for it with a burst.
	tick := time.NewTicker(time.Second / time.Duration(*rate))
	defer tick.Stop()
	stop := time.Now().Add(*duration)
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				<-tick.C
				if !time.Now().Before(stop) {
					return
				}
				t0 := time.Now()
				ok := get(client, *url)
				d := time.Since(t0)
				mu.Lock()
				if ok {
					latencies = append(latencies, d)
				} else {
					failed++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()

	fmt.Printf("load: %d in flight, at most %d per second, for %v\n", *workers, *rate, *duration)
	fmt.Printf("requests: %d ok, %d failed\n", len(latencies), failed)
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
	if failed > 0 || len(latencies) == 0 {
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

// round keeps latencies readable: 0.1 ms steps, or 1 µs below a millisecond.
func round(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(100 * time.Microsecond)
}
