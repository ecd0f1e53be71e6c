package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/lock"
	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/report"
	"github.com/driftfix/driftfix/terraform"
	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"
)

// LockWait is how long a plan or apply waits for another one on the same
// project to finish.
var LockWait = 2 * time.Second

// planJob is one plan to make and judge.
type planJob struct {
	Project Project
	Table   *policy.Table
	Policy  policy.Policy
	// Intent, when not nil, is what the applied fixes meant to change.
	Intent policy.Intent
}

// planOutcome is a saved, classified plan.
type planOutcome struct {
	Record   *Record
	PlanText string // Terraform's human plan, redacted
	// Files are the saved artifacts: plan file, plan JSON (redacted), plan
	// text (redacted) and the classification record.
	Files []string
}

// planProject runs terraform init and plan for the project, classifies the saved
// plan and decides whether it may be applied without review, and saves the
// plan file, the redacted plan JSON and text, and the classification record
// under Env.StateDir(project). It holds the project's lock while it runs.
func planProject(ctx context.Context, req planJob, env Env) (*planOutcome, error) {
	p := req.Project
	dir := env.StateDir(p.Name)
	if err := privateStateDir(dir); err != nil {
		return nil, err
	}
	release, err := lock.Acquire(ctx, filepath.Join(dir, LockDir), "driftfix plan", LockWait)
	if err != nil {
		return nil, err
	}
	defer release()

	logf, err := openRunLog(dir, "plan")
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	env.TerraformOutput = teeTo(env.TerraformOutput, logf)
	r, err := newRunner(ctx, p, env)
	if err != nil {
		return nil, err
	}
	if err := prepare(ctx, r, p); err != nil {
		return nil, err
	}
	state, err := r.StateVersion(ctx)
	if err != nil {
		return nil, err
	}
	code, err := CodeHash(p.Dir)
	if err != nil {
		return nil, err
	}
	// A previous record no longer describes the plan file we are about to
	// replace: remove it first, so a failed plan leaves nothing to apply.
	os.Remove(filepath.Join(dir, ClassificationFile))
	planPath := filepath.Join(dir, PlanFile)
	changes, err := r.Plan(ctx, planPath, terraform.PlanOptions{})
	if err != nil {
		return nil, err
	}
	plan, err := r.Show(ctx, planPath)
	if err != nil {
		return nil, err
	}
	text, err := r.ShowText(ctx, planPath)
	if err != nil {
		return nil, err
	}
	sum, _ := r.PlanSum(planPath)
	c, d := Judge(plan, changes, req.Table, req.Policy, req.Intent)
	rec := &Record{
		Project: p.Name, Environment: p.Environment, Workspace: p.Workspace, CreatedAt: time.Now().UTC(),
		PlanSHA256: hex.EncodeToString(sum[:]), CodeSHA256: code, State: state, Changes: changes,
		Classification: c, Decision: d, Intent: req.Intent, Tightening: req.Policy.Tightening,
	}
	res := &planOutcome{Record: rec, PlanText: text}
	planJSON, err := SavedPlanJSON(r.Redactor(), plan)
	if err != nil {
		return nil, err
	}
	jsonSum := sha256.Sum256(planJSON)
	rec.PlanJSONSHA256 = hex.EncodeToString(jsonSum[:])
	for name, data := range map[string][]byte{PlanJSONFile: planJSON, PlanTextFile: []byte(text)} {
		if err := writePrivate(filepath.Join(dir, name), data); err != nil {
			return nil, err
		}
	}
	if err := writeRecord(dir, rec); err != nil {
		return nil, err
	}
	for _, f := range []string{PlanFile, PlanJSONFile, PlanTextFile, ClassificationFile} {
		res.Files = append(res.Files, filepath.Join(dir, f))
	}
	env.logger().Info("planned", "project", p.Name, "changes", len(c.Changes), "decision", d.Decision)
	return res, nil
}

// Judge classifies a plan and decides. changes is what Terraform said
// about the plan (-detailed-exitcode): when it saw changes that the
// classification does not hold, the plan is a review, never "no changes".
// plan and apply judge with this one function.
func Judge(plan *tfjson.Plan, changes bool, table *policy.Table, pol policy.Policy, intent policy.Intent) (policy.Classification, policy.Decision) {
	c := policy.Classify(plan, table)
	if changes && len(c.Changes) == 0 && len(c.Problems) == 0 {
		c.Problems = append(c.Problems, "Terraform reports changes, but the plan JSON holds none that driftfix can classify")
		c.Risk = fixers.RiskHigh
	}
	return c, policy.Gate(c, pol, table, intent)
}

