package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"
)

// span is one span as the OTLP receiver's /spans view returns it.
type span struct {
	TraceID        string    `json:"trace_id"`
	SpanID         string    `json:"span_id"`
	ParentID       string    `json:"parent_id"`
	Service        string    `json:"service"`
	ServiceVersion string    `json:"service_version"`
	Name           string    `json:"name"`
	Kind           string    `json:"kind"`
	Start          time.Time `json:"start"`
	End            time.Time `json:"end"`
}

// traced is a request the driver sent with a trace of its own, and the
// spans the services exported for it.
type traced struct {
	Label   string // "lane" or "unmarked"
	Page    page
	TraceID string
	Spans   []span // in tree order, parents before children
	Depth   []int
}

// newTraceparent starts a trace: the W3C traceparent header of a sampled
// root whose trace id the driver knows, and that id.
func newTraceparent() (header, traceID string) {
	id := make([]byte, 24)
	_, _ = rand.Read(id)
	traceID = hex.EncodeToString(id[:16])
	return "00-" + traceID + "-" + hex.EncodeToString(id[16:]) + "-01", traceID
}

// fetchSpans asks the receiver for the n spans of one trace, waiting for
// them at most 10 seconds.
func fetchSpans(ctx context.Context, receiver, traceID string, n int) ([]span, error) {
	url := fmt.Sprintf("http://%s/spans?trace=%s&spans=%d&wait=10s", receiver, traceID, n)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var spans []span
	if err := json.NewDecoder(resp.Body).Decode(&spans); err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return spans, fmt.Errorf("the receiver got %d of the %d spans of trace %s", len(spans), n, traceID)
	}
	return spans, nil
}

// order puts the spans of one trace in tree order: each span after its
// parent, siblings by start time. A span whose parent is not among them (the
// root, whose parent is the driver's own request) has depth 0.
func order(spans []span) ([]span, []int) {
	known := map[string]bool{}
	for _, s := range spans {
		known[s.SpanID] = true
	}
	children := map[string][]span{}
	var roots []span
	for _, s := range spans {
		if known[s.ParentID] {
			children[s.ParentID] = append(children[s.ParentID], s)
		} else {
			roots = append(roots, s)
		}
	}
	byStart := func(list []span) {
		sort.SliceStable(list, func(i, j int) bool { return list[i].Start.Before(list[j].Start) })
	}
	var out []span
	var depth []int
	var walk func(s span, d int)
	walk = func(s span, d int) {
		out, depth = append(out, s), append(depth, d)
		byStart(children[s.SpanID])
		for _, c := range children[s.SpanID] {
			walk(c, d+1)
		}
	}
	byStart(roots)
	for _, r := range roots {
		walk(r, 0)
	}
	return out, depth
}

// roots counts the spans of t whose parent is not in the trace.
func (t *traced) roots() int {
	n := 0
	for _, d := range t.Depth {
		if d == 0 {
			n++
		}
	}
	return n
}

// printTree shows the spans as the receiver got them, one per line.
func (t *traced) printTree() {
	fmt.Printf("its trace, as the OTLP receiver got it from %d processes: %d spans\n", t.processes(), len(t.Spans))
	for i, s := range t.Spans {
		fmt.Printf("  %s%s %s %s: %s\n", strings.Repeat("  ", t.Depth[i]), s.Service, s.ServiceVersion, s.Kind, s.Name)
	}
}

func (t *traced) processes() int {
	seen := map[string]bool{}
	for _, s := range t.Spans {
		seen[s.Service+" "+s.ServiceVersion] = true
	}
	return len(seen)
}

// writeTraces saves the traces for the waterfall figure of the page: times
// in microseconds from the start of each trace's first span.
func writeTraces(path string, traces []*traced) error {
	type row struct {
		Service string `json:"service"`
		Version string `json:"version"`
		Kind    string `json:"kind"`
		Name    string `json:"name"`
		Depth   int    `json:"depth"`
		StartUS int64  `json:"start_us"`
		EndUS   int64  `json:"end_us"`
	}
	type trace struct {
		Request string `json:"request"`
		Baggage string `json:"baggage"`
		Spans   []row  `json:"spans"`
	}
	var out struct {
		Traces []trace `json:"traces"`
	}
	for _, t := range traces {
		tr := trace{Request: t.Label, Baggage: t.Page.Path[0].Baggage}
		origin := t.Spans[0].Start
		for i, s := range t.Spans {
			tr.Spans = append(tr.Spans, row{
				Service: s.Service, Version: s.ServiceVersion, Kind: s.Kind, Name: s.Name, Depth: t.Depth[i],
				StartUS: s.Start.Sub(origin).Microseconds(), EndUS: s.End.Sub(origin).Microseconds(),
			})
		}
		out.Traces = append(out.Traces, tr)
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
