// Command check reads pprof profiles and says whether what the walkthrough
// claims about them holds. It prints one verdict line per claim and exits 1
// when the verdict is not what was claimed.
//
//	check hot  -func F [-index I] PROFILE    F is on the stack in at least half of what was sampled
//	check gone -func F [-index I] PROFILE    F is in no sample, and there are enough samples to say so
//	check per-request [-index I] BEFORE LOAD-BEFORE AFTER LOAD-AFTER
//	                                         the same load, and at least 10 times less per request after
//
// -index is the sample value to weigh: cpu (the default) for CPU profiles,
// alloc_space for heap profiles. LOAD files are what ./load printed. What the
// profiling handlers cost themselves (stacks through runtime/pprof or
// net/http/pprof) is left out: it is not the service's work.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/pprof/profile"
)

// The thresholds of the verdicts.
const (
	hotShare   = 0.5 // hot: on the stack in at least half of the sampled value
	minSamples = 10  // gone, per-request: fewer samples prove nothing
	minFactor  = 10  // per-request: the fix must cut the cost at least tenfold
)

func main() {
	if len(os.Args) < 2 {
		fail(2, "usage: check hot|gone|per-request [flags] FILE...")
	}
	flags := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	fn := flags.String("func", "", "function name as pprof prints it, e.g. main.isPrimeNaive")
	index := flags.String("index", "cpu", "sample value: cpu or alloc_space")
	_ = flags.Parse(os.Args[2:])
	args := flags.Args()

	var ok bool
	var err error
	switch os.Args[1] {
	case "hot", "gone":
		if *fn == "" || len(args) != 1 {
			fail(2, "usage: check "+os.Args[1]+" -func F [-index I] PROFILE")
		}
		ok, err = onStack(os.Args[1] == "hot", *fn, *index, args[0])
	case "per-request":
		if len(args) != 4 {
			fail(2, "usage: check per-request [-index I] BEFORE LOAD-BEFORE AFTER LOAD-AFTER")
		}
		ok, err = perRequest(*index, args)
	default:
		fail(2, "check: unknown claim "+os.Args[1]+" (want hot, gone or per-request)")
	}
	if err != nil {
		fail(2, "check: "+err.Error())
	}
	if !ok {
		os.Exit(1)
	}
}

func fail(status int, message string) {
	fmt.Fprintln(os.Stderr, message)
	os.Exit(status)
}

// out is where the verdicts go.
var out io.Writer = os.Stdout

func verdict(ok bool, format string, args ...any) bool {
	word := "ok"
	if !ok {
		word = "FAIL"
	}
	fmt.Fprintf(out, word+": "+format+"\n", args...)
	return ok
}

// sampled is a profile read for one sample value.
type sampled struct {
	p       *profile.Profile
	value   int // index of the value weighed
	objects int // index of alloc_objects in a heap profile, else -1
	kind    string
}

func read(path, index string) (*sampled, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := profile.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s := &sampled{p: p, value: -1, objects: -1, kind: index}
	for i, t := range p.SampleType {
		switch t.Type {
		case index:
			s.value = i
		case "alloc_objects":
			s.objects = i
		}
	}
	if s.value < 0 {
		return nil, fmt.Errorf("%s has no %s values (it has %s)", path, index, types(p))
	}
	return s, nil
}

func types(p *profile.Profile) string {
	var names []string
	for _, t := range p.SampleType {
		names = append(names, t.Type)
	}
	return strings.Join(names, ", ")
}

// profilers are the packages whose work is the profiling itself.
var profilers = []string{"runtime/pprof.", "net/http/pprof."}

func profiling(sample *profile.Sample) bool {
	for _, loc := range sample.Location {
		for _, line := range loc.Line {
			for _, prefix := range profilers {
				if line.Function != nil && strings.HasPrefix(line.Function.Name, prefix) {
					return true
				}
			}
		}
	}
	return false
}

// total sums the value weighed, over the samples keep accepts.
func (s *sampled) total(keep func(*profile.Sample) bool) int64 {
	var sum int64
	for _, sample := range s.p.Sample {
		if !profiling(sample) && (keep == nil || keep(sample)) {
			sum += sample.Value[s.value]
		}
	}
	return sum
}

