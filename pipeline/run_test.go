package pipeline

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/internal/testenv"
	"github.com/driftfix/driftfix/store"
	"github.com/driftfix/driftfix/vcs/github/githublocal"
)

// runConfig is the driftfix.hcl of the in-place runs: terraform_data's
// input is a low-risk class that may auto-apply in dev.
const runConfig = `project "app" {
  dir               = "."
  environment       = "dev"
  terraform_version = "1.5.7"
}
class "test-input" {
  risk      = "low"
  resources = ["terraform_data"]
  paths     = ["input"]
}
policy "dev" {
  auto_apply = ["test-input"]
}
learning {
  override_rate = 0.5
  min_fixes     = 2
}
`

// inPlace is a project with applied state, run in place (no repository
// block), with the real Terraform and only built-in resources.
func inPlace(t *testing.T) (*tfEnv, *store.Store) {
	t.Helper()
	e := newTFEnv(t)
	e.plan()
	if _, err := e.apply(applyJob{Approve: true, By: "test", Reason: "create"}); err != nil {
		t.Fatalf("setup apply: %v\n%s", err, e.out)
	}
	if err := os.WriteFile(filepath.Join(e.dir, "driftfix.hcl"), []byte(runConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", filepath.Dir(testenv.Terraform(t))+string(os.PathListSeparator)+os.Getenv("PATH"))
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "driftfix.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return e, st
}

func (e *tfEnv) run(t *testing.T, st *store.Store, dryRun bool) *runRecord {
	t.Helper()
	rep, err := Run(context.Background(), RunRequest{Target: Target{Dir: e.dir, TerraformOutput: e.out, Logger: testLogger(e.log)},
		Store: st, Cloud: CloudOptions{Skip: true}, DryRun: dryRun})
	if err != nil {
		t.Fatalf("run: %v\n%s", err, e.log)
	}
	rec, err := st.Run(context.Background(), rep.ID)
	if err != nil {
		t.Fatal(err)
	}
	steps := map[string]string{}
	for _, s := range rec.Steps {
		steps[string(s.Name)] = string(s.Status) + ": " + s.Summary
	}
	return &runRecord{Run: rec, steps: steps, status: rep.Status, decision: rep.Decision, reasons: strings.Join(rep.Reasons, "\n")}
}

type runRecord struct {
	store.Run
	steps                     map[string]string
	status, decision, reasons string
}

func (r *runRecord) step(t *testing.T, name, want string) {
	t.Helper()
	if got := r.steps[name]; !strings.HasPrefix(got, want) {
		t.Errorf("step %s = %q, want %q…", name, got, want)
	}
}

// A change of a low-risk class is planned, judged, applied and verified,
// and every step is in the store; a dry run decides the same and changes
// nothing.
func TestRunAutoApplies(t *testing.T) {
	e, st := inPlace(t)
	e.edit(`default = "a"`, `default = "b"`)

	dry := e.run(t, st, true)
	if dry.status != "succeeded" || dry.decision != "auto-apply" {
		t.Fatalf("dry run: %s %s (%v)\n%s", dry.status, dry.decision, dry.steps, e.log)
	}
	dry.step(t, "apply", "skipped: dry run")
	dry.step(t, "record", "skipped: dry run")
	if applies, _ := st.Applies(context.Background(), "app", dry.StartedAt.Add(-1e9), dry.StartedAt.Add(1e12)); len(applies) != 0 {
		t.Fatalf("a dry run applied: %+v", applies)
	}

	r := e.run(t, st, false)
	if r.status != "succeeded" || r.decision != "auto-apply" || r.Decision != store.DecisionAutoApply {
		t.Fatalf("run: %s %s (%v)\n%s", r.status, r.decision, r.steps, e.log)
	}
	for _, s := range []string{"checkout", "load", "check", "fix", "write", "plan", "classify", "gate", "apply", "commit", "push", "pull_request", "record"} {
		if _, ok := r.steps[s]; !ok {
			t.Errorf("step %s not recorded: %v", s, r.steps)
		}
	}
	r.step(t, "checkout", "succeeded: in place")
	r.step(t, "drift", "skipped: drift is off")
	r.step(t, "classify", "succeeded: 1 test-input (low)")
	r.step(t, "apply", "succeeded: applied 1 change, verified")
	r.step(t, "commit", "skipped: no file changed")
	applies, err := st.Applies(context.Background(), "app", r.StartedAt.Add(-1e9), r.StartedAt.Add(1e12))
	if err != nil || len(applies) != 1 || !applies[0].Verified {
		t.Fatalf("applies: %+v, %v", applies, err)
	}
	// applied: the next run has nothing to do
	if again := e.run(t, st, false); again.decision != "none" || again.status != "succeeded" {
		t.Errorf("second run: %s %s %v", again.status, again.decision, again.steps)
	}
}

// The learning gate: when people undo a class's automatic fixes too often,
// the class is demoted to review for the project, and the next plan that
// changes it is reviewed, saying why.
func TestRunLearningGateDemotes(t *testing.T) {
	e, st := inPlace(t)
	ctx := context.Background()
	// history: two automatic test-input fixes, one of them undone
	for i, fp := range []string{"fp-1", "fp-2"} {
		id, err := st.StartRun(ctx, store.RunStart{Project: "app", Trigger: store.TriggerSchedule})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.RecordFixes(ctx, id, []store.Fix{{RunID: id, Project: "app", Fingerprint: fp, Rule: "r", Class: "test-input", Address: "terraform_data.x", Kind: store.KindMisconfiguration, Applied: true}}); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := st.RecordOverride(ctx, store.Override{Project: "app", Fingerprint: fp, Class: "test-input", FixRunID: id, How: store.OverrideGitRevert}); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.FinishRun(ctx, id, store.RunResult{Status: store.StatusSucceeded, Decision: store.DecisionAutoApply}); err != nil {
			t.Fatal(err)
		}
	}
	first := e.run(t, st, false) // nothing to plan; the record step learns
	first.step(t, "record", "succeeded:")
	if !strings.Contains(first.steps["record"], "demoted to review: test-input") {
		t.Fatalf("record: %s", first.steps["record"])
	}
	ds, err := st.ActiveDemotions(ctx, "app")
	if err != nil || len(ds) != 1 || ds[0].Class != "test-input" {
		t.Fatalf("demotions: %+v, %v", ds, err)
	}

	e.edit(`default = "a"`, `default = "c"`)
	r := e.run(t, st, false)
	if r.decision != "review" || !strings.Contains(r.reasons, "class test-input is demoted to review in this project: people undid 1 of its 2 automatic fixes") {
		t.Fatalf("after the demotion: %s\n%s", r.decision, r.reasons)
	}
	r.step(t, "apply", "skipped: the plan needs review")

	// a person re-promotes it: the class auto-applies again
	if _, err := Promote(ctx, PromoteRequest{Target: Target{Dir: e.dir}, Store: st, Class: "test-input", By: "alice"}); err != nil {
		t.Fatal(err)
	}
	if r := e.run(t, st, false); r.decision != "auto-apply" {
		t.Errorf("after promotion: %s\n%s", r.decision, r.reasons)
	}
}

// A repository run: the fixes are committed to a branch of their own and
// pushed to the remote (a bare repository on disk), exactly the changed
// files; without the AWS provider the plan cannot run, so the fixes go to
// review, and the run says so plainly.
func TestRunCommitsFixesForReview(t *testing.T) {
	bin := testenv.Terraform(t)
	t.Setenv("PATH", filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("TF_CLI_CONFIG_FILE", filepath.Join(t.TempDir(), "none.tfrc")) // no mirror: offline as CI is
	tmp := t.TempDir()
	remote := filepath.Join(tmp, "infra.git")
	runGit(t, tmp, "init", "-q", "--bare", "-b", "main", remote)
	seed := filepath.Join(tmp, "seed")
	runGit(t, tmp, "clone", "-q", remote, seed)
	writeFile(t, filepath.Join(seed, "app", "main.tf"), "# the logs bucket\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs\"\n}\n")
	writeFile(t, filepath.Join(seed, "README.md"), "infra\n")
	runGit(t, seed, "add", "-A")
	runGit(t, seed, "-c", "user.name=dev", "-c", "user.email=dev@example.test", "commit", "-q", "-m", "init")
	runGit(t, seed, "push", "-q", "origin", "main")

	local := filepath.Join(tmp, "local")
	writeFile(t, filepath.Join(local, "driftfix.hcl"), `repository {
  url          = "`+remote+`"
  author_email = "driftfix@example.test"
}
project "app" {
  dir         = "app"
  environment = "dev"
}
rules {
  enable_only = ["aws-s3-versioning"]
}
`)
	st, err := store.Open(context.Background(), filepath.Join(tmp, "driftfix.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out, logs bytes.Buffer
	rep, err := Run(context.Background(), RunRequest{Target: Target{Project: "app", ConfigFile: filepath.Join(local, "driftfix.hcl"), TerraformOutput: &out, Logger: testLogger(&logs)},
		Store: st, Cloud: CloudOptions{Skip: true}})
	if err != nil {
		t.Fatalf("run: %v\n%s", err, logs.String())
	}
	steps := map[string]stepOutcome{}
	for _, s := range rep.Steps {
		steps[s.Name] = stepOutcome{s.Status, s.Summary}
	}
	if rep.Decision != "review" || rep.Fixed != 1 || rep.Branch == "" || rep.Commit == "" {
		t.Fatalf("run: %+v\n%v", rep, steps)
	}
	if s := steps["plan"]; s.status != "failed" || !strings.Contains(s.summary, "the plan could not run") {
		t.Errorf("plan step: %+v", s)
	}
	if s := steps["push"]; s.status != "succeeded" {
		t.Errorf("push step: %+v", s)
	}
	if s := steps["pull_request"]; s.status != "skipped" || !strings.Contains(s.summary, "no pull-request provider") {
		t.Errorf("pull_request step: %+v", s)
	}
	// the remote has the branch, with exactly the fixed file changed
	files := strings.Fields(runGit(t, tmp, "--git-dir", remote, "diff", "--name-only", "main", rep.Branch))
	if len(files) != 1 || files[0] != "app/main.tf" {
		t.Errorf("the branch changes %v, want app/main.tf only", files)
	}
	fixed := runGit(t, tmp, "--git-dir", remote, "show", rep.Branch+":app/main.tf")
	if !strings.HasPrefix(fixed, "# the logs bucket\n") || !strings.Contains(fixed, "aws_s3_bucket_versioning") {
		t.Errorf("the fixed file:\n%s", fixed)
	}
	if author := runGit(t, tmp, "--git-dir", remote, "log", "-1", "--format=%an <%ae>", rep.Branch); strings.TrimSpace(author) != "driftfix <driftfix@example.test>" {
		t.Errorf("author %q", author)
	}
	// the store: the run, its finding (open: the fix waits for review) and the fix with its branch
	open, err := st.OpenFindings(context.Background(), "app")
	if err != nil || len(open) != 1 || open[0].Rule != "aws-s3-versioning" {
		t.Fatalf("open findings: %+v, %v", open, err)
	}
	fixes, err := st.LastFixes(context.Background(), "app", []string{open[0].Fingerprint})
	if err != nil || fixes[open[0].Fingerprint].Branch != rep.Branch || fixes[open[0].Fingerprint].Applied {
		t.Errorf("fixes: %+v, %v", fixes, err)
	}
}

type stepOutcome struct{ status, summary string }

func runGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// An automatic fix people undid: the finding an applied fix resolved is
// back in the code (reverted in git), so the run records an override of
// that fix, once.
func TestRunRecordsUndoneFixes(t *testing.T) {
	e, st := inPlace(t)
	ctx := context.Background()
	writeFile(t, filepath.Join(e.dir, "bucket.tf"), "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs\"\n}\n")
	src, _ := os.ReadFile(filepath.Join(e.dir, "driftfix.hcl"))
	writeFile(t, filepath.Join(e.dir, "driftfix.hcl"), string(src)+"rules {\n  enable_only = [\"aws-s3-versioning\"]\n}\n")
	first := e.run(t, st, true) // a dry run: sees the finding, records no observation
	if first.steps["check"] != "succeeded: 1 finding (1 fixable, 0 ignored)" {
		t.Fatalf("check: %s", first.steps["check"])
	}
	// history: an earlier run fixed it, applied the fix, and it was resolved
	id, err := st.StartRun(ctx, store.RunStart{Project: "app", Trigger: store.TriggerSchedule})
	if err != nil {
		t.Fatal(err)
	}
	rules, in, _ := rulesOf(mustConfig(t, filepath.Join(e.dir, "driftfix.hcl")), fixers.All())
	in.Module = iac.Load(ctx, os.DirFS(e.dir), ".")
	f := fixers.Check(ctx, rules, &in, time.Now()).Findings[0]
	obs := store.Observation{Fingerprint: f.Fingerprint(), Rule: f.Rule, Severity: string(f.Severity), Class: string(f.Class), Address: f.Address, Kind: store.KindMisconfiguration}
	if _, err := st.SyncFindings(ctx, "app", id, []store.Observation{obs}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SyncFindings(ctx, "app", id, nil, map[string]store.Resolution{obs.Fingerprint: store.ResolutionAutoApplied}); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordFixes(ctx, id, []store.Fix{{RunID: id, Project: "app", Fingerprint: obs.Fingerprint, Rule: f.Rule, Class: string(f.Class), Address: f.Address, Kind: store.KindMisconfiguration, Applied: true}}); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishRun(ctx, id, store.RunResult{Status: store.StatusSucceeded, Decision: store.DecisionAutoApply}); err != nil {
		t.Fatal(err)
	}
	// the code has the misconfiguration again
	for range 2 {
		e.run(t, st, false)
	}
	overrides, err := st.Overrides(ctx, "app", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil || len(overrides) != 1 || overrides[0].How != store.OverrideGitRevert || overrides[0].Fingerprint != obs.Fingerprint || overrides[0].FixRunID != id {
		t.Errorf("overrides: %+v, %v; want the one fix, undone in git, once", overrides, err)
	}
}

func mustConfig(t *testing.T, path string) *config.Config {
	t.Helper()
	cfg, err := LoadConfig(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// With github = "owner/name" in the repository block, the branch a run
// pushes for review gets its pull request, through the GitHub client, here
// against a local GitHub endpoint that knows the remote's branches.
func TestRunOpensPullRequest(t *testing.T) {
	bin := testenv.Terraform(t)
	t.Setenv("PATH", filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("TF_CLI_CONFIG_FILE", filepath.Join(t.TempDir(), "none.tfrc"))
	t.Setenv("DRIFTFIX_TEST_GH_TOKEN", "ghp_localtesttoken")
	tmp := t.TempDir()
	remote := filepath.Join(tmp, "infra.git")
	runGit(t, tmp, "init", "-q", "--bare", "-b", "main", remote)
	seed := filepath.Join(tmp, "seed")
	runGit(t, tmp, "clone", "-q", remote, seed)
	writeFile(t, filepath.Join(seed, "app", "main.tf"), "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs\"\n}\n")
	runGit(t, seed, "add", "-A")
	runGit(t, seed, "-c", "user.name=dev", "-c", "user.email=dev@example.test", "commit", "-q", "-m", "init")
	runGit(t, seed, "push", "-q", "origin", "main")

	gh := githublocal.New()
	gh.AddToken("ghp_localtesttoken", "driftfix-bot")
	gh.AddRepo("acme", "infra", "main")
	// GitHub is the remote: before a pull request is made, it knows the branches pushed
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/pulls") {
			for _, line := range strings.Split(strings.TrimSpace(runGit(t, tmp, "--git-dir", remote, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads")), "\n") {
				if branch, sha, ok := strings.Cut(line, " "); ok {
					gh.SetBranch("acme", "infra", branch, sha)
				}
			}
		}
		gh.ServeHTTP(w, r)
	}))
	defer api.Close()

	local := filepath.Join(tmp, "local")
	writeFile(t, filepath.Join(local, "driftfix.hcl"), `repository {
  url            = "`+remote+`"
  author_email   = "driftfix@example.test"
  github         = "acme/infra"
  github_api_url = "`+api.URL+`"
  token_env      = "DRIFTFIX_TEST_GH_TOKEN"
  labels         = ["driftfix"]
}
project "app" {
  dir = "app"
}
rules {
  enable_only = ["aws-s3-versioning"]
}
`)
	st, err := store.Open(context.Background(), filepath.Join(tmp, "driftfix.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var logs bytes.Buffer
	rep, err := Run(context.Background(), RunRequest{Target: Target{Project: "app", ConfigFile: filepath.Join(local, "driftfix.hcl"), TerraformOutput: io.Discard, Logger: testLogger(&logs)},
		Store: st, Cloud: CloudOptions{Skip: true}})
	if err != nil {
		t.Fatalf("run: %v\n%s", err, logs.String())
	}
	pulls := gh.Pulls("acme", "infra")
	if rep.PullRequest == "" || len(pulls) != 1 {
		t.Fatalf("pull request %q, pulls %+v; steps %+v", rep.PullRequest, pulls, rep.Steps)
	}
	if p := pulls[0]; p.Head != rep.Branch || p.Base != "main" || !strings.Contains(p.Title, "driftfix: fixes for app") || !slices.Contains(p.Labels, "driftfix") {
		t.Errorf("pull request: %+v", p)
	}
	if r, err := st.Run(context.Background(), rep.ID); err != nil || r.PullRequestURL != rep.PullRequest {
		t.Errorf("the run record's pull request: %q, %v", r.PullRequestURL, err)
	}
	if strings.Contains(logs.String(), "ghp_localtesttoken") {
		t.Error("the token is in the log")
	}
}
