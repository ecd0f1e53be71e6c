package pipeline

import (
	"context"
	"log/slog"
	"strings"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/vcs/github"
)

// gitHubPullRequests opens the runner's pull requests on GitHub when the
// repository block names a GitHub repository (github = "owner/name");
// nil otherwise.
func gitHubPullRequests(repo config.Repository, log *slog.Logger) (PullRequests, error) {
	if repo.GitHub == "" {
		return nil, nil
	}
	owner, name, _ := strings.Cut(repo.GitHub, "/")
	c, err := github.New(github.Options{BaseURL: repo.GitHubAPIURL, TokenEnv: repo.TokenEnv, TokenFile: repo.TokenFile, Logger: log})
	if err != nil {
		return nil, err
	}
	return gitHubOpener{github.Opener{Client: c, Owner: owner, Repo: name}}, nil
}

// gitHubOpener is a github.Opener as the runner's PullRequests.
type gitHubOpener struct{ o github.Opener }

func (g gitHubOpener) Open(ctx context.Context, pr PullRequest) (string, error) {
	return g.o.Open(ctx, github.OpenRequest(pr))
}
