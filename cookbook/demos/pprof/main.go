// Command pprof is the service of the pprof walkthrough: a Hertz server with
// one healthy endpoint (/api/hello) and one slow one (/api/primes), and the
// pprof endpoints of github.com/hertz-contrib/pprof registered in one of two
// ways, chosen with -pprof:
//
//	open  the default routes, /debug/pprof/..., reachable by anyone
//	auth  the routes under /admin/pprof/..., behind a bearer-token check
//
// -fixed switches /api/primes from the slow implementation to the fixed one.
package main

import (
	"context"
	"crypto/subtle"
	"flag"
	"log"
	"os"
	"strconv"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/hertz-contrib/pprof"
)

// [service]
func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on (keep it on 127.0.0.1)")
	mode := flag.String("pprof", "auth", "how to expose pprof: open or auth")
	fixed := flag.Bool("fixed", false, "serve /api/primes with the fixed implementation")
	flag.Parse()

	h := server.Default(server.WithHostPorts(*addr))

	countPrimes := countPrimesSlow
	if *fixed {
		countPrimes = countPrimesSieve
	}

	// The healthy endpoint: constant, tiny work.
	h.GET("/api/hello", func(ctx context.Context, c *app.RequestContext) {
		c.JSON(consts.StatusOK, utils.H{"message": "hello"})
	})

	// The slow endpoint: how many primes are there below ?below=N.
	h.GET("/api/primes", func(ctx context.Context, c *app.RequestContext) {
		below, err := strconv.Atoi(c.DefaultQuery("below", "20000"))
		if err != nil || below < 2 || below > 100_000 {
			c.JSON(consts.StatusBadRequest, utils.H{"error": "below must be in 2..100000"})
			return
		}
		c.JSON(consts.StatusOK, utils.H{"below": below, "primes": countPrimes(below)})
	})

	// [/service]
	// [register]
	switch *mode {
	case "open":
		// Every profile under /debug/pprof/, for anyone who can reach the port.
		pprof.Register(h)
	case "auth":
		// The token comes from the environment, not from a flag: the
		// command line is itself served by /pprof/cmdline.
		token := os.Getenv("PPROF_TOKEN")
		if token == "" {
			log.Fatal("-pprof auth needs PPROF_TOKEN in the environment")
		}
		admin := h.Group("/admin", requireToken(token))
		pprof.RouteRegister(admin, "/pprof")
	default:
		log.Fatalf("unknown -pprof mode %q (want open or auth)", *mode)
	}
	// [/register]

	h.Spin()
}

// [middleware]
// requireToken lets a request through only if it carries
// "Authorization: Bearer <token>"; anything else gets 401 and the
// handlers after it (the pprof ones) never run.
func requireToken(token string) app.HandlerFunc {
	want := []byte("Bearer " + token)
	return func(ctx context.Context, c *app.RequestContext) {
		got := c.Request.Header.Peek("Authorization")
		// Constant-time comparison: the time taken does not reveal how
		// much of a guessed token was right.
		if subtle.ConstantTimeCompare(got, want) != 1 {
			c.AbortWithStatusJSON(consts.StatusUnauthorized, utils.H{"error": "unauthorized"})
			return
		}
		c.Next(ctx)
	}
}

// [/middleware]

// [slow]
// countPrimesSlow counts the primes below n by testing each number on its own.
func countPrimesSlow(n int) int {
	count := 0
	for i := 2; i < n; i++ {
		if isPrimeNaive(i) {
			count++
		}
	}
	return count
}

// isPrimeNaive tries every divisor from 2 to n-1: correct, and the hot spot.
func isPrimeNaive(n int) bool {
	for d := 2; d < n; d++ {
		if n%d == 0 {
			return false
		}
	}
	return true
}

// [/slow]

// [fixed]
// countPrimesSieve counts the primes below n with the sieve of Eratosthenes:
// one pass over a table of n booleans instead of a division loop per number.
func countPrimesSieve(n int) int {
	composite := make([]bool, n)
	count := 0
	for i := 2; i < n; i++ {
		if composite[i] {
			continue
		}
		count++
		for j := i * i; j < n; j += i {
			composite[j] = true
		}
	}
	return count
}

// [/fixed]
