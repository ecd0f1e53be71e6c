// Command agreement measures how driftfix's findings agree with trivy's on
// the corpus of real repositories in testdata/corpus: for each case, the
// findings both report, those only driftfix reports and those only trivy
// reports, each disagreement with its recorded reason.
//
//	go run ./tools/agreement                      # trivy's recorded findings
//	go run ./tools/agreement -trivy PATH          # a trivy binary, run now
//	go run ./tools/agreement -trivy PATH -record  # run both, rewrite the record
//
// With -trivy the live findings are compared with the record, and a
// difference is reported (the record is what the tests hold driftfix to).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

func main() {
	corpusDir := flag.String("corpus", "testdata/corpus", "the corpus directory")
	trivy := flag.String("trivy", "", "a trivy binary to run (default: the recorded trivy findings)")
	record := flag.Bool("record", false, "rewrite expected.json's driftfix and trivy findings from this run")
	flag.Parse()
	ctx := context.Background()
	path := filepath.Join(*corpusDir, "expected.json")
	c, err := loadCorpus(path)
	if err != nil {
		fail(err)
	}
	source := "recorded: " + c.Trivy
	if *trivy != "" {
		source = "run now: " + *trivy
	}
	fmt.Printf("driftfix vs trivy on the corpus (trivy findings %s)\n\n", source)
	fmt.Println("| case | both | driftfix only | trivy only | agreement |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: |")
	var sum Tally
	var notes []string
	checks, covered := map[string]bool{}, map[string]bool{}
	for i := range c.Cases {
		cs := &c.Cases[i]
		dir := filepath.Join(*corpusDir, filepath.FromSlash(cs.Dir))
		d, err := scan(ctx, dir)
		if err != nil {
			fail(err)
		}
		t := cs.Trivy
		if *trivy != "" {
			if t, err = runTrivy(*trivy, dir); err != nil {
				fail(err)
			}
			if !same(t, cs.Trivy) && !*record {
				notes = append(notes, fmt.Sprintf("%s: trivy's findings differ from the record (run with -record to update it)", cs.Dir))
			}
		}
		if !same(d, cs.Driftfix) && !*record {
			notes = append(notes, fmt.Sprintf("%s: driftfix's findings differ from the record", cs.Dir))
		}
		if *record {
			cs.Driftfix, cs.Trivy = d, t
		}
		tl := compare(d, t)
		for _, f := range t {
			checks[f.ID] = true
		}
		for _, f := range d {
			for id := range trivyIDs(f.ID) {
				if checks[id] {
					covered[id] = true
				}
			}
		}
		missing, _ := unexplained(*cs, tl)
		for _, m := range missing {
			notes = append(notes, cs.Dir+": unexplained "+m)
		}
		fmt.Printf("| %s | %d | %d | %d | %s |\n", cs.Dir, tl.Agree, len(tl.DriftfixOnly), len(tl.TrivyOnly), pct(tl))
		sum.Agree += tl.Agree
		sum.DriftfixOnly = append(sum.DriftfixOnly, tl.DriftfixOnly...)
		sum.TrivyOnly = append(sum.TrivyOnly, tl.TrivyOnly...)
	}
	fmt.Printf("| **all** | %d | %d | %d | %s |\n", sum.Agree, len(sum.DriftfixOnly), len(sum.TrivyOnly), pct(sum))
	fmt.Println("\nagreement = both / (both + driftfix only + trivy only); every disagreement's reason is in testdata/corpus/expected.json")
	fmt.Printf("trivy reports under %d distinct AWS checks here; driftfix reports findings under %d of them\n", len(checks), len(covered))
	kinds := map[string]int{}
	for _, cs := range c.Cases {
		for _, e := range cs.Explain {
			kinds[e.Side+": "+e.Kind]++
		}
	}
	if len(kinds) > 0 {
		fmt.Println("\n| disagreement | count |\n| --- | ---: |")
		for _, k := range sortedKeys(kinds) {
			fmt.Printf("| %s | %d |\n", k, kinds[k])
		}
	}
	for _, n := range notes {
		fmt.Println("note:", n)
	}
	if *record {
		data, err := json.MarshalIndent(c, "", "  ")
		if err != nil {
			fail(err)
		}
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			fail(err)
		}
	}
}

func same(a, b []Found) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func pct(t Tally) string {
	n := t.Agree + len(t.DriftfixOnly) + len(t.TrivyOnly)
	if n == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(t.Agree)/float64(n))
}

func sortedKeys(m map[string]int) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "agreement:", err)
	os.Exit(2)
}
