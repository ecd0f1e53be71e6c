package main

import "fmt"

// Exit codes, for CI jobs.
//
//	scan: 0 no findings, 1 findings, 2 an error (bad flags, a file that does
//	      not parse, …; the findings in the other files are still reported).
//	fix:  0 nothing is left to fix, 1 findings remain that no safe fix covers
//	      (they are listed with their reasons), 2 an error (nothing written).
//	      With --dry-run the code says what would be left after the fix.
//
//	plan:     as terraform plan -detailed-exitcode: 0 no changes, 2 changes,
//	          1 an error.
//	apply:    0 applied (or nothing to apply), 1 an error or a refusal.
//	classify: 0 no-changes or auto-apply, 2 review, 1 an error.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitError    = 2

	ExitPlanError   = 1
	ExitPlanChanges = 2
	ExitReview      = 2
)

// planErr ends a plan, apply or classify command with an error: those use
// Terraform's convention, where 1 is an error and 2 means changes.
func planErr(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: ExitPlanError, err: err}
}

// exitError ends a command with a code. err, when set, is printed; a nil err
// means the command has already said everything (a report was written).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// exitWith ends a command with code and no further message.
func exitWith(code int) error {
	if code == ExitOK {
		return nil
	}
	return &exitError{code: code}
}
