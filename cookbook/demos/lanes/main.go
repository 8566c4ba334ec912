// Command lanes runs the traffic-lanes demo on one machine: a local xDS
// control plane (controlplane.go, rules.go), an OTLP receiver for the spans,
// and one process per service and version (./services), all on free
// 127.0.0.1 ports. It traces one request in the lane and one outside it,
// sends a bounded number of requests with and without the lane header,
// prints which versions served them, checks the result, changes the rules
// while the services keep running, checks again, and stops every process
// it started.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	services := flag.String("services", "", "services binary, built with: go build -o PATH ./services")
	receiver := flag.String("receiver", "", "OTLP receiver binary, built in the cookbook with: go build -o PATH ./tools/otlp-receiver")
	traceOut := flag.String("trace-out", "", "write the spans of the two traced requests to this JSON file")
	unmarked := flag.Int("requests", 400, "requests without the lane header, per phase")
	lane := flag.Int("lane-requests", 50, "requests with the lane header, per phase")
	timeout := flag.Duration("timeout", 90*time.Second, "give up and stop everything after this long")
	pause := flag.Bool("pause", false, "before the live change, wait until Enter is pressed")
	flag.Parse()
	if *services == "" || *receiver == "" || *unmarked < 1 || *lane < 1 {
		fmt.Fprintln(os.Stderr, "usage: lanes -services PATH -receiver PATH [-trace-out FILE] [-requests N] [-lane-requests N] [-timeout D] [-pause]")
		os.Exit(2)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	d := &demo{services: *services, receiver: *receiver, unmarked: *unmarked, lane: *lane, traceOut: *traceOut}
	if *pause {
		d.pause = os.Stdin
	}
	err := d.run(ctx)
	d.stopAll()
	stop()
	cancel()
	if err != nil {
		fmt.Println("FAIL", err)
		if d.logDir != "" {
			fmt.Println("process logs kept in", d.logDir)
		}
		os.Exit(1)
	}
	if d.logDir != "" {
		_ = os.RemoveAll(d.logDir)
	}
	fmt.Println("all checks passed")
}
