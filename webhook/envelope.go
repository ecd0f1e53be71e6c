package webhook

import (
	"bytes"
	"encoding/json"
)

// The pull_request actions driftfix acts on: opened, synchronize and
// reopened plan; closed releases the pull request's locks and plans.
var pullRequestActions = map[string]bool{"opened": true, "synchronize": true, "reopened": true, "closed": true}

// envelope is what the handler reads of a payload to decide whether to keep
// it; the workers decode the whole event.
type envelope struct {
	Action     string `json:"action"`
	Repository *struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
	Issue *struct {
		PullRequest json.RawMessage `json:"pull_request"`
	} `json:"issue"`
	Comment *struct {
		Body string `json:"body"`
		User *struct {
			Login string `json:"login"`
		} `json:"user"`
	} `json:"comment"`
}

func peek(payload []byte) (envelope, error) {
	var env envelope
	err := json.Unmarshal(payload, &env)
	return env, err
}

// repository is the payload's repository, "owner/name", or "".
func (e envelope) repository() string {
	if e.Repository == nil {
		return ""
	}
	return e.Repository.FullName
}

// ignored says why an event of eventType is not kept, or "" when it is.
func (e envelope) ignored(eventType, botLogin string) string {
	switch eventType {
	case "pull_request":
		if !pullRequestActions[e.Action] {
			return "pull_request action " + e.Action
		}
		return ""
	case "issue_comment":
		var author, body string
		if e.Comment != nil {
			body = e.Comment.Body
			if e.Comment.User != nil {
				author = e.Comment.User.Login
			}
		}
		return commentIgnored(e.Action, e.Issue != nil && isPresent(e.Issue.PullRequest), author, body, botLogin)
	}
	return "event " + eventType
}

// commentIgnored says why an issue_comment is not a command for driftfix,
// or "" when it is: only new comments on pull requests that ParseComment
// finds addressed to driftfix are.
func commentIgnored(action string, onPullRequest bool, author, body, botLogin string) string {
	switch {
	case action != "created":
		return "issue_comment action " + action
	case !onPullRequest:
		return "a comment on an issue"
	}
	if _, addressed := ParseComment(body, author, botLogin); !addressed {
		return "a comment not addressed to driftfix"
	}
	return ""
}

// isPresent reports whether a JSON value is there and not null.
func isPresent(raw json.RawMessage) bool {
	return len(raw) > 0 && !bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}
