// Command jwt protects a route with hertz-contrib/jwt and then walks through
// what a client sees: a failed and a successful login, the protected route
// with and without the token, the token expiring, and a refresh.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/json"
	"github.com/cloudwego/hertz/pkg/common/utils"
	"github.com/cloudwego/hertz/pkg/protocol"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
	"github.com/hertz-contrib/jwt"

	"cookbook/internal/startup"
)

const identityKey = "user"

type login struct {
	Username string `json:"username,required"`
	Password string `json:"password,required"`
}

// [middleware]
func newAuth() (*jwt.HertzJWTMiddleware, error) {
	return jwt.New(&jwt.HertzJWTMiddleware{
		Realm: "cookbook",
		Key:   []byte("change-me: load the secret from your configuration"),
		// Shortened for the demo so that the token expires while you watch;
		// the default is one hour.
		Timeout: 2 * time.Second,
		// How long after login a token, even an expired one, may be exchanged
		// for a new one. Zero (the default) turns refreshing off.
		MaxRefresh:  time.Hour,
		IdentityKey: identityKey,
		// Authenticator checks the login request; what it returns is handed to
		// PayloadFunc, which decides which claims go into the token.
		Authenticator: func(ctx context.Context, c *app.RequestContext) (interface{}, error) {
			var req login
			if err := c.BindAndValidate(&req); err != nil {
				return nil, jwt.ErrMissingLoginValues
			}
			if req.Username != "alice" || req.Password != "wonderland" {
				return nil, jwt.ErrFailedAuthentication
			}
			return req.Username, nil
		},
		PayloadFunc: func(data interface{}) jwt.MapClaims {
			return jwt.MapClaims{identityKey: data}
		},
	})
}

// [/middleware]

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	flag.Parse()
	hlog.SetLevel(hlog.LevelWarn) // keep the output to the walkthrough's lines

	auth, err := newAuth()
	if err != nil {
		log.Fatal(err)
	}

	// [routes]
	h := server.Default(server.WithHostPorts(*addr))
	h.POST("/login", auth.LoginHandler)
	// The refresh route must not sit behind auth.MiddlewareFunc: that
	// middleware turns expired tokens away, and refreshing them is the point.
	h.POST("/refresh", auth.RefreshHandler)
	api := h.Group("/api", auth.MiddlewareFunc())
	api.GET("/me", func(ctx context.Context, c *app.RequestContext) {
		user, _ := c.Get(identityKey)
		c.JSON(consts.StatusOK, utils.H{"user": user})
	})
	// [/routes]

	startup.Serve(h.Run, *addr) // returns once the server accepts connections
	walkthrough("http://" + *addr)
}

// walkthrough plays the client: each step prints the status and body it got.
func walkthrough(base string) {
	cli, err := client.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	// call sends one request and prints its status and body under label (or
	// nothing, for an empty label); a body holding a token (it changes on
	// every run) is printed as <token>.
	call := func(label, method, path, token, body string) (int, []byte) {
		req, resp := protocol.AcquireRequest(), protocol.AcquireResponse()
		defer protocol.ReleaseRequest(req)
		defer protocol.ReleaseResponse(resp)
		req.SetMethod(method)
		req.SetRequestURI(base + path)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if body != "" {
			req.Header.SetContentTypeBytes([]byte("application/json"))
			req.SetBodyString(body)
		}
		if err := cli.Do(context.Background(), req, resp); err != nil {
			log.Fatal(err)
		}
		shown := string(resp.Body())
		if bytes.Contains(resp.Body(), []byte(`"token"`)) {
			shown = "<token>"
		}
		if label != "" {
			fmt.Printf("%-27s %d %s\n", label, resp.StatusCode(), shown)
		}
		return resp.StatusCode(), append([]byte(nil), resp.Body()...)
	}

	// [walkthrough]
	call("login, wrong password:", "POST", "/login", "", `{"username":"alice","password":"guess"}`)
	token := tokenOf(call("login:", "POST", "/login", "", `{"username":"alice","password":"wonderland"}`))

	call("/api/me with the token:", "GET", "/api/me", token, "")
	call("/api/me without a token:", "GET", "/api/me", "", "")

	waitUntilExpired(func() int {
		status, _ := call("", "GET", "/api/me", token, "")
		return status
	})
	call("/api/me, token expired:", "GET", "/api/me", token, "")

	fresh := tokenOf(call("refresh the expired token:", "POST", "/refresh", token, ""))
	call("/api/me with the new token:", "GET", "/api/me", fresh, "")
	// [/walkthrough]
}

// tokenOf reads the token from a successful login or refresh response.
func tokenOf(status int, body []byte) string {
	var out struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(body, &out); status != consts.StatusOK || err != nil || out.Token == "" {
		log.Fatalf("no token in %d %s", status, body)
	}
	return out.Token
}

// waitUntilExpired polls until the server refuses the token, for at most a
// few seconds more than the token's lifetime.
func waitUntilExpired(status func() int) {
	deadline := time.Now().Add(5 * time.Second)
	for status() == consts.StatusOK {
		if time.Now().After(deadline) {
			log.Fatal(errors.New("the token did not expire in time"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
