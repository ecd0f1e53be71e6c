package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/driftfix/driftfix/lock"
	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/report"
	"github.com/driftfix/driftfix/terraform"
)

// ErrMismatch: judged again by apply, the saved plan does not get the
// classification and decision its record holds (an edited record, a swapped
// plan, or a plan judged under another environment or config).
var ErrMismatch = errors.New("the saved plan does not match its record")

// applyJob is one apply of a project's saved plan.
type applyJob struct {
	Project Project
	// Table, Policy and Intent judge the saved plan again, before anything
	// is applied: they come from the project's config and environment as
	// they are now (never from flags given at plan time) and the intent of
	// the last fix run, exactly as plan judged it.
	Table  *policy.Table
	Policy policy.Policy
	Intent policy.Intent
	// Approve applies a plan whose decision is review; By and Reason are
	// recorded with the approval.
	Approve bool
	By      string
	Reason  string
	// AllowDestroy is needed, besides Approve, for a plan that deletes,
	// replaces or forgets anything.
	AllowDestroy bool
}

// applyOutcome says what apply did.
type applyOutcome struct {
	Record *Record
	// Applied is false when the plan had no changes.
	Applied bool
	// Verified is true when a fresh plan after the apply shows no change at
	// any address the plan touched; Unverified lists those that still change.
	Verified   bool
	Unverified []string
	Approval   *policy.Approval
}

// applyProject applies the project's saved, classified plan and nothing else. It
// refuses, before anything runs: no plan; a plan already applied; a plan
// that is stale (the code or the state changed since it was made); a review
// decision without Approve; and any destroy without AllowDestroy (and
// Approve). It then judges the saved plan file again itself (terraform show
// -json of the checked plan file, never the saved plan.json) under
// req.Table, req.Policy and req.Intent, and refuses with ErrMismatch when
// the classification or the decision differ from the record. After applying
// it plans again and reports whether the touched addresses are settled
// ("verified").
func applyProject(ctx context.Context, req applyJob, env Env) (*applyOutcome, error) {
	p := req.Project
	if req.Table == nil {
		return nil, errors.New("apply needs the project's class table and policy to judge the saved plan again")
	}
	dir := env.StateDir(p.Name)
	if err := privateStateDir(dir); err != nil {
		return nil, err
	}
	release, err := lock.Acquire(ctx, filepath.Join(dir, LockDir), "driftfix apply", LockWait)
	if err != nil {
		return nil, err
	}
	defer release()

	rec, err := readRecord(dir)
	if err != nil {
		return nil, err
	}
	res := &applyOutcome{Record: rec}
	if rec.AppliedAt != nil {
		return nil, fmt.Errorf("%w at %s; run driftfix plan again", ErrApplied, rec.AppliedAt.Format(time.RFC3339))
	}
	if rec.Decision.Decision == policy.NoChanges || !rec.Changes {
		return res, nil
	}
	code, err := CodeHash(p.Dir)
	if err != nil {
		return nil, err
	}
	if code != rec.CodeSHA256 {
		return nil, fmt.Errorf("%w: the code changed since the plan was made; run driftfix plan again", ErrStale)
	}
	destroy := destroys(rec.Classification)
	switch {
	case destroy && !(req.AllowDestroy && req.Approve):
		return nil, fmt.Errorf("%w: %s; applying it needs --approve and --allow-destroy", ErrDestroy, strings.Join(destroyReasons(rec.Classification), "; "))
	case rec.Decision.Decision == policy.Review && !req.Approve:
		return nil, fmt.Errorf("%w: %s; apply it with --approve (recorded with who and why)", ErrNeedsApproval, strings.Join(rec.Decision.Reasons, "; "))
	}

	logf, err := openRunLog(dir, "apply")
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
	if state != rec.State {
		return nil, fmt.Errorf("%w: the state changed since the plan was made (serial %d → %d); run driftfix plan again", ErrStale, rec.State.Serial, state.Serial)
	}
	sum, err := rec.planSum()
	if err != nil {
		return nil, err
	}
	planPath := filepath.Join(dir, PlanFile)
	if err := r.Trust(ctx, planPath, sum); err != nil {
		return nil, err
	}
	saved, err := r.Show(ctx, planPath)
	if err != nil {
		return nil, err
	}
	// what made the policy stricter at plan time holds at apply time too
	// (a tightening only ever sends more to review)
	c, d := Judge(saved, rec.Changes, req.Table, req.Policy.Tighten(rec.Tightening), req.Intent)
	if err := sameJudgement(rec, p, c, d); err != nil {
		return nil, err
	}
	if req.Approve && (rec.Decision.Decision == policy.Review || destroy) {
		a := policy.Approval{Project: p.Name, PlanSHA256: rec.PlanSHA256, By: req.By, Reason: req.Reason, At: time.Now().UTC(),
			Decision: rec.Decision.Decision, Reasons: rec.Decision.Reasons, Destroy: destroy}
		if err := appendApproval(dir, a); err != nil {
			return nil, fmt.Errorf("record the approval: %w", err)
		}
		res.Approval = &a
	}
	if err := r.ApplySaved(ctx, planPath); err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	rec.AppliedAt = &now
	res.Applied = true
	if err := writeRecord(dir, rec); err != nil {
		return nil, err
	}
	os.Remove(planPath) // applied: it can never be applied again

	// Verify: a fresh plan must leave every touched address alone.
	verifyPath := filepath.Join(dir, "verify.tfplan")
	defer os.Remove(verifyPath)
	if _, err := r.Plan(ctx, verifyPath, terraform.PlanOptions{}); err != nil {
		return res, fmt.Errorf("verify: %w", err)
	}
	after, err := r.Show(ctx, verifyPath)
	if err != nil {
		return res, fmt.Errorf("verify: %w", err)
	}
	want := map[string]bool{}
	for _, a := range touched(rec.Classification) {
		want[a] = true
	}
	for _, rc := range after.ResourceChanges {
		if want[rc.Address] && rc.Change != nil && !rc.Change.Actions.NoOp() && !rc.Change.Actions.Read() {
			res.Unverified = append(res.Unverified, fmt.Sprintf("%s still plans %v", rc.Address, rc.Change.Actions))
		}
	}
	res.Verified = len(res.Unverified) == 0
	env.logger().Info("applied", "project", p.Name, "verified", res.Verified)
	return res, nil
}

