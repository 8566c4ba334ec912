package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/envoyproxy/go-control-plane/pkg/resource/v3"
)

type demo struct {
	services string // binary of ./services
	receiver string // binary of the cookbook's tools/otlp-receiver
	unmarked int
	lane     int
	traceOut string    // where to save the two traces ("" for nowhere)
	pause    io.Reader // if set, wait for a line from it before the live change

	logDir string
	cp     *ControlPlane
	procs  []*process
	failed []string
}

// hop and page mirror the JSON productpage answers.
type hop struct {
	Service string `json:"service"`
	Version string `json:"version"`
	Baggage string `json:"baggage"`
}

type page struct {
	Stars   int32  `json:"stars"`
	Path    []hop  `json:"path"`
	Problem string `json:"problem"`
}

func (p page) version(service string) string {
	for _, h := range p.Path {
		if h.Service == service {
			return h.Version
		}
	}
	return ""
}

// serviceCount is how many processes run services (the receiver is not one).
func (d *demo) serviceCount() int { return len(d.procs) - 1 }

func (d *demo) run(ctx context.Context) error {
	var err error
	if d.logDir, err = os.MkdirTemp("", "lanes-"); err != nil {
		return err
	}
	ports, err := freePorts(10)
	if err != nil {
		return err
	}
	xdsAddr, otlpAddr, spansAddr := ports[0], ports[1], ports[2]
	specs := []struct{ service, version, addr string }{
		{"details", "v1", ports[3]},
		{"ratings", "v1", ports[4]}, {"ratings", "v2", ports[5]},
		{"reviews", "v1", ports[6]}, {"reviews", "v2", ports[7]}, {"reviews", "v3", ports[8]},
		{"productpage", "v1", ports[9]},
	}
	endpoints := map[string]string{}
	for _, s := range specs {
		if s.service != "productpage" {
			endpoints[s.service+"-"+s.version] = s.addr
		}
	}

	// 1. The OTLP receiver and the control plane, with the first rules.
	if err := d.start("otlp receiver", spansAddr, d.receiver, []string{"-grpc", otlpAddr, "-http", spansAddr}); err != nil {
		return err
	}
	if d.cp, err = NewControlPlane(xdsAddr, endpoints); err != nil {
		return err
	}
	if _, err := d.cp.Apply(firstRules); err != nil {
		return err
	}

	// 2. One process per service and version.
	for _, s := range specs {
		args := []string{"-service", s.service, "-version", s.version, "-addr", s.addr, "-xds", xdsAddr, "-otlp", otlpAddr}
		if err := d.start(s.service+" "+s.version, s.addr, d.services, args); err != nil {
			return err
		}
	}
	for _, p := range d.procs {
		if err := waitListening(ctx, p); err != nil {
			return d.explain(err)
		}
	}
	fmt.Printf("started an OTLP receiver, the control plane and %d service processes on 127.0.0.1\n", d.serviceCount())
	url := "http://" + ports[9] + "/productpage"

	// 3. Bounded traffic under the first rules.
	if err := d.phase(ctx, url, "rules version 1", firstRules); err != nil {
		return err
	}

	// 4. One request in the lane and one outside it, each with its trace.
	lane, err := d.traced(ctx, url, spansAddr, "lane", laneMarker, nil)
	if err != nil {
		return d.explain(err)
	}
	stable, err := d.traced(ctx, url, spansAddr, "unmarked", "", func(p page) bool { return p.version("reviews") == "v1" })
	if err != nil {
		return d.explain(err)
	}
	if d.traceOut != "" {
		if err := writeTraces(d.traceOut, []*traced{lane, stable}); err != nil {
			return err
		}
	}
	d.printRequested()
	if d.pause != nil {
		fmt.Println("\npaused before the live change: press Enter to go on")
		if err := waitForLine(ctx, d.pause); err != nil {
			return err
		}
	}

	// 5. The live change: new rules, pushed while every process runs.
	version, err := d.cp.Apply(secondRules)
	if err != nil {
		return err
	}
	fmt.Printf("\nlive change: the control plane pushes rules version %s\n", version)
	wait, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	pods, err := d.cp.WaitACK(wait, version)
	if err != nil {
		return d.explain(err)
	}
	fmt.Printf("acknowledged by the xDS client of %s\n", strings.Join(pods, ", "))
	// A client sends its ACK before it stores the new routes, so the ACK
	// alone does not say that the next call uses them: wait until a request
	// of each kind takes the path the new rules give it.
	if err := d.waitRouted(wait, url, secondRules); err != nil {
		return d.explain(err)
	}
	fmt.Println("a lane request and an unmarked request took the new routes")
	if err := d.phase(ctx, url, "rules version "+version, secondRules); err != nil {
		return err
	}
	gone := d.exitedProcesses()
	d.check(len(gone) == 0, fmt.Sprintf("the %d service processes ran through the change, never restarted", d.serviceCount()),
		strings.Join(gone, "; "))

	if len(d.failed) > 0 {
		return fmt.Errorf("%d check(s) failed: %s", len(d.failed), strings.Join(d.failed, "; "))
	}
	return nil
}

