// Package handler implements the NumberService of kitex/grpc-streaming/idl/numbers.proto.
package handler

import (
	"errors"
	"fmt"
	"io"

	"github.com/cloudwego/kitex/pkg/remote/trans/nphttp2/codes"
	"github.com/cloudwego/kitex/pkg/remote/trans/nphttp2/status"

	"cookbook/kitex/grpc-streaming/gen/numbers"
)

// Numbers is the service. If Seen is set, the handlers tell it what they
// observe, so that a demo can print the server's side of a stream.
type Numbers struct {
	Seen func(event string)
}

var _ numbers.NumberService = (*Numbers)(nil)

func (h *Numbers) see(format string, args ...any) {
	if h.Seen != nil {
		h.Seen(fmt.Sprintf(format, args...))
	}
}

// Count sends the numbers 1..Upto. Returning nil ends the stream: the client's
// next Recv gets io.EOF. Returning an error ends it with that error instead.
func (h *Numbers) Count(req *numbers.CountRequest, stream numbers.NumberService_CountServer) error {
	ctx := stream.Context()
	for i := int64(1); i <= req.Upto; i++ {
		if i == req.FailAt {
			return status.Errorf(codes.FailedPrecondition, "refusing to count to %d", i)
		}
		if i == req.StallAt {
			<-ctx.Done() // ends when the client's deadline passes or it cancels
			h.see("Count: stream context ended before %d", i)
			return ctx.Err()
		}
		if err := stream.Send(&numbers.Number{Value: i}); err != nil {
			return err
		}
	}
	h.see("Count: sent %d numbers, returning nil", req.Upto)
	return nil
}

// Sum reads numbers until the client closes its side (Recv returns io.EOF),
// then answers once with SendAndClose.
func (h *Numbers) Sum(stream numbers.NumberService_SumServer) error {
	total := &numbers.Total{}
	for {
		n, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			h.see("Sum: Recv returned io.EOF after %d numbers", total.Count)
			return stream.SendAndClose(total)
		}
		if err != nil {
			return err
		}
		if n.Value < 0 {
			h.see("Sum: rejecting %d", n.Value)
			return status.Errorf(codes.InvalidArgument, "negative number %d", n.Value)
		}
		total.Sum += n.Value
		total.Count++
	}
}

// RunningSum answers every number with the total so far, on the same stream.
func (h *Numbers) RunningSum(stream numbers.NumberService_RunningSumServer) error {
	total := &numbers.Total{}
	for {
		n, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			h.see("RunningSum: Recv returned io.EOF, returning nil")
			return nil // the client is done sending; returning ends the stream
		}
		if err != nil {
			return err
		}
		total.Sum += n.Value
		total.Count++
		if err := stream.Send(total); err != nil {
			return err
		}
	}
}
