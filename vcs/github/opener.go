package github

import "context"

// OpenRequest is a run's request for review, field for field what
// pipeline.PullRequest holds, so that one converts to the other
// (github.OpenRequest(pr)) without this package importing pipeline.
type OpenRequest struct {
	Project, Branch, Base, Title, Body string
	Labels                             []string
	// Commit is the branch's head; PlanState and PlanDescription, when
	// set, are the commit status "driftfix/plan: PROJECT" set on it.
	Commit, PlanState, PlanDescription string
}

// Opener opens (or updates) the pull requests of one repository; its Open
// has the shape of pipeline.PullRequests.
type Opener struct {
	Client      *Client
	Owner, Repo string
}

// Open is EnsurePullRequest for a run's branch, and the plan's commit
// status on its head; it returns the pull request's address.
func (o Opener) Open(ctx context.Context, req OpenRequest) (string, error) {
	_, url, err := o.Client.EnsurePullRequest(ctx, PullRequest{
		Owner: o.Owner, Repo: o.Repo, Project: req.Project,
		Head: req.Branch, Base: req.Base, Title: req.Title, Body: req.Body, Labels: req.Labels,
	})
	if err != nil || req.Commit == "" || req.PlanState == "" {
		return url, err
	}
	err = o.Client.Repo(o.Owner, o.Repo).SetStatus(ctx, req.Commit, "driftfix/plan: "+req.Project, State(req.PlanState), req.PlanDescription, url)
	return url, err
}
