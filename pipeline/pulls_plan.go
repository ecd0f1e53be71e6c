package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/report"
	"github.com/driftfix/driftfix/store"
	"github.com/driftfix/driftfix/vcs/github"
)

// pullState is what a pull request's plans were made from: the head
// commit, and the projects planned there with their directories.
type pullState struct {
	HeadSHA  string            `json:"head_sha"`
	Projects map[string]string `json:"projects"`
}

const pullStateFile = "pull.json"

func (p *pullRequests) readState(number int) (pullState, error) {
	var s pullState
	data, err := os.ReadFile(filepath.Join(p.pullDir(number), pullStateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return pullState{Projects: map[string]string{}}, nil
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("%s: %w", filepath.Join(p.pullDir(number), pullStateFile), err)
	}
	if s.Projects == nil {
		s.Projects = map[string]string{}
	}
	return s, nil
}

func (p *pullRequests) writeState(number int, s pullState) error {
	if err := privateStateDir(p.pullDir(number)); err != nil {
		return err
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writePrivate(filepath.Join(p.pullDir(number), pullStateFile), append(data, '\n'))
}

// plan plans the projects the pull request changes (or the one named),
// each under the lock of its directory and workspace, and comments each
// outcome. Plans made at an older head are deleted first: only plans of the
// head can be applied.
func (p *pullRequests) plan(ctx context.Context, pr pullInfo, only string, log *slog.Logger) error {
	if pr.HeadSHA == "" {
		return errors.New("the pull request's head commit is unknown")
	}
	wt, err := p.worktree(ctx, pr.HeadSHA)
	if err != nil {
		return err
	}
	defer func() {
		if err := wt.Close(context.WithoutCancel(ctx)); err != nil {
			log.Warn("could not remove the pull request's work tree", "err", err)
		}
	}()

	var projects []config.Project
	if only != "" {
		cp, ok := p.cfg.Project(only)
		if !ok {
			return p.notice(ctx, pr.Number, "driftfix plan: no project "+only, []string{"Projects: " + strings.Join(p.projectNames(), ", ") + "."})
		}
		projects = []config.Project{cp}
	} else {
		changed, err := p.gh.ChangedFiles(ctx, pr.Number)
		if err != nil {
			return err
		}
		var files []string
		for _, f := range changed {
			files = append(files, f.Filename)
			if f.PreviousFilename != "" {
				files = append(files, f.PreviousFilename)
			}
		}
		projects = changedProjects(p.cfg, wt.Dir(), files)
		if len(projects) == 0 {
			log.Info("no project changed", "files", len(files))
			return nil
		}
	}

	state, err := p.readState(pr.Number)
	if err != nil {
		return err
	}
	if state.HeadSHA != pr.HeadSHA {
		// plans of an older head can never be applied: start over
		if err := os.RemoveAll(p.pullDir(pr.Number)); err != nil {
			return err
		}
		state = pullState{HeadSHA: pr.HeadSHA, Projects: map[string]string{}}
	}
	var errs []error
	for _, cp := range projects {
		out := p.planOne(ctx, pr, cp, wt.Dir(), log)
		if out.Plan != nil || out.Error != "" {
			state.Projects[cp.Name] = out.Dir
		}
		if err := p.writeState(pr.Number, state); err != nil {
			return err
		}
		if err := p.post(ctx, pr.Number, out); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// planOne plans one project of the pull request checked out at root.
func (p *pullRequests) planOne(ctx context.Context, pr pullInfo, cp config.Project, root string, log *slog.Logger) report.PullRequestProject {
	out := report.PullRequestProject{Command: "plan", Project: cp.Name, Dir: path.Clean(cp.Dir), Workspace: cp.Workspace}
	held, ok, err := p.st.LockForPullRequest(ctx, store.PullRequestLock{
		Repository: p.fullName, Dir: out.Dir, Workspace: out.Workspace, Project: cp.Name,
		PullRequest: pr.Number, URL: pr.URL, Author: pr.Author,
	})
	switch {
	case err != nil:
		out.Error = err.Error()
		p.status(ctx, pr.HeadSHA, "plan", cp.Name, github.StateError, "the lock could not be taken")
		return out
	case !ok:
		out.LockedBy, out.LockedByURL = held.PullRequest, held.URL
		p.status(ctx, pr.HeadSHA, "plan", cp.Name, github.StateFailure, fmt.Sprintf("locked by #%d", held.PullRequest))
		log.Info("project locked by another pull request", "project", cp.Name, "holder", held.PullRequest)
		return out
	}
	p.status(ctx, pr.HeadSHA, "plan", cp.Name, github.StatePending, "planning")
	proj, table, pol, err := p.resolve(cp, root)
	if err == nil {
		var res *planOutcome
		res, err = planProject(ctx, planJob{Project: proj, Table: table, Policy: pol}, p.env(pr.Number, log))
		if err == nil {
			rec := res.Record
			out.Plan = &report.Plan{
				Project: cp.Name, Environment: proj.Environment, Classification: rec.Classification,
				Decision: rec.Decision, PlanText: res.PlanText, Changes: rec.Changes,
			}
			out.Destroys = destroys(rec.Classification)
			state, desc := github.StateSuccess, planSummary(rec)
			p.status(ctx, pr.HeadSHA, "plan", cp.Name, state, desc)
			log.Info("planned", "project", cp.Name, "decision", rec.Decision.Decision)
			return out
		}
	}
	out.Error = err.Error()
	p.status(ctx, pr.HeadSHA, "plan", cp.Name, github.StateFailure, "plan failed")
	log.Warn("plan failed", "project", cp.Name, "err", err)
	return out
}

// resolve is a config project in the pull request's checkout, with the
// class table and policy of its environment (from the server's config).
func (p *pullRequests) resolve(cp config.Project, root string) (Project, *policy.Table, policy.Policy, error) {
	proj, err := ResolveProject(root, cp)
	if err != nil {
		return Project{}, nil, policy.Policy{}, err
	}
	table, pol, diags := Governance(p.cfg, proj.Environment, fixers.All())
	if diags.HasErrors() {
		return Project{}, nil, policy.Policy{}, DiagnosticsError(diags)
	}
	return proj, table, pol, nil
}

func (p *pullRequests) projectNames() []string {
	var names []string
	for _, cp := range p.cfg.Projects() {
		names = append(names, cp.Name)
	}
	return names
}

// planSummary is a commit status's description of a plan.
func planSummary(rec *Record) string {
	if !rec.Changes {
		return "no changes"
	}
	return fmt.Sprintf("%d changes; %s", len(rec.Classification.Changes), rec.Decision.Decision)
}
