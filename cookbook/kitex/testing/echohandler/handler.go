// Package echohandler implements echo.EchoService: it answers with the
// message in upper case, after waiting DelayMs milliseconds.
package echohandler

import (
	"context"
	"strings"
	"time"

	"cookbook/kitex/gen/echo"
)

// Handler implements the generated echo.EchoService interface.
type Handler struct{}

func (*Handler) Echo(ctx context.Context, req *echo.EchoRequest) (*echo.EchoResponse, error) {
	select {
	case <-time.After(time.Duration(req.DelayMs) * time.Millisecond):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return &echo.EchoResponse{Message: strings.ToUpper(req.Message)}, nil
}
