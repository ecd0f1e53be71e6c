package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/notify"
	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/priority"
	"github.com/driftfix/driftfix/report"
	"github.com/driftfix/driftfix/store"
)

// RunRequest is one full cycle for one project: `driftfix run`, a
// schedule tick, or (later) a pull-request event.
type RunRequest struct {
	Target  Target
	Trigger store.Trigger // default manual
	// DryRun goes as far as the plan and the decision, and changes
	// nothing: no file written, nothing applied, committed or pushed (the
	// run itself is recorded).
	DryRun bool
	// Store records the run; nil opens the config's database (server {
	// database }, or DRIFTFIX_DATABASE) and closes it after.
	Store *store.Store
	// Database overrides the config's database when Store is nil.
	Database string
	// Cloud says how AWS is read for drift; Cloud.Skip leaves drift out.
	Cloud CloudOptions
	// Notify receives what happened; nil uses the config's notifications
	// (nothing when no webhook URL is set).
	Notify *notify.Webhook
	// PullRequests opens pull requests for fixes that need review; nil
	// pushes the branch and says no pull-request provider is configured.
	PullRequests PullRequests
	// Protect runs the apply so that a stop lets it finish (a scheduled
	// run's schedules.Run.Protect); nil runs it directly.
	Protect func(func() error) error
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// CloudOptions say how drift reads AWS.
type CloudOptions struct {
	Skip        bool
	Regions     []string
	Profile     string
	Endpoint    string
	MaxAttempts int
	// Timeout bounds the whole read and RequestTimeout one attempt of one
	// call; zero takes the config's settings, else the defaults.
	Timeout, RequestTimeout time.Duration
}

// PullRequests opens (or updates) the pull request of a branch.
type PullRequests interface {
	Open(ctx context.Context, pr PullRequest) (url string, err error)
}

// PullRequest is what a run asks to be reviewed.
type PullRequest struct {
	Project, Branch, Base, Title, Body string
	Labels                             []string
	// Commit is the branch's head; PlanState ("success", "failure") and
	// PlanDescription are the commit status of the run's plan on it.
	Commit, PlanState, PlanDescription string
}

// Run is the `run` use case: one full cycle, wired in one place —
// checkout → load → drift → check → fix → write → plan → classify → gate →
// apply (auto) or pull request (review) → commit/push → record — with each
// step's outcome in one run record in the store. A step that fails ends
// the steps that need it (a failed plan ends the cycle; a failed drift
// read does not stop the code's fixes) and the run is failed, saying
// which step and why.
func Run(ctx context.Context, req RunRequest) (*report.Run, error) {
	now := req.Now
	if now == nil {
		now = time.Now
	}
	if req.Trigger == "" {
		req.Trigger = store.TriggerManual
	}
	r, err := Resolve(req.Target)
	if err != nil {
		return nil, err
	}
	st := req.Store
	if st == nil {
		if st, err = OpenStore(ctx, r.Config, r.Env.Root, req.Database); err != nil {
			return nil, err
		}
		defer st.Close()
	}
	hook := req.Notify
	if hook == nil {
		if hook, err = webhookFrom(r.Config.Notifications(), r.Env.Root); err != nil {
			r.Env.logger().Warn("notifications are off", "err", err)
		}
	}
	if repo, ok := r.Config.Repository(); ok && req.PullRequests == nil {
		if req.PullRequests, err = gitHubPullRequests(repo, r.Env.Root, r.Env.Logger); err != nil {
			return nil, err
		}
	}
	c := &cycle{req: req, r: r, st: st, hook: hook, now: now, log: r.Env.logger().With("project", r.Project.Name)}
	return c.run(ctx)
}

// cycle is one run in progress.
type cycle struct {
	req  RunRequest
	r    *Resolved
	st   *store.Store
	hook *notify.Webhook
	now  func() time.Time
	log  *slog.Logger

	id  int64
	rep *report.Run

	proj     Project     // the project as this run sees it (in the checkout)
	checkout *checkout   // nil when the run works in place
	module   *iac.Module // the code as checked out
	rules    []fixers.Rule
	input    fixers.Input // without the module
	findings []fixers.Finding
	drift    *driftOutcome
	scorer   *priority.Scorer
	fix      *fixOutcome
	written  []string
	plan     *planOutcome
	applied  *applyOutcome
	planErr  string
	failed   bool
}

// errSkip marks a step that did not run, with why.
type errSkip struct{ why string }

func (e errSkip) Error() string { return e.why }

func skip(format string, args ...any) error { return errSkip{fmt.Sprintf(format, args...)} }

func (c *cycle) run(ctx context.Context) (*report.Run, error) {
	id, err := c.st.StartRun(ctx, store.RunStart{Project: c.r.Project.Name, Trigger: c.req.Trigger, DryRun: c.req.DryRun})
	if err != nil {
		return nil, err
	}
	c.id = id
	c.rep = &report.Run{ID: id, Project: c.r.Project.Name, Trigger: string(c.req.Trigger), DryRun: c.req.DryRun, Decision: string(store.DecisionNone)}
	c.proj = c.r.Project
	defer func() {
		if c.checkout != nil {
			c.checkout.close(c.log)
		}
	}()

	ok := c.step(ctx, store.StepCheckout, c.stepCheckout) &&
		c.step(ctx, store.StepLoad, c.stepLoad)
	if ok {
		c.step(ctx, store.StepDrift, c.stepDrift) // a failed read leaves drift unknown; the code is still checked
		ok = c.step(ctx, store.StepCheck, c.stepCheck)
		if ok {
			c.step(ctx, store.StepKeys, c.stepKeys) // leaked AWS keys (secrets.go); a failure does not stop the fixes
		}
		ok = ok && c.step(ctx, store.StepFix, c.stepFix) &&
			c.step(ctx, store.StepWrite, c.stepWrite)
	}
	if ok {
		// A plan that cannot run (no provider, no credentials) sends the
		// fixes to review: people see them, nothing is applied.
		if c.step(ctx, store.StepPlan, c.stepPlan) {
			ok = c.step(ctx, store.StepClassify, c.stepClassify) && c.step(ctx, store.StepGate, c.stepGate)
		} else {
			c.step(ctx, store.StepClassify, func(context.Context) (string, error) { return "", skip("no plan to classify") })
			ok = c.step(ctx, store.StepGate, c.gateWithoutPlan)
		}
	}
	if ok {
		_ = c.step(ctx, store.StepApply, c.stepApply) &&
			c.step(ctx, store.StepCommit, c.stepCommit) &&
			c.step(ctx, store.StepPush, c.stepPush) &&
			c.step(ctx, store.StepPullRequest, c.stepPullRequest)
	}
	c.step(ctx, store.StepRecord, c.stepRecord)
	return c.finish(ctx)
}

// step runs one step and records it: succeeded, skipped (errSkip),
// cancelled (ctx done) or failed. It reports whether the cycle goes on.
func (c *cycle) step(ctx context.Context, name store.StepName, fn func(context.Context) (string, error)) bool {
	start := time.Now()
	var summary string
	var err error
	if ctx.Err() != nil && name != store.StepRecord {
		err = ctx.Err()
	} else {
		summary, err = fn(ctx)
	}
	status := store.StatusSucceeded
	var sk errSkip
	switch {
	case errors.As(err, &sk):
		status, summary = store.StatusSkipped, sk.why
	case err != nil && ctx.Err() != nil:
		status, summary = store.StatusCancelled, err.Error()
	case err != nil:
		status, summary = store.StatusFailed, err.Error()
		c.failed = true
		if c.rep.Error == "" {
			c.rep.Error = fmt.Sprintf("%s: %s", name, err)
		}
	}
	c.rep.Steps = append(c.rep.Steps, report.RunStep{Name: string(name), Status: string(status), Summary: summary, Duration: time.Since(start)})
	c.log.Info("step", "step", name, "status", status, "summary", summary)
	// the store keeps the step even when the run was stopped
	rctx := context.WithoutCancel(ctx)
	if sid, serr := c.st.StartStep(rctx, c.id, name); serr == nil {
		if serr = c.st.FinishStep(rctx, sid, store.StepResult{Status: status, Summary: summary}); serr != nil {
			c.log.Warn("could not record the step", "step", name, "err", serr)
		}
	}
	return err == nil || status == store.StatusSkipped
}

func (c *cycle) finish(ctx context.Context) (*report.Run, error) {
	rctx := context.WithoutCancel(ctx)
	status := store.StatusSucceeded
	switch {
	case ctx.Err() != nil:
		status = store.StatusCancelled
		if c.rep.Error == "" {
			c.rep.Error = "stopped: " + context.Cause(ctx).Error()
		}
	case c.failed:
		status = store.StatusFailed
	}
	c.rep.Status = string(status)
	err := c.st.FinishRun(rctx, c.id, store.RunResult{
		Status: status, Decision: store.Decision(c.rep.Decision), DecisionReasons: c.rep.Reasons,
		CommitSHA: c.rep.Commit, PullRequestURL: c.rep.PullRequest, Error: c.rep.Error,
	})
	c.notify(rctx)
	return c.rep, err
}

// stepCheckout makes the run's copy of the code: a fresh work tree of the
// repository's default branch, or the directory itself without a
// repository block.
func (c *cycle) stepCheckout(ctx context.Context) (string, error) {
	repo, ok := c.r.Config.Repository()
	if !ok {
		return fmt.Sprintf("in place: %s (no repository block: nothing is committed)", displayPath(c.proj.Dir, c.proj.Dir)), nil
	}
	co, err := openCheckout(ctx, repo, c.r.Env.Root, c.now, c.log)
	if err != nil {
		return "", err
	}
	c.checkout = co
	rel, err := filepath.Rel(c.r.Env.Root, c.r.Project.Dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("project %s: its directory is outside the repository", c.proj.Name)
	}
	c.proj.Dir = filepath.Join(co.dir(), rel)
	return fmt.Sprintf("%s at %s", co.branchName, shortSHA(co.head)), nil
}

func (c *cycle) stepLoad(ctx context.Context) (string, error) {
	m := iac.Load(ctx, os.DirFS(c.proj.Dir), ".")
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if m.Diagnostics.HasErrors() {
		return "", fmt.Errorf("the code does not load: %s", firstLine(m.Diagnostics.Error()))
	}
	c.module = m
	return fmt.Sprintf("%s, %s", count(len(m.Files), "file"), count(len(m.Resources), "resource")), nil
}

func (c *cycle) stepDrift(ctx context.Context) (string, error) {
	if c.req.Cloud.Skip {
		return "", skip("drift is off for this run")
	}
	live, err := openLive(ctx, c.req.Cloud, c.r.Config.Settings(), c.log)
	if err != nil {
		return "", err
	}
	remediation, diags := RemediationFrom(c.r.Config, c.r.Table)
	if diags.HasErrors() {
		return "", DiagnosticsError(diags)
	}
	res, err := driftProject(ctx, driftJob{Project: c.proj, Inventory: live.inv, Table: c.r.Table, Remediation: remediation,
		Sweep: true, Region: live.region, Timeout: live.timeout}, c.r.Env)
	if err != nil {
		return "", err
	}
	c.drift = res
	c.rep.Drifted = len(res.Items)
	summary := driftSummary(res.Items)
	if len(res.Errors) > 0 {
		return "", fmt.Errorf("%s; %d reads failed, so drift is incomplete: %s", summary, len(res.Errors), firstLine(res.Errors[0].Message))
	}
	return summary, nil
}

func (c *cycle) stepCheck(ctx context.Context) (string, error) {
	rules, in, diags := rulesOf(c.r.Config, fixers.All())
	if diags.HasErrors() {
		return "", DiagnosticsError(diags)
	}
	c.rules, c.input = rules, in // for the fix
	in.Module = c.module
	res := fixers.Check(ctx, rules, &in, c.now())
	c.findings = res.Findings
	c.rep.Findings = len(res.Findings)
	pctx := priority.Context{Module: c.module, Environment: c.proj.Environment}
	if c.drift != nil {
		pctx.Live, pctx.State = c.drift.Live, c.drift.State
	}
	c.scorer = priority.NewRules(c.r.Config.Priority()).Scorer(pctx)
	c.rep.Top = c.top(5)
	fixable := 0
	for _, f := range res.Findings {
		if f.Fixable {
			fixable++
		}
	}
	return fmt.Sprintf("%s (%d fixable, %d ignored)", count(len(res.Findings), "finding"), fixable, res.Ignored), nil
}

func (c *cycle) stepFix(ctx context.Context) (string, error) {
	w, err := openWorkDir(c.proj.Dir)
	if err != nil {
		return "", err
	}
	out, err := fixTree(ctx, fixJob{Dir: w.abs, FS: w.fsys, FSDir: w.fsDir, Rules: c.rules, Input: c.input, DryRun: c.req.DryRun, Now: c.now(), Logger: c.log})
	if err != nil {
		return "", err
	}
	if out.Diagnostics.HasErrors() {
		return "", fmt.Errorf("the code does not load: %s", firstLine(out.Diagnostics.Error()))
	}
	c.fix = out
	c.written = append(c.written, out.Written...)
	c.rep.Fixed = len(out.Result.Fixed)
	return fmt.Sprintf("%d fixed, %d left for a manual fix", len(out.Result.Fixed), len(out.Result.Remaining)), nil
}

// stepWrite writes the codify edits (drift accepted into the code) next to
// the fixes fix wrote, and says what changed.
func (c *cycle) stepWrite(ctx context.Context) (string, error) {
	if c.drift != nil {
		cr, err := codifyDrift(ctx, c.proj, c.drift)
		if err != nil {
			return "", err
		}
		if len(cr.Changes) > 0 && !c.req.DryRun {
			if err := iac.WriteFiles(c.proj.Dir, cr.Changes.Files()); err != nil {
				return "", err
			}
			for _, ch := range cr.Changes {
				c.written = append(c.written, ch.Path)
			}
		}
	}
	slices.Sort(c.written)
	c.written = slices.Compact(c.written)
	c.rep.Files = c.written
	switch {
	case c.req.DryRun:
		return "dry run: nothing written", nil
	case len(c.written) == 0:
		return "no file changed", nil
	}
	return "wrote " + strings.Join(c.written, ", "), nil
}

func (c *cycle) stepPlan(ctx context.Context) (string, error) {
	demoted, err := c.demotions(ctx)
	if err != nil {
		return "", err
	}
	pol := c.r.Policy.Tighten(policy.Tightening{Demoted: demoted, Review: c.priorityReview()})
	intent, why := LoadIntent(c.proj.Dir)
	if intent == nil {
		c.log.Info("judging by classes alone", "why", why)
	}
	res, err := planProject(ctx, planJob{Project: c.proj, Table: c.r.Table, Policy: pol, Intent: intent}, c.r.Env)
	if err != nil {
		c.planErr = planProblem(err)
		return "", errors.New(c.planErr)
	}
	c.plan = res
	c.r.Policy = pol
	if !res.Record.Changes {
		return "no changes", nil
	}
	return count(len(res.Record.Classification.Changes), "resource change"), nil
}

func (c *cycle) stepClassify(context.Context) (string, error) {
	byClass := map[string]int{}
	for _, ch := range c.plan.Record.Classification.Changes {
		byClass[string(ch.Class)+" ("+string(ch.Risk)+")"]++
	}
	if len(byClass) == 0 {
		return "nothing to classify", nil
	}
	var parts []string
	for _, k := range sortedKeys(byClass) {
		parts = append(parts, fmt.Sprintf("%d %s", byClass[k], k))
	}
	return strings.Join(parts, ", "), nil
}

func (c *cycle) stepGate(context.Context) (string, error) {
	d := c.plan.Record.Decision
	c.rep.Reasons = d.Reasons
	switch d.Decision {
	case policy.AutoApply:
		c.rep.Decision = string(store.DecisionAutoApply)
	case policy.Review:
		c.rep.Decision = string(store.DecisionReview)
	default:
		c.rep.Decision = string(store.DecisionNone)
	}
	return d.Decision, nil
}

// gateWithoutPlan decides when the plan could not run: whatever the run
// changed needs review.
func (c *cycle) gateWithoutPlan(context.Context) (string, error) {
	if len(c.written) == 0 && !c.req.DryRun {
		c.rep.Decision = string(store.DecisionNone)
		return "", skip("no plan, and nothing changed to review")
	}
	c.rep.Decision = string(store.DecisionReview)
	c.rep.Reasons = []string{"the plan could not run, so nothing can be judged safe to apply: " + strings.TrimPrefix(c.planErr, "the plan could not run: ")}
	return policy.Review, nil
}

func (c *cycle) stepApply(ctx context.Context) (string, error) {
	switch {
	case c.rep.Decision == string(store.DecisionReview):
		return "", skip("the plan needs review: not applied")
	case c.rep.Decision != string(store.DecisionAutoApply):
		return "", skip("nothing to apply")
	case c.req.DryRun:
		return "", skip("dry run: the plan would be applied")
	}
	apply := func() error {
		intent, _ := LoadIntent(c.proj.Dir)
		res, err := applyProject(ctx, applyJob{Project: c.proj, Table: c.r.Table, Policy: c.r.Policy, Intent: intent}, c.r.Env)
		c.applied = res
		return err
	}
	if c.req.Protect != nil {
		if err := c.req.Protect(apply); err != nil {
			return "", err
		}
	} else if err := apply(); err != nil {
		return "", err
	}
	c.rep.Applied, c.rep.Verified = c.applied.Applied, c.applied.Verified
	rctx := context.WithoutCancel(ctx)
	if id, err := c.st.RecordApply(rctx, store.Apply{RunID: c.id, Project: c.proj.Name, PlanSHA256: c.plan.Record.PlanSHA256,
		Decision: store.DecisionAutoApply, Changes: len(c.plan.Record.Classification.Changes)}); err == nil {
		if err := c.st.VerifyApply(rctx, id, c.applied.Unverified); err != nil {
			c.log.Warn("could not record the verification", "err", err)
		}
	} else {
		c.log.Warn("could not record the apply", "err", err)
	}
	if !c.applied.Verified {
		return "", fmt.Errorf("applied, but a fresh plan still changes %s", strings.Join(c.applied.Unverified, ", "))
	}
	return fmt.Sprintf("applied %s, verified", count(len(c.plan.Record.Classification.Changes), "change")), nil
}

// top returns the n most urgent open problems: findings and drift, by
// priority.
func (c *cycle) top(n int) []report.Priority {
	var out []report.Priority
	for _, rf := range c.scorer.Findings(c.findings) {
		out = append(out, report.Priority{Kind: string(store.KindMisconfiguration), Rule: rf.Finding.Rule, Address: rf.Finding.Address,
			Severity: string(rf.Finding.Severity), Priority: rf.Priority.Value, Reasons: rf.Priority.Reasons})
	}
	if c.drift != nil {
		for _, rd := range c.scorer.Drifts(c.drift.Items) {
			addr := rd.Drift.Address
			if addr == "" {
				addr = rd.Drift.Type + " " + rd.Drift.ID
			}
			sev, _ := priority.DriftSeverity(rd.Drift)
			out = append(out, report.Priority{Kind: string(store.KindDrift), Address: addr, Severity: string(sev), Priority: rd.Priority.Value, Reasons: rd.Priority.Reasons})
		}
	}
	slices.SortStableFunc(out, func(a, b report.Priority) int { return b.Priority - a.Priority })
	return out[:min(n, len(out))]
}

// priorityReview says why every change needs review when something the
// run would change is above the policy's review_above_priority.
func (c *cycle) priorityReview() []string {
	pol, ok := c.r.Config.PolicyFor(c.proj.Environment)
	if !ok || !pol.ReviewAbovePriority.Set || c.fix == nil {
		return nil
	}
	var scores []priority.Score
	for _, f := range c.fix.Result.Fixed {
		scores = append(scores, c.scorer.Finding(f))
	}
	if c.drift != nil {
		for _, d := range c.drift.Items {
			if d.Kind != cloud.Unmanaged {
				scores = append(scores, c.scorer.Drift(d))
			}
		}
	}
	if s, above := priority.ReviewAbove(pol.ReviewAbovePriority, scores); above {
		return []string{priority.ReviewReason(pol.ReviewAbovePriority, s)}
	}
	return nil
}

// planProblem says in one line why a plan could not run, naming the
// missing provider plainly when that is the cause.
func planProblem(err error) string {
	msg := stripANSI(err.Error())
	for _, hint := range []string{"Failed to query available provider packages", "Failed to install provider", "could not connect to registry", "Could not retrieve the list of available versions"} {
		if strings.Contains(msg, hint) {
			return "the plan could not run: terraform init could not install the providers (no network, and no provider mirror)"
		}
	}
	return "the plan could not run: " + firstLine(msg)
}

// OpenStore opens the run history a command records in (see DatabaseDSN),
// creating it when it does not exist yet.
func OpenStore(ctx context.Context, cfg *config.Config, root, dsn string) (*store.Store, error) {
	return store.Open(ctx, DatabaseDSN(dsn, os.Getenv, cfg, root))
}

func driftSummary(items []cloud.Drift) string {
	if len(items) == 0 {
		return "no drift"
	}
	n := map[cloud.Kind]int{}
	for _, it := range items {
		n[it.Kind]++
	}
	var parts []string
	for _, k := range []cloud.Kind{cloud.Changed, cloud.Deleted, cloud.Unmanaged} {
		if n[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[k], k))
		}
	}
	return strings.Join(parts, ", ")
}

// count says "1 file", "2 files".
func count(n int, word string) string {
	return fmt.Sprintf("%d %s", n, plural(n, word, word+"s"))
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func shortSHA(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
