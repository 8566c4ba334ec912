// Package otlpsink is a small OTLP trace receiver for demos: it keeps the
// spans that OpenTelemetry exporters send over OTLP/gRPC in memory and renders
// them as trees, one per trace, so that a page can show how spans link up.
package otlpsink

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

// Span is the part of an OTLP span that the tree and the JSON view show.
type Span struct {
	TraceID        string            `json:"trace_id"` // hex
	SpanID         string            `json:"span_id"`
	ParentID       string            `json:"parent_id"` // empty for a root span
	Service        string            `json:"service"`   // the service.name resource attribute
	ServiceVersion string            `json:"service_version,omitempty"`
	Name           string            `json:"name"`
	Kind           string            `json:"kind"` // server, client, internal, producer, consumer
	Start          time.Time         `json:"start"`
	End            time.Time         `json:"end"`
	Attributes     map[string]string `json:"attributes,omitempty"`
}

// Sink implements the OTLP TraceService: register it on a gRPC server.
type Sink struct {
	collectortrace.UnimplementedTraceServiceServer

	mu      sync.Mutex
	spans   []Span
	arrived chan struct{} // closed and replaced whenever spans arrive
}

// New returns an empty sink.
func New() *Sink { return &Sink{arrived: make(chan struct{})} }

// Export receives spans from an exporter.
func (s *Sink) Export(_ context.Context, req *collectortrace.ExportTraceServiceRequest) (*collectortrace.ExportTraceServiceResponse, error) {
	var got []Span
	for _, rs := range req.GetResourceSpans() {
		resource := attributes(rs.GetResource().GetAttributes())
		for _, ss := range rs.GetScopeSpans() {
			for _, sp := range ss.GetSpans() {
				got = append(got, Span{
					TraceID:        hex.EncodeToString(sp.GetTraceId()),
					SpanID:         hex.EncodeToString(sp.GetSpanId()),
					ParentID:       hex.EncodeToString(sp.GetParentSpanId()),
					Service:        resource["service.name"],
					ServiceVersion: resource["service.version"],
					Name:           sp.GetName(),
					Kind:           kindName(sp.GetKind()),
					Start:          time.Unix(0, int64(sp.GetStartTimeUnixNano())),
					End:            time.Unix(0, int64(sp.GetEndTimeUnixNano())),
					Attributes:     attributes(sp.GetAttributes()),
				})
			}
		}
	}
	s.mu.Lock()
	s.spans = append(s.spans, got...)
	close(s.arrived)
	s.arrived = make(chan struct{})
	s.mu.Unlock()
	return &collectortrace.ExportTraceServiceResponse{}, nil
}

// Spans returns a copy of the spans received so far.
func (s *Sink) Spans() []Span {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Span(nil), s.spans...)
}

// Trace returns the spans received so far of one trace, by start time.
func (s *Sink) Trace(traceID string) []Span {
	var spans []Span
	for _, sp := range s.Spans() {
		if sp.TraceID == traceID {
			spans = append(spans, sp)
		}
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].Start.Before(spans[j].Start) })
	return spans
}

// Reset forgets every span received so far.
func (s *Sink) Reset() {
	s.mu.Lock()
	s.spans = nil
	s.mu.Unlock()
}

// Await returns once at least n spans have arrived, or false after timeout.
func (s *Sink) Await(n int, timeout time.Duration) bool {
	return s.AwaitTrace("", n, timeout)
}

// AwaitTrace returns once at least n spans of the trace traceID have arrived
// (of any trace if traceID is empty), or false after timeout.
func (s *Sink) AwaitTrace(traceID string, n int, timeout time.Duration) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		have, arrived := 0, s.arrived
		for _, sp := range s.spans {
			if traceID == "" || sp.TraceID == traceID {
				have++
			}
		}
		s.mu.Unlock()
		if have >= n {
			return true
		}
		select {
		case <-arrived:
		case <-deadline.C:
			return false
		}
	}
}

// WriteTree writes the spans as one tree per trace. Each line names the
// service, the kind and the span, and links the span to its parent with
// short ids (s1, s2, …) numbered in the order the tree is printed. Children
// are sorted by start time, traces by the start of their first span. The
// attributes named in show are printed after the span, when it has them.
func WriteTree(w io.Writer, spans []Span, show ...string) {
	byTrace := map[string][]Span{}
	for _, sp := range spans {
		byTrace[sp.TraceID] = append(byTrace[sp.TraceID], sp)
	}
	var traces [][]Span
	for _, t := range byTrace {
		sort.Slice(t, func(i, j int) bool { return t[i].Start.Before(t[j].Start) })
		traces = append(traces, t)
	}
	sort.Slice(traces, func(i, j int) bool { return traces[i][0].Start.Before(traces[j][0].Start) })

	for n, t := range traces {
		fmt.Fprintf(w, "trace %d: %d spans\n", n+1, len(t))
		known := map[string]bool{}
		children := map[string][]Span{}
		for _, sp := range t {
			known[sp.SpanID] = true
		}
		var roots []Span
		for _, sp := range t {
			if sp.ParentID == "" || !known[sp.ParentID] {
				roots = append(roots, sp) // a root, or a span whose parent never arrived
			} else {
				children[sp.ParentID] = append(children[sp.ParentID], sp)
			}
		}
		ids := map[string]string{}
		var walk func(sp Span, depth int)
		walk = func(sp Span, depth int) {
			ids[sp.SpanID] = fmt.Sprintf("s%d", len(ids)+1)
			parent := "none"
			if p, ok := ids[sp.ParentID]; ok {
				parent = p
			} else if sp.ParentID != "" {
				parent = "missing"
			}
			line := fmt.Sprintf("%s%s %s %s: %s (parent %s)", strings.Repeat("  ", depth),
				ids[sp.SpanID], sp.Service, sp.Kind, sp.Name, parent)
			for _, key := range show {
				if v, ok := sp.Attributes[key]; ok {
					line += fmt.Sprintf(" %s=%s", key, v)
				}
			}
			fmt.Fprintln(w, line)
			for _, c := range children[sp.SpanID] {
				walk(c, depth+1)
			}
		}
		for _, r := range roots {
			walk(r, 0)
		}
	}
}

func attributes(kvs []*commonpb.KeyValue) map[string]string {
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		v := kv.GetValue()
		switch {
		case v.GetStringValue() != "":
			m[kv.GetKey()] = v.GetStringValue()
		default:
			m[kv.GetKey()] = strings.Trim(fmt.Sprint(v.GetValue()), "&{}")
		}
	}
	return m
}

func kindName(k tracepb.Span_SpanKind) string {
	name := strings.TrimPrefix(k.String(), "SPAN_KIND_")
	return strings.ToLower(name)
}
