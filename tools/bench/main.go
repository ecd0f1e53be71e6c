// Command bench measures driftfix on generated repositories: for each size it
// generates an estate shaped like real code (internal/benchgen's
// GenerateRealistic: stacks of root modules calling shared local modules,
// for_each, count, dynamic blocks, merge(), variables with defaults,
// comments), then runs the built binary's `scan` and `fix --dry-run`, and
// `terraform fmt -check -recursive` of the same tree, several times each,
// interleaved so that all three see the same machine, and reports the median
// wall time, the peak resident memory of the process (getrusage) and scan's
// wall time as a share of terraform fmt's. Then, for each
// file size, one generated file of that size: `scan`, and a real `fix`
// (on a fresh copy each run), whose time must grow linearly with the size,
// next to `terraform fmt -check` of the same file as a peer on the same
// machine. The commands' own output is discarded.
//
//	go run ./tools/bench -bin bin/driftfix [-secrets testdata/secrets] [-sizes 1000,5000,10000] [-files 1000000,3000000] [-runs 3]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/driftfix/driftfix/internal/benchgen"
	"github.com/driftfix/driftfix/internal/secretcorpus"
)

func main() {
	bin := flag.String("bin", "bin/driftfix", "driftfix binary")
	sizes := flag.String("sizes", "1000,5000,10000", "resource counts")
	runs := flag.Int("runs", 3, "runs per measurement (the median is reported)")
	keep := flag.String("keep", "", "generate into this directory and keep it")
	fileSizes := flag.String("files", "1000000,3000000", "sizes in bytes of the one-file cases (empty: none)")
	corpus := flag.String("secrets", "", "the corpus of hardcoded secrets (testdata/secrets): print the detector's precision and recall first")
	flag.Parse()

	if *corpus != "" {
		secretsScore(*bin, *corpus)
	}

	fmt.Printf("driftfix bench — %d runs each, median wall time, peak RSS of the process\n\n", *runs)
	tf := terraformBin()
	fmt.Println("| resources | files | roots | scan wall | scan peak RSS | terraform fmt -check -recursive wall | scan / fmt | fix --dry-run wall | fix peak RSS | findings |")
	fmt.Println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	var last []float64
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fail(err)
		}
		dir := *keep
		if dir == "" {
			dir, err = os.MkdirTemp("", "driftfix-bench-")
			if err != nil {
				fail(err)
			}
			defer os.RemoveAll(dir)
		} else {
			dir = filepath.Join(dir, strconv.Itoa(n))
			os.RemoveAll(dir)
		}
		written, err := benchgen.GenerateRealistic(dir, n)
		if err != nil {
			fail(err)
		}
		files := countFiles(dir)
		// scan and terraform fmt take turns, so that a busy moment of the
		// machine falls on both
		var scanTs, fmtTs []time.Duration
		var scanRSS int64
		findings := 0
		for range *runs {
			t, rss, f := measure(1, *bin, "scan", dir, "--format", "json")
			scanTs, scanRSS, findings = append(scanTs, t), max(scanRSS, rss), f
			if tf != "" {
				t, _, _ := measure(1, tf, "fmt", "-check", "-recursive", dir)
				fmtTs = append(fmtTs, t)
			}
		}
		scanT := median(scanTs)
		fmtCol, ratio := "—", "—"
		if tf != "" {
			fmtT := median(fmtTs)
			fmtCol, ratio = dur(fmtT), fmt.Sprintf("%.2f", scanT.Seconds()/fmtT.Seconds())
		}
		fixT, fixRSS, _ := measure(*runs, *bin, "fix", dir, "--dry-run")
		fmt.Printf("| %d | %d | %d | %s | %s | %s | %s | %s | %s | %d |\n", written, files, countRoots(dir), dur(scanT), mib(scanRSS), fmtCol, ratio, dur(fixT), mib(fixRSS), findings)
		last = append(last, scanT.Seconds()/float64(written))
	}
	if len(last) > 1 {
		fmt.Printf("\nscan time per resource, smallest → largest size: %.1f µs → %.1f µs (flat = linear growth)\n", last[0]*1e6, last[len(last)-1]*1e6)
	}
	if strings.TrimSpace(*fileSizes) != "" {
		oneFile(*bin, *fileSizes, *runs)
	}
}

