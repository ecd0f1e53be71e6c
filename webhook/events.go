package webhook

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/driftfix/driftfix/store"
	"github.com/google/go-github/v81/github"
)

// Dispatcher acts on the events the workers take off the queue. Each call
// gets a context that ends before the event's claim lapses (and when the
// workers are stopped hard); a returned error is recorded with the event,
// which is then not retried.
//
// Delivery is exactly once while workers stop gracefully, and at least once
// across crashes: an event whose worker died during the call is handed out
// again when its claim lapses (Delivery.Attempt tells).
type Dispatcher interface {
	// PullRequest acts on a pull request opened, synchronized, reopened
	// or closed.
	PullRequest(ctx context.Context, e PullRequestEvent) error
	// Comment acts on a command in a new comment on a pull request.
	// A Help command is answered with HelpText(cmd.Problem).
	Comment(ctx context.Context, e CommentEvent, cmd Command) error
}

// Delivery is the webhook delivery an event came in.
type Delivery struct {
	ID         string // X-GitHub-Delivery
	Attempt    int    // 1 the first time a worker takes the event, more after a crash
	ReceivedAt time.Time
}

// Repository is the repository an event is about.
type Repository struct {
	Owner, Name   string
	FullName      string // owner/name
	CloneURL      string
	HTMLURL       string
	DefaultBranch string
	Private       bool
}

// Branch is one end of a pull request.
type Branch struct {
	Ref string // the branch name
	SHA string // the commit
	// Repository is the full name of the repository the branch is in: a
	// fork's for a pull request from a fork.
	Repository string
}

// PullRequestEvent is a pull_request event driftfix acts on.
type PullRequestEvent struct {
	Delivery   Delivery
	Action     string // opened, synchronize, reopened or closed
	Repository Repository
	Number     int
	Title      string
	Author     string
	// AuthorAssociation is the author's relation to the repository:
	// OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIMER, NONE, ….
	AuthorAssociation string
	HTMLURL           string
	Head, Base        Branch
	Draft             bool
	Merged            bool // with Action closed: merged rather than closed unmerged
	// InstallationID is the GitHub App installation the event came
	// through (0 for a repository webhook).
	InstallationID int64
	// GitHub is the whole event as go-github decodes it.
	GitHub *github.PullRequestEvent
}

// CommentEvent is a new comment on a pull request, addressed to driftfix.
type CommentEvent struct {
	Delivery   Delivery
	Repository Repository
	Number     int // the pull request's
	CommentID  int64
	Author     string
	// AuthorAssociation is the author's relation to the repository:
	// OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, …
	AuthorAssociation string
	Body              string
	HTMLURL           string
	InstallationID    int64
	// GitHub is the whole event as go-github decodes it.
	GitHub *github.IssueCommentEvent
}

// job is a decoded event: a pull request, a comment with its command, or
// nothing to do (skip says why).
type job struct {
	pullRequest *PullRequestEvent
	comment     *CommentEvent
	command     Command
	skip        string
}

// decode reads a stored event with go-github's types.
func decode(e store.Event, botLogin string) (job, error) {
	delivery := Delivery{ID: e.DeliveryID, Attempt: e.Attempts, ReceivedAt: e.ReceivedAt}
	parsed, err := github.ParseWebHook(e.Type, e.Payload)
	if err != nil {
		return job{}, fmt.Errorf("decode %s event: %w", e.Type, err)
	}
	switch ev := parsed.(type) {
	case *github.PullRequestEvent:
		return decodePullRequest(ev, delivery)
	case *github.IssueCommentEvent:
		return decodeComment(ev, delivery, botLogin)
	}
	return job{skip: "event " + e.Type}, nil
}

func decodePullRequest(ev *github.PullRequestEvent, delivery Delivery) (job, error) {
	pr := ev.GetPullRequest()
	if ev.PullRequest == nil || ev.Repo == nil || pr.GetNumber() == 0 {
		return job{}, errors.New("decode pull_request event: no pull request or repository in the payload")
	}
	if !pullRequestActions[ev.GetAction()] {
		return job{skip: "pull_request action " + ev.GetAction()}, nil
	}
	return job{pullRequest: &PullRequestEvent{
		Delivery:          delivery,
		Action:            ev.GetAction(),
		Repository:        repository(ev.Repo),
		Number:            pr.GetNumber(),
		Title:             pr.GetTitle(),
		Author:            pr.GetUser().GetLogin(),
		AuthorAssociation: pr.GetAuthorAssociation(),
		HTMLURL:           pr.GetHTMLURL(),
		Head:              branch(pr.GetHead()),
		Base:              branch(pr.GetBase()),
		Draft:             pr.GetDraft(),
		Merged:            pr.GetMerged(),
		InstallationID:    ev.GetInstallation().GetID(),
		GitHub:            ev,
	}}, nil
}

func decodeComment(ev *github.IssueCommentEvent, delivery Delivery, botLogin string) (job, error) {
	if ev.Issue == nil || ev.Comment == nil || ev.Repo == nil || ev.Issue.GetNumber() == 0 {
		return job{}, errors.New("decode issue_comment event: no issue, comment or repository in the payload")
	}
	c := ev.GetComment()
	author, body := c.GetUser().GetLogin(), c.GetBody()
	if why := commentIgnored(ev.GetAction(), ev.Issue.IsPullRequest(), author, body, botLogin); why != "" {
		return job{skip: why}, nil
	}
	cmd, _ := ParseComment(body, author, botLogin)
	return job{comment: &CommentEvent{
		Delivery:          delivery,
		Repository:        repository(ev.Repo),
		Number:            ev.Issue.GetNumber(),
		CommentID:         c.GetID(),
		Author:            author,
		AuthorAssociation: c.GetAuthorAssociation(),
		Body:              body,
		HTMLURL:           c.GetHTMLURL(),
		InstallationID:    ev.GetInstallation().GetID(),
		GitHub:            ev,
	}, command: cmd}, nil
}

func repository(r *github.Repository) Repository {
	return Repository{
		Owner:         r.GetOwner().GetLogin(),
		Name:          r.GetName(),
		FullName:      r.GetFullName(),
		CloneURL:      r.GetCloneURL(),
		HTMLURL:       r.GetHTMLURL(),
		DefaultBranch: r.GetDefaultBranch(),
		Private:       r.GetPrivate(),
	}
}

func branch(b *github.PullRequestBranch) Branch {
	return Branch{Ref: b.GetRef(), SHA: b.GetSHA(), Repository: b.GetRepo().GetFullName()}
}