// traced sends requests with the given baggage, each starting a trace of its
// own, until one satisfies want (at most 20), prints its path and trace, and
// checks that the spans form one tree across the processes it went through.
func (d *demo) traced(ctx context.Context, url, receiver, label, baggage string, want func(page) bool) (*traced, error) {
	t := &traced{Label: label}
	for try := 0; ; try++ {
		header, traceID := newTraceparent()
		p, err := get(ctx, url, map[string]string{"baggage": baggage, "traceparent": header})
		if err != nil {
			return nil, err
		}
		if want == nil || want(p) {
			t.Page, t.TraceID = p, traceID
			break
		}
		if try == 20 {
			return nil, fmt.Errorf("no %s request of 20 took the path wanted", label)
		}
	}
	if baggage != "" {
		fmt.Printf("\na request with baggage: %s, hop by hop:\n", baggage)
	} else {
		fmt.Printf("\na request without baggage that reviews v1 served, hop by hop:\n")
	}
	for _, h := range t.Page.Path {
		fmt.Printf("  %-11s %s  saw baggage %q\n", h.Service, h.Version, h.Baggage)
	}
	fmt.Printf("  stars on the page: %d\n", t.Page.Stars)

	// productpage's server span, and a client and a server span for each
	// call it leads to: one call per hop after the first.
	want2 := 1 + 2*(len(t.Page.Path)-1)
	spans, err := fetchSpans(ctx, receiver, t.TraceID, want2)
	if err != nil {
		return nil, err
	}
	t.Spans, t.Depth = order(spans)
	t.printTree()
	d.check(len(t.Spans) == want2 && t.roots() == 1 && t.Spans[0].Service == "productpage",
		fmt.Sprintf("the %s request's spans form one trace with productpage at its root", label),
		fmt.Sprintf("%d spans, %d without their parent", len(t.Spans), t.roots()))
	return t, nil
}

// phase sends the bounded requests under rules and checks who served them.
func (d *demo) phase(ctx context.Context, url, title string, rules Rules) error {
	fmt.Printf("\n%s:\n", title)
	for _, service := range sortedKeys(rules) {
		fmt.Printf("  %-8s %s\n", service, rules[service])
	}
	lane, other, err := d.traffic(ctx, url)
	if err != nil {
		return d.explain(err)
	}
	d.checkRouted("lane", lane, rules, true)
	d.checkRouted("unmarked", other, rules, false)
	d.check(lane.baggageEverywhere(laneMarker) && other.baggageEverywhere(""),
		"the baggage reached every hop of every lane request, and no hop of another", "")
	d.check(lane.starsMatch() && other.starsMatch(),
		"every page shows the stars of the ratings version that served it (v1: 1, v2: 5, none: 0)", "")
	return nil
}

