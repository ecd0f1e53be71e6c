package terraform

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Tests with a fake terraform: a shell script that logs its arguments,
// dumps its environment and misbehaves on request. They check what the
// real binary cannot show: the exact environment and argv the runner
// hands over, and the kill after the grace period when SIGINT is ignored.
// They write executables, so they do not run in parallel (see writeExec).

const fakeTerraform = `#!/bin/sh
echo "$*" >> "$FAKE_LOG"
case "$1" in
version)
  if [ "$2" = "-json" ]; then
    echo '{"terraform_version":"1.5.7","platform":"linux_amd64","provider_selections":{},"terraform_outdated":false}'
  else
    echo 'Terraform v1.5.7'
  fi ;;
init)
  env | sort > "$FAKE_ENV"
  if [ -n "$FAKE_INIT_UNTIL" ]; then
    while [ ! -e "$FAKE_INIT_UNTIL" ]; do sleep 0.02; done
  fi
  echo "Terraform has been successfully initialized!" ;;
plan)
  for a in "$@"; do case "$a" in -out=*) out="${a#-out=}" ;; esac; done
  echo "fake plan $$" > "$out"
  echo "Plan: 1 to add, 0 to change, 0 to destroy."
  exit 2 ;;
show)
  echo '{"format_version":"1.2","terraform_version":"1.5.7"}' ;;
apply)
  if [ "$FAKE_APPLY" = ignore-int ]; then
    trap 'echo got-sigint' INT
    echo apply-started
    while :; do sleep 0.05; done
  fi
  echo "Apply complete!" ;;
esac
`

type fakeEnv struct {
	bin, dir, log, env string
}

func newFake(t *testing.T) fakeEnv {
	t.Helper()
	root := t.TempDir()
	f := fakeEnv{
		bin: writeExec(t, filepath.Join(root, "bin", "terraform"), fakeTerraform),
		dir: filepath.Join(root, "work"),
		log: filepath.Join(root, "calls.log"),
		env: filepath.Join(root, "env.txt"),
	}
	os.MkdirAll(f.dir, 0o755)
	return f
}

func (f fakeEnv) vars(extra ...string) map[string]string {
	m := map[string]string{"PATH": os.Getenv("PATH"), "FAKE_LOG": f.log, "FAKE_ENV": f.env}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = extra[i+1]
	}
	return m
}

