package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/driftfix/driftfix/lock"
	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/terraform"
)

// ApplyRequest is one apply of a project's saved plan.
type ApplyRequest struct {
	Project Project
	// Approve applies a plan whose decision is review; By and Reason are
	// recorded with the approval.
	Approve bool
	By      string
	Reason  string
	// AllowDestroy is needed, besides Approve, for a plan that deletes,
	// replaces or forgets anything.
	AllowDestroy bool
}

// ApplyResult says what apply did.
type ApplyResult struct {
	Record *Record
	// Applied is false when the plan had no changes.
	Applied bool
	// Verified is true when a fresh plan after the apply shows no change at
	// any address the plan touched; Unverified lists those that still change.
	Verified   bool
	Unverified []string
	Approval   *Approval
}

// Apply applies the project's saved, classified plan and nothing else. It
// refuses, before anything runs: no plan; a plan already applied; a plan
// that is stale (the code or the state changed since it was made); a review
// decision without Approve; and any destroy without AllowDestroy (and
// Approve). After applying it plans again and reports whether the touched
// addresses are settled ("verified").
func Apply(ctx context.Context, req ApplyRequest, env Env) (*ApplyResult, error) {
	p := req.Project
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
	res := &ApplyResult{Record: rec}
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
	if req.Approve && (rec.Decision.Decision == policy.Review || destroy) {
		a := Approval{Project: p.Name, PlanSHA256: rec.PlanSHA256, By: req.By, Reason: req.Reason, At: time.Now().UTC(),
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

func destroyReasons(c policy.Classification) []string {
	var out []string
	for _, ch := range c.Changes {
		switch ch.Action {
		case policy.ActionDelete, policy.ActionReplace, policy.ActionForget:
			out = append(out, ch.Reason)
		}
	}
	return out
}
