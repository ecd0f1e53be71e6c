package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	gh "github.com/google/go-github/v81/github"
)

// PullRequest is a pull request to open, or to bring up to date.
type PullRequest struct {
	Owner, Repo string
	// Project keys the project's pull request (a hidden marker in the
	// description): one open pull request per project. Empty keys it by
	// Head alone.
	Project string
	// Head is the branch with the changes, Base the one to merge into.
	Head, Base string
	// Title and Body (markdown, already redacted) describe it; a Body
	// longer than a description holds continues in comments.
	Title, Body string
	// Labels are added (and created in the repository when missing).
	Labels []string
}

// continuedNote ends every part of a long description but the last.
const continuedNote = "\n\n_Continued in the next comment._\n"

// EnsurePullRequest opens the pull request, or brings the open one up to
// date, and returns its number and address. A re-run never duplicates it:
//   - an open pull request from the same head branch gets the new title,
//     description and base;
//   - otherwise a new one is opened;
//   - the project's older open pull requests (from other branches, found
//     by the description's marker) are closed with a comment pointing at
//     the current one, so one stays open per project.
//
// The description is Body under a hidden marker; past MaxBodyChars it
// continues in marked comments, which later runs edit in place (and
// delete when no longer needed). Labels are added.
func (c *Client) EnsurePullRequest(ctx context.Context, pr PullRequest) (number int, url string, err error) {
	for _, f := range []struct{ name, v string }{{"Owner", pr.Owner}, {"Repo", pr.Repo}, {"Head", pr.Head}, {"Base", pr.Base}, {"Title", pr.Title}} {
		if f.v == "" {
			return 0, "", fmt.Errorf("github: a pull request needs %s", f.name)
		}
	}
	r := c.Repo(pr.Owner, pr.Repo)
	key := Marker{Kind: "pr", Project: pr.Project}
	if key.Project == "" {
		key.Project = pr.Head
	}
	parts := SplitBody(pr.Body, MaxBodyChars-key.room()-len(continuedNote))
	for i := range parts[:len(parts)-1] {
		parts[i] += continuedNote
	}
	body := key.marked(1, parts[0])

	open, err := r.openFromHead(ctx, pr.Head, pr.Base)
	if err != nil {
		return 0, "", err
	}
	created := false
	if open == nil {
		open, err = r.createPull(ctx, pr, body)
		var ge *Error
		if errors.As(err, &ge) && ge.Status == http.StatusUnprocessableEntity && strings.Contains(ge.Message, "already exists") {
			// opened meanwhile by another run: update that one
			open, err = r.openFromHead(ctx, pr.Head, pr.Base)
			if err == nil && open == nil {
				err = ge
			}
		} else {
			created = err == nil
		}
		if err != nil {
			return 0, "", err
		}
	}
	if !created && (open.GetTitle() != pr.Title || open.GetBody() != body || open.GetBase().GetRef() != pr.Base) {
		if open, err = r.editPull(ctx, open.GetNumber(), &gh.PullRequest{Title: &pr.Title, Body: &body, Base: &gh.PullRequestBranch{Ref: &pr.Base}}); err != nil {
			return 0, "", err
		}
	}
	number, url = open.GetNumber(), open.GetHTMLURL()
	if err := r.addLabels(ctx, open, pr.Labels); err != nil {
		return number, url, err
	}
	if !created || len(parts) > 1 {
		if _, err := r.upsertParts(ctx, number, key, parts[1:], 2); err != nil {
			return number, url, err
		}
	}
	if pr.Project != "" {
		// Close the project's older pull requests (lower numbers only: two
		// runs racing never close each other's).
		older, err := r.openForProject(ctx, key, pr.Base)
		if err != nil {
			return number, url, err
		}
		for _, old := range older {
			if old.GetNumber() >= number {
				continue
			}
			if err := r.supersede(ctx, old.GetNumber(), number, url); err != nil {
				return number, url, err
			}
		}
	}
	return number, url, nil
}