// SavedPlanJSON is the plan JSON driftfix saves (plan.json): redacted, a
// changed sensitive value reading terraform.ChangedMask, so that classifying
// the saved JSON decides what classifying the plan decided.
func SavedPlanJSON(red *terraform.Redactor, plan *tfjson.Plan) ([]byte, error) {
	data, err := json.MarshalIndent(red.RedactPlan(plan), "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// newRunner finds a suitable terraform (PATH, the search dirs, the cache,
// or — when allowed — a download of the project's exact version) honouring
// the module's required_version, and prepares a runner for the project.
func newRunner(ctx context.Context, p Project, env Env) (*terraform.Runner, error) {
	constraints, err := terraform.RequiredVersion(p.Dir)
	if err != nil {
		return nil, err
	}
	// Terraform's stdout and stderr are copied by two goroutines, and
	// progress lines come from a third; one destination for all must take
	// one write at a time.
	var out io.Writer
	if env.TerraformOutput != nil {
		out = &syncWriter{w: env.TerraformOutput}
	}
	opts := terraform.InstallOptions{Constraints: constraints, SearchDirs: env.SearchDirs, AllowDownload: env.AllowDownload, Logger: env.Logger, Progress: out}
	if p.TerraformVersion != "" {
		v, err := version.NewVersion(p.TerraformVersion)
		if err != nil {
			return nil, fmt.Errorf("project %s: terraform_version %q: %w", p.Name, p.TerraformVersion, err)
		}
		opts.Exact = v
	}
	bin, v, err := terraform.Ensure(ctx, opts)
	if err != nil {
		return nil, err
	}
	env.logger().Debug("terraform", "path", bin, "version", v)
	return terraform.New(p.Dir, bin, terraform.Options{
		BackendConfig: p.BackendConfig, VarFiles: p.VarFiles,
		Stdout: out, Stderr: out, Logger: env.Logger, Progress: out,
		Secrets: hardcodedSecrets(ctx, p.Dir), // Terraform prints module sources and defaults
	})
}

// RunLogFile is where Terraform's output (redacted) of a project's runs is
// appended, in its state directory.
const RunLogFile = "terraform.log"

// openRunLog opens the project's run log for appending, with a header line.
func openRunLog(dir, what string) (*os.File, error) {
	f, err := openPrivateAppend(filepath.Join(dir, RunLogFile))
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(f, "\n=== driftfix %s %s\n", what, time.Now().UTC().Format(time.RFC3339))
	return f, nil
}

// teeTo writes to both w (which may be nil) and log.
func teeTo(w io.Writer, log io.Writer) io.Writer {
	if w == nil {
		return log
	}
	return io.MultiWriter(w, log)
}

// syncWriter serialises writes to w.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func prepare(ctx context.Context, r *terraform.Runner, p Project) error {
	if err := r.Init(ctx); err != nil {
		return err
	}
	if p.Workspace != "" {
		return r.SelectWorkspace(ctx, p.Workspace)
	}
	return nil
}

// destroys reports whether a classified plan deletes, replaces or forgets
// any resource (removing an output destroys nothing).
func destroys(c policy.Classification) bool {
	return len(destroyReasons(c)) > 0
}

// touched lists the addresses a classified plan changes.
func touched(c policy.Classification) []string {
	var out []string
	for _, ch := range c.Changes {
		if ch.Action != policy.ActionRead {
			out = append(out, ch.Address)
		}
	}
	return out
}

// PlanRequest is the plan use case's input, as the command line gives it.
type PlanRequest struct {
	Target Target
}

// Plan is the `plan` use case: it resolves the project, makes and saves a
// plan, classifies it and decides auto-apply or review under the project
// environment's policy — judged against the last fix's intent when the
// files are as that fix left them, else by classes alone.
func Plan(ctx context.Context, req PlanRequest) (*report.Plan, error) {
	r, err := Resolve(req.Target)
	if err != nil {
		return nil, err
	}
	intent, why := LoadIntent(r.Project.Dir)
	if intent == nil {
		r.Env.logger().Info("judging by classes alone", "why", why)
	}
	res, err := planProject(ctx, planJob{Project: r.Project, Table: r.Table, Policy: r.Policy, Intent: intent}, r.Env)
	if err != nil {
		return nil, err
	}
	rp := &report.Plan{
		Project: r.Project.Name, Environment: r.Project.Environment,
		Classification: res.Record.Classification, Decision: res.Record.Decision,
		PlanText: res.PlanText, Intent: intent != nil, Changes: res.Record.Changes,
	}
	for _, f := range res.Files {
		rp.Saved = append(rp.Saved, displayPath(f, f))
	}
	return rp, nil
}
