// Command services runs one process of the traffic-lanes demo: productpage,
// reviews, ratings or details, in one version. The demo driver (../main.go)
// starts one process per service and version; under Kubernetes each
// Deployment runs one (k8s/bookinfo.yaml).
package main

import (
	"flag"
	"log"
)

func main() {
	var cfg serviceConfig
	flag.StringVar(&cfg.Service, "service", "", "productpage, reviews, ratings or details")
	flag.StringVar(&cfg.Version, "version", "v1", "version of the service")
	flag.StringVar(&cfg.Addr, "addr", "127.0.0.1:9080", "listen address")
	flag.StringVar(&cfg.XDS, "xds", "127.0.0.1:15010", "xDS (ADS) server address")
	flag.BoolVar(&cfg.NDS, "nds", false, "wait for Istio's name table (NDS) before routing")
	flag.StringVar(&cfg.OTLP, "otlp", "127.0.0.1:4317", "OTLP/gRPC address that receives the spans")
	flag.StringVar(&cfg.Reviews, "reviews", "reviews", "xDS name of the reviews service")
	flag.StringVar(&cfg.Ratings, "ratings", "ratings", "xDS name of the ratings service")
	flag.StringVar(&cfg.Details, "details", "details", "xDS name of the details service")
	flag.Parse()
	if err := runService(cfg); err != nil {
		log.Fatal(err)
	}
}
