// Package greeter is business code that calls the echo service. It depends on
// the generated client interface, echoservice.Client, not on a concrete
// client, so a test can hand it a fake.
package greeter

import (
	"context"
	"errors"
	"fmt"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

// ErrNoName is returned, without calling the service, for an empty name.
var ErrNoName = errors.New("greeter: no name given")

// Greeter builds greetings with the help of the echo service.
type Greeter struct {
	Echo echoservice.Client
}

// Greet asks the echo service to repeat "hello <name>" and adds a "!".
func (g *Greeter) Greet(ctx context.Context, name string) (string, error) {
	if name == "" {
		return "", ErrNoName
	}
	resp, err := g.Echo.Echo(ctx, &echo.EchoRequest{Message: "hello " + name})
	if err != nil {
		return "", fmt.Errorf("greeter: echo failed: %w", err)
	}
	return resp.Message + "!", nil
}