func (f fakeEnv) calls(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(f.log)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

func readEnvDump(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return environMap(strings.Split(strings.TrimSpace(string(b)), "\n"))
}

func TestRunnerEnvInherited(t *testing.T) {
	f := newFake(t)
	t.Setenv("FAKE_LOG", f.log)
	t.Setenv("FAKE_ENV", f.env)
	t.Setenv("TF_VAR_leak", "from-parent")
	t.Setenv("TF_INPUT", "1")
	t.Setenv("TF_CLI_ARGS_plan", "-destroy")
	t.Setenv("AWS_PROFILE", "driftfix-test")
	cache := filepath.Join(t.TempDir(), "plugins", "nested")
	r, err := New(f.dir, f.bin, Options{PluginCacheDir: cache, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(cache); err != nil || !fi.IsDir() {
		t.Fatalf("plugin cache not created: %v", err)
	}
	if err := r.Init(t.Context()); err != nil {
		t.Fatal(err)
	}
	env := readEnvDump(t, f.env)
	for k, want := range map[string]string{
		"TF_IN_AUTOMATION":    "1",
		"CHECKPOINT_DISABLE":  "1",
		"TF_PLUGIN_CACHE_DIR": cache,
		"AWS_PROFILE":         "driftfix-test",
	} {
		if env[k] != want {
			t.Errorf("%s = %q, want %q", k, env[k], want)
		}
	}
	for _, k := range []string{"TF_VAR_leak", "TF_INPUT", "TF_CLI_ARGS_plan", "TF_WORKSPACE"} {
		if v, ok := env[k]; ok {
			t.Errorf("%s reached terraform (%q)", k, v)
		}
	}
	var init string
	for _, c := range f.calls(t) {
		if strings.HasPrefix(c, "init ") {
			init = c
		}
	}
	for _, flag := range []string{"init", "-no-color", "-input=false", "-upgrade=false"} {
		if !strings.Contains(init, flag) {
			t.Errorf("init argv %q lacks %s", init, flag)
		}
	}
}

func TestRunnerEnvExplicit(t *testing.T) {
	f := newFake(t)
	if _, err := New(f.dir, f.bin, Options{Env: map[string]string{"TF_VAR_x": "1"}, PluginCacheDir: t.TempDir()}); err == nil {
		t.Fatal("explicit TF_VAR_ accepted")
	}
	r, err := New(f.dir, f.bin, Options{Env: f.vars("ONLY", "this"), PluginCacheDir: t.TempDir(), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Init(t.Context()); err != nil {
		t.Fatal(err)
	}
	env := readEnvDump(t, f.env)
	if env["ONLY"] != "this" || env["TF_IN_AUTOMATION"] != "1" {
		t.Errorf("env: %v", env)
	}
	if _, ok := env["HOME"]; ok && os.Getenv("HOME") != "" {
		t.Error("an explicit environment inherited HOME")
	}
}

func TestRunnerArgv(t *testing.T) {
	f := newFake(t)
	tmp := t.TempDir()
	r, err := New(f.dir, f.bin, Options{
		Env: f.vars(), PluginCacheDir: t.TempDir(), TempDir: tmp,
		VarFiles: []string{"a.tfvars", "/abs/b.tfvars"}, LockTimeout: 30 * time.Second,
		BackendConfig: []string{"password=backend-secret-value"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	changes, err := r.Plan(ctx, "out.tfplan", PlanOptions{})
	if err != nil || !changes {
		t.Fatalf("plan: %v %v", changes, err)
	}
	if err := r.ApplySaved(ctx, "out.tfplan"); err != nil {
		t.Fatal(err)
	}
	calls := f.calls(t)
	find := func(cmd string) string {
		for _, c := range calls {
			if strings.HasPrefix(c, cmd+" ") {
				return c
			}
		}
		t.Fatalf("no %s call in %q", cmd, calls)
		return ""
	}
	if init := find("init"); !strings.Contains(init, "-backend-config=password=backend-secret-value") || strings.Contains(init, "-lock") {
		t.Errorf("init: %s", init)
	}
	plan := find("plan")
	for _, want := range []string{"-input=false", "-lock=true", "-lock-timeout=30s", "-out=" + filepath.Join(f.dir, "out.tfplan"), "-var-file=a.tfvars -var-file=/abs/b.tfvars", "-refresh=true"} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan argv %q lacks %q", plan, want)
		}
	}
	if strings.Contains(plan, "-refresh-only") {
		t.Errorf("plan argv %q is refresh-only", plan)
	}
	apply := find("apply")
	for _, want := range []string{"-input=false", "-auto-approve", "-lock=true", "-lock-timeout=30s"} {
		if !strings.Contains(apply, want) {
			t.Errorf("apply argv %q lacks %q", apply, want)
		}
	}
	if strings.Contains(apply, "-var-file") || strings.Contains(apply, "-target") {
		t.Errorf("apply argv %q has plan-time options", apply)
	}
	// Terraform applied a private copy under TempDir, not the caller's
	// path, and the copy is gone afterwards.
	fields := strings.Fields(apply)
	planArg := fields[len(fields)-1]
	if !strings.HasPrefix(planArg, tmp+string(filepath.Separator)) || !strings.HasPrefix(filepath.Base(planArg), copyPrefix) {
		t.Errorf("apply read %s, want a copy under %s", planArg, tmp)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("private copies left behind: %v", entries)
	}
	// The backend secret is known to the redactor.
	if got := r.Redactor().Redact("x backend-secret-value y"); got != "x "+Mask+" y" {
		t.Errorf("Redact = %q", got)
	}
}

func TestRunnerCancelKillsAfterGrace(t *testing.T) {
	f := newFake(t)
	var out syncBuffer
	started := newNotifyWriter(&out, "apply-started")
	const grace = 500 * time.Millisecond
	r, err := New(f.dir, f.bin, Options{
		Env: f.vars("FAKE_APPLY", "ignore-int"), PluginCacheDir: t.TempDir(), TempDir: t.TempDir(),
		Stdout: started, InterruptGrace: grace,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Plan(t.Context(), "p.tfplan", PlanOptions{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var cancelled time.Time
	go func() {
		select {
		case <-started.ch:
			cancelled = time.Now()
			cancel()
		case <-time.After(10 * time.Second):
		}
	}()
	err = r.ApplySaved(ctx, "p.tfplan")
	stopped := time.Since(cancelled)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// SIGINT came first (the script saw it and carried on), the kill
	// only after the grace period, and not much later.
	if !strings.Contains(out.String(), "got-sigint") {
		t.Errorf("no SIGINT before the kill; output:\n%s", out.String())
	}
	if stopped < grace || stopped > grace+5*time.Second {
		t.Errorf("stopped %v after cancel, want about %v", stopped, grace)
	}
	// An interrupted apply is not "applied": the caller may plan again.
	if errors.Is(err, ErrPlanApplied) {
		t.Error("cancel reported as applied")
	}
}

func TestRunnerCancelledBeforeStart(t *testing.T) {
	f := newFake(t)
	r, err := New(f.dir, f.bin, Options{Env: f.vars(), PluginCacheDir: t.TempDir(), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := r.Plan(ctx, "p.tfplan", PlanOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "p.tfplan")); !os.IsNotExist(err) {
		t.Error("plan ran despite a cancelled context")
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := New(filepath.Join(t.TempDir(), "missing"), "/bin/true", Options{PluginCacheDir: t.TempDir()}); err == nil {
		t.Error("missing working dir accepted")
	}
	if _, err := New(t.TempDir(), "", Options{PluginCacheDir: t.TempDir()}); err == nil {
		t.Error("empty binary path accepted")
	}
}

func TestNewRelativeBinary(t *testing.T) {
	f := newFake(t)
	wd, _ := os.Getwd()
	rel, err := filepath.Rel(wd, f.bin)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(f.dir, rel, Options{Env: f.vars(), PluginCacheDir: t.TempDir(), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Init(t.Context()); err != nil {
		t.Fatalf("relative binary %s: %v", rel, err)
	}
}

// A long terraform init says it is still going, on the Progress writer
// only (stderr in driftfix), never on Stdout.
func TestRunnerInitProgress(t *testing.T) {
	f := newFake(t)
	until := filepath.Join(t.TempDir(), "init-may-end")
	var progress, stdout syncBuffer
	seen := newNotifyWriter(&progress, "terraform init: still running")
	r, err := New(f.dir, f.bin, Options{
		Env: f.vars("FAKE_INIT_UNTIL", until), PluginCacheDir: t.TempDir(),
		Stdout: &stdout, Progress: seen, ProgressInterval: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		<-seen.ch
		os.WriteFile(until, nil, 0o644)
	}()
	if err := r.Init(t.Context()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(progress.String(), "elapsed)") {
		t.Errorf("progress = %q", progress.String())
	}
	if strings.Contains(stdout.String(), "still running") || !strings.Contains(stdout.String(), "successfully initialized") {
		t.Errorf("stdout = %q", stdout.String())
	}
}
