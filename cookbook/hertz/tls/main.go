// Command tls serves HTTPS with a certificate made when it starts: a private
// certificate authority (CA) signs a certificate for 127.0.0.1. Only the CA's
// certificate is written to disk, so that clients can choose to trust it; no
// private key ever leaves the process.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"log"
	"math/big"
	"net"
	"os"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/network"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

// [certs]
// newCertificates makes a CA and a server certificate for the given IP,
// signed by that CA. It returns the server's key pair and the CA certificate
// in PEM form, which is what a client needs to verify the server.
func newCertificates(ip net.IP) (tls.Certificate, []byte, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	now := time.Now()
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "cookbook demo CA"},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, nil, err
	}

	serverKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serverTemplate := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: ip.String()},
		// Clients check the address they dialled against these names.
		IPAddresses: []net.IP{ip},
		NotBefore:   now.Add(-time.Minute),
		NotAfter:    now.Add(24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	serverDER, err := x509.CreateCertificate(rand.Reader, serverTemplate, caTemplate, &serverKey.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, nil, err
	}

	pair := tls.Certificate{Certificate: [][]byte{serverDER}, PrivateKey: serverKey}
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	return pair, caPEM, nil
}

// [/certs]

func main() {
	addr := flag.String("addr", "127.0.0.1:8443", "address to listen on")
	caOut := flag.String("ca-out", "ca.pem", "where to write the CA certificate for clients")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		log.Fatal(err)
	}
	pair, caPEM, err := newCertificates(net.ParseIP(host))
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*caOut, caPEM, 0o644); err != nil {
		log.Fatal(err)
	}

	// [server]
	h := server.Default(
		server.WithHostPorts(*addr),
		// WithTLS also switches the server to the standard-library transport,
		// because the default netpoll transport does not speak TLS.
		server.WithTLS(&tls.Config{
			Certificates: []tls.Certificate{pair},
			MinVersion:   tls.VersionTLS12,
		}),
	)
	// [/server]
	h.GET("/hello", func(ctx context.Context, c *app.RequestContext) {
		c.String(consts.StatusOK, "hello over %s\n", tlsVersion(c))
	})
	h.Spin()
}

// tlsVersion names the TLS version that the connection negotiated.
func tlsVersion(c *app.RequestContext) string {
	if conn, ok := c.GetConn().(network.ConnTLSer); ok {
		return tls.VersionName(conn.ConnectionState().Version)
	}
	return "plain TCP"
}
