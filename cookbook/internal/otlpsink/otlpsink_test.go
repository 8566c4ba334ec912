package otlpsink

import (
	"context"
	"strings"
	"testing"
	"time"

	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

// batch is what one process exports: spans of one service.
func batch(service string, spans ...*tracepb.Span) *collectortrace.ExportTraceServiceRequest {
	name := &commonpb.KeyValue{Key: "service.name", Value: &commonpb.AnyValue{
		Value: &commonpb.AnyValue_StringValue{StringValue: service}}}
	return &collectortrace.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{{
		Resource:   &resourcepb.Resource{Attributes: []*commonpb.KeyValue{name}},
		ScopeSpans: []*tracepb.ScopeSpans{{Spans: spans}},
	}}}
}

func span(trace, id, parent byte, name string, kind tracepb.Span_SpanKind, start uint64) *tracepb.Span {
	sp := &tracepb.Span{
		TraceId: []byte{trace, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
		SpanId:  []byte{id, 0, 0, 0, 0, 0, 0, 1},
		Name:    name, Kind: kind, StartTimeUnixNano: start,
	}
	if parent != 0 {
		sp.ParentSpanId = []byte{parent, 0, 0, 0, 0, 0, 0, 1}
	}
	return sp
}

// [tree-test]
func TestTreeLinksSpansAcrossServicesAndTraces(t *testing.T) {
	sink := New()
	ctx := context.Background()
	// Children may arrive before their parents, from other processes.
	sink.Export(ctx, batch("orders",
		span(1, 3, 2, "Echo", tracepb.Span_SPAN_KIND_SERVER, 30),
		span(1, 5, 9, "orphan", tracepb.Span_SPAN_KIND_INTERNAL, 50)))
	sink.Export(ctx, batch("gateway",
		span(1, 1, 0, "GET /", tracepb.Span_SPAN_KIND_SERVER, 10),
		span(1, 2, 1, "Echo", tracepb.Span_SPAN_KIND_CLIENT, 20),
		span(1, 4, 1, "audit", tracepb.Span_SPAN_KIND_INTERNAL, 40),
		span(2, 6, 0, "GET /later", tracepb.Span_SPAN_KIND_SERVER, 60)))

	var out strings.Builder
	WriteTree(&out, sink.Spans())
	want := `trace 1: 5 spans
s1 gateway server: GET / (parent none)
  s2 gateway client: Echo (parent s1)
    s3 orders server: Echo (parent s2)
  s4 gateway internal: audit (parent s1)
s5 orders internal: orphan (parent missing)
trace 2: 1 spans
s1 gateway server: GET /later (parent none)
`
	if out.String() != want {
		t.Errorf("tree:\n%s\nwant:\n%s", out.String(), want)
	}
}

// [/tree-test]

func TestAwaitWaitsForSpansAndGivesUp(t *testing.T) {
	sink := New()
	go func() {
		time.Sleep(20 * time.Millisecond)
		sink.Export(context.Background(), batch("a", span(1, 1, 0, "x", tracepb.Span_SPAN_KIND_SERVER, 1)))
	}()
	if !sink.Await(1, 5*time.Second) {
		t.Fatal("Await gave up although a span arrived")
	}
	if sink.Await(2, 50*time.Millisecond) {
		t.Fatal("Await reported 2 spans, only 1 arrived")
	}
	sink.Reset()
	if n := len(sink.Spans()); n != 0 {
		t.Fatalf("%d spans after Reset", n)
	}
}

func TestSpansKeepEndTimeVersionAndTrace(t *testing.T) {
	sink := New()
	req := batch("reviews", span(1, 2, 1, "ListReviews", tracepb.Span_SPAN_KIND_SERVER, 30))
	req.ResourceSpans[0].Resource.Attributes = append(req.ResourceSpans[0].Resource.Attributes,
		&commonpb.KeyValue{Key: "service.version", Value: &commonpb.AnyValue{
			Value: &commonpb.AnyValue_StringValue{StringValue: "v2"}}})
	req.ResourceSpans[0].ScopeSpans[0].Spans[0].EndTimeUnixNano = 75
	sink.Export(context.Background(), req)
	sink.Export(context.Background(), batch("productpage",
		span(1, 1, 0, "/productpage", tracepb.Span_SPAN_KIND_SERVER, 10),
		span(2, 3, 0, "/other", tracepb.Span_SPAN_KIND_SERVER, 5)))

	got := sink.Trace("01000000000000000000000000000001")
	if len(got) != 2 || got[0].Name != "/productpage" || got[1].Name != "ListReviews" {
		t.Fatalf("Trace = %+v, want the two spans of trace 1 by start time", got)
	}
	if sp := got[1]; sp.ServiceVersion != "v2" || sp.End.Sub(sp.Start) != 45 {
		t.Errorf("span %+v: want service version v2 and 45 ns from start to end", sp)
	}
	if !sink.AwaitTrace("02000000000000000000000000000001", 1, time.Second) {
		t.Error("AwaitTrace did not find the span of trace 2")
	}
	if sink.AwaitTrace("02000000000000000000000000000001", 2, 20*time.Millisecond) {
		t.Error("AwaitTrace counted spans of another trace")
	}
}
