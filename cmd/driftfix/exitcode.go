package main

import (
	"fmt"
	"strings"
)

// Exit codes, for CI jobs. Every command follows one convention, Terraform's
// -detailed-exitcode:
//
//	0  nothing to do
//	1  an error: bad command-line usage, a file that does not load, a
//	   refusal, an interrupt (Ctrl-C, SIGTERM)
//	2  something to do: findings, changes, drift, a plan that needs review
//
// exitCodes below says what each code means for each command; the help texts
// are built from it and README.md's table is tested against it.
const (
	ExitOK       = 0
	ExitError    = 1
	ExitFindings = 2

	// The same codes under the names plan, classify and drift read best with.
	ExitPlanError   = ExitError
	ExitPlanChanges = ExitFindings
	ExitReview      = ExitFindings
)

// exitMeaning says what 0, 1 and 2 mean for one command ("" when the command
// never exits with that code).
type exitMeaning struct{ ok, err, found string }

// exitCodes is the exit-code table of every command, as README.md shows it.
var exitCodes = map[string]exitMeaning{
	"scan": {
		ok:    "no findings",
		err:   "an error: a file that does not load (the findings in the other files are still reported), a usage error, an interrupt",
		found: "findings",
	},
	"fix": {
		ok:    "nothing is left to fix",
		err:   "an error (nothing is written): a file that does not load or is not valid Terraform, a usage error, an interrupt (nothing is written unless the message says the write had begun and was finished)",
		found: "findings remain that need a manual fix; with --dry-run also: the fix would change files",
	},
	"plan": {
		ok:    "no changes",
		err:   "an error, a usage error, an interrupt",
		found: "changes",
	},
	"apply": {
		ok:  "applied and verified, or nothing to apply",
		err: "an error, a refusal, a plan not verified after applying, a usage error, an interrupt",
	},
	"classify": {
		ok:    "no-changes or auto-apply",
		err:   "an error, a usage error, an interrupt",
		found: "review",
	},
	"drift": {
		ok:    "no drift",
		err:   "an error, a read that failed included, even when drift was found (the drift found is still reported); a usage error; an interrupt",
		found: "drift",
	},
	"keys": {
		ok:    "no leaked AWS access key is left active: each was set Inactive, was inactive already or is not in the account (or none was found)",
		err:   "an error: a key that could not be looked up or set Inactive, a file that does not load, no git repository for --history, a usage error, an interrupt",
		found: "a leaked key may still be active: the policy does not allow deactivating it, --dry-run, or it belongs to another account",
	},
	"run": {
		ok:    "the cycle succeeded and left nothing to do",
		err:   "an error, or a step failed (the run is recorded and says which), a usage error, an interrupt",
		found: "something is left for people: a plan that needs review, findings no safe fix covers, drift",
	},
	"promote": {
		ok:  "the class may auto-apply again",
		err: "an error (the class is not demoted, an unknown class), a usage error, an interrupt",
	},
	"report": {
		ok:  "the report is printed",
		err: "an error: a store that does not exist or does not answer, an unknown project, a usage error, an interrupt",
	},
	"serve": {
		ok:  "stopped by Ctrl-C or SIGTERM (runs inside apply finished first)",
		err: "an error: a config or store that cannot be used, an address in use, a usage error",
	},
	"awslocal": {
		ok:  "stopped by Ctrl-C or SIGTERM",
		err: "an error, a usage error",
	},
	"version": {
		ok:  "the version is printed",
		err: "a usage error",
	},
}

// exitHelp is the paragraph a command's help text ends with: one line per
// code the command uses.
func exitHelp(command string) string {
	m, ok := exitCodes[command]
	if !ok {
		panic("no exit codes for " + command)
	}
	var sb strings.Builder
	sb.WriteString("\n\nExit codes:")
	for _, c := range []struct {
		code    int
		meaning string
	}{{ExitOK, m.ok}, {ExitError, m.err}, {ExitFindings, m.found}} {
		if c.meaning == "" {
			continue
		}
		fmt.Fprintf(&sb, "\n  %d  %s", c.code, strings.ReplaceAll(wrap(c.meaning, 73), "\n", "\n     "))
	}
	return sb.String()
}

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) string {
	var sb strings.Builder
	n := 0
	for i, w := range strings.Fields(text) {
		switch {
		case i == 0:
		case n+1+len(w) > width:
			sb.WriteString("\n")
			n = 0
		default:
			sb.WriteString(" ")
			n++
		}
		sb.WriteString(w)
		n += len(w)
	}
	return sb.String()
}

// planErr ends a command with an error. (Every command now uses 1 for an
// error; the name stays for the commands that always used Terraform's
// convention.)
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
