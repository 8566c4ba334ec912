// Command manifests reads Kubernetes manifests and counts their objects by kind.
//
// It decodes every YAML document of the files it is given and stops at the first one that is
// not valid YAML or lacks apiVersion, kind or metadata.name, so the demo's manifests are known
// to parse before anyone applies them to a cluster.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"gopkg.in/yaml.v3"
)

type object struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: manifests FILE.yaml...")
		os.Exit(2)
	}
	kinds := map[string]int{}
	for _, path := range os.Args[1:] {
		if err := count(path, kinds); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	names := make([]string, 0, len(kinds))
	for kind := range kinds {
		names = append(names, kind)
	}
	sort.Strings(names)
	for _, kind := range names {
		fmt.Printf("%2d %s\n", kinds[kind], kind)
	}
}

// count adds the objects of one file to kinds, by kind.
func count(path string, kinds map[string]int) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	decoder := yaml.NewDecoder(file)
	for n := 1; ; n++ {
		var document yaml.Node
		if err := decoder.Decode(&document); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return fmt.Errorf("%s: document %d: %w", path, n, err)
		}
		if len(document.Content) == 0 {
			continue // only comments
		}
		var obj object
		if err := document.Decode(&obj); err != nil {
			return fmt.Errorf("%s: document %d: %w", path, n, err)
		}
		if obj.APIVersion == "" || obj.Kind == "" || obj.Metadata.Name == "" {
			return fmt.Errorf("%s:%d: apiVersion, kind and metadata.name are required", path, document.Line)
		}
		kinds[obj.Kind]++
	}
}
