package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"cookbook/internal/otlpsink"
)

func TestSpansReturnsOneTraceAsJSON(t *testing.T) {
	sink := otlpsink.New()
	name := &commonpb.KeyValue{Key: "service.name", Value: &commonpb.AnyValue{
		Value: &commonpb.AnyValue_StringValue{StringValue: "details"}}}
	trace := []byte{9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9}
	sink.Export(context.Background(), &collectortrace.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{{
		Resource: &resourcepb.Resource{Attributes: []*commonpb.KeyValue{name}},
		ScopeSpans: []*tracepb.ScopeSpans{{Spans: []*tracepb.Span{{
			TraceId: trace, SpanId: []byte{1, 0, 0, 0, 0, 0, 0, 1}, Name: "GetDetails",
			Kind: tracepb.Span_SPAN_KIND_SERVER, StartTimeUnixNano: 1_000, EndTimeUnixNano: 3_000,
		}}}},
	}}})
	srv := httptest.NewServer(routes(sink))
	defer srv.Close()

	get := func(query string) (int, []otlpsink.Span) {
		t.Helper()
		resp, err := http.Get(srv.URL + "/spans?" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var spans []otlpsink.Span
		if resp.StatusCode != http.StatusBadRequest {
			if err := json.NewDecoder(resp.Body).Decode(&spans); err != nil {
				t.Fatal(err)
			}
		}
		return resp.StatusCode, spans
	}
	status, spans := get("trace=09000000000000000000000000000009&spans=1&wait=1s")
	if status != http.StatusOK || len(spans) != 1 || spans[0].Service != "details" || spans[0].End.Sub(spans[0].Start) != 2000 {
		t.Fatalf("got %d %+v, want 200 and the one span of details lasting 2 µs", status, spans)
	}
	if status, spans := get("trace=09000000000000000000000000000009&spans=2&wait=20ms"); status != http.StatusGatewayTimeout || len(spans) != 1 {
		t.Errorf("waiting for 2 spans: got %d with %d spans, want 504 with the 1 that arrived", status, len(spans))
	}
	if status, _ := get("spans=1"); status != http.StatusBadRequest {
		t.Errorf("without trace=: got %d, want 400", status)
	}
}
