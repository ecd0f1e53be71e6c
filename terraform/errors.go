package terraform

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Callers branch on them with errors.Is; the errors
// returned wrap them with the path or source that failed.
var (
	// ErrNoSuitableBinary: Ensure found no Terraform binary that satisfies
	// the constraints. The error is a *NotFoundError listing every source
	// tried.
	ErrNoSuitableBinary = errors.New("no suitable terraform binary")

	// ErrPlanNotProduced: ApplySaved (or Show) was given a path that is not
	// a regular file written by Plan of the same Runner.
	ErrPlanNotProduced = errors.New("plan file was not produced by this runner")

	// ErrPlanModified: the plan file's bytes differ from what Plan wrote
	// (its sha256 changed), so it is not the plan that was shown and
	// classified.
	ErrPlanModified = errors.New("plan file changed since it was planned")

	// ErrPlanApplied: the saved plan was already applied by this Runner.
	// Terraform would refuse it as stale anyway; this says why up front.
	ErrPlanApplied = errors.New("plan file was already applied")
)

// Attempt is one source Ensure tried, and why it was not used.
type Attempt struct {
	// Source names the kind of source: "PATH", "search dir", "cache" or
	// "release".
	Source string
	// Where is the file, directory or URL that was looked at.
	Where string
	// Reason says why it was rejected ("not found", "version 1.4.0 does not
	// satisfy >= 1.5", "download disabled", the download error, …).
	Reason string
}

func (a Attempt) String() string {
	if a.Where == "" {
		return a.Source + ": " + a.Reason
	}
	return a.Source + " " + a.Where + ": " + a.Reason
}

// NotFoundError is returned by Ensure when no source yields a suitable
// binary. It lists every source tried, in order, with the reason each was
// rejected. It matches ErrNoSuitableBinary with errors.Is.
type NotFoundError struct {
	// Want describes what was looked for ("terraform 1.5.7, >= 1.5").
	Want  string
	Tried []Attempt
}

func (e *NotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "no suitable terraform binary (want %s); tried:", e.Want)
	for _, a := range e.Tried {
		b.WriteString("\n  - ")
		b.WriteString(a.String())
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNoSuitableBinary) true.
func (e *NotFoundError) Is(target error) bool { return target == ErrNoSuitableBinary }
