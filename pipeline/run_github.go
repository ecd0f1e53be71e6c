package pipeline

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/report"
	"github.com/driftfix/driftfix/vcs/github"
)

// gitHubPullRequests opens the runner's pull requests on GitHub when the
// repository block names a GitHub repository (github = "owner/name");
// nil otherwise.
func gitHubPullRequests(repo config.Repository, root string, log *slog.Logger) (PullRequests, error) {
	if repo.GitHub == "" {
		return nil, nil
	}
	owner, name, _ := strings.Cut(repo.GitHub, "/")
	c, err := gitHubClient(repo, root, log)
	if err != nil {
		return nil, err
	}
	return gitHubOpener{github.Opener{Client: c, Owner: owner, Repo: name}}, nil
}

// gitHubClient is the GitHub client of the repository block: as the App
// installation it names, else with its token. A relative key or token file
// is relative to root (the directory of driftfix.hcl; "" leaves it as is).
func gitHubClient(repo config.Repository, root string, log *slog.Logger) (*github.Client, error) {
	rel := func(p string) string {
		if p == "" || root == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(root, p)
	}
	opts := github.Options{BaseURL: repo.GitHubAPIURL, Logger: log}
	if repo.App != nil {
		opts.App = &github.App{ID: repo.App.ID, InstallationID: repo.App.InstallationID,
			PrivateKeyFile: rel(repo.App.PrivateKeyFile), PrivateKeyEnv: repo.App.PrivateKeyEnv}
	} else {
		opts.TokenEnv, opts.TokenFile = repo.TokenEnv, rel(repo.TokenFile)
	}
	return github.New(opts)
}

// gitHubOpener is a github.Opener as the runner's PullRequests.
type gitHubOpener struct{ o github.Opener }

func (g gitHubOpener) Open(ctx context.Context, pr PullRequest) (string, error) {
	return g.o.Open(ctx, github.OpenRequest(pr))
}

// pullRequestBody describes the run's pull request: what was fixed and
// codified (the commit message), then the plan as its comment renders it —
// the classification table, the decision and its reasons, the plan text
// collapsed and redacted — or, without a plan, why there is none.
func (c *cycle) pullRequestBody() string {
	body := c.commitMessage()
	if c.plan == nil {
		return body
	}
	rec := c.plan.Record
	parts, err := report.MarkdownComments(&report.Plan{
		Project: c.proj.Name, Environment: c.proj.Environment, Classification: rec.Classification,
		Decision: rec.Decision, PlanText: c.plan.PlanText, Changes: rec.Changes,
	})
	if err != nil {
		c.log.Warn("could not render the plan for the pull request", "err", err)
		return body
	}
	return body + "\n\n" + strings.Join(parts, "\n\n")
}
