package github

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	gh "github.com/google/go-github/v81/github"
)

// PullRequestInfo is a pull request's state, for apply requirements.
type PullRequestInfo struct {
	Number  int
	URL     string
	State   string // open or closed
	Merged  bool
	Draft   bool
	Title   string
	Author  string
	HeadRef string
	HeadSHA string
	BaseRef string
	BaseSHA string
}

// PullRequest reads a pull request.
func (r *Repo) PullRequest(ctx context.Context, number int) (PullRequestInfo, error) {
	p, err := r.getPull(ctx, number)
	if err != nil {
		return PullRequestInfo{}, err
	}
	return PullRequestInfo{
		Number: p.GetNumber(), URL: p.GetHTMLURL(), State: p.GetState(), Merged: p.GetMerged(), Draft: p.GetDraft(),
		Title: p.GetTitle(), Author: p.GetUser().GetLogin(),
		HeadRef: p.GetHead().GetRef(), HeadSHA: p.GetHead().GetSHA(),
		BaseRef: p.GetBase().GetRef(), BaseSHA: p.GetBase().GetSHA(),
	}, nil
}

func (r *Repo) getPull(ctx context.Context, number int) (*gh.PullRequest, error) {
	var p *gh.PullRequest
	err := r.c.call(ctx, fmt.Sprintf("read pull request %s#%d", r, number), func(ctx context.Context) (*gh.Response, error) {
		var resp *gh.Response
		var err error
		p, resp, err = r.c.gh.PullRequests.Get(ctx, r.owner, r.name, number)
		return resp, err
	})
	return p, err
}

// Mergeability is whether GitHub would merge a pull request.
type Mergeability struct {
	Mergeable bool
	// State is GitHub's mergeable_state: clean, unstable, has_hooks,
	// blocked, behind, dirty, draft; or closed or merged for a pull
	// request that is no longer open.
	State string
}

// Mergeable reads whether a pull request can be merged. GitHub computes
// that in the background and answers null meanwhile: Mergeable reads
// again after a growing wait (Options.MergeableReads, MergeableDelay) and
// fails with ErrMergeabilityUnknown when GitHub still has no answer.
func (r *Repo) Mergeable(ctx context.Context, number int) (Mergeability, error) {
	delay := r.c.mergeableDelay
	for read := 1; ; read++ {
		p, err := r.getPull(ctx, number)
		if err != nil {
			return Mergeability{}, err
		}
		switch {
		case p.GetMerged():
			return Mergeability{State: "merged"}, nil
		case p.GetState() != "open":
			return Mergeability{State: p.GetState()}, nil
		case p.Mergeable != nil:
			return Mergeability{Mergeable: *p.Mergeable, State: p.GetMergeableState()}, nil
		}
		if read >= r.c.mergeableReads {
			return Mergeability{}, &Error{
				Call: fmt.Sprintf("read the mergeability of %s#%d", r, number), Status: http.StatusOK,
				Message: fmt.Sprintf("still computing after %d reads", read), cause: ErrMergeabilityUnknown,
			}
		}
		r.c.log.Debug("github: mergeability not computed yet; reading again", "pull", fmt.Sprintf("%s#%d", r, number), "wait", delay)
		if err := r.c.sleep(ctx, delay); err != nil {
			return Mergeability{}, r.c.wrap(fmt.Sprintf("read the mergeability of %s#%d", r, number), nil, err)
		}
		delay *= 2
	}
}

// Approval is a reviewer's standing approval.
type Approval struct {
	Login       string
	CommitID    string // the head commit it approved
	SubmittedAt time.Time
}

// Approvals are who approves a pull request now: each reviewer's latest
// review that decides (approved, changes requested or dismissed; a plain
// comment decides nothing) is an approval. A dismissed approval, or one
// followed by a request for changes, does not count. Sorted by login.
func (r *Repo) Approvals(ctx context.Context, number int) ([]Approval, error) {
	reviews, err := listAll(ctx, r.c, fmt.Sprintf("list the reviews of %s#%d", r, number),
		func(ctx context.Context, o gh.ListOptions) ([]*gh.PullRequestReview, *gh.Response, error) {
			return r.c.gh.PullRequests.ListReviews(ctx, r.owner, r.name, number, &o)
		})
	if err != nil {
		return nil, err
	}
	latest := map[string]*gh.PullRequestReview{}
	for _, rv := range reviews { // GitHub lists them in the order they were submitted
		switch rv.GetState() {
		case "APPROVED", "CHANGES_REQUESTED", "DISMISSED":
			latest[strings.ToLower(rv.GetUser().GetLogin())] = rv
		}
	}
	var out []Approval
	for _, rv := range latest {
		if rv.GetState() == "APPROVED" {
			out = append(out, Approval{Login: rv.GetUser().GetLogin(), CommitID: rv.GetCommitID(), SubmittedAt: rv.GetSubmittedAt().Time})
		}
	}
	slices.SortFunc(out, func(a, b Approval) int { return strings.Compare(a.Login, b.Login) })
	return out, nil
}

// ChangedFile is a file a pull request changes.
type ChangedFile struct {
	Filename         string
	PreviousFilename string // the old name, for a rename
	Status           string // added, removed, modified, renamed, copied, changed, unchanged
}

// maxListedFiles is the most files GitHub lists for a pull request.
const maxListedFiles = 3000

// ChangedFiles lists the files a pull request changes, every page. GitHub
// lists at most 3,000: a pull request that changes more is an error, so
// that no changed project is missed.
func (r *Repo) ChangedFiles(ctx context.Context, number int) ([]ChangedFile, error) {
	files, err := listAll(ctx, r.c, fmt.Sprintf("list the files of %s#%d", r, number),
		func(ctx context.Context, o gh.ListOptions) ([]*gh.CommitFile, *gh.Response, error) {
			return r.c.gh.PullRequests.ListFiles(ctx, r.owner, r.name, number, &o)
		})
	if err != nil {
		return nil, err
	}
	if len(files) >= maxListedFiles {
		p, err := r.getPull(ctx, number)
		if err != nil {
			return nil, err
		}
		if p.GetChangedFiles() > len(files) {
			return nil, &Error{
				Call: fmt.Sprintf("list the files of %s#%d", r, number), Status: http.StatusOK,
				Message: fmt.Sprintf("the pull request changes %d files; GitHub lists only the first %d", p.GetChangedFiles(), len(files)),
			}
		}
	}
	out := make([]ChangedFile, 0, len(files))
	for _, f := range files {
		out = append(out, ChangedFile{Filename: f.GetFilename(), PreviousFilename: f.GetPreviousFilename(), Status: f.GetStatus()})
	}
	return out, nil
}