// checkRouted compares who served one kind of traffic with what the rules
// promise: every version a request reached must be one the rules send it
// to, a single target must get every request that reached the service, and
// a split must be within four standard deviations of its weights.
func (d *demo) checkRouted(kind string, t *tally, rules Rules, inLane bool) {
	var only, splits, wrong []string
	for _, service := range []string{"reviews", "ratings", "details"} {
		r := rules[service]
		weights := r.Stable
		if inLane && r.Lane != "" {
			weights = map[string]uint32{r.Lane: 1}
		}
		reached := t.reached(service)
		for _, v := range t.versionsOf(service) {
			if weights[v] == 0 {
				wrong = append(wrong, fmt.Sprintf("%d reached %s %s", t.count(service, v), service, v))
			}
		}
		versions := sortedKeys(weights)
		if len(versions) == 1 {
			only = append(only, service+" "+versions[0])
			continue
		}
		// Split: check the share of the version with the largest weight.
		top, total := versions[0], uint32(0)
		for _, v := range versions {
			total += weights[v]
			if weights[v] > weights[top] {
				top = v
			}
		}
		p := float64(weights[top]) / float64(total)
		n := float64(reached)
		tol := math.Ceil(4*math.Sqrt(p*(1-p)/n)*1000) / 10
		share := 100 * float64(t.count(service, top)) / n
		var parts, want []string
		for _, v := range versions {
			parts = append(parts, fmt.Sprintf("%s %.1f %%", v, 100*float64(t.count(service, v))/n))
			want = append(want, fmt.Sprint(100*weights[v]/total))
		}
		line := fmt.Sprintf("%s %s (wanted %s ± %.1f points, n = %d)", service, strings.Join(parts, " / "),
			strings.Join(want, "/"), tol, reached)
		splits = append(splits, line)
		if math.Abs(share-100*p) > tol {
			wrong = append(wrong, line)
		}
	}
	what := fmt.Sprintf("%s: only %s served these requests", kind, joinAnd(only))
	if len(splits) > 0 {
		what += "; " + strings.Join(splits, "; ")
	}
	d.check(len(wrong) == 0, what, strings.Join(wrong, "; "))
}

// joinAnd reads "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// printRequested shows which xDS resources each client asked for. A
// client asks for the listener and the routes of each service it calls (same
// names), then for the cluster and the endpoints of each version it picked.
func (d *demo) printRequested() {
	fmt.Println("\nxDS resources each client asked the control plane for:")
	for _, p := range d.procs {
		pod := strings.ReplaceAll(p.name, " ", "-")
		listeners := strings.Join(d.cp.Requested(pod, resource.ListenerType), " ")
		clusters := strings.Join(d.cp.Requested(pod, resource.ClusterType), " ")
		if listeners == "" {
			continue
		}
		fmt.Printf("  %-15s LDS, RDS: %s\n", p.name, listeners)
		if routes := strings.Join(d.cp.Requested(pod, resource.RouteType), " "); routes != listeners {
			fmt.Printf("  %-15s RDS:      %s\n", "", routes)
		}
		fmt.Printf("  %-15s CDS, EDS: %s\n", "", clusters)
		if endpoints := strings.Join(d.cp.Requested(pod, resource.EndpointType), " "); endpoints != clusters {
			fmt.Printf("  %-15s EDS:      %s\n", "", endpoints)
		}
	}
}

// check prints a verdict; why is added to a failure.
func (d *demo) check(ok bool, what, why string) {
	if ok {
		fmt.Println("PASS", what)
		return
	}
	if why != "" {
		what += ": " + why
	}
	fmt.Println("FAIL", what)
	d.failed = append(d.failed, what)
}

