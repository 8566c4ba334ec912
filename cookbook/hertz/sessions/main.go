// Command sessions keeps a per-visitor counter in a session with
// hertz-contrib/sessions, stored either in the cookie itself or in Redis.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/hertz-contrib/sessions"
	"github.com/hertz-contrib/sessions/cookie"
	"github.com/hertz-contrib/sessions/redis"
)

// The key that signs session cookies (and so detects tampering). Load it from
// your configuration; every instance of a service needs the same key.
var signingKey = []byte("change-me: 32 or 64 random bytes")

// [stores]
func newStore(kind, redisAddr string) (sessions.Store, error) {
	switch kind {
	case "cookie":
		// The whole session is encoded, signed and sent back in the cookie.
		return cookie.NewStore(signingKey), nil
	case "redis":
		// The cookie carries only a signed session id; the values live in
		// Redis under "session_<id>". 10 is the number of idle connections
		// kept in the pool; the password is empty.
		return redis.NewStore(10, "tcp", redisAddr, "", signingKey)
	}
	return nil, flag.ErrHelp
}

// [/stores]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	kind := flag.String("store", "cookie", "where sessions are kept: cookie or redis")
	redisAddr := flag.String("redis", "127.0.0.1:6379", "Redis address, for -store redis")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn)

	store, err := newStore(*kind, *redisAddr)
	if err != nil {
		log.Fatalf("store %q: %v", *kind, err)
	}
	// [options]
	store.Options(sessions.Options{
		Path:     "/",
		MaxAge:   3600, // seconds; also the TTL of the Redis key
		HttpOnly: true, // page scripts cannot read the cookie
	})
	// [/options]

	h := server.Default(server.WithHostPorts(*addr))
	// [handlers]
	h.Use(sessions.New("visit", store)) // "visit" is the cookie's name

	h.GET("/count", func(ctx context.Context, c *app.RequestContext) {
		s := sessions.Default(c)
		n, _ := s.Get("count").(int)
		n++
		s.Set("count", n)
		if err := s.Save(); err != nil { // nothing is stored without Save
			c.String(consts.StatusInternalServerError, "save: %v\n", err)
			return
		}
		c.String(consts.StatusOK, "visits: %d\n", n)
	})
	h.POST("/logout", func(ctx context.Context, c *app.RequestContext) {
		s := sessions.Default(c)
		s.Clear()
		s.Options(sessions.Options{Path: "/", MaxAge: -1}) // tells the browser to drop the cookie
		if err := s.Save(); err != nil {
			c.String(consts.StatusInternalServerError, "save: %v\n", err)
			return
		}
		c.String(consts.StatusOK, "logged out\n")
	})
	// [/handlers]

	h.Spin()
}
