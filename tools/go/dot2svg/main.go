// Command dot2svg lays out Graphviz graphs as SVG with Graphviz itself, compiled
// to WebAssembly and run by github.com/goccy/go-graphviz: the site's figures need
// no Graphviz installed on the machine, and every machine draws them alike.
//
//	dot2svg < graph.dot > graph.svg       # one graph, standard input to standard output
//	dot2svg a.dot a.svg b.dot b.svg       # pairs of source and target, in one process
//
// A graph that does not parse or lay out is reported on standard error as
// "SOURCE: message" (Graphviz names the line), and the command exits 1 after
// trying every pair.  A target is written whole or not at all.
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/goccy/go-graphviz"
)

func main() {
	args := os.Args[1:]
	if len(args)%2 != 0 {
		fmt.Fprintln(os.Stderr, "usage: dot2svg < graph.dot > graph.svg, or dot2svg SOURCE TARGET [SOURCE TARGET ...]")
		os.Exit(2)
	}
	ctx := context.Background()
	gv, err := graphviz.New(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dot2svg: cannot start Graphviz:", err)
		os.Exit(1)
	}
	defer gv.Close()

	if len(args) == 0 {
		source, err := io.ReadAll(os.Stdin)
		if err == nil {
			var svg []byte
			if svg, err = render(ctx, gv, source); err == nil {
				_, err = os.Stdout.Write(svg)
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "<stdin>:", err)
			os.Exit(1)
		}
		return
	}
	failed := false
	for i := 0; i < len(args); i += 2 {
		if err := renderFile(ctx, gv, args[i], args[i+1]); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", args[i], err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func render(ctx context.Context, gv *graphviz.Graphviz, source []byte) ([]byte, error) {
	graph, err := graphviz.ParseBytes(source)
	if err != nil {
		return nil, err
	}
	defer graph.Close()
	var out bytes.Buffer
	if err := gv.Render(ctx, graph, graphviz.SVG, &out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func renderFile(ctx context.Context, gv *graphviz.Graphviz, source, target string) error {
	text, err := os.ReadFile(source)
	if err != nil {
		return err
	}
	svg, err := render(ctx, gv, text)
	if err != nil {
		return err
	}
	// Beside the target, then renamed over it: a reader never sees half a file.
	partial, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return err
	}
	if _, err = partial.Write(svg); err == nil {
		err = partial.Close()
	} else {
		partial.Close()
	}
	if err == nil {
		err = os.Rename(partial.Name(), target)
	}
	if err != nil {
		os.Remove(partial.Name())
	}
	return err
}
