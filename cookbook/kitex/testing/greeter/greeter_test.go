package greeter

import (
	"context"
	"errors"
	"testing"

	"github.com/cloudwego/kitex/client/callopt"

	"cookbook/kitex/gen/echo"
	"cookbook/kitex/gen/echo/echoservice"
)

// [fake]
// fakeEcho is a hand-written stand-in for the generated echoservice.Client:
// it records each request and answers with a fixed reply or error.
type fakeEcho struct {
	reply    string
	err      error
	requests []*echo.EchoRequest
}

// The compiler checks that fakeEcho still matches the generated interface;
// regenerating the code after an IDL change breaks this line first.
var _ echoservice.Client = (*fakeEcho)(nil)

func (f *fakeEcho) Echo(ctx context.Context, req *echo.EchoRequest, _ ...callopt.Option) (*echo.EchoResponse, error) {
	f.requests = append(f.requests, req)
	if f.err != nil {
		return nil, f.err
	}
	return &echo.EchoResponse{Message: f.reply}, nil
}

// [/fake]

// [tests]
func TestGreetSendsTheNameAndAddsAnExclamationMark(t *testing.T) {
	fake := &fakeEcho{reply: "HELLO ADA"}
	g := &Greeter{Echo: fake}

	got, err := g.Greet(context.Background(), "ada")
	if err != nil {
		t.Fatal(err)
	}
	if got != "HELLO ADA!" {
		t.Errorf("Greet = %q, want %q", got, "HELLO ADA!")
	}
	if len(fake.requests) != 1 || fake.requests[0].Message != "hello ada" {
		t.Errorf("requests = %v, want one request with message %q", fake.requests, "hello ada")
	}
}

func TestGreetWrapsTheClientError(t *testing.T) {
	unavailable := errors.New("no instance available")
	g := &Greeter{Echo: &fakeEcho{err: unavailable}}

	_, err := g.Greet(context.Background(), "ada")
	if !errors.Is(err, unavailable) {
		t.Fatalf("Greet error = %v, want it to wrap %v", err, unavailable)
	}
	t.Log(err)
}

func TestGreetWithoutANameMakesNoCall(t *testing.T) {
	fake := &fakeEcho{}
	g := &Greeter{Echo: fake}

	if _, err := g.Greet(context.Background(), ""); !errors.Is(err, ErrNoName) {
		t.Fatalf("Greet error = %v, want %v", err, ErrNoName)
	}
	if len(fake.requests) != 0 {
		t.Errorf("made %d calls, want none", len(fake.requests))
	}
}

// [/tests]
