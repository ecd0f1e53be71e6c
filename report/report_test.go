package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/hashicorp/hcl/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// s3Meta is the metadata of a rule that exists on every branch.
func s3Meta(t *testing.T) fixers.Meta {
	t.Helper()
	fx, ok := fixers.ByID("aws-s3-versioning")
	if !ok {
		t.Fatal("rule aws-s3-versioning is not registered")
	}
	return fx.Meta
}

// fixture is a fixed scan result: two findings (one not fixable), a load
// error, an expired ignore and a load warning. Paths are relative to the
// scanned directory, as iac and fixers give them.
func fixture(t *testing.T) (fixers.Result, hcl.Diagnostics, []fixers.Meta) {
	m := s3Meta(t)
	refs := m.Refs
	res := fixers.Result{
		Findings: []fixers.Finding{
			{
				Rule: m.ID, Title: m.Title, Severity: m.Severity, Class: m.Class,
				Address: "aws_s3_bucket.logs", File: "main.tf", Line: 2, Column: 1,
				Message: "bucket has no versioning configuration", Fixable: true, Refs: refs,
				Range: hcl.Range{Filename: "main.tf", Start: hcl.Pos{Line: 2, Column: 1}, End: hcl.Pos{Line: 4, Column: 2}},
			},
			{
				Rule: m.ID, Title: m.Title, Severity: m.Severity, Class: m.Class,
				Address: `module.store.aws_s3_bucket.this["a"]`, File: "../modules/store/main.tf.json", Line: 3, Column: 5,
				Message: "bucket has no versioning configuration", Fixable: false,
				Reason: "the resource is in a .tf.json file, which driftfix does not edit; change it by hand", Refs: refs,
			},
		},
		Ignored: 1,
		Warnings: []fixers.Warning{
			{File: "main.tf", Line: 9, Column: 1, Message: "ignore of aws-s3-versioning expired on 2020-01-01; the finding is reported again"},
		},
	}
	diags := hcl.Diagnostics{
		{Severity: hcl.DiagError, Summary: "Invalid expression", Detail: "Expected the start of an expression.",
			Subject: &hcl.Range{Filename: "broken.tf", Start: hcl.Pos{Line: 2, Column: 12}, End: hcl.Pos{Line: 2, Column: 13}}},
		{Severity: hcl.DiagWarning, Summary: "Deprecated syntax"},
	}
	return res, diags, []fixers.Meta{m}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update and review the diff):\n%s", name, got)
	}
}

