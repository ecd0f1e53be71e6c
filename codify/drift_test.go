package codify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/codify"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/internal/testenv"
	tfjson "github.com/hashicorp/terraform-json"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

type codifyResult struct {
	Codified []codify.Codified `json:"codified"`
	Skipped  []codify.Skip     `json:"skipped"`
}

// TestDrift runs each case of testdata/drift: codify the
// drift, compare the edited files with the *.fixed goldens and the report
// with result.golden.json, check that codifying again changes nothing and
// that edited files that were canonical pass the real terraform fmt -check.
func TestDrift(t *testing.T) {
	tf := testenv.Terraform(t)
	root := filepath.Join("testdata", "drift")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			ctx := context.Background()
			fsys := os.DirFS(dir)
			m := iac.Load(ctx, fsys, ".")
			if len(m.Diagnostics) > 0 {
				t.Fatalf("load: %s", m.Diagnostics.Error())
			}
			drifts := readDrift(t, dir)
			ed := iac.NewEditor(m)
			codified, skipped := codify.Drift(ed, m, drifts)
			out, err := ed.Apply()
			if err != nil {
				t.Fatalf("apply: %v", err)
			}
			checkGoldenFiles(t, dir, m, out)
			res, _ := json.MarshalIndent(codifyResult{codified, skipped}, "", "  ")
			golden(t, filepath.Join(dir, "result.golden.json"), append(res, '\n'))

			// Every change is either codified or skipped with a reason.
			total := 0
			for _, d := range drifts {
				total += max(1, len(d.Changes))
			}
			if len(codified)+len(skipped) != total {
				t.Errorf("%d codified + %d skipped for %d changes", len(codified), len(skipped), total)
			}
			for _, s := range skipped {
				if s.Reason == "" {
					t.Errorf("skip without a reason: %+v", s)
				}
			}

			// Idempotent: on the edited code nothing more is codified.
			overlay := iac.Overlay{Base: fsys, Files: map[string][]byte{}}
			for p, data := range out {
				overlay.Files[p] = data
			}
			m2 := iac.Load(ctx, overlay, ".")
			ed2 := iac.NewEditor(m2)
			again, _ := codify.Drift(ed2, m2, drifts)
			out2, err := ed2.Apply()
			if err != nil || len(out2) > 0 || len(again) > 0 {
				t.Errorf("codifying again changed %d files (%v), codified %+v", len(out2), err, again)
			}

			// Edited files that were canonical stay terraform fmt clean.
			for p, data := range out {
				if !iac.IsCanonical(m.Files[p].Src) {
					continue
				}
				tmp := filepath.Join(t.TempDir(), path.Base(p))
				if err := os.WriteFile(tmp, data, 0o644); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command(tf, "fmt", "-check", "-diff", tmp)
				if b, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("terraform fmt -check %s: %v\n%s", p, err, b)
				}
			}
		})
	}
}

// readDrift reads drift.json, or merges refresh-only.plan.json's drift.
func readDrift(t *testing.T, dir string) []cloud.Drift {
	t.Helper()
	if data, err := os.ReadFile(filepath.Join(dir, "refresh-only.plan.json")); err == nil {
		var p tfjson.Plan
		if err := json.Unmarshal(data, &p); err != nil {
			t.Fatal(err)
		}
		return cloud.MergeTerraformDrift(nil, &p)
	}
	data, err := os.ReadFile(filepath.Join(dir, "drift.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d []cloud.Drift
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// checkGoldenFiles compares every loaded file with its .fixed golden
// (unchanged when there is none).
func checkGoldenFiles(t *testing.T, dir string, m *iac.Module, out map[string][]byte) {
	t.Helper()
	var paths []string
	for p := range m.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		got, changed := out[p]
		fixed := filepath.Join(dir, filepath.FromSlash(p)+".fixed")
		if !changed {
			if _, err := os.Stat(fixed); err == nil && !*update {
				t.Errorf("%s did not change, but %s exists", p, fixed)
			} else if *update {
				os.Remove(fixed)
			}
			continue
		}
		golden(t, fixed, got)
	}
	for p := range out {
		if m.Files[p] == nil {
			t.Errorf("edit of a file that was not loaded: %s", p)
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// A Drift on nothing does nothing.
func TestDriftEmpty(t *testing.T) {
	m := iac.Load(context.Background(), os.DirFS(filepath.Join("testdata", "drift", "layout")), ".")
	ed := iac.NewEditor(m)
	c, s := codify.Drift(ed, m, nil)
	if len(c) != 0 || len(s) != 0 || !ed.Empty() {
		t.Errorf("codified %v skipped %v", c, s)
	}
	if strings.TrimSpace(codify.Owner) == "" {
		t.Error("no owner")
	}
}
