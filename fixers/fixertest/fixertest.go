// Package fixertest is the one harness that checks every registered rule
// against its examples in fixers/testdata/<rule-id>/<case>/:
//
//   - a case whose name starts with "bad" yields at least one finding of the
//     rule, and its findings match findings.golden.json;
//   - fixing it with the rule alone gives the *.fixed files (a .tf file with
//     no .fixed must not change), and leaves no fixable finding of the rule;
//   - fixing the fixed files again changes nothing;
//   - the fixed files parse and pass `terraform fmt -check` (real binary);
//   - the bounded fix-point loop over every rule converges, and a second
//     run of it changes nothing;
//   - a case whose name starts with "good" yields no finding of the rule.
//
// Run with -update to rewrite the golden files.
package fixertest

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
)

// Now is the fixed date the harness checks at (for ignore expiry).
var Now = time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)

// GoldenFinding is the stable part of a finding kept in findings.golden.json.
type GoldenFinding struct {
	Rule    string `json:"rule"`
	Address string `json:"address"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
	Fixable bool   `json:"fixable"`
	Reason  string `json:"reason,omitempty"`
}

// Options configure the harness.
type Options struct {
	Testdata  string // fixers/testdata
	Terraform string // path of the terraform binary for fmt -check
	Update    bool
	// Input returns the check input for a rule (e.g. required tags).
	Input func(rule string) fixers.Input
}

// Run checks every fixer's examples.
func Run(t *testing.T, all []fixers.Rule, opt Options) {
	for _, fx := range all {
		fx := fx
		t.Run(fx.ID, func(t *testing.T) {
			dir := filepath.Join(opt.Testdata, fx.ID)
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatalf("rule %s has no examples: %v", fx.ID, err)
			}
			var bad, good int
			for _, e := range entries {
				if !e.IsDir() {
					continue
				}
				name := e.Name()
				caseDir := filepath.Join(dir, name)
				switch {
				case strings.HasPrefix(name, "bad"):
					bad++
					t.Run(name, func(t *testing.T) { runBad(t, fx, all, caseDir, opt) })
				case strings.HasPrefix(name, "good"):
					good++
					t.Run(name, func(t *testing.T) { runGood(t, fx, caseDir, opt) })
				default:
					t.Errorf("case %s: name must start with bad or good", caseDir)
				}
			}
			if bad == 0 || good == 0 {
				t.Errorf("rule %s needs at least one bad and one good example (has %d bad, %d good)", fx.ID, bad, good)
			}
		})
	}
}

func input(opt Options, rule string) fixers.Input {
	if opt.Input != nil {
		return opt.Input(rule)
	}
	return fixers.Input{}
}

func runGood(t *testing.T, fx fixers.Rule, dir string, opt Options) {
	ctx := context.Background()
	m := iac.Load(ctx, os.DirFS(dir), ".")
	if m.Diagnostics.HasErrors() {
		t.Fatalf("example does not load: %s", m.Diagnostics.Error())
	}
	in := input(opt, fx.ID)
	in.Module = m
	res := fixers.Check(ctx, []fixers.Rule{fx}, &in, Now)
	for _, f := range res.Findings {
		t.Errorf("good example has a finding: %s:%d %s %s", f.File, f.Line, f.Address, f.Message)
	}
}

func runBad(t *testing.T, fx fixers.Rule, all []fixers.Rule, dir string, opt Options) {
	ctx := context.Background()
	fsys := os.DirFS(dir)
	m := iac.Load(ctx, fsys, ".")
	if m.Diagnostics.HasErrors() {
		t.Fatalf("example does not load: %s", m.Diagnostics.Error())
	}
	in := input(opt, fx.ID)
	in.Module = m
	res := fixers.Check(ctx, []fixers.Rule{fx}, &in, Now)
	if len(res.Findings) == 0 {
		t.Fatalf("bad example yields no finding")
	}
	checkGoldenFindings(t, dir, res.Findings, opt.Update)

	// The rule alone: goldens, no fixable finding left, idempotent.
	one := []fixers.Rule{fx}
	fr, err := fixers.Fix(ctx, fsys, ".", one, input(opt, fx.ID), fixers.FixOptions{Now: Now})
	if err != nil {
		t.Fatalf("fix: %v", err)
	}
	for _, f := range fr.Remaining {
		if f.Fixable && f.Rule == fx.ID {
			t.Errorf("after the fix, still fixable: %s %s", f.Address, f.Message)
		}
	}
	got := fr.Changes.Files()
	checkFixedGoldens(t, dir, m, got, opt.Update)
	if len(got) > 0 {
		overlay := iac.Overlay{Base: fsys, Files: got}
		again, err := fixers.Fix(ctx, overlay, ".", one, input(opt, fx.ID), fixers.FixOptions{Now: Now})
		if err != nil {
			t.Fatalf("second fix: %v", err)
		}
		if len(again.Changes) > 0 {
			t.Errorf("fixing twice changed files again:\n%s", again.Changes.Diff())
		}
		FmtCheck(t, opt.Terraform, dir, got)
	}

	// Every rule together: the bounded loop converges and is idempotent.
	full, err := fixers.Fix(ctx, fsys, ".", all, input(opt, fx.ID), fixers.FixOptions{Now: Now})
	if err != nil {
		t.Fatalf("fix with every rule: %v", err)
	}
	if files := full.Changes.Files(); len(files) > 0 {
		again, err := fixers.Fix(ctx, iac.Overlay{Base: fsys, Files: files}, ".", all, input(opt, fx.ID), fixers.FixOptions{Now: Now})
		if err != nil {
			t.Fatalf("second fix with every rule: %v", err)
		}
		if len(again.Changes) > 0 {
			t.Errorf("fixing twice with every rule changed files again:\n%s", again.Changes.Diff())
		}
		FmtCheck(t, opt.Terraform, dir, files)
	}
}

func checkGoldenFindings(t *testing.T, dir string, fs []fixers.Finding, update bool) {
	t.Helper()
	var got []GoldenFinding
	for _, f := range fs {
		got = append(got, GoldenFinding{Rule: f.Rule, Address: f.Address, File: f.File, Line: f.Line, Message: f.Message, Fixable: f.Fixable, Reason: f.Reason})
	}
	data, _ := json.MarshalIndent(got, "", "  ")
	data = append(data, '\n')
	path := filepath.Join(dir, "findings.golden.json")
	if update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing %s (run with -update): %v", path, err)
	}
	if string(want) != string(data) {
		t.Errorf("findings differ from %s:\n--- want\n%s\n--- got\n%s", path, want, data)
	}
}

func checkFixedGoldens(t *testing.T, dir string, m *iac.Module, got map[string][]byte, update bool) {
	t.Helper()
	var paths []string
	for p := range m.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		golden := filepath.Join(dir, filepath.FromSlash(p)+".fixed")
		out, changed := got[p]
		if update {
			if changed {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				os.Remove(golden)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		switch {
		case err != nil && changed:
			t.Errorf("%s changed but has no %s (run with -update):\n%s", p, filepath.Base(golden), out)
		case err == nil && !changed:
			t.Errorf("%s did not change but %s exists", p, filepath.Base(golden))
		case err == nil && string(want) != string(out):
			t.Errorf("%s differs from %s:\n--- want\n%s\n--- got\n%s", p, filepath.Base(golden), want, out)
		}
	}
}

// FmtCheck runs the real `terraform fmt -check` over the edited files. A file
// that was canonical before the fix must be canonical after it; a file that
// was not keeps its author's layout, so it is exempt.
func FmtCheck(t *testing.T, terraform, dir string, files map[string][]byte) {
	t.Helper()
	tmp := t.TempDir()
	for p, data := range files {
		orig, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		for sub, content := range map[string][]byte{"before": orig, "after": data} {
			dst := filepath.Join(tmp, sub, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	before := fmtList(t, terraform, filepath.Join(tmp, "before"))
	for p := range fmtList(t, terraform, filepath.Join(tmp, "after")) {
		if !before[p] {
			t.Errorf("%s was formatted like terraform fmt before the fix and is not after it", p)
		}
	}
}

// fmtList returns the files `terraform fmt -check` lists as not canonical.
func fmtList(t *testing.T, terraform, dir string) map[string]bool {
	t.Helper()
	cmd := exec.Command(terraform, "fmt", "-check", "-recursive", "-list=true", ".")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
			t.Fatalf("terraform fmt: %v\n%s", err, out)
		}
	}
	list := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			list[filepath.ToSlash(l)] = true
		}
	}
	return list
}
