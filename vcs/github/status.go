package github

import (
	"context"
	"fmt"
	"unicode/utf8"

	gh "github.com/google/go-github/v81/github"
)

// State is a commit status's state.
type State string

// The states GitHub takes.
const (
	StatePending State = "pending"
	StateSuccess State = "success"
	StateFailure State = "failure"
	StateError   State = "error"
)

// maxStatusDescription is GitHub's limit on a status's description.
const maxStatusDescription = 140

// SetStatus sets a commit status on sha, named by its context (such as
// "driftfix/plan: envs/prod"). A description longer than GitHub
// takes is shortened; targetURL may be empty.
func (r *Repo) SetStatus(ctx context.Context, sha, statusContext string, state State, description, targetURL string) error {
	switch state {
	case StatePending, StateSuccess, StateFailure, StateError:
	default:
		return fmt.Errorf("github: commit status state %q is not pending, success, failure or error", state)
	}
	if utf8.RuneCountInString(description) > maxStatusDescription {
		runes := []rune(description)
		description = string(runes[:maxStatusDescription-1]) + "…"
	}
	st := gh.RepoStatus{State: gh.Ptr(string(state)), Context: &statusContext, Description: &description}
	if targetURL != "" {
		st.TargetURL = &targetURL
	}
	return r.c.call(ctx, fmt.Sprintf("set status %q on %s@%.12s", statusContext, r, sha), func(ctx context.Context) (*gh.Response, error) {
		_, resp, err := r.c.gh.Repositories.CreateStatus(ctx, r.owner, r.name, sha, st)
		return resp, err
	})
}
