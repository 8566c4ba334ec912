// Command validate decodes the Kubernetes and Istio manifests of the
// traffic-lanes demo into their official Go types, strictly: Deployments and
// Services into k8s.io/api, Gateways, VirtualServices and DestinationRules
// into istio.io/client-go. A field the type does not have, a field written
// twice or a value of the wrong type is reported with its file and line, and
// the command exits with status 1.
//
//	go build -o ../../bin/validate . && ../../bin/validate ../bookinfo.yaml ../istio.yaml
//
// It is its own module because the Kubernetes and Istio modules need newer
// versions of shared dependencies than the demo's Kitex release accepts.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"gopkg.in/yaml.v3"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	sigsjson "sigs.k8s.io/json"
)

// kind is one resource type the manifests may hold.
type kind struct {
	apiVersion string
	object     func() any
	// spec returns the Istio spec inside object: a protobuf message, which
	// Istio's own JSON decoding reads leniently (unknown fields ignored), so
	// it is decoded a second time here with protojson, which rejects them.
	spec func(object any) proto.Message
}

var kinds = map[string]kind{
	"Deployment": {apiVersion: appsv1.SchemeGroupVersion.String(), object: func() any { return &appsv1.Deployment{} }},
	"Service":    {apiVersion: corev1.SchemeGroupVersion.String(), object: func() any { return &corev1.Service{} }},
	"Gateway": {
		apiVersion: networkingv1.SchemeGroupVersion.String(),
		object:     func() any { return &networkingv1.Gateway{} },
		spec:       func(o any) proto.Message { return &o.(*networkingv1.Gateway).Spec },
	},
	"VirtualService": {
		apiVersion: networkingv1.SchemeGroupVersion.String(),
		object:     func() any { return &networkingv1.VirtualService{} },
		spec:       func(o any) proto.Message { return &o.(*networkingv1.VirtualService).Spec },
	},
	"DestinationRule": {
		apiVersion: networkingv1.SchemeGroupVersion.String(),
		object:     func() any { return &networkingv1.DestinationRule{} },
		spec:       func(o any) proto.Message { return &o.(*networkingv1.DestinationRule).Spec },
	},
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: validate FILE.yaml...")
		os.Exit(2)
	}
	failed := false
	for _, path := range os.Args[1:] {
		counts, problems := validateFile(path)
		for _, p := range problems {
			fmt.Println(p)
		}
		if len(problems) > 0 {
			failed = true
			continue
		}
		fmt.Printf("%s: %s, decoded strictly\n", path, summary(counts))
	}
	if failed {
		os.Exit(1)
	}
}

// validateFile decodes every document of one file; it returns how many
// objects of each kind it decoded, and one line per problem.
func validateFile(path string) (map[string]int, []string) {
	f, err := os.Open(path)
	if err != nil {
		return nil, []string{err.Error()}
	}
	defer f.Close()
	counts := map[string]int{}
	var problems []string
	dec := yaml.NewDecoder(f)
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// yaml.v3 writes "yaml: line N: message".
			message := strings.TrimPrefix(err.Error(), "yaml: ")
			if m := yamlLine.FindStringSubmatch(message); m != nil {
				return counts, append(problems, fmt.Sprintf("%s:%s: %s", path, m[1], m[2]))
			}
			return counts, append(problems, fmt.Sprintf("%s: %s", path, message))
		}
		if len(doc.Content) == 0 {
			continue // a document of comments only
		}
		name, errs := validateObject(doc.Content[0])
		for _, e := range errs {
			problems = append(problems, fmt.Sprintf("%s:%d: %s", path, e.line, e.message))
		}
		if len(errs) == 0 {
			counts[name]++
		}
	}
	return counts, problems
}

var yamlLine = regexp.MustCompile(`^line (\d+): (.*)`)

type problem struct {
	line    int
	message string
}

// validateObject decodes one manifest into the Go type of its kind.
func validateObject(root *yaml.Node) (string, []problem) {
	if root.Kind != yaml.MappingNode {
		return "", []problem{{root.Line, "a manifest must be a mapping"}}
	}
	apiVersion, kindName := scalar(root, "apiVersion"), scalar(root, "kind")
	k, ok := kinds[kindName]
	if !ok {
		return "", []problem{{root.Line, fmt.Sprintf("kind %q is none of %s", kindName, strings.Join(sortedKinds(), ", "))}}
	}
	if apiVersion != k.apiVersion {
		return "", []problem{{lineOf(root, "apiVersion"), fmt.Sprintf("%s needs apiVersion %s, not %q", kindName, k.apiVersion, apiVersion)}}
	}
	label := kindName + " " + scalar(mapping(root, "metadata"), "name")
	skip := ""
	if k.spec != nil {
		skip = "spec" // decoded below, strictly
	}
	data, lines := toJSON(root, skip)

	object := k.object()
	strict, err := sigsjson.UnmarshalStrict(data, object)
	var found []problem
	if err != nil {
		found = append(found, problem{lines.ofMessage(err.Error(), root.Line), label + ": " + typeError(err)})
	}
	for _, e := range strict {
		found = append(found, problem{lines.ofMessage(e.Error(), root.Line), label + ": " + e.Error()})
	}
	if k.spec != nil {
		if spec := mapping(root, "spec"); spec != nil {
			specData, specLines := toJSONAt(spec, "spec", "")
			if err := protojson.Unmarshal(specData, k.spec(object)); err != nil {
				line, message := specLines.ofProtoError(err, spec.Line)
				found = append(found, problem{line, label + ": " + message})
			}
		}
	}
	return kindName + " (" + k.apiVersion + ")", found
}

