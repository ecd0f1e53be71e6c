package git

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Callers branch on them with errors.Is; the errors
// returned wrap them with what failed.
var (
	// ErrRemoteMoved: a push was rejected because the remote ref is no
	// longer what this clone knew (non-fast-forward, or a stale lease). The
	// remote is unchanged. The error is a *PushRejectedError.
	ErrRemoteMoved = errors.New("remote moved")

	// ErrNothingToCommit: the listed files do not differ from HEAD, and an
	// empty commit is refused. HEAD and the index are unchanged.
	ErrNothingToCommit = errors.New("nothing to commit")

	// ErrNoIdentity: Commit needs Options.Author (name and email).
	ErrNoIdentity = errors.New("no author identity")

	// ErrInvalidBranchName: the name breaks git's ref-name rules (see
	// ValidateBranchName).
	ErrInvalidBranchName = errors.New("invalid branch name")

	// ErrInvalidPath: a path given to Commit is absolute, leaves the work
	// tree, points into .git, or names nothing (neither in the work tree
	// nor in HEAD).
	ErrInvalidPath = errors.New("invalid path")

	// ErrDefaultBranch: Push was asked to push the default branch. Direct
	// commits to the default branch go through PushDirect only.
	ErrDefaultBranch = errors.New("refusing to push the default branch with Push; use PushDirect")

	// ErrClosed: the Worktree was closed.
	ErrClosed = errors.New("work tree closed")
)

// CommandError is a git command that failed: its arguments and the tail
// of its stderr, both with credentials redacted. It unwraps to the
// process error, or to the context's error when the command was cancelled.
type CommandError struct {
	Args   []string // git's arguments, without the binary and the fixed -c options
	Dir    string   // the repository or work tree it ran in
	Stderr string   // trimmed, redacted, at most maxStderr bytes (the tail)
	Err    error
}

const maxStderr = 4096

func (e *CommandError) Error() string {
	var b strings.Builder
	b.WriteString("git ")
	b.WriteString(strings.Join(e.Args, " "))
	if e.Dir != "" {
		fmt.Fprintf(&b, " (in %s)", e.Dir)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	if e.Stderr != "" {
		b.WriteString(": ")
		b.WriteString(e.Stderr)
	}
	return b.String()
}

func (e *CommandError) Unwrap() error { return e.Err }

// PushRejectedError is a push that the remote (or git, before sending)
// refused for one ref. It matches ErrRemoteMoved when the reason is that
// the remote ref moved: "non-fast-forward", "fetch first" or "stale info".
type PushRejectedError struct {
	Ref    string // the remote ref, refs/heads/…
	Status string // git's summary, "[rejected]" or "[remote rejected]"
	Reason string // git's reason, "non-fast-forward", "stale info", "pre-receive hook declined", …
	Cmd    *CommandError
}

func (e *PushRejectedError) Error() string {
	msg := fmt.Sprintf("push to %s %s (%s)", e.Ref, e.Status, e.Reason)
	if e.moved() {
		msg += ": the remote branch moved; fetch and redo the change"
	}
	return msg
}

func (e *PushRejectedError) moved() bool {
	if e.Status != "[rejected]" {
		return false
	}
	switch e.Reason {
	case "non-fast-forward", "fetch first", "stale info":
		return true
	}
	return false
}

// Is makes errors.Is(err, ErrRemoteMoved) true for a moved remote.
func (e *PushRejectedError) Is(target error) bool { return target == ErrRemoteMoved && e.moved() }

func (e *PushRejectedError) Unwrap() error {
	if e.Cmd == nil {
		return nil
	}
	return e.Cmd
}