// openFromHead is the open pull request from head (into base if there are
// several), or nil.
func (r *Repo) openFromHead(ctx context.Context, head, base string) (*gh.PullRequest, error) {
	pulls, err := listAll(ctx, r.c, fmt.Sprintf("list the open pull requests from %s on %s", head, r),
		func(ctx context.Context, o gh.ListOptions) ([]*gh.PullRequest, *gh.Response, error) {
			return r.c.gh.PullRequests.List(ctx, r.owner, r.name, &gh.PullRequestListOptions{State: "open", Head: r.owner + ":" + head, ListOptions: o})
		})
	if err != nil || len(pulls) == 0 {
		return nil, err
	}
	if i := slices.IndexFunc(pulls, func(p *gh.PullRequest) bool { return p.GetBase().GetRef() == base }); i >= 0 {
		return pulls[i], nil
	}
	return pulls[0], nil
}

// openForProject are the open pull requests into base whose description
// carries key's marker.
func (r *Repo) openForProject(ctx context.Context, key Marker, base string) ([]*gh.PullRequest, error) {
	pulls, err := listAll(ctx, r.c, fmt.Sprintf("list the open pull requests into %s on %s", base, r),
		func(ctx context.Context, o gh.ListOptions) ([]*gh.PullRequest, *gh.Response, error) {
			return r.c.gh.PullRequests.List(ctx, r.owner, r.name, &gh.PullRequestListOptions{State: "open", Base: base, ListOptions: o})
		})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(pulls, func(p *gh.PullRequest) bool {
		part, ok := key.part(p.GetBody())
		return !ok || part != 1
	}), nil
}

func (r *Repo) createPull(ctx context.Context, pr PullRequest, body string) (*gh.PullRequest, error) {
	var p *gh.PullRequest
	err := r.c.call(ctx, fmt.Sprintf("open a pull request from %s into %s on %s", pr.Head, pr.Base, r), func(ctx context.Context) (*gh.Response, error) {
		var resp *gh.Response
		var err error
		p, resp, err = r.c.gh.PullRequests.Create(ctx, r.owner, r.name, &gh.NewPullRequest{Title: &pr.Title, Head: &pr.Head, Base: &pr.Base, Body: &body})
		return resp, err
	})
	return p, err
}

func (r *Repo) editPull(ctx context.Context, number int, edit *gh.PullRequest) (*gh.PullRequest, error) {
	var p *gh.PullRequest
	err := r.c.call(ctx, fmt.Sprintf("update pull request %s#%d", r, number), func(ctx context.Context) (*gh.Response, error) {
		var resp *gh.Response
		var err error
		p, resp, err = r.c.gh.PullRequests.Edit(ctx, r.owner, r.name, number, edit)
		return resp, err
	})
	return p, err
}

// addLabels adds the labels the pull request lacks.
func (r *Repo) addLabels(ctx context.Context, p *gh.PullRequest, labels []string) error {
	var missing []string
	for _, l := range labels {
		if l != "" && !slices.Contains(missing, l) && !slices.ContainsFunc(p.Labels, func(have *gh.Label) bool { return have.GetName() == l }) {
			missing = append(missing, l)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return r.c.call(ctx, fmt.Sprintf("label pull request %s#%d", r, p.GetNumber()), func(ctx context.Context) (*gh.Response, error) {
		_, resp, err := r.c.gh.Issues.AddLabelsToIssue(ctx, r.owner, r.name, p.GetNumber(), missing)
		return resp, err
	})
}

// supersede closes an older pull request of the project, saying which one
// replaces it.
func (r *Repo) supersede(ctx context.Context, old, number int, url string) error {
	if _, err := r.createComment(ctx, old, fmt.Sprintf("Superseded by #%d (%s): driftfix opened a newer pull request for this project.", number, url)); err != nil {
		return err
	}
	closed := "closed"
	_, err := r.editPull(ctx, old, &gh.PullRequest{State: &closed})
	return err
}
