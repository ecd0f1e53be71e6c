package main

import "fmt"

// Exit codes, for CI jobs.
//
//	scan: 0 no findings, 1 findings, 2 an error (bad flags, a file that does
//	      not parse, …; the findings in the other files are still reported).
//	fix:  0 nothing is left to fix, 1 findings remain that no safe fix covers
//	      (they are listed with their reasons), 2 an error (nothing written).
//	      With --dry-run the code says what would be left after the fix.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitError    = 2
)

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
