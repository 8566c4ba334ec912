// Command pprof is the service of the pprof walkthrough: a Hertz server with
// one healthy endpoint (/api/hello) and one slow one (/api/primes), and the
// pprof endpoints of github.com/hertz-contrib/pprof registered in one of two
// ways, chosen with -pprof:
//
//	open  the default routes, /debug/pprof/..., reachable by anyone
//	auth  the routes under /admin/pprof/..., behind a bearer-token check
//
// -primes chooses how /api/primes counts: naive (the CPU hot spot), sieve
// (fixed, but it allocates a table per request) or table (counts made once,
// at start).
package main

import (
	"context"
	"crypto/subtle"
	"flag"
	"log"
	"os"
	"runtime"
	"strconv"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/hertz-contrib/pprof"
)

// maxBelow is the largest ?below= the service accepts.
const maxBelow = 100_000

// [memrate]
// The heap profile records one allocation per 16 KiB allocated, on average,
// instead of one per 512 KiB, so that a few seconds of load leave enough
// samples to judge. A shorter interval for the walkthrough; it costs a little
// speed. Set it before the program allocates much: here, before main.
func init() { runtime.MemProfileRate = 16 << 10 }

// [/memrate]

// [service]
func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on (keep it on 127.0.0.1)")
	mode := flag.String("pprof", "auth", "how to expose pprof: open or auth")
	primes := flag.String("primes", "naive", "how /api/primes counts: naive, sieve or table")
	flag.Parse()

	h := server.Default(server.WithHostPorts(*addr))

	var countPrimes func(int) int
	switch *primes {
	case "naive":
		countPrimes = countPrimesSlow
	case "sieve":
		countPrimes = countPrimesSieve
	case "table":
		countPrimes = newPrimeTable(maxBelow).count
	default:
		log.Fatalf("unknown -primes %q (want naive, sieve or table)", *primes)
	}

	// The healthy endpoint: constant, tiny work.
	h.GET("/api/hello", func(ctx context.Context, c *app.RequestContext) {
		c.JSON(consts.StatusOK, utils.H{"message": "hello"})
	})

	// The slow endpoint: how many primes are there below ?below=N.
	h.GET("/api/primes", func(ctx context.Context, c *app.RequestContext) {
		below, err := strconv.Atoi(c.DefaultQuery("below", "20000"))
		if err != nil || below < 2 || below > maxBelow {
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

// [table]
// primeTable answers from counts made once, at start: below[n] is the number
// of primes below n, for every n up to the largest the service accepts. A
// request allocates nothing to count.
type primeTable struct{ below []int32 }

func newPrimeTable(max int) primeTable {
	composite := make([]bool, max+1)
	below := make([]int32, max+1)
	var count int32
	for n := 0; n <= max; n++ {
		below[n] = count // the primes counted so far are those below n
		if n < 2 || composite[n] {
			continue
		}
		count++
		for m := n * n; m <= max; m += n {
			composite[m] = true
		}
	}
	return primeTable{below: below}
}

func (t primeTable) count(n int) int { return int(t.below[n]) }

// [/table]