// waitRouted sends a lane request and an unmarked request until each takes
// the one path the rules give it (rules without a split), or ctx ends.
func (d *demo) waitRouted(ctx context.Context, url string, rules Rules) error {
	for _, baggage := range []string{laneMarker, ""} {
		for {
			p, err := get(ctx, url, map[string]string{"baggage": baggage})
			if err != nil {
				return err
			}
			if routedBy(p, rules, baggage != "") {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("requests with baggage %q still took the old routes: %+v", baggage, p.Path)
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	return nil
}

// routedBy tells whether every hop of p is on a version the rules send it to.
func routedBy(p page, rules Rules, inLane bool) bool {
	for _, h := range p.Path[1:] {
		r := rules[h.Service]
		if inLane && r.Lane != "" {
			if h.Version != r.Lane {
				return false
			}
		} else if r.Stable[h.Version] == 0 {
			return false
		}
	}
	return true
}

// traffic sends the bounded requests, lane and unmarked interleaved, and
// prints the table of who served them.
func (d *demo) traffic(ctx context.Context, url string) (lane, other *tally, err error) {
	lane, other = newTally(), newTally()
	total := d.lane + d.unmarked
	for i := 0; i < total; i++ {
		isLane := (i+1)*d.lane/total > i*d.lane/total
		baggage, t := "", other
		if isLane {
			baggage, t = laneMarker, lane
		}
		p, err := get(ctx, url, map[string]string{"baggage": baggage})
		if err != nil {
			return nil, nil, err
		}
		t.add(p)
	}
	fmt.Printf("%18s %-16s %-16s %s\n", "", "reviews", "ratings", "details")
	fmt.Printf("%-9s %8s %4s %4s %4s   %4s %4s %4s   %4s\n", "traffic", "requests", "v1", "v2", "v3", "v1", "v2", "none", "v1")
	for _, row := range []struct {
		name string
		t    *tally
	}{{"lane", lane}, {"unmarked", other}} {
		t := row.t
		fmt.Printf("%-9s %8d %4d %4d %4d   %4d %4d %4d   %4d\n", row.name, t.n,
			t.count("reviews", "v1"), t.count("reviews", "v2"), t.count("reviews", "v3"),
			t.count("ratings", "v1"), t.count("ratings", "v2"), t.count("ratings", ""),
			t.count("details", "v1"))
	}
	return lane, other, nil
}

// tally counts which versions served a set of requests.
type tally struct {
	n          int
	versions   map[string]int // "reviews v1" -> requests; "ratings " counts "no rating"
	baggage    map[string]int // baggage seen at a hop -> hops
	wrongStars int            // pages whose stars do not match their ratings version
}

func newTally() *tally {
	return &tally{versions: map[string]int{}, baggage: map[string]int{}}
}

// starsOf is what each ratings version answers ("" when none was called).
var starsOf = map[string]int32{"v1": 1, "v2": 5, "": 0}

func (t *tally) add(p page) {
	t.n++
	for _, service := range []string{"reviews", "ratings", "details"} {
		t.versions[service+" "+p.version(service)]++
	}
	if p.Stars != starsOf[p.version("ratings")] {
		t.wrongStars++
	}
	for _, h := range p.Path {
		t.baggage[h.Baggage]++
	}
}

func (t *tally) count(service, version string) int { return t.versions[service+" "+version] }
func (t *tally) reached(service string) int        { return t.n - t.count(service, "") }
func (t *tally) starsMatch() bool                  { return t.wrongStars == 0 }
func (t *tally) baggageEverywhere(b string) bool   { return len(t.baggage) == 1 && t.baggage[b] > 0 }

// versionsOf lists the versions of service that served requests.
func (t *tally) versionsOf(service string) []string {
	var out []string
	for key := range t.versions {
		if s, v, _ := strings.Cut(key, " "); s == service && v != "" {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

// get asks productpage for the page with the given headers (empty values
// are left out).
func get(ctx context.Context, url string, headers map[string]string) (page, error) {
	var p page
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return p, err
	}
	for k, v := range headers {
		if v != "" {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return p, err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		return p, fmt.Errorf("productpage answered %s: %w", resp.Status, err)
	}
	if resp.StatusCode != http.StatusOK {
		return p, fmt.Errorf("productpage answered %s: %s", resp.Status, p.Problem)
	}
	return p, nil
}

// waitForLine returns once r gives a line (or ends), or when ctx is done.
func waitForLine(ctx context.Context, r io.Reader) error {
	read := make(chan struct{})
	go func() {
		_, _ = bufio.NewReader(r).ReadString('\n')
		close(read)
	}()
	select {
	case <-read:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("paused before the live change: %w", ctx.Err())
	}
}
