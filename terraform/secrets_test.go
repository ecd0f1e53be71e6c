package terraform

import (
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/driftfix/driftfix/internal/testenv"
	tfjson "github.com/hashicorp/terraform-json"
)

// The short secrets of testdata/fixtures/sensitive-short: a sensitive map
// key (Qz → Jx) and a value (W7 → W8). Upper-case letters never occur in
// the ids, hashes and messages of a terraform_data plan, so any occurrence
// is a leak.
var shortSecrets = []string{"Qz", "Jx", "W7", "W8"}

func assertNoShortSecret(t *testing.T, where, text string) {
	t.Helper()
	for _, s := range shortSecrets {
		if strings.Contains(text, s) {
			t.Errorf("%s prints %q:\n%s", where, s, text)
		}
	}
}

// Against the real Terraform: sensitive values shorter than MinSecretLen,
// one of them a map key, never leave the runner — not in its output (plan
// and apply), its logs, the plan text or the redacted plan JSON — though
// Terraform's own human plan prints them. The plan file is 0600 whatever
// the umask.
func TestRunnerShortSecrets(t *testing.T) {
	dir := copyFixture(t, "sensitive-short")
	var stdout, stderr, logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r := newRealRunner(t, dir, Options{Stdout: &stdout, Stderr: &stderr, Logger: logger})
	ctx := t.Context()
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	planShow(t, r, "v1.tfplan", true)
	if err := r.ApplySaved(ctx, "v1.tfplan"); err != nil {
		t.Fatal(err)
	}
	editFile(t, filepath.Join(dir, "main.tf"), `"Qz"`, `"Jx"`)
	editFile(t, filepath.Join(dir, "main.tf"), `"W7"`, `"W8"`)
	plan := planShow(t, r, "v2.tfplan", true)

	// Terraform itself prints the old key and value in its human plan:
	// without that this test would prove nothing.
	raw, err := exec.Command(testenv.Terraform(t), "-chdir="+dir, "show", "-no-color", "v2.tfplan").Output()
	if err != nil {
		t.Fatalf("terraform show: %v", err)
	}
	if !strings.Contains(string(raw), "Qz") || !strings.Contains(string(raw), `"W7"`) {
		t.Fatalf("terraform show no longer prints the short secrets; this test needs another leak:\n%s", raw)
	}

	fi, err := os.Stat(filepath.Join(dir, "v2.tfplan"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("plan file mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	text, err := r.ShowText(ctx, "v2.tfplan")
	if err != nil {
		t.Fatal(err)
	}
	assertNoShortSecret(t, "ShowText", text)
	for _, want := range []string{"# terraform_data.t will be updated in-place", "~ input = " + Mask + " -> " + ChangedMask, "Plan: 0 to add, 1 to change, 0 to destroy."} {
		if !strings.Contains(text, want) {
			t.Errorf("ShowText lacks %q:\n%s", want, text)
		}
	}
	red, _ := json.Marshal(r.Redactor().RedactPlan(plan))
	assertNoShortSecret(t, "RedactPlan JSON", string(red))

	if err := r.ApplySaved(ctx, "v2.tfplan"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.") {
		t.Errorf("stdout lacks the apply:\n%s", stdout.String())
	}
	assertNoShortSecret(t, "stdout", stdout.String())
	assertNoShortSecret(t, "stderr", stderr.String())
	assertNoShortSecret(t, "logs", logs.String())
}

// Terraform's -json UI is rendered without values: outputs (whose types
// name a sensitive map's keys), planned changes and snippets are dropped;
// progress and diagnostics are kept, errors on their own writer.
func TestUIWriter(t *testing.T) {
	in := strings.Join([]string{
		`{"@level":"info","@message":"Terraform 1.5.7","type":"version"}`,
		`{"@level":"info","@message":"terraform_data.t: Refreshing state... [id=abc]","type":"refresh_start"}`,
		`{"@level":"info","@message":"terraform_data.t: Plan to update","type":"planned_change"}`,
		`{"@level":"info","@message":"Outputs: 1","type":"outputs","outputs":{"o":{"sensitive":true,"type":["object",{"Qz":"string"}]}}}`,
		`{"@level":"warn","@message":"Warning: Deprecated","type":"diagnostic","diagnostic":{"severity":"warning","summary":"Deprecated","detail":"use y"}}`,
		`{"@level":"error","@message":"Error: Bad","type":"diagnostic","diagnostic":{"severity":"error","summary":"Bad value","detail":"not allowed","range":{"filename":"main.tf","start":{"line":3}},"snippet":{"values":[{"traversal":"var.k","statement":"is \"Qz\""}]}}}`,
		`not json`,
		`{"@level":"info","@message":"Apply complete! Resources: 0 added, 1 changed, 0 destroyed.","type":"change_summary"}`,
	}, "\n")
	var out, errOut strings.Builder
	u := newUIWriter(&out, &errOut)
	for i := 0; i < len(in); i += 7 { // in pieces, lines split across writes
		u.Write([]byte(in[i:min(i+7, len(in))]))
	}
	u.Flush()
	want := "terraform_data.t: Refreshing state... [id=abc]\n\nWarning: Deprecated\n\nuse y\nnot json\nApply complete! Resources: 0 added, 1 changed, 0 destroyed.\n"
	if out.String() != want {
		t.Errorf("out = %q\nwant %q", out.String(), want)
	}
	if wantErr := "\nError: Bad value\n\n  on main.tf line 3:\n\nnot allowed\n"; errOut.String() != wantErr {
		t.Errorf("errors = %q, want %q", errOut.String(), wantErr)
	}
	assertNoShortSecret(t, "ui output", out.String()+errOut.String())
	if err := u.errorsOf(os.ErrClosed); err == nil || !strings.Contains(err.Error(), "Bad value: not allowed") {
		t.Errorf("errorsOf = %v", err)
	}
}

// A private plan copy is 0600, and copies left by processes that are gone
// (a SIGKILL runs no cleanup) are removed the next time a copy is made;
// copies of live processes stay.
func TestPrivateCopy(t *testing.T) {
	dir := t.TempDir()
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, copyPrefix+strconv.Itoa(gone.Process.Pid)+"-1")
	live := filepath.Join(dir, copyPrefix+strconv.Itoa(os.Getppid())+"-2")
	other := filepath.Join(dir, "tfplan")
	for _, p := range []string{stale, live, other} {
		mustWrite(t, p, "plan")
	}
	cp, err := privateCopy(dir, []byte("secret plan"))
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(cp)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("copy mode %v (%v)", fi.Mode().Perm(), err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the copy of a dead process is still there: %v", err)
	}
	for _, p := range []string{live, other, cp} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: %v", filepath.Base(p), err)
		}
	}
}

