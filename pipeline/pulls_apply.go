package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/report"
	"github.com/driftfix/driftfix/store"
	"github.com/driftfix/driftfix/vcs/github"
	"github.com/driftfix/driftfix/webhook"
)

// apply applies the pull request's saved plans (or the named project's),
// each only when its apply requirements hold, the pull request holds the
// project's lock, a plan the policy sends to review has an approver's
// approval, and a plan that destroys anything was asked for with
// --allow-destroy. Apply then checks the saved plan as `driftfix apply`
// does (stale code or state, a swapped plan) before anything runs.
func (p *pullRequests) apply(ctx context.Context, pr pullInfo, cmd webhook.Command, by string, log *slog.Logger) error {
	state, err := p.readState(pr.Number)
	if err != nil {
		return err
	}
	var names []string
	for name := range state.Projects {
		if cmd.Project == "" || name == cmd.Project {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	switch {
	case len(names) == 0 && cmd.Project != "":
		return p.notice(ctx, pr.Number, "driftfix apply: nothing to apply", []string{fmt.Sprintf("There is no plan of project `%s` on this pull request; comment `driftfix plan -p %s` first.", cmd.Project, cmd.Project)})
	case len(names) == 0:
		return p.notice(ctx, pr.Number, "driftfix apply: nothing to apply", []string{"This pull request has no plans; comment `driftfix plan` first."})
	case state.HeadSHA != pr.HeadSHA:
		return p.notice(ctx, pr.Number, "driftfix apply: the plans are stale", []string{
			fmt.Sprintf("The plans were made at %s and the pull request is now at %s; comment `driftfix plan` to plan the new commits.", shortSHA(state.HeadSHA), shortSHA(pr.HeadSHA)),
		})
	}

	facts := &pullFacts{p: p, number: pr.Number}
	wt, err := p.worktree(ctx, state.HeadSHA)
	if err != nil {
		return err
	}
	defer func() {
		if err := wt.Close(context.WithoutCancel(ctx)); err != nil {
			log.Warn("could not remove the pull request's work tree", "err", err)
		}
	}()
	var errs []error
	for _, name := range names {
		cp, ok := p.cfg.Project(name)
		if !ok {
			continue // the server's config no longer has it
		}
		out := p.applyOne(ctx, pr, cp, wt.Dir(), cmd, by, facts, log)
		if err := p.post(ctx, pr.Number, out); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (p *pullRequests) applyOne(ctx context.Context, pr pullInfo, cp config.Project, root string, cmd webhook.Command, by string, facts *pullFacts, log *slog.Logger) report.PullRequestProject {
	out := report.PullRequestProject{Command: "apply", Project: cp.Name, Dir: path.Clean(cp.Dir), Workspace: cp.Workspace}
	fail := func(err error) report.PullRequestProject {
		out.Error = err.Error()
		p.status(ctx, pr.HeadSHA, "apply", cp.Name, github.StateFailure, "apply failed")
		log.Warn("apply failed", "project", cp.Name, "err", err)
		return out
	}
	held, ok, err := p.st.LockForPullRequest(ctx, store.PullRequestLock{
		Repository: p.fullName, Dir: out.Dir, Workspace: out.Workspace, Project: cp.Name,
		PullRequest: pr.Number, URL: pr.URL, Author: pr.Author,
	})
	if err != nil {
		return fail(err)
	}
	if !ok {
		out.LockedBy, out.LockedByURL = held.PullRequest, held.URL
		return out
	}
	env := p.env(pr.Number, log)
	rec, err := readRecord(env.StateDir(cp.Name))
	if err != nil {
		return fail(fmt.Errorf("no saved plan of %s: comment `driftfix plan -p %s` (%w)", cp.Name, cp.Name, err))
	}
	review := rec.Decision.Decision == policy.Review
	destroy := destroys(rec.Classification)

	// Every reason not to apply, so that people fix them all at once.
	var refused []string
	for _, req := range p.cfg.ApplyRequirements(cp.Name) {
		if why, err := facts.unmet(ctx, req); err != nil {
			return fail(err)
		} else if why != "" {
			refused = append(refused, why)
		}
	}
	approver := ""
	if review || destroy {
		approvals, err := facts.approvals(ctx)
		if err != nil {
			return fail(err)
		}
		approver = p.approvedBy(approvals)
		if approver == "" {
			refused = append(refused, p.needsApprover(rec, approvals))
		}
	}
	if destroy && !cmd.AllowDestroy {
		refused = append(refused, fmt.Sprintf("The plan destroys something (%s): comment `driftfix apply -p %s --allow-destroy` to apply it.",
			strings.Join(destroyReasons(rec.Classification), "; "), cp.Name))
	}
	if len(refused) > 0 {
		out.Refused = refused
		p.status(ctx, pr.HeadSHA, "apply", cp.Name, github.StateFailure, "not applied: "+refused[0])
		log.Info("apply refused", "project", cp.Name, "reasons", refused)
		return out
	}

	proj, table, pol, err := p.resolve(cp, root)
	if err != nil {
		return fail(err)
	}
	job := applyJob{Project: proj, Table: table, Policy: pol, AllowDestroy: cmd.AllowDestroy}
	if approver != "" {
		job.Approve, job.By = true, approver
		job.Reason = fmt.Sprintf("approved on %s by %s; applied on %s's comment", pullRef(pr), approver, by)
	}
	res, err := applyProject(ctx, job, env)
	if err != nil {
		return fail(err)
	}
	out.Apply = &report.Apply{
		Project: cp.Name, Decision: res.Record.Decision.Decision, Changes: len(res.Record.Classification.Changes),
		Applied: res.Applied, Verified: res.Verified, Unverified: res.Unverified, Approval: res.Approval,
	}
	desc := "applied and verified"
	switch {
	case !res.Applied:
		desc = "no changes"
	case !res.Verified:
		desc = "applied; not verified"
	}
	p.status(ctx, pr.HeadSHA, "apply", cp.Name, github.StateSuccess, desc)
	log.Info("applied", "project", cp.Name, "verified", res.Verified, "by", by, "approver", approver)
	return out
}

// approvedBy returns the first configured approver among the pull
// request's standing approvals ("" when none).
func (p *pullRequests) approvedBy(approvals []github.Approval) string {
	for _, a := range approvals {
		if p.isApprover(a.Login) {
			return a.Login
		}
	}
	return ""
}

// needsApprover says why a plan that needs review cannot be applied yet.
func (p *pullRequests) needsApprover(rec *Record, approvals []github.Approval) string {
	why := "The policy sends this plan to review"
	if len(rec.Decision.Reasons) > 0 {
		why += " (" + rec.Decision.Reasons[0] + ")"
	}
	if len(p.hooks.Approvers) == 0 {
		return why + ", and no approvers are configured (webhooks { approvers }): apply it with `driftfix apply --approve` on the server."
	}
	var have []string
	for _, a := range approvals {
		have = append(have, a.Login)
	}
	got := "no approval yet"
	if len(have) > 0 {
		got = "approved only by " + strings.Join(have, ", ")
	}
	return fmt.Sprintf("%s: it needs an approval from one of %s (%s).", why, strings.Join(p.hooks.Approvers, ", "), got)
}

// pullFacts reads what apply requirements need of a pull request once per
// command.
type pullFacts struct {
	p        *pullRequests
	number   int
	approved []github.Approval
	read     bool
	merge    *github.Mergeability // nil until read
}

func (f *pullFacts) approvals(ctx context.Context) ([]github.Approval, error) {
	if !f.read {
		a, err := f.p.gh.Approvals(ctx, f.number)
		if err != nil {
			return nil, err
		}
		f.approved, f.read = a, true
	}
	return f.approved, nil
}

func (f *pullFacts) mergeability(ctx context.Context) (github.Mergeability, error) {
	if f.merge == nil {
		m, err := f.p.gh.Mergeable(ctx, f.number)
		if err != nil {
			return github.Mergeability{}, err
		}
		f.merge = &m
	}
	return *f.merge, nil
}

// unmet says why the pull request does not meet an apply requirement ("":
// it does).
func (f *pullFacts) unmet(ctx context.Context, requirement string) (string, error) {
	switch requirement {
	case config.RequireApproved:
		a, err := f.approvals(ctx)
		if err != nil || len(a) > 0 {
			return "", err
		}
		return "Apply requirement `approved`: the pull request has no approval.", nil
	case config.RequireMergeable:
		m, err := f.mergeability(ctx)
		if err != nil || m.Mergeable {
			return "", err
		}
		return fmt.Sprintf("Apply requirement `mergeable`: GitHub would not merge the pull request (%s).", m.State), nil
	case config.RequireUndiverged:
		m, err := f.mergeability(ctx)
		if err != nil || m.State != "behind" {
			return "", err
		}
		return "Apply requirement `undiverged`: the pull request's branch is behind its base branch; merge or rebase the base branch in, then plan again.", nil
	}
	return "", fmt.Errorf("unknown apply requirement %q", requirement)
}

func pullRef(pr pullInfo) string {
	if pr.URL != "" {
		return pr.URL
	}
	return fmt.Sprintf("#%d", pr.Number)
}
