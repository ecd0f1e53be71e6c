package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	gh "github.com/google/go-github/v81/github"
)

// Error is a GitHub call that failed: which call, the HTTP status GitHub
// answered (0 when no answer came) and what it said. No token is ever in
// it: the message is scrubbed of every secret the client holds.
type Error struct {
	Call    string
	Status  int
	Message string
	cause   error // a context error or one of this package's sentinels
}

func (e *Error) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("github: %s: %s", e.Call, e.Message)
	}
	return fmt.Sprintf("github: %s: HTTP %d: %s", e.Call, e.Status, e.Message)
}

// Unwrap gives the context's error when the call was cancelled or timed
// out, or ErrMergeabilityUnknown.
func (e *Error) Unwrap() error { return e.cause }

// ErrMergeabilityUnknown is what Mergeable fails with when GitHub is still
// computing a pull request's mergeability after every read it makes.
var ErrMergeabilityUnknown = errors.New("GitHub has not computed the mergeability yet")

// IsNotFound reports whether err is GitHub's 404 (no such repository,
// pull request or comment, or no access to it).
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusNotFound
}

// wrap turns go-github's error for call into an *Error, scrubbed of the
// client's secrets.
func (c *Client) wrap(call string, resp *gh.Response, err error) *Error {
	e := &Error{Call: call}
	if resp != nil && resp.Response != nil {
		e.Status = resp.StatusCode
	}
	switch {
	case errors.Is(err, context.Canceled):
		e.cause = context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		e.cause = context.DeadlineExceeded
	}
	var (
		er *gh.ErrorResponse
		rl *gh.RateLimitError
		ab *gh.AbuseRateLimitError
		ac *gh.AcceptedError
		ce *Error
	)
	switch {
	case errors.As(err, &ce):
		// the token source's own failure inside the transport
		e.Message, e.cause = strings.TrimPrefix(ce.Error(), "github: "), ce.cause
	case errors.As(err, &er):
		e.Message = describe(er)
	case errors.As(err, &rl):
		e.Message = rl.Message
	case errors.As(err, &ab):
		e.Message = ab.Message
	case errors.As(err, &ac):
		e.Message = "accepted, but GitHub is still working on it"
	default:
		e.Message = err.Error()
	}
	if e.Message == "" {
		e.Message = http.StatusText(e.Status)
	}
	e.Message = scrub(e.Message, c.auth.secrets())
	return e
}

// describe is GitHub's message with its field errors.
func describe(er *gh.ErrorResponse) string {
	msg := er.Message
	var fields []string
	for _, fe := range er.Errors {
		switch {
		case fe.Code == "custom" || fe.Field == "":
			fields = append(fields, strings.TrimSpace(fe.Resource+" "+fe.Message))
		default:
			f := fe.Resource + "." + fe.Field + " " + fe.Code
			if fe.Message != "" {
				f += ": " + fe.Message
			}
			fields = append(fields, f)
		}
	}
	if len(fields) > 0 {
		msg += " (" + strings.Join(fields, "; ") + ")"
	}
	return msg
}
