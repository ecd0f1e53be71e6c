package terraform

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/internal/testenv"
	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
)

// Real-binary tests: Terraform v1.5.7 (internal/testenv) on fixtures that
// use only built-in resources and the local backend, copied to a temp dir.

func newRealRunner(t *testing.T, dir string, opts Options) *Runner {
	t.Helper()
	if opts.PluginCacheDir == "" {
		opts.PluginCacheDir = filepath.Join(t.TempDir(), "plugins")
	}
	if opts.TempDir == "" {
		opts.TempDir = t.TempDir()
	}
	r, err := New(dir, testenv.Terraform(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// actions maps each resource address to its joined actions ("create",
// "delete,create", "no-op", …).
func actions(p *tfjson.Plan) map[string]string {
	m := map[string]string{}
	for _, rc := range p.ResourceChanges {
		var a []string
		for _, x := range rc.Change.Actions {
			a = append(a, string(x))
		}
		m[rc.Address] = strings.Join(a, ",")
	}
	return m
}

func planShow(t *testing.T, r *Runner, out string, wantChanges bool) *tfjson.Plan {
	t.Helper()
	changes, err := r.Plan(t.Context(), out, PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if changes != wantChanges {
		t.Fatalf("plan %s: changes = %v, want %v", out, changes, wantChanges)
	}
	p, err := r.Show(t.Context(), out)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func wantActions(t *testing.T, p *tfjson.Plan, want map[string]string) {
	t.Helper()
	got := actions(p)
	for addr, a := range want {
		if got[addr] != a {
			t.Errorf("%s: actions %q, want %q (all: %v)", addr, got[addr], a, got)
		}
	}
}

func stateAddrs(t *testing.T, r *Runner) []string {
	t.Helper()
	st, err := r.ShowState(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	if st.Values != nil && st.Values.RootModule != nil {
		for _, res := range st.Values.RootModule.Resources {
			out = append(out, res.Address)
		}
	}
	slices.Sort(out)
	return out
}

func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	mustWrite(t, path, strings.Replace(string(b), old, new, 1))
}

func TestRunnerLifecycle(t *testing.T) {
	dir := copyFixture(t, "lifecycle")
	var out syncBuffer
	r := newRealRunner(t, dir, Options{Stdout: &out, Stderr: &out})
	ctx := t.Context()
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Terraform has been successfully initialized") {
		t.Errorf("init output: %s", out.String())
	}
	if v, err := r.Version(ctx); err != nil || v.String() != testenv.TerraformVersion {
		t.Errorf("Version = %v, %v", v, err)
	}

	// Create.
	p := planShow(t, r, "create.tfplan", true)
	wantActions(t, p, map[string]string{"terraform_data.app": "create", "terraform_data.worker": "create", "terraform_data.old": "create"})
	if !strings.Contains(out.String(), "Plan: 3 to add, 0 to change, 0 to destroy.") {
		t.Errorf("plan output missing: %s", out.String())
	}
	if err := r.ApplySaved(ctx, "create.tfplan"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Apply complete! Resources: 3 added, 0 changed, 0 destroyed.") {
		t.Errorf("apply output missing: %s", out.String())
	}
	if got := stateAddrs(t, r); !slices.Equal(got, []string{"terraform_data.app", "terraform_data.old", "terraform_data.worker"}) {
		t.Errorf("state: %v", got)
	}

	// Nothing left to do.
	planShow(t, r, "noop.tfplan", false)

	// Update of input, through a var file (a new Runner: options belong
	// to a run).
	mustWrite(t, filepath.Join(dir, "update.tfvars"), "app_input = \"v2\"\n")
	r2 := newRealRunner(t, dir, Options{VarFiles: []string{"update.tfvars"}, Stdout: &out, Stderr: &out})
	p = planShow(t, r2, "update.tfplan", true)
	wantActions(t, p, map[string]string{"terraform_data.app": "update", "terraform_data.worker": "no-op", "terraform_data.old": "no-op"})
	for _, rc := range p.ResourceChanges {
		if rc.Address == "terraform_data.app" {
			if b, a := rc.Change.Before.(map[string]any)["input"], rc.Change.After.(map[string]any)["input"]; b != "v1" || a != "v2" {
				t.Errorf("app input %v -> %v", b, a)
			}
		}
	}
	if err := r2.ApplySaved(ctx, "update.tfplan"); err != nil {
		t.Fatal(err)
	}

	// Replace through triggers_replace.
	editFile(t, filepath.Join(dir, "main.tf"), `triggers_replace = ["a"]`, `triggers_replace = ["b"]`)
	p = planShow(t, r2, "replace.tfplan", true)
	wantActions(t, p, map[string]string{"terraform_data.worker": "delete,create", "terraform_data.app": "no-op"})
	for _, rc := range p.ResourceChanges {
		if rc.Address == "terraform_data.worker" {
			if b, _ := json.Marshal(rc.Change.ReplacePaths); string(b) != `[["triggers_replace"]]` {
				t.Errorf("replace_paths = %s", b)
			}
		}
	}
	if err := r2.ApplySaved(ctx, "replace.tfplan"); err != nil {
		t.Fatal(err)
	}

	// Delete by removing the block.
	editFile(t, filepath.Join(dir, "main.tf"), "resource \"terraform_data\" \"old\" {\n  input = \"goes away\"\n}\n", "")
	p = planShow(t, r2, "delete.tfplan", true)
	wantActions(t, p, map[string]string{"terraform_data.old": "delete"})
	if err := r2.ApplySaved(ctx, "delete.tfplan"); err != nil {
		t.Fatal(err)
	}
	if got := stateAddrs(t, r2); !slices.Equal(got, []string{"terraform_data.app", "terraform_data.worker"}) {
		t.Errorf("state: %v", got)
	}
	planShow(t, r2, "final.tfplan", false)
	if strings.Contains(out.String(), "terraform_version") {
		t.Errorf("version JSON in the output:\n%s", out.String())
	}
}

func TestRunnerRefreshOnly(t *testing.T) {
	dir := copyFixture(t, "lifecycle")
	var out syncBuffer
	r := newRealRunner(t, dir, Options{Stdout: &out})
	if err := r.Init(t.Context()); err != nil {
		t.Fatal(err)
	}
	changes, err := r.Plan(t.Context(), "r.tfplan", PlanOptions{RefreshOnly: true})
	if strings.Contains(out.String(), "terraform_version") {
		t.Errorf("version JSON in the output:\n%s", out.String())
	}
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.Show(t.Context(), "r.tfplan")
	if err != nil {
		t.Fatal(err)
	}
	// Nothing in state, nothing drifted: a refresh-only plan proposes no
	// resource changes even though the configuration has three.
	for _, rc := range p.ResourceChanges {
		if !rc.Change.Actions.NoOp() {
			t.Errorf("refresh-only plan changes %s: %v", rc.Address, rc.Change.Actions)
		}
	}
	if changes {
		t.Error("refresh-only plan reports changes")
	}
}

func TestRunnerWorkspaces(t *testing.T) {
	dir := copyFixture(t, "lifecycle")
	r := newRealRunner(t, dir, Options{})
	ctx := t.Context()
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r.SelectWorkspace(ctx, "staging"); err != nil { // created
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "terraform.tfstate.d", "staging")); err != nil {
		t.Errorf("workspace not created: %v", err)
	}
	planShow(t, r, "staging.tfplan", true)
	if err := r.ApplySaved(ctx, "staging.tfplan"); err != nil {
		t.Fatal(err)
	}
	if got := stateAddrs(t, r); len(got) != 3 {
		t.Errorf("staging state: %v", got)
	}
	if err := r.SelectWorkspace(ctx, "default"); err != nil { // exists
		t.Fatal(err)
	}
	if got := stateAddrs(t, r); len(got) != 0 {
		t.Errorf("default state: %v", got)
	}
	if err := r.SelectWorkspace(ctx, "staging"); err != nil { // selected, not created again
		t.Fatal(err)
	}
	if err := r.SelectWorkspace(ctx, "staging"); err != nil { // already current
		t.Fatal(err)
	}
	if got := stateAddrs(t, r); len(got) != 3 {
		t.Errorf("staging state after switching back: %v", got)
	}
	if err := r.SelectWorkspace(ctx, "not a valid/name"); err == nil {
		t.Error("invalid workspace name accepted")
	}
}

func TestRunnerApplySavedRefuses(t *testing.T) {
	dir := copyFixture(t, "lifecycle")
	r := newRealRunner(t, dir, Options{})
	ctx := t.Context()
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Plan(ctx, "p.tfplan", PlanOptions{}); err != nil {
		t.Fatal(err)
	}
	planPath := filepath.Join(dir, "p.tfplan")
	orig, err := os.ReadFile(planPath)
	if err != nil {
		t.Fatal(err)
	}

	refuse := func(name string, run *Runner, path string, want error) {
		t.Helper()
		err := run.ApplySaved(ctx, path)
		if !errors.Is(err, want) {
			t.Errorf("%s: err = %v, want %v", name, err, want)
		}
		var ce *CommandError
		if !errors.As(err, &ce) {
			t.Errorf("%s: not a *CommandError: %T", name, err)
		}
	}

	// Another runner on the same directory did not produce it.
	other := newRealRunner(t, dir, Options{})
	refuse("other runner", other, "p.tfplan", ErrPlanNotProduced)
	refuse("missing file", r, "missing.tfplan", ErrPlanNotProduced)
	mustWrite(t, filepath.Join(dir, "copy.tfplan"), string(orig))
	refuse("a copy at another path", r, "copy.tfplan", ErrPlanNotProduced)
	os.Mkdir(filepath.Join(dir, "d.tfplan"), 0o755)
	refuse("a directory", r, "d.tfplan", ErrPlanNotProduced)

	// Changed bytes: refused by ApplySaved and by Show.
	mustWrite(t, planPath, string(orig)+"x")
	refuse("modified", r, planPath, ErrPlanModified)
	if _, err := r.Show(ctx, planPath); !errors.Is(err, ErrPlanModified) {
		t.Errorf("Show of a modified plan: %v", err)
	}

	// The produced path replaced by a symlink to the same bytes.
	real := filepath.Join(dir, "real.tfplan")
	mustWrite(t, real, string(orig))
	os.Remove(planPath)
	if err := os.Symlink(real, planPath); err != nil {
		t.Fatal(err)
	}
	refuse("symlink", r, planPath, ErrPlanNotProduced)

	// Nothing was applied by any of the above.
	if got := stateAddrs(t, r); len(got) != 0 {
		t.Fatalf("state after refusals: %v", got)
	}

	// The original bytes back in place: applied, once.
	os.Remove(planPath)
	mustWrite(t, planPath, string(orig))
	if err := r.ApplySaved(ctx, "p.tfplan"); err != nil {
		t.Fatal(err)
	}
	if got := stateAddrs(t, r); len(got) != 3 {
		t.Errorf("state: %v", got)
	}
	refuse("applied twice", r, planPath, ErrPlanApplied)

	// A new plan to the same path replaces the record.
	if _, err := r.Plan(ctx, "p.tfplan", PlanOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := r.ApplySaved(ctx, planPath); err != nil {
		t.Errorf("apply of the new plan: %v", err)
	}
}

func TestRunnerSensitive(t *testing.T) {
	dir := copyFixture(t, "sensitive")
	var stdout, stderr, logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r := newRealRunner(t, dir, Options{Stdout: &stdout, Stderr: &stderr, Logger: logger})
	ctx := t.Context()
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	planShow(t, r, "v1.tfplan", true)
	if err := r.ApplySaved(ctx, "v1.tfplan"); err != nil {
		t.Fatal(err)
	}
	editFile(t, filepath.Join(dir, "main.tf"), "fixture-not-a-secret-v1", "fixture-not-a-secret-v2")
	plan := planShow(t, r, "v2.tfplan", true)

	// Terraform itself leaks: the JSON holds both values in clear, and
	// the human plan prints the old one (from the unmarked computed
	// output). Without that, this test would prove nothing.
	raw, _ := json.Marshal(plan)
	for _, s := range fixtureSecrets {
		if !strings.Contains(string(raw), s) {
			t.Fatalf("plan JSON lacks %q", s)
		}
	}
	tf, err := tfexec.NewTerraform(dir, testenv.Terraform(t))
	if err != nil {
		t.Fatal(err)
	}
	tf.SetEnv(map[string]string{"CHECKPOINT_DISABLE": "1", "PATH": os.Getenv("PATH")})
	rawText, err := tf.ShowPlanFileRaw(ctx, filepath.Join(dir, "v2.tfplan"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rawText, "fixture-not-a-secret-v1") {
		t.Fatalf("terraform show no longer leaks the old value; the redactor test needs another leak:\n%s", rawText)
	}

	text, err := r.ShowText(ctx, "v2.tfplan")
	if err != nil {
		t.Fatal(err)
	}
	assertNoSecret(t, "ShowText", text)
	if !strings.Contains(text, Mask) || !strings.Contains(text, "terraform_data.app_config") {
		t.Errorf("ShowText lost the plan:\n%s", text)
	}
	redacted, _ := json.Marshal(RedactPlan(plan))
	assertNoSecret(t, "RedactPlan JSON", string(redacted))

	if err := r.ApplySaved(ctx, "v2.tfplan"); err != nil {
		t.Fatal(err)
	}
	st, err := r.ShowState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(st); !strings.Contains(string(b), "fixture-not-a-secret-v2") {
		t.Error("state JSON lacks the secret (values are returned in clear)")
	}
	// Everything that left the runner is clean, though it saw the plan
	// that prints the old value.
	if !strings.Contains(stdout.String(), "Plan: 0 to add, 1 to change, 0 to destroy.") {
		t.Errorf("stdout lacks the plan:\n%s", stdout.String())
	}
	assertNoSecret(t, "stdout", stdout.String())
	assertNoSecret(t, "stderr", stderr.String())
	assertNoSecret(t, "logs", logs.String())
	if !strings.Contains(logs.String(), "running Terraform command") {
		t.Errorf("no terraform-exec lines in the log:\n%s", logs.String())
	}
}

func TestRunnerCancelApply(t *testing.T) {
	dir := copyFixture(t, "slow")
	var out syncBuffer
	started := newNotifyWriter(&out, "(local-exec): provisioner-started")
	r := newRealRunner(t, dir, Options{Stdout: started, Stderr: &out, InterruptGrace: 30 * time.Second})
	if err := r.Init(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Plan(t.Context(), "slow.tfplan", PlanOptions{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() {
		select {
		case <-started.ch:
			cancel()
		case <-time.After(30 * time.Second):
		}
	}()
	start := time.Now()
	err := r.ApplySaved(ctx, "slow.tfplan")
	elapsed := time.Since(start)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// Terraform stopped on SIGINT (it says so), well before the kill
	// deadline (30s) and the provisioner's sleep (60s).
	if elapsed > 20*time.Second {
		t.Errorf("apply took %v after cancel", elapsed)
	}
	if !strings.Contains(out.String(), "Interrupt received") {
		t.Errorf("terraform did not report the interrupt:\n%s", out.String())
	}
	// A graceful stop writes state: the half-created resource is tainted.
	st, err := r.ShowState(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Values == nil || len(st.Values.RootModule.Resources) != 1 || !st.Values.RootModule.Resources[0].Tainted {
		b, _ := json.Marshal(st)
		t.Errorf("state after interrupt: %s", b)
	}
}

func TestRunnerPlanFails(t *testing.T) {
	dir := copyFixture(t, "lifecycle")
	var stderr syncBuffer
	r := newRealRunner(t, dir, Options{Stderr: &stderr})
	ctx := t.Context()
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	// A good plan first, so that the path is known…
	if _, err := r.Plan(ctx, "p.tfplan", PlanOptions{}); err != nil {
		t.Fatal(err)
	}
	// …then a broken configuration: the failed plan forgets the old one.
	mustWrite(t, filepath.Join(dir, "broken.tf"), "resource \"terraform_data\" \"x\" {\n  input = var.nope\n}\n")
	_, err := r.Plan(ctx, "p.tfplan", PlanOptions{})
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Command != "plan" || !strings.Contains(err.Error(), "Reference to undeclared input variable") {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(stderr.String(), "Reference to undeclared input variable") {
		t.Errorf("stderr: %s", stderr.String())
	}
	if err := r.ApplySaved(ctx, "p.tfplan"); !errors.Is(err, ErrPlanNotProduced) {
		t.Errorf("apply after a failed plan: %v", err)
	}
}
