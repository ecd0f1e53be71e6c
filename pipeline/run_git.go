package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/store"
	"github.com/driftfix/driftfix/vcs/git"
)

// checkout is a run's work tree of the repository.
type checkout struct {
	repo   *git.Repo
	wt     *git.Worktree
	mode   string // pr | direct
	labels []string
	head   string // the commit checked out
	// branchName is the branch checked out (the default branch, unless
	// the config names one); branch is the run's own, once made.
	branchName string
	branch     string
}

func openCheckout(ctx context.Context, repo config.Repository, root string, now func() time.Time, log *slog.Logger) (*checkout, error) {
	r, err := openRepo(ctx, repo, root, now, log)
	if err != nil {
		return nil, err
	}
	wt, err := r.Worktree(ctx, repo.DefaultBranch)
	if err != nil {
		return nil, err
	}
	head, err := wt.HeadSHA(ctx)
	if err != nil {
		wt.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	name := repo.DefaultBranch
	if name == "" {
		if name, err = r.DefaultBranch(ctx); err != nil {
			wt.Close(context.WithoutCancel(ctx))
			return nil, err
		}
	}
	return &checkout{repo: r, wt: wt, mode: repo.CommitMode, labels: repo.Labels, head: head, branchName: name}, nil
}

// openRepo opens the cached clone of the repository block's remote,
// fetched now.
func openRepo(ctx context.Context, repo config.Repository, root string, now func() time.Time, log *slog.Logger) (*git.Repo, error) {
	cache := repo.CacheDir
	if cache == "" {
		cache = filepath.Join(root, ".driftfix", "repos")
	} else if !filepath.IsAbs(cache) {
		cache = filepath.Join(root, cache)
	}
	url := repo.URL
	if !strings.Contains(url, "://") && !strings.Contains(url, "@") && !filepath.IsAbs(url) {
		url = filepath.Join(root, url) // a path relative to driftfix.hcl
	}
	return git.Open(ctx, git.Options{
		URL: url, CacheDir: cache,
		Author:      git.Signature{Name: repo.AuthorName, Email: repo.AuthorEmail},
		Credentials: git.Credentials{TokenEnv: repo.TokenEnv, TokenFile: repo.TokenFile},
		Now:         now, Logger: log,
	})
}

func (c *checkout) dir() string { return c.wt.Dir() }

func (c *checkout) close(log *slog.Logger) {
	if err := c.wt.Close(context.Background()); err != nil {
		log.Warn("could not remove the run's work tree", "err", err)
	}
}

// direct reports whether the fixes go straight to the default branch: only
// in commit_mode "direct", and only after an automatic apply was verified.
func (c *cycle) direct() bool {
	return c.checkout.mode == "direct" && c.applied != nil && c.applied.Applied && c.applied.Verified
}

// stepCommit commits exactly the files the run changed: on the default
// branch (direct, after a verified apply) or on a branch of its own.
func (c *cycle) stepCommit(ctx context.Context) (string, error) {
	switch {
	case c.req.DryRun:
		return "", skip("dry run: nothing committed")
	case len(c.written) == 0:
		return "", skip("no file changed")
	case c.checkout == nil:
		return "", skip("no repository block: the changes stay in %s", displayPath(c.proj.Dir, c.proj.Dir))
	}
	rel, err := filepath.Rel(c.checkout.dir(), c.proj.Dir)
	if err != nil {
		return "", err
	}
	var files []string
	for _, f := range c.written {
		files = append(files, filepath.ToSlash(filepath.Join(rel, f)))
	}
	if !c.direct() {
		c.checkout.branch = git.BranchName(c.proj.Name, c.now(), shortID(c.id))
		if err := c.checkout.wt.NewBranch(ctx, c.checkout.branch); err != nil {
			return "", err
		}
		c.rep.Branch = c.checkout.branch
	}
	sha, err := c.checkout.wt.Commit(ctx, files, c.commitMessage())
	if err != nil {
		return "", err
	}
	c.rep.Commit = sha
	where := c.checkout.branch
	if where == "" {
		where = c.checkout.branchName
	}
	return fmt.Sprintf("%s on %s: %d files", shortSHA(sha), where, len(files)), nil
}

func (c *cycle) stepPush(ctx context.Context) (string, error) {
	if c.rep.Commit == "" {
		return "", skip("nothing committed")
	}
	if c.checkout.branch == "" {
		if err := c.checkout.wt.PushDirect(ctx); err != nil {
			if errors.Is(err, git.ErrRemoteMoved) {
				return "", fmt.Errorf("the default branch moved while the run worked; the next run fixes it again on the new tip: %w", err)
			}
			return "", err
		}
		return "pushed to " + c.checkout.branchName, nil
	}
	if err := c.checkout.wt.Push(ctx, c.checkout.branch, git.PushOptions{}); err != nil {
		return "", err
	}
	return "pushed " + c.checkout.branch, nil
}

// stepPullRequest asks for review of a pushed branch.
func (c *cycle) stepPullRequest(ctx context.Context) (string, error) {
	if c.checkout == nil || c.checkout.branch == "" || c.rep.Commit == "" {
		return "", skip("no branch to review")
	}
	if c.req.PullRequests == nil {
		return "", skip("branch %s pushed; no pull-request provider is configured, so open one from it by hand", c.checkout.branch)
	}
	pr := PullRequest{
		Project: c.proj.Name, Branch: c.checkout.branch, Base: c.checkout.branchName,
		Title: c.commitSubject(), Body: c.pullRequestBody(), Labels: c.checkout.labels,
		Commit: c.rep.Commit, PlanState: "failure", PlanDescription: "the plan could not run",
	}
	if c.plan != nil {
		pr.PlanState, pr.PlanDescription = "success", planSummary(c.plan.Record)
	}
	url, err := c.req.PullRequests.Open(ctx, pr)
	if err != nil {
		return "", err
	}
	c.rep.PullRequest = url
	if err := c.st.SetPullRequest(context.WithoutCancel(ctx), c.id, url); err != nil {
		c.log.Warn("could not record the pull request", "err", err)
	}
	return url, nil
}

func (c *cycle) commitSubject() string {
	what := "fixes"
	if c.rep.Decision == string(store.DecisionAutoApply) && c.rep.Applied {
		what = "applied fixes"
	}
	return fmt.Sprintf("driftfix: %s for %s (%s)", what, c.proj.Name, count(c.rep.Fixed, "finding"))
}

// commitMessage lists the rules, addresses and drift the commit holds.
func (c *cycle) commitMessage() string {
	var lines []string
	if c.fix != nil {
		// most urgent first
		for _, rf := range c.scorer.Findings(c.fix.Result.Fixed) {
			f := rf.Finding
			lines = append(lines, fmt.Sprintf("- %s %s: %s (priority %d)", f.Rule, f.Address, f.Message, rf.Priority.Value))
		}
	}
	if c.drift != nil {
		for _, d := range c.drift.Items {
			for _, ch := range d.Changes {
				if ch.Remediation == "codify" {
					lines = append(lines, fmt.Sprintf("- drift codified: %s %s", d.Address, ch.Path))
				}
			}
		}
	}
	lines = append(lines, "", fmt.Sprintf("Decision: %s", c.rep.Decision))
	for _, r := range c.rep.Reasons {
		lines = append(lines, "  "+r)
	}
	lines = append(lines, fmt.Sprintf("driftfix run %d", c.id))
	return git.Message(c.commitSubject(), lines...)
}

// shortID is the branch suffix of a run: its id and a random part, so
// that two stores never name two branches alike.
func shortID(run int64) string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return fmt.Sprintf("r%d-%s", run, hex.EncodeToString(b))
}
