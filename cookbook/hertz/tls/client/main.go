// Command client calls the TLS recipe's server with Hertz's client, trusting
// the server's CA only when told where its certificate is.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/cloudwego/hertz/pkg/app/client"
)

func main() {
	url := flag.String("url", "https://127.0.0.1:8443/hello", "what to GET")
	caFile := flag.String("ca", "", "PEM file of the CA to trust; empty: the system's CAs only")
	flag.Parse()

	// [trust]
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if *caFile != "" {
		caPEM, err := os.ReadFile(*caFile)
		if err != nil {
			log.Fatal(err)
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(caPEM) {
			log.Fatalf("no certificate in %s", *caFile)
		}
		cfg.RootCAs = roots // trust this CA instead of the system's
	}
	// WithTLSConfig also switches the client to the standard-library dialer.
	c, err := client.NewClient(client.WithTLSConfig(cfg))
	// [/trust]
	if err != nil {
		log.Fatal(err)
	}
	status, body, err := c.Get(context.Background(), nil, *url)
	if err != nil {
		fmt.Println("request failed:", err)
		return
	}
	fmt.Printf("%d %s", status, body)
}
