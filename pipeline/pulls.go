package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/report"
	"github.com/driftfix/driftfix/store"
	"github.com/driftfix/driftfix/vcs/git"
	"github.com/driftfix/driftfix/vcs/github"
	"github.com/driftfix/driftfix/webhook"
)

// pullRequests is serve's pull-request workflow for the repository block's
// GitHub repository: the webhook.Dispatcher its workers call. A pull
// request's plans, comments, locks and applies go through it:
//
//   - pull_request opened, reopened, synchronize: plan every project whose
//     directory, or a local module it calls, the pull request changes, and
//     comment each plan;
//   - pull_request closed: release the pull request's locks, delete its
//     plans;
//   - issue_comment `driftfix plan|apply|unlock|help`.
//
// What judges a pull request — projects, environments, classes, approvers,
// apply requirements — comes from the server's driftfix.hcl, never from
// the pull request's own files, so a change cannot loosen the rules that
// judge it. Plans are kept on the server's disk under
// .driftfix/pulls/<number>/.
type pullRequests struct {
	cfg      *config.Config
	root     string // the directory of driftfix.hcl
	repo     config.Repository
	hooks    config.Webhooks
	fullName string // owner/name
	gh       *github.Repo
	st       *store.Store
	tfOut    io.Writer
	log      *slog.Logger
	now      func() time.Time

	mu    sync.Mutex
	pulls map[int]*sync.Mutex // one event of a pull request at a time
}

// newPullRequests wires the workflow; it needs the webhooks block and a
// repository block naming the GitHub repository (config checks both).
func newPullRequests(cfg *config.Config, root string, st *store.Store, tfOut io.Writer, log *slog.Logger) (*pullRequests, error) {
	repo, _ := cfg.Repository()
	hooks, _ := cfg.Webhooks()
	client, err := gitHubClient(repo, root, log)
	if err != nil {
		return nil, err
	}
	owner, name, _ := strings.Cut(repo.GitHub, "/")
	return &pullRequests{
		cfg: cfg, root: root, repo: repo, hooks: hooks, fullName: repo.GitHub,
		gh: client.Repo(owner, name), st: st, tfOut: tfOut, log: logger(log).With("repository", repo.GitHub),
		now: time.Now, pulls: map[int]*sync.Mutex{},
	}, nil
}

// serialize runs fn as the only event of pull request number in progress
// in this process (a push and a comment arriving together take turns). A
// failure that left no answer on the pull request (the checkout failed,
// GitHub did not list the files) is told there, so nobody waits for a plan
// that will not come.
func (p *pullRequests) serialize(ctx context.Context, number int, what string, fn func() error) error {
	err := p.serializeOnly(number, fn)
	if err == nil || ctx.Err() != nil {
		return err
	}
	return errors.Join(err, p.notice(ctx, number, "driftfix: "+what+" failed", []string{err.Error()}))
}

func (p *pullRequests) serializeOnly(number int, fn func() error) error {
	p.mu.Lock()
	m, ok := p.pulls[number]
	if !ok {
		m = &sync.Mutex{}
		p.pulls[number] = m
	}
	p.mu.Unlock()
	m.Lock()
	defer m.Unlock()
	return fn()
}

// PullRequest handles a pull_request event.
func (p *pullRequests) PullRequest(ctx context.Context, e webhook.PullRequestEvent) error {
	if !strings.EqualFold(e.Repository.FullName, p.fullName) {
		return fmt.Errorf("pull request of %s: this server serves %s", e.Repository.FullName, p.fullName)
	}
	what := "plan"
	if e.Action == "closed" {
		what = "cleanup"
	}
	return p.serialize(ctx, e.Number, what, func() error {
		log := p.log.With("pull", e.Number, "action", e.Action, "delivery", e.Delivery.ID)
		switch e.Action {
		case "closed":
			return p.release(ctx, e.Number, "closed", log)
		case "opened", "reopened", "synchronize":
			if e.Draft {
				log.Info("draft pull request: not planned until it is ready")
				return nil
			}
			if !trusted(e.AuthorAssociation) && !strings.EqualFold(e.Head.Repository, p.fullName) {
				return p.notice(ctx, e.Number, "driftfix: not planned automatically", []string{
					fmt.Sprintf("This pull request comes from a fork by %s, whose code driftfix does not run on its own; a collaborator can comment `driftfix plan`.", e.Author),
				})
			}
			pr := pullInfo{Number: e.Number, URL: e.HTMLURL, Author: e.Author, HeadSHA: e.Head.SHA}
			return p.plan(ctx, pr, "", log)
		}
		return nil
	})
}

