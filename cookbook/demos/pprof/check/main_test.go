package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/pprof/profile"
)

// stack is a call stack, innermost function first.
type stack []string

// cpuProfile makes a CPU profile with n samples (10 ms each) of each stack.
func cpuProfile(t *testing.T, stacks map[int]stack) string {
	t.Helper()
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
		PeriodType: &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:     10_000_000,
	}
	for n, s := range stacks {
		p.Sample = append(p.Sample, &profile.Sample{Location: locations(p, s), Value: []int64{int64(n), int64(n) * 10_000_000}})
	}
	return write(t, p)
}

// heapProfile makes a heap profile in which each stack allocated objects of size bytes,
// scaled as the runtime scales them for a sampling period of 16 KiB.
func heapProfile(t *testing.T, allocs []struct {
	s             stack
	objects, size int64
}) string {
	t.Helper()
	p := &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "alloc_objects", Unit: "count"}, {Type: "alloc_space", Unit: "bytes"},
			{Type: "inuse_objects", Unit: "count"}, {Type: "inuse_space", Unit: "bytes"},
		},
		PeriodType: &profile.ValueType{Type: "space", Unit: "bytes"},
		Period:     16 << 10,
	}
	for _, a := range allocs {
		p.Sample = append(p.Sample, &profile.Sample{Location: locations(p, a.s),
			Value: []int64{a.objects, a.objects * a.size, 0, 0}})
	}
	return write(t, p)
}

func locations(p *profile.Profile, s stack) []*profile.Location {
	var locs []*profile.Location
	for _, name := range s {
		fn := &profile.Function{ID: uint64(len(p.Function) + 1), Name: name}
		p.Function = append(p.Function, fn)
		loc := &profile.Location{ID: uint64(len(p.Location) + 1), Line: []profile.Line{{Function: fn}}}
		p.Location = append(p.Location, loc)
		locs = append(locs, loc)
	}
	return locs
}

func write(t *testing.T, p *profile.Profile) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.pprof")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := p.Write(f); err != nil {
		t.Fatal(err)
	}
	return path
}

func loadFile(t *testing.T, load string, requests int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "load.txt")
	text := load + "\nrequests: " + strconv.Itoa(requests) + " ok, 0 failed\nlatency: mean 1ms, p95 1ms, max 1ms\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// verdictOf runs a claim and returns whether it held and what it printed.
func verdictOf(t *testing.T, claim func() (bool, error)) (bool, string) {
	t.Helper()
	var buf strings.Builder
	out = &buf
	defer func() { out = os.Stdout }()
	ok, err := claim()
	if err != nil {
		t.Fatal(err)
	}
	return ok, strings.TrimSpace(buf.String())
}

const hot = "main.isPrimeNaive"

var (
	loop      = stack{hot, "main.countPrimesSlow", "main.main.func2"}
	preempted = stack{"runtime.asyncPreempt", hot, "main.countPrimesSlow", "main.main.func2"}
	serving   = stack{"github.com/cloudwego/hertz/pkg/app.(*RequestContext).Next"}
	profiler  = stack{"runtime/pprof.(*profileBuilder).build", "net/http/pprof.handler.ServeHTTP"}
)

func TestHotCountsTheFunctionWhereverItIsOnTheStack(t *testing.T) {
	// The runtime preempting the loop puts asyncPreempt on top of half the samples.
	path := cpuProfile(t, map[int]stack{40: loop, 45: preempted, 15: serving, 500: profiler})
	ok, line := verdictOf(t, func() (bool, error) { return onStack(true, hot, "cpu", path) })
	if !ok || line != "ok: main.isPrimeNaive is on the stack in 85.0% of the CPU time sampled (850ms of 1s, 100 samples; at least 50% wanted)" {
		t.Errorf("got %v %q", ok, line)
	}
	path = cpuProfile(t, map[int]stack{30: loop, 70: serving})
	if ok, line := verdictOf(t, func() (bool, error) { return onStack(true, hot, "cpu", path) }); ok {
		t.Errorf("30%% passed as hot: %q", line)
	}
}