func render(t *testing.T, format string, s *Scan, opt Options) []byte {
	t.Helper()
	r, err := ForScan(format)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r(&buf, s, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func renderFix(t *testing.T, format string, f *Fix, opt Options) []byte {
	t.Helper()
	r, err := ForFix(format)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r(&buf, f, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scanFixture is the scan of the root module in infra: paths relative to
// infra, as the JSON and SARIF formats show them. infraDir shows them from
// the working directory above, as the text format does.
func scanFixture(t *testing.T) *Scan {
	res, diags, rules := fixture(t)
	s := NewScan(res, diags, rules)
	s.Roots = []string{"."}
	return s
}

var infraDir = Options{Dir: "infra"}

func fixFixture(t *testing.T, dryRun bool) *Fix {
	res, _, _ := fixture(t)
	fr := &fixers.FixResult{
		Fixed:     res.Findings[:1],
		Remaining: res.Findings[1:],
		Before:    res,
		Changes: iac.NewChangeSet(
			map[string][]byte{"main.tf": []byte("resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n")},
			map[string][]byte{"main.tf": []byte("resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n\nresource \"aws_s3_bucket_versioning\" \"logs\" {\n  bucket = aws_s3_bucket.logs.id\n}\n")},
		),
	}
	return NewFix(fr, nil, dryRun)
}

func TestJSONScanGolden(t *testing.T) {
	golden(t, "scan.golden.json", render(t, "json", scanFixture(t), Options{}))
}

// withoutDiff replaces the diff (iac.ChangeSet.Diff's business, tested
// there) by a placeholder, after checking that out holds it with its paths
// under opt.Dir.
func withoutDiff(t *testing.T, out []byte, f *Fix, opt Options, quote bool) []byte {
	t.Helper()
	d := f.under(opt.Dir).Changes.Diff()
	if quote {
		b, _ := json.Marshal(d)
		d = string(b)
	}
	if d == "" || !bytes.Contains(out, []byte(d)) {
		t.Fatalf("the output lacks the change set's diff:\n%s", out)
	}
	ph := "<diff>"
	if quote {
		ph = `"<diff>"`
	}
	return bytes.Replace(out, []byte(d), []byte(ph), 1)
}

// TestJSONFixGolden: paths relative to the fixed directory, and the diff of
// what was written (or would be) always there, with paths from the working
// directory so that it applies there.
func TestJSONFixGolden(t *testing.T) {
	f := fixFixture(t, false)
	golden(t, "fix.golden.json", withoutDiff(t, renderFix(t, "json", f, infraDir), f, infraDir, true))
	dry := fixFixture(t, true)
	golden(t, "fix-dry-run.golden.json", withoutDiff(t, renderFix(t, "json", dry, infraDir), dry, infraDir, true))
	if !bytes.Contains(renderFix(t, "json", dry, infraDir), []byte(`"diff": "--- a/infra/main.tf\n+++ b/infra/main.tf\n`)) {
		t.Errorf("the diff's paths do not start at the working directory")
	}
}

func TestTextGolden(t *testing.T) {
	golden(t, "scan.golden.txt", render(t, "text", scanFixture(t), infraDir))
	golden(t, "fix.golden.txt", renderFix(t, "text", fixFixture(t, false), infraDir))
	dry := fixFixture(t, true)
	golden(t, "fix-dry-run.golden.txt", withoutDiff(t, renderFix(t, "text", dry, infraDir), dry, infraDir, false))
}

// TestTextDryRunPatch: with Messages set, a dry run's output is the patch
// alone (it applies with git apply) and everything else goes to Messages.
func TestTextDryRunPatch(t *testing.T) {
	dry := fixFixture(t, true)
	var out, msgs bytes.Buffer
	r, _ := ForFix("text")
	opt := infraDir
	opt.Messages = &msgs
	if err := r(&out, dry, opt); err != nil {
		t.Fatal(err)
	}
	if want := dry.under("infra").Changes.Diff(); out.String() != want {
		t.Errorf("output is not the patch alone:\n%s\nwant:\n%s", out.String(), want)
	}
	if !strings.Contains(msgs.String(), "would fix:") || !strings.HasSuffix(msgs.String(), "nothing written; 1 finding needs a manual fix\n") {
		t.Errorf("messages:\n%s", msgs.String())
	}
	// nothing to fix: no output at all, the summary in the messages
	out.Reset()
	msgs.Reset()
	if err := r(&out, NewFix(&fixers.FixResult{}, nil, true), opt); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 || msgs.String() != "nothing to fix; no files changed\n" {
		t.Errorf("empty dry run: output %q, messages %q", out.String(), msgs.String())
	}
}

// TestJSONEmpty: every list is an array, never null.
func TestJSONEmpty(t *testing.T) {
	got := string(render(t, "json", NewScan(fixers.Result{}, nil, nil), Options{}))
	want := "{\n  \"findings\": [],\n  \"errors\": [],\n  \"warnings\": [],\n  \"roots\": []\n}\n"
	if got != want {
		t.Errorf("empty scan:\n%s\nwant:\n%s", got, want)
	}
	var fix map[string]any
	if err := json.Unmarshal(renderFix(t, "json", NewFix(&fixers.FixResult{}, nil, false), Options{}), &fix); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"fixed", "remaining", "files", "errors", "warnings"} {
		if _, ok := fix[k].([]any); !ok {
			t.Errorf("fix %q = %#v, want an array", k, fix[k])
		}
	}
	if d, ok := fix["diff"]; !ok || d != "" {
		t.Errorf("diff of a fix that changed nothing = %#v, want \"\"", d)
	}
}

func TestTextColor(t *testing.T) {
	s := scanFixture(t)
	plain := string(render(t, "text", s, Options{}))
	if strings.Contains(plain, "\x1b[") {
		t.Errorf("colour without Options.Color:\n%q", plain)
	}
	colored := string(render(t, "text", s, Options{Color: true}))
	if !strings.Contains(colored, "\x1b[33mmedium\x1b[0m") {
		t.Errorf("no coloured severity:\n%q", colored)
	}
	// Only the severity is coloured: without escapes the output is the same.
	stripped := strings.NewReplacer("\x1b[33m", "", "\x1b[0m", "").Replace(colored)
	if stripped != plain {
		t.Errorf("colour changed more than the severity:\n%s\nvs\n%s", stripped, plain)
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := ForScan("xml"); err == nil || !strings.Contains(err.Error(), `unknown format "xml"`) {
		t.Errorf("ForScan(xml) = %v", err)
	}
	if _, err := ForFix("sarif"); err == nil {
		t.Errorf("ForFix(sarif) did not fail")
	}
	if got := strings.Join(ScanFormats(), ","); got != "json,sarif,text" {
		t.Errorf("ScanFormats = %s", got)
	}
	if got := strings.Join(FixFormats(), ","); got != "json,text" {
		t.Errorf("FixFormats = %s", got)
	}
}

func TestProblems(t *testing.T) {
	_, diags, _ := fixture(t)
	errs, warns := Problems(diags)
	want := Problem{File: "broken.tf", Line: 2, Column: 12, Message: "Invalid expression: Expected the start of an expression."}
	if len(errs) != 1 || errs[0] != want {
		t.Errorf("errors = %+v, want [%+v]", errs, want)
	}
	if len(warns) != 1 || warns[0] != (Problem{Message: "Deprecated syntax"}) {
		t.Errorf("warnings = %+v", warns)
	}
}

func TestRebase(t *testing.T) {
	s := scanFixture(t)
	s.Rebase("infra")
	var files []string
	for _, f := range s.Findings {
		files = append(files, f.File)
	}
	// ../modules resolves against the directory, and the order follows the
	// new paths.
	if got := strings.Join(files, " "); got != "infra/main.tf modules/store/main.tf.json" {
		t.Errorf("files = %s", got)
	}
	if s.Errors[0].File != "infra/broken.tf" {
		t.Errorf("error file = %s", s.Errors[0].File)
	}
	if s.Warnings[0].File != "" || s.Warnings[1].File != "infra/main.tf" {
		t.Errorf("warnings = %+v", s.Warnings)
	}
	if len(s.Roots) != 1 || s.Roots[0] != "infra" {
		t.Errorf("roots = %v", s.Roots)
	}
}

// TestMergeScans: the scans of several roots become one; a place that
// several roots report (a module they all call, under any name) is listed
// once, with the first root's findings there (one per instance).
func TestMergeScans(t *testing.T) {
	m := s3Meta(t)
	finding := func(addr, file string, line int) fixers.Finding {
		return fixers.Finding{Rule: m.ID, Severity: m.Severity, Class: m.Class, Address: addr, File: file, Line: line, Message: "bucket has no versioning configuration", Fixable: true}
	}
	broken := Problem{File: "modules/s/bad.tf", Line: 2, Column: 3, Message: "Invalid expression"}
	prod := &Scan{
		Roots: []string{"envs/prod"},
		Findings: []fixers.Finding{
			finding("aws_s3_bucket.own", "envs/prod/main.tf", 1),
			finding(`module.store.aws_s3_bucket.this["a"]`, "modules/s/main.tf", 1),
			finding(`module.store.aws_s3_bucket.this["b"]`, "modules/s/main.tf", 1),
		},
		Ignored: 1, Errors: []Problem{broken}, Rules: []fixers.Meta{m},
	}
	stage := &Scan{
		Roots: []string{"envs/stage"},
		Findings: []fixers.Finding{
			finding("aws_s3_bucket.own", "envs/stage/main.tf", 1),
			finding("module.storage.aws_s3_bucket.this", "modules/s/main.tf", 1),
		},
		Ignored: 2, Errors: []Problem{broken}, Rules: []fixers.Meta{m},
	}
	got := MergeScans([]*Scan{prod, stage})
	var addrs []string
	for _, f := range got.Findings {
		addrs = append(addrs, f.File+" "+f.Address)
	}
	want := []string{
		"envs/prod/main.tf aws_s3_bucket.own",
		"envs/stage/main.tf aws_s3_bucket.own",
		`modules/s/main.tf module.store.aws_s3_bucket.this["a"]`,
		`modules/s/main.tf module.store.aws_s3_bucket.this["b"]`,
	}
	if strings.Join(addrs, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(addrs, "\n"), strings.Join(want, "\n"))
	}
	if strings.Join(got.Roots, " ") != "envs/prod envs/stage" || got.Ignored != 3 || len(got.Errors) != 1 || len(got.Rules) != 1 {
		t.Errorf("roots %v, ignored %d, errors %v, rules %d", got.Roots, got.Ignored, got.Errors, len(got.Rules))
	}
	if empty := MergeScans(nil); empty.Roots == nil || empty.Errors == nil || empty.Warnings == nil || len(empty.Findings) != 0 {
		t.Errorf("empty merge: %+v", empty)
	}
}