// secretsScore scans the corpus of hardcoded secrets with the binary and
// prints the detector's precision and recall: a true positive is a finding
// of aws-hardcoded-secret at a planted secret's file and line with its
// fingerprint; any other finding of the rule is a false positive.
func secretsScore(bin, root string) {
	c, err := secretcorpus.Load(root)
	if err != nil {
		fail(err)
	}
	cmd := exec.Command(bin, "scan", "--format", "json", "--rule", "aws-hardcoded-secret", c.Dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	el := time.Since(start)
	if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() > 2 || cmd.ProcessState.ExitCode() == 1 {
		fail(fmt.Errorf("%s scan %s: %v: %s", bin, c.Dir, err, stderr.String()))
	}
	var scan struct {
		Findings []struct {
			Rule, File, Secret string
			Line               int
		} `json:"findings"`
	}
	if err := json.Unmarshal(out, &scan); err != nil {
		fail(err)
	}
	var found []secretcorpus.Found
	for _, f := range scan.Findings {
		if f.Rule == "aws-hardcoded-secret" {
			found = append(found, secretcorpus.Found{File: f.File, Line: f.Line, Secret: f.Secret})
		}
	}
	sc := c.Score(found)
	fmt.Printf("hardcoded secrets: %d planted, %d look-alikes (%s)\n\n", len(c.Secrets), len(c.LookAlikes), root)
	fmt.Println("| true positives | false positives | false negatives | precision | recall | scan wall |")
	fmt.Println("| ---: | ---: | ---: | ---: | ---: | ---: |")
	fmt.Printf("| %d | %d | %d | %.3f | %.3f | %s |\n", sc.TP, sc.FP, sc.FN, sc.Precision(), sc.Recall(), dur(el))
	for _, m := range sc.Missed {
		fmt.Printf("missed: %s at %s:%d\n", m.Kind, m.File, m.Line)
	}
	for _, f := range sc.False {
		fmt.Printf("false positive: %s:%d\n", f.File, f.Line)
	}
	fmt.Println()
}

// oneFile measures scan and a real fix of one generated file per size.
func oneFile(bin, sizes string, runs int) {
	fmt.Printf("\none large file: scan, and fix (writing; a fresh copy each run)\n\n")
	tf := terraformBin()
	fmt.Println("| file size | resources | scan wall | scan peak RSS | fix wall | fix peak RSS | fix wall per MB | terraform fmt -check wall |")
	fmt.Println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range strings.Split(sizes, ",") {
		size, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fail(err)
		}
		dir, err := os.MkdirTemp("", "driftfix-bench-file-")
		if err != nil {
			fail(err)
		}
		n, err := benchgen.GenerateFile(dir, size)
		if err != nil {
			fail(err)
		}
		scanT, scanRSS, _ := measure(runs, bin, "scan", dir, "--format", "json")
		var fixT []time.Duration
		var fixRSS int64
		for i := 0; i < runs; i++ {
			if _, err := benchgen.GenerateFile(dir, size); err != nil { // undo the last fix
				fail(err)
			}
			t, rss, _ := measure(1, bin, "fix", dir)
			fixT = append(fixT, t)
			fixRSS = max(fixRSS, rss)
		}
		sort.Slice(fixT, func(i, j int) bool { return fixT[i] < fixT[j] })
		med := fixT[len(fixT)/2]
		tfT := "—"
		if tf != "" {
			if _, err := benchgen.GenerateFile(dir, size); err != nil { // the unfixed file again
				fail(err)
			}
			t, _, _ := measure(runs, tf, "fmt", "-check", dir)
			tfT = dur(t)
		}
		fmt.Printf("| %.1f MB | %d | %s | %s | %s | %s | %s | %s |\n", float64(size)/1e6, n, dur(scanT), mib(scanRSS), dur(med), mib(fixRSS), dur(time.Duration(float64(med)/(float64(size)/1e6))), tfT)
		os.RemoveAll(dir)
	}
}

// measure runs the command runs times and returns the median wall time, the
// largest peak RSS (bytes) and, for scan, the number of findings.
func measure(runs int, bin string, args ...string) (time.Duration, int64, int) {
	var times []time.Duration
	var peak int64
	findings := 0
	for i := 0; i < runs; i++ {
		cmd := exec.Command(bin, args...)
		out, _ := os.CreateTemp("", "bench-out-")
		cmd.Stdout = out
		var stderr strings.Builder
		cmd.Stderr = &stderr
		start := time.Now()
		err := cmd.Run()
		el := time.Since(start)
		if cmd.ProcessState == nil {
			fail(fmt.Errorf("%s %v: %v", bin, args, err))
		}
		ok := map[int]bool{0: true, 2: true} // 2: findings, or changes a fix would make
		if filepath.Base(bin) == "terraform" {
			ok = map[int]bool{0: true, 3: true} // fmt -check: 3 = not formatted
		}
		if code := cmd.ProcessState.ExitCode(); !ok[code] {
			fail(fmt.Errorf("%s %v exited %d: %s", bin, args, code, stderr.String()))
		}
		peak = max(peak, peakRSS(cmd.ProcessState))
		times = append(times, el)
		if args[0] == "scan" {
			data, _ := os.ReadFile(out.Name())
			findings = strings.Count(string(data), `"rule":`)
		}
		out.Close()
		os.Remove(out.Name())
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	return times[len(times)/2], peak, findings
}

// terraformBin is the Terraform to compare with ($DRIFTFIX_TERRAFORM, as
// make sets it, else terraform on PATH), or "" when there is none.
func terraformBin() string {
	if p := os.Getenv("DRIFTFIX_TERRAFORM"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	p, _ := exec.LookPath("terraform")
	return p
}

func median(ts []time.Duration) time.Duration {
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	return ts[len(ts)/2]
}

// countRoots counts the root modules GenerateRealistic wrote (envs/*/*).
func countRoots(dir string) int {
	roots, _ := filepath.Glob(filepath.Join(dir, "envs", "*", "*"))
	return len(roots)
}

func countFiles(dir string) int {
	n := 0
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.HasSuffix(p, ".tf") {
			n++
		}
		return nil
	})
	return n
}

func dur(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
func mib(b int64) string         { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(2)
}