func TestGoneNeedsEnoughSamples(t *testing.T) {
	for _, c := range []struct {
		name   string
		stacks map[int]stack
		ok     bool
		line   string
	}{
		{"empty", map[int]stack{}, false, "FAIL: only 0 samples in %s, too few to judge (at least 10 wanted)"},
		{"few", map[int]stack{9: serving, 100: profiler}, false, "FAIL: only 9 samples in %s, too few to judge (at least 10 wanted)"},
		{"still there", map[int]stack{1: loop, 30: serving}, false, "FAIL: main.isPrimeNaive is still in 1 of 31 samples"},
		{"gone", map[int]stack{12: serving}, true, "ok: main.isPrimeNaive is in none of 12 samples (at least 10 wanted)"},
	} {
		path := cpuProfile(t, c.stacks)
		ok, line := verdictOf(t, func() (bool, error) { return onStack(false, hot, "cpu", path) })
		want := c.line
		if strings.Contains(want, "%s") {
			want = strings.Replace(want, "%s", path, 1)
		}
		if ok != c.ok || line != want {
			t.Errorf("%s: got %v %q, want %v %q", c.name, ok, line, c.ok, want)
		}
	}
}

func TestPerRequestComparesTheSameLoad(t *testing.T) {
	load := "load: 2 in flight, at most 2000 per second, for 5s"
	before := cpuProfile(t, map[int]stack{400: loop})  // 4 s for 80 requests: 50 ms each
	after := cpuProfile(t, map[int]stack{50: serving}) // 0.5 s for 5000 requests: 100 µs each
	ok, text := verdictOf(t, func() (bool, error) {
		return perRequest("cpu", []string{before, loadFile(t, load, 80), after, loadFile(t, load, 5000)})
	})
	want := "before: 4s of CPU for 80 requests, 50ms per request (400 samples)\n" +
		"after: 500ms of CPU for 5000 requests, 100µs per request (50 samples)\n" +
		"ok: 500 times less CPU per request, under the same load (at least 10 times wanted)"
	if !ok || text != want {
		t.Errorf("got %v\n%s\nwant\n%s", ok, text, want)
	}
	// Only 4 times cheaper: not the fix claimed.
	if ok, text := verdictOf(t, func() (bool, error) {
		return perRequest("cpu", []string{before, loadFile(t, load, 80), after, loadFile(t, load, 40)})
	}); ok || !strings.HasSuffix(text, "FAIL: 4 times less CPU per request, under the same load (at least 10 times wanted)") {
		t.Errorf("a fourfold gain passed: %q", text)
	}
	// Another load is not a comparison.
	if ok, text := verdictOf(t, func() (bool, error) {
		return perRequest("cpu", []string{before, loadFile(t, load, 80), after, loadFile(t, "load: 8 in flight, at most 2000 per second, for 5s", 5000)})
	}); ok || !strings.HasPrefix(text, "FAIL: the loads differ") {
		t.Errorf("different loads compared: %q", text)
	}
	// An empty profile after the fix proves nothing.
	empty := cpuProfile(t, map[int]stack{})
	if ok, text := verdictOf(t, func() (bool, error) {
		return perRequest("cpu", []string{before, loadFile(t, load, 80), empty, loadFile(t, load, 5000)})
	}); ok || !strings.HasSuffix(text, "FAIL: only 0 samples after, too few to judge (at least 10 wanted)") {
		t.Errorf("an empty profile passed: %q", text)
	}
}

func TestHeapSamplesAreCountedUnscaled(t *testing.T) {
	// 1000 allocations of 20 KiB were sampled; the runtime scaled them up by
	// 1/(1-exp(-20/16)): 1402 objects, about 27.4 MiB. Unscaled: 1000 samples.
	path := heapProfile(t, []struct {
		s             stack
		objects, size int64
	}{{stack{"main.countPrimesSieve", "main.main.func2"}, 1402, 20 << 10}, {serving, 40, 512}})
	s, err := read(path, "alloc_space")
	if err != nil {
		t.Fatal(err)
	}
	if n := s.samples(calls("main.countPrimesSieve")); n < 995 || n > 1005 {
		t.Errorf("%d samples of countPrimesSieve, want about 1000", n)
	}
	ok, line := verdictOf(t, func() (bool, error) { return onStack(true, "main.countPrimesSieve", "alloc_space", path) })
	if !ok || !strings.HasPrefix(line, "ok: main.countPrimesSieve is on the stack in 99.9% of the bytes sampled (27.4MiB of 27.4MiB") {
		t.Errorf("got %v %q", ok, line)
	}
}