// sameJudgement compares apply's own judgement of the saved plan with the
// record plan left.
func sameJudgement(rec *Record, p Project, c policy.Classification, d policy.Decision) error {
	if rec.Environment != p.Environment {
		return fmt.Errorf("%w: it was judged in environment %q, but the project's environment is %q; run driftfix plan again", ErrMismatch, rec.Environment, p.Environment)
	}
	if rec.Decision.Decision != d.Decision {
		return fmt.Errorf("%w: the record says %s, but judged now the plan is %s (%s); run driftfix plan again", ErrMismatch, rec.Decision.Decision, d.Decision, strings.Join(d.Reasons, "; "))
	}
	want, err1 := json.Marshal(rec.Classification)
	got, err2 := json.Marshal(c)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if !bytes.Equal(want, got) {
		return fmt.Errorf("%w: %s; run driftfix plan again", ErrMismatch, classificationDiff(rec.Classification, c))
	}
	if !reflect.DeepEqual(nonNil(rec.Decision.Reasons), nonNil(d.Reasons)) {
		return fmt.Errorf("%w: the decision's reasons differ (the record: %s; now: %s); run driftfix plan again", ErrMismatch, strings.Join(rec.Decision.Reasons, "; "), strings.Join(d.Reasons, "; "))
	}
	return nil
}

// classificationDiff names the first difference between two classifications.
func classificationDiff(rec, now policy.Classification) string {
	byAddr := map[string]policy.Change{}
	for _, ch := range now.Changes {
		byAddr[ch.Address] = ch
	}
	for _, ch := range rec.Changes {
		n, ok := byAddr[ch.Address]
		if !ok {
			return fmt.Sprintf("the record classifies %s, which the saved plan does not change", ch.Address)
		}
		a, _ := json.Marshal(ch)
		b, _ := json.Marshal(n)
		if !bytes.Equal(a, b) {
			return fmt.Sprintf("the record classifies %s as %s %s (%s risk), the saved plan as %s %s (%s risk)", ch.Address, ch.Action, ch.Class, ch.Risk, n.Action, n.Class, n.Risk)
		}
		delete(byAddr, ch.Address)
	}
	for addr := range byAddr {
		return fmt.Sprintf("the saved plan changes %s, which the record does not hold", addr)
	}
	return "the classification differs from the record"
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func destroyReasons(c policy.Classification) []string {
	var out []string
	for _, ch := range c.Changes {
		if ch.Type == policy.OutputType {
			continue
		}
		switch ch.Action {
		case policy.ActionDelete, policy.ActionReplace, policy.ActionForget:
			out = append(out, ch.Reason)
		}
	}
	return out
}

// ApplyRequest is the apply use case's input, as the command line gives it.
type ApplyRequest struct {
	// Target picks the project; its Environment must be empty: a saved plan
	// is judged under the project's own environment.
	Target Target
	// Approve applies a plan whose decision is review; Reason is required
	// with it, and By (default $DRIFTFIX_APPROVER, else $USER, else the
	// login name) is recorded with it.
	Approve bool
	By      string
	Reason  string
	// AllowDestroy, with Approve, allows deletes, replaces and forgets.
	AllowDestroy bool
}

// Apply is the `apply` use case: it applies the project's saved,
// classified plan and nothing else (see applyProject for every refusal),
// then plans again to verify.
func Apply(ctx context.Context, req ApplyRequest) (*report.Apply, error) {
	if req.Approve && req.Reason == "" {
		return nil, usage("--approve needs --reason: an approval is recorded with who and why")
	}
	if req.AllowDestroy && !req.Approve {
		return nil, usage("--allow-destroy needs --approve")
	}
	if req.Target.Environment != "" {
		return nil, usage("--env: apply judges the saved plan under the project's own environment from driftfix.hcl; an environment is chosen at plan time only")
	}
	by := req.By
	for _, v := range []string{"DRIFTFIX_APPROVER", "USER"} {
		if by == "" {
			by = os.Getenv(v)
		}
	}
	if by == "" {
		if u, err := user.Current(); err == nil {
			by = u.Username
		}
	}
	r, err := Resolve(req.Target)
	if err != nil {
		return nil, err
	}
	intent, _ := LoadIntent(r.Project.Dir)
	res, err := applyProject(ctx, applyJob{
		Project: r.Project, Table: r.Table, Policy: r.Policy, Intent: intent,
		Approve: req.Approve, By: by, Reason: req.Reason, AllowDestroy: req.AllowDestroy,
	}, r.Env)
	if err != nil {
		return nil, err
	}
	return &report.Apply{
		Project: r.Project.Name, Decision: res.Record.Decision.Decision, Changes: len(res.Record.Classification.Changes),
		Applied: res.Applied, Verified: res.Verified, Unverified: res.Unverified, Approval: res.Approval,
	}, nil
}
