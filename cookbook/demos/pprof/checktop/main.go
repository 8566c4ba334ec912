// Command checktop reads the output of `go tool pprof -top` on standard input
// and checks whether a function is among the first -n entries (the table is
// sorted by flat, the time spent in the function itself). It prints one
// verdict line and exits 1 when the verdict is not what -expect asks for.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
)

type entry struct {
	name     string
	flatPct  string
	position int
}

func main() {
	fn := flag.String("func", "main.isPrimeNaive", "function name as pprof prints it")
	n := flag.Int("n", 3, "how many top entries to look at")
	expect := flag.String("expect", "present", "present or absent")
	flag.Parse()
	if *expect != "present" && *expect != "absent" {
		fmt.Fprintln(os.Stderr, "checktop: -expect must be present or absent")
		os.Exit(2)
	}

	entries, err := readTop(bufio.NewScanner(os.Stdin))
	if err != nil {
		fmt.Fprintln(os.Stderr, "checktop:", err)
		os.Exit(2)
	}

	var found *entry
	for i := range entries {
		if i >= *n {
			break
		}
		if entries[i].name == *fn {
			found = &entries[i]
			break
		}
	}

	ok := (found != nil) == (*expect == "present")
	verdict := "ok"
	if !ok {
		verdict = "FAIL"
	}
	if found != nil {
		fmt.Printf("%s: %s is #%d of the top %d (flat %s)\n",
			verdict, *fn, found.position, *n, found.flatPct)
	} else {
		fmt.Printf("%s: %s is not in the top %d\n", verdict, *fn, *n)
	}
	if !ok {
		os.Exit(1)
	}
}

// readTop returns the rows of the -top table in order. A row is five numeric
// columns (flat, flat%, sum%, cum, cum%) followed by the function name.
func readTop(sc *bufio.Scanner) ([]entry, error) {
	var entries []entry
	inTable := false
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if !inTable {
			// The header row: "flat  flat%   sum%        cum   cum%".
			inTable = len(fields) == 5 && fields[0] == "flat" && fields[4] == "cum%"
			continue
		}
		if len(fields) < 6 {
			continue
		}
		// An inlined function keeps its own name, marked " (inline)".
		name := strings.TrimSuffix(strings.Join(fields[5:], " "), " (inline)")
		entries = append(entries, entry{
			name:     name,
			flatPct:  fields[1],
			position: len(entries) + 1,
		})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !inTable {
		return nil, fmt.Errorf("no -top table on standard input")
	}
	return entries, nil
}