// Comment handles a comment command.
func (p *pullRequests) Comment(ctx context.Context, e webhook.CommentEvent, cmd webhook.Command) error {
	if !strings.EqualFold(e.Repository.FullName, p.fullName) {
		return fmt.Errorf("comment on %s: this server serves %s", e.Repository.FullName, p.fullName)
	}
	return p.serialize(ctx, e.Number, string(cmd.Verb), func() error {
		log := p.log.With("pull", e.Number, "command", cmd.Verb, "by", e.Author, "delivery", e.Delivery.ID)
		if cmd.Verb == webhook.Help {
			_, err := p.gh.PostComments(ctx, e.Number, []string{webhook.HelpText(cmd.Problem)})
			return err
		}
		if !trusted(e.AuthorAssociation) && !p.isApprover(e.Author) {
			return p.notice(ctx, e.Number, "driftfix: "+string(cmd.Verb)+" refused", []string{
				fmt.Sprintf("%s is not a collaborator of %s: only owners, members, collaborators and the configured approvers may run driftfix from a comment.", e.Author, p.fullName),
			})
		}
		info, err := p.gh.PullRequest(ctx, e.Number)
		if err != nil {
			return err
		}
		if info.State != "open" {
			return p.notice(ctx, e.Number, "driftfix: "+string(cmd.Verb)+" refused", []string{"The pull request is " + info.State + "."})
		}
		pr := pullInfo{Number: info.Number, URL: info.URL, Author: info.Author, HeadSHA: info.HeadSHA}
		switch cmd.Verb {
		case webhook.Plan:
			return p.plan(ctx, pr, cmd.Project, log)
		case webhook.Apply:
			return p.apply(ctx, pr, cmd, e.Author, log)
		case webhook.Unlock:
			return p.release(ctx, e.Number, "unlock", log)
		}
		return nil
	})
}

// pullInfo is what the workflow needs of a pull request.
type pullInfo struct {
	Number  int
	URL     string
	Author  string
	HeadSHA string
}

// trusted reports whether an author association gives write-like standing
// in the repository: its owner, a member of its organisation, or an
// invited collaborator.
func trusted(association string) bool {
	switch strings.ToUpper(association) {
	case "OWNER", "MEMBER", "COLLABORATOR":
		return true
	}
	return false
}

func (p *pullRequests) isApprover(login string) bool {
	return slices.ContainsFunc(p.hooks.Approvers, func(a string) bool { return strings.EqualFold(a, login) })
}

// release frees the pull request's locks and deletes its plans: on close,
// on merge and on `driftfix unlock`.
func (p *pullRequests) release(ctx context.Context, number int, why string, log *slog.Logger) error {
	released, err := p.st.UnlockPullRequest(ctx, p.fullName, number)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(p.pullDir(number)); err != nil {
		return fmt.Errorf("delete the plans of #%d: %w", number, err)
	}
	log.Info("locks released, plans deleted", "why", why, "locks", len(released))
	if len(released) == 0 && why == "closed" {
		return nil // nothing was held: nothing to say on a closed pull request
	}
	var lines []string
	for _, l := range released {
		lines = append(lines, fmt.Sprintf("`%s`: directory `%s`, workspace `%s`", l.Project, l.Dir, l.Workspace))
	}
	if len(lines) == 0 {
		lines = []string{"This pull request held no locks."}
	}
	title := "driftfix: locks released and plans deleted"
	if why == "closed" {
		title += " (pull request closed)"
	}
	return p.notice(ctx, number, title, lines)
}

// notice posts a short answer.
func (p *pullRequests) notice(ctx context.Context, number int, title string, lines []string) error {
	_, err := p.gh.PostComments(ctx, number, []string{report.PullRequestNotice(title, lines)})
	return err
}

// pullDir holds one pull request's plans.
func (p *pullRequests) pullDir(number int) string {
	return filepath.Join(p.root, ".driftfix", "pulls", strconv.Itoa(number))
}

// worktree checks the pull request's head out, fresh.
func (p *pullRequests) worktree(ctx context.Context, sha string) (*git.Worktree, error) {
	r, err := openRepo(ctx, p.repo, p.root, p.now, p.log)
	if err != nil {
		return nil, err
	}
	return r.Worktree(ctx, sha)
}

// env is where a pull request's Terraform runs keep their artifacts.
func (p *pullRequests) env(number int, log *slog.Logger) Env {
	return Env{
		Root:            p.root,
		StateBase:       p.pullDir(number),
		SearchDirs:      []string{filepath.Join(p.root, "bin")},
		TerraformOutput: p.tfOut,
		Logger:          log,
	}
}

// post comments a project's outcome, editing the project's earlier comment
// for the same command in place.
func (p *pullRequests) post(ctx context.Context, number int, r report.PullRequestProject) error {
	bodies, err := report.PullRequestComments(r)
	if err != nil {
		return err
	}
	_, err = p.gh.UpdateOrCreateComments(ctx, number, github.Marker{Kind: r.Command, Project: r.Project}, bodies)
	return err
}

// status sets a project's commit status ("driftfix/plan: NAME").
func (p *pullRequests) status(ctx context.Context, sha, command, project string, state github.State, description string) {
	if err := p.gh.SetStatus(ctx, sha, "driftfix/"+command+": "+project, state, description, ""); err != nil {
		p.log.Warn("could not set the commit status", "sha", sha, "project", project, "err", err)
	}
}