// place is where a line of the generated JSON came from.
type place struct {
	line int    // line in the YAML file
	path string // field path, as sigs.k8s.io/json writes it: spec.ports[0].port
}

type placeTable []place

// Strict errors quote the path (unknown field "spec.ports[0].prot"); type
// errors name it after the Go type (Go struct field ServiceSpec.spec.ports).
var quotedPath = regexp.MustCompile(`field "([^"]+)"|Go struct field \w+\.(\S+) of type`)

// ofPath is the YAML line of a field path (of its last occurrence: a
// duplicate field is reported where it is repeated), or fallback.
func (t placeTable) ofPath(path string, fallback int) int {
	for i := len(t) - 1; i >= 0; i-- {
		if t[i].path == path {
			return t[i].line
		}
	}
	return fallback
}

// ofMessage finds the field path quoted in a strict-decoding error.
func (t placeTable) ofMessage(message string, fallback int) int {
	if m := quotedPath.FindStringSubmatch(message); m != nil {
		return t.ofPath(m[1]+m[2], fallback)
	}
	return fallback
}

var protoLine = regexp.MustCompile(`\(line (\d+):\d+\): (.*)`)

// ofProtoError turns protojson's "(line L:C): message" into the YAML line and
// a message naming the field path.
func (t placeTable) ofProtoError(err error, fallback int) (int, string) {
	m := protoLine.FindStringSubmatch(err.Error())
	if m == nil {
		return fallback, err.Error()
	}
	var n int
	fmt.Sscan(m[1], &n)
	if n < 1 || n > len(t) {
		return fallback, m[2]
	}
	p := t[n-1]
	message := m[2]
	if q := quotedPath.FindStringSubmatch(message); q == nil {
		message = fmt.Sprintf("%s (at %s)", message, p.path)
	} else if strings.HasPrefix(message, "unknown field") {
		message = fmt.Sprintf("unknown field %q", p.path)
	}
	return p.line, message
}

// toJSON writes a YAML mapping as JSON with one field or item per line, and
// records for each line of the JSON where it came from, so that an error that
// names a JSON line or a field path can name the YAML line.
// A top-level field named skip is left out.
func toJSON(root *yaml.Node, skip string) ([]byte, placeTable) { return toJSONAt(root, "", skip) }

func toJSONAt(root *yaml.Node, path, skip string) ([]byte, placeTable) {
	w := &jsonWriter{skip: skip}
	w.line(root.Line, path)
	w.value(root, path, root.Line)
	return []byte(w.b.String()), w.places
}

type jsonWriter struct {
	skip   string
	b      strings.Builder
	places placeTable
}

// line starts a new line of output that came from YAML line n at path.
func (w *jsonWriter) line(n int, path string) {
	if w.b.Len() > 0 {
		w.b.WriteByte('\n')
	}
	w.places = append(w.places, place{n, path})
}

func (w *jsonWriter) value(n *yaml.Node, path string, at int) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		w.b.WriteByte('{')
		written := 0
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			child := key.Value
			if path != "" {
				child = path + "." + key.Value
			}
			if child == w.skip {
				continue
			}
			w.line(key.Line, child)
			if written++; written > 1 {
				w.b.WriteByte(',')
			}
			w.b.WriteString(quote(key.Value) + ":")
			w.value(val, child, key.Line)
		}
		w.line(at, path)
		w.b.WriteByte('}')
	case yaml.SequenceNode:
		w.b.WriteByte('[')
		for i, item := range n.Content {
			child := fmt.Sprintf("%s[%d]", path, i)
			w.line(item.Line, child)
			if i > 0 {
				w.b.WriteByte(',')
			}
			w.value(item, child, item.Line)
		}
		w.line(at, path)
		w.b.WriteByte(']')
	case yaml.ScalarNode:
		w.b.WriteString(scalarJSON(n))
	default:
		w.b.WriteString("null")
	}
}

// scalarJSON writes a YAML scalar as the JSON value of the type YAML gives it.
func scalarJSON(n *yaml.Node) string {
	switch n.ShortTag() {
	case "!!int", "!!float":
		var v any
		if err := n.Decode(&v); err == nil {
			return fmt.Sprint(v)
		}
	case "!!bool":
		var v bool
		if err := n.Decode(&v); err == nil {
			return fmt.Sprint(v)
		}
	case "!!null":
		return "null"
	}
	return quote(n.Value)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// typeError rewrites "json: cannot unmarshal string into Go struct field
// DeploymentSpec.spec.replicas of type int32" to name the path only.
func typeError(err error) string {
	m := typeMessage.FindStringSubmatch(err.Error())
	if m == nil {
		return err.Error()
	}
	return fmt.Sprintf("%s: a %s where the type wants %s", m[2], m[1], m[3])
}

var typeMessage = regexp.MustCompile(`cannot unmarshal (\w+) into Go struct field \w+\.(\S+) of type (\S+)`)

func lineOf(n *yaml.Node, key string) int {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i].Line
		}
	}
	return n.Line
}

// mapping returns the mapping under key, or nil.
func mapping(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalar(n *yaml.Node, key string) string {
	if v := mapping(n, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

func sortedKinds() []string {
	var names []string
	for name := range kinds {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// summary reads "7 Deployment (apps/v1), 4 Service (v1)".
func summary(counts map[string]int) string {
	var names []string
	for name := range counts {
		names = append(names, name)
	}
	sort.Strings(names)
	var parts []string
	for _, name := range names {
		parts = append(parts, fmt.Sprintf("%d %s", counts[name], name))
	}
	return strings.Join(parts, ", ")
}