// samples counts what the profiler really recorded. A CPU profile counts its
// samples. A heap profile holds estimates, each sampled allocation scaled up
// by the chance that one of its size is sampled; that scaling is undone here.
func (s *sampled) samples(keep func(*profile.Sample) bool) int64 {
	if s.objects < 0 {
		var n int64
		for _, sample := range s.p.Sample {
			if !profiling(sample) && (keep == nil || keep(sample)) {
				n += sample.Value[0]
			}
		}
		return n
	}
	var n float64
	for _, sample := range s.p.Sample {
		objects, bytes := float64(sample.Value[s.objects]), float64(sample.Value[s.value])
		if objects == 0 || profiling(sample) || (keep != nil && !keep(sample)) {
			continue
		}
		size := bytes / objects
		n += objects * (1 - math.Exp(-size/float64(s.p.Period)))
	}
	return int64(math.Round(n))
}

func (s *sampled) show(v int64) string {
	if s.kind == "cpu" {
		return duration(v)
	}
	return size(v)
}

func (s *sampled) what() string {
	if s.kind == "cpu" {
		return "the CPU time sampled"
	}
	return "the bytes sampled"
}

func calls(fn string) func(*profile.Sample) bool {
	return func(sample *profile.Sample) bool {
		for _, loc := range sample.Location {
			for _, line := range loc.Line {
				if line.Function != nil && line.Function.Name == fn {
					return true
				}
			}
		}
		return false
	}
}

// onStack checks that fn is hot in the profile, or gone from it.
func onStack(hot bool, fn, index, path string) (bool, error) {
	s, err := read(path, index)
	if err != nil {
		return false, err
	}
	all, mine := s.total(nil), s.total(calls(fn))
	n, in := s.samples(nil), s.samples(calls(fn))
	if n < minSamples {
		return verdict(false, "only %d samples in %s, too few to judge (at least %d wanted)", n, path, minSamples), nil
	}
	if hot {
		share := float64(mine) / float64(all)
		return verdict(share >= hotShare, "%s is on the stack in %.1f%% of %s (%s of %s, %d samples; at least %.0f%% wanted)",
			fn, 100*share, s.what(), s.show(mine), s.show(all), n, 100*hotShare), nil
	}
	if mine > 0 {
		return verdict(false, "%s is still in %d of %d samples", fn, in, n), nil
	}
	return verdict(true, "%s is in none of %d samples (at least %d wanted)", fn, n, minSamples), nil
}

// perRequest compares the value per request of two runs under the same load.
func perRequest(index string, args []string) (bool, error) {
	type run struct {
		s        *sampled
		load     string
		requests int
	}
	var runs [2]run
	for i := range runs {
		s, err := read(args[2*i], index)
		if err != nil {
			return false, err
		}
		load, requests, err := readLoad(args[2*i+1])
		if err != nil {
			return false, err
		}
		runs[i] = run{s, load, requests}
	}
	if runs[0].load != runs[1].load {
		return verdict(false, "the loads differ: %q and %q", runs[0].load, runs[1].load), nil
	}
	var per [2]float64
	for i, name := range []string{"before", "after"} {
		r := runs[i]
		total := r.s.total(nil)
		per[i] = float64(total) / float64(r.requests)
		verb := "of CPU"
		if index != "cpu" {
			verb = "allocated"
		}
		fmt.Fprintf(out, "%s: %s %s for %d requests, %s per request (%d samples)\n",
			name, r.s.show(total), verb, r.requests, r.s.show(int64(per[i])), r.s.samples(nil))
		if n := r.s.samples(nil); n < minSamples {
			return verdict(false, "only %d samples %s, too few to judge (at least %d wanted)", n, name, minSamples), nil
		}
	}
	factor := per[0] / per[1]
	what := "less CPU"
	if index != "cpu" {
		what = "fewer bytes allocated"
	}
	return verdict(factor >= minFactor, "%.0f times %s per request, under the same load (at least %d times wanted)",
		math.Floor(factor), what, minFactor), nil
}

var answered = regexp.MustCompile(`^requests: (\d+) ok`)

// readLoad returns the load line of a file ./load wrote and the requests answered.
func readLoad(path string) (string, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	var load string
	requests := -1
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "load: ") {
			load = sc.Text()
		}
		if m := answered.FindStringSubmatch(sc.Text()); m != nil {
			requests, _ = strconv.Atoi(m[1])
		}
	}
	if load == "" || requests <= 0 {
		return "", 0, errors.New(path + ": not the output of ./load with answered requests")
	}
	return load, requests, sc.Err()
}

func duration(ns int64) string {
	d := time.Duration(ns)
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

func size(b int64) string {
	switch {
	case b >= 1<<20:
		return fmt.Sprintf("%.1fMiB", float64(b)/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1fKiB", float64(b)/(1<<10))
	}
	return fmt.Sprintf("%dB", b)
}