// PlanText renders what a plan does from its JSON, values as given.
func TestPlanText(t *testing.T) {
	var p tfjson.Plan
	js := `{"format_version":"1.2","resource_changes":[
	 {"address":"a.x","type":"a","name":"x","change":{"actions":["create"],"before":null,"after":{"name":"n","tags":{"k":"v"},"empty":[]},"after_unknown":{"id":true}}},
	 {"address":"a.y","type":"a","name":"y","change":{"actions":["update"],"before":{"s":"(sensitive)","l":[1,2]},"after":{"s":"(sensitive, changed)","l":[1,3]},"after_unknown":{}}},
	 {"address":"a.z","type":"a","name":"z","change":{"actions":["delete","create"],"before":{"k":"1"},"after":{"k":"2"},"after_unknown":{},"replace_paths":[["k"]]}},
	 {"address":"a.n","type":"a","name":"n","change":{"actions":["no-op"],"before":{},"after":{}}}],
	 "output_changes":{"o":{"actions":["update"],"before":"(sensitive)","after":"(sensitive, changed)"}}}`
	if err := json.Unmarshal([]byte(js), &p); err != nil {
		t.Fatal(err)
	}
	want := `Terraform will perform the following actions:

  # a.x will be created
    + id = (known after apply)
    + name = "n"
    + tags = {"k":"v"}

  # a.y will be updated in-place
    ~ l[1] = 2 -> 3
    ~ s = (sensitive) -> (sensitive, changed)

  # a.z must be replaced
    ~ k = "1" -> "2" # forces replacement

Plan: 2 to add, 1 to change, 1 to destroy.

Changes to outputs:
  ~ o = (sensitive) -> (sensitive, changed)
`
	if got := PlanText(&p); got != want {
		t.Errorf("PlanText =\n%s\nwant\n%s", got, want)
	}
}

// A long wait says, every interval, that it is still going and for how
// long; a nil writer says nothing.
func TestWithProgress(t *testing.T) {
	var out syncBuffer
	lines := newNotifyWriter(&out, "elapsed)\n")
	err := withProgress(lines, "terraform init", time.Millisecond, func() error {
		<-lines.ch // at least one progress line while fn runs
		return os.ErrClosed
	})
	if err != os.ErrClosed {
		t.Errorf("err = %v, want fn's error", err)
	}
	first, _, _ := strings.Cut(out.String(), "\n")
	if !strings.HasPrefix(first, "driftfix: terraform init: still running (") || !strings.HasSuffix(first, " elapsed)") {
		t.Errorf("progress line %q", first)
	}
	if err := withProgress(nil, "x", time.Millisecond, func() error { return nil }); err != nil {
		t.Error(err)
	}
}

// A plan that changes nothing says so.
func TestPlanTextNoChanges(t *testing.T) {
	p := &tfjson.Plan{FormatVersion: "1.2", ResourceChanges: []*tfjson.ResourceChange{{
		Address: "a.x", Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionNoop}},
	}}}
	if got, want := PlanText(p), "No changes. The infrastructure matches the configuration.\n"; got != want {
		t.Errorf("PlanText = %q, want %q", got, want)
	}
}
