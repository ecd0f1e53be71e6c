package pipeline

import (
	"context"
	"os"
	"os/user"

	"github.com/driftfix/driftfix/report"
)

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
