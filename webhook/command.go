package webhook

import (
	"fmt"
	"regexp"
	"strings"
)

// Verb is what a pull-request comment asks driftfix to do.
type Verb string

// The comment commands.
const (
	Plan   Verb = "plan"   // plan every project the pull request changes, or one
	Apply  Verb = "apply"  // apply the saved plans, or one project's
	Unlock Verb = "unlock" // release the pull request's locks and delete its plans
	Help   Verb = "help"   // answer with HelpText
)

// Command is a comment command, as ParseComment reads it.
type Command struct {
	Verb Verb
	// Project is the -p/--project value of plan and apply: "" means every
	// project the pull request changes.
	Project string
	// AllowDestroy is apply's --allow-destroy: a plan that destroys
	// anything is applied only with it.
	AllowDestroy bool
	// Problem, with Verb Help, says why a comment addressed to driftfix was
	// not understood ("" when help was asked for). It quotes the comment,
	// so render it as HelpText does: inside a code span.
	Problem string
}

// String renders c as the comment that asks for it, with the flags in their
// short canonical form: ParseComment(c.String()) is c for every command
// without a Problem.
func (c Command) String() string {
	var b strings.Builder
	b.WriteString(keyword + " " + string(c.Verb))
	if c.Project != "" {
		b.WriteString(" -p " + c.Project)
	}
	if c.AllowDestroy {
		b.WriteString(" --allow-destroy")
	}
	return b.String()
}

// keyword is the first word of every comment addressed to driftfix.
const keyword = "driftfix"

// projectNameRE is the rule config applies to project names (config's
// nameRE): letters, digits, '_', '.' and '-', starting with a letter or
// digit.
var projectNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// maxQuoted bounds how much of a comment a Problem quotes.
const maxQuoted = 64

// ParseComment reads a pull-request comment and reports whether it is
// addressed to driftfix; author is who wrote it and self driftfix's own
// login on GitHub ("" when unknown). It is pure: the same input gives the
// same answer.
//
// The rules, after Atlantis's comment parser:
//
//   - Only the first non-empty line counts (line ends \n, \r\n or \r); the
//     rest of the comment is free text, for example the reason for an apply.
//   - That line is addressed to driftfix when its first word is "driftfix",
//     in any case ("Driftfix plan", as phones capitalise it, works). Leading
//     spaces and tabs are ignored, except that a line indented by a tab or by
//     four spaces or more is a Markdown code block, not a command; a quoted
//     line ("> driftfix apply"), a code fence ("```") or a code span ("`driftfix
//     apply`") is not a command either, nor is "driftfix:" or "driftfixes".
//   - Comments by self are never commands, so that driftfix never answers
//     itself (the login is compared without regard to case).
//   - The verb is plan, apply, unlock or help, in any case. Flags and project
//     names are case-sensitive, as on the command line and in driftfix.hcl.
//   - plan and apply take -p PROJECT, -p=PROJECT, --project PROJECT or
//     --project=PROJECT; apply also takes --allow-destroy. The project name
//     follows driftfix.hcl's rule for project names. -h or --help anywhere
//     asks for help.
//   - Anything else addressed to driftfix — an unknown verb or flag, a flag
//     given twice, a flag without its value, a stray argument — is a Help
//     command whose Problem says what was wrong; "driftfix" alone and
//     "driftfix help ..." are plain Help.
func ParseComment(body, author, self string) (Command, bool) {
	if self != "" && strings.EqualFold(author, self) {
		return Command{}, false
	}
	line, ok := firstLine(body)
	if !ok {
		return Command{}, false
	}
	words := strings.Fields(line)
	if len(words) == 0 || !strings.EqualFold(words[0], keyword) {
		return Command{}, false
	}
	if len(words) == 1 {
		return Command{Verb: Help}, true
	}
	verb, args := Verb(strings.ToLower(words[1])), words[2:]
	switch verb {
	case Help:
		return Command{Verb: Help}, true
	case Plan, Apply, Unlock:
	default:
		return problem("unknown command %s", quote(words[1])), true
	}
	if wantsHelp(args) {
		return Command{Verb: Help}, true
	}
	return parseArgs(verb, args), true
}

// firstLine returns the first line of body that is not blank, unless it is
// a Markdown code block (indented by a tab or four spaces or more), with its
// leading spaces removed.
func firstLine(body string) (string, bool) {
	for len(body) > 0 {
		line := body
		if i := strings.IndexAny(body, "\r\n"); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = ""
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		if strings.Contains(indent, "\t") || len(indent) >= 4 {
			return "", false
		}
		return line[len(indent):], true
	}
	return "", false
}

func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" {
			return true
		}
	}
	return false
}

// parseArgs reads the flags after a plan, apply or unlock verb.
func parseArgs(verb Verb, args []string) Command {
	cmd := Command{Verb: verb}
	seen := map[string]bool{}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		name, value, hasValue := strings.Cut(arg, "=")
		if !strings.HasPrefix(name, "-") {
			if verb == Unlock {
				return problem("driftfix unlock takes no arguments, got %s", quote(arg))
			}
			return problem("unexpected argument %s (name a project with -p PROJECT)", quote(arg))
		}
		flag := canonicalFlag(name)
		if flag == "" || !takes(verb, flag) {
			return problem("unknown flag %s for driftfix %s", quote(name), verb)
		}
		if seen[flag] {
			return problem("flag %s given twice", flag)
		}
		seen[flag] = true
		switch flag {
		case "--allow-destroy":
			if hasValue {
				return problem("flag --allow-destroy takes no value, got %s", quote(arg))
			}
			cmd.AllowDestroy = true
		case "--project":
			if !hasValue {
				if i+1 == len(args) || strings.HasPrefix(args[i+1], "-") {
					return problem("flag %s needs a project name", name)
				}
				i++
				value = args[i]
			}
			if value == "" {
				return problem("flag %s needs a project name", name)
			}
			if !projectNameRE.MatchString(value) {
				return problem("invalid project name %s: a project name holds only letters, digits, '_', '.' and '-', and starts with a letter or digit", quote(value))
			}
			cmd.Project = value
		}
	}
	return cmd
}

// canonicalFlag names a flag by its long form, or "" for an unknown one.
func canonicalFlag(name string) string {
	switch name {
	case "-p", "--project":
		return "--project"
	case "--allow-destroy":
		return "--allow-destroy"
	}
	return ""
}

// takes reports whether verb accepts flag.
func takes(verb Verb, flag string) bool {
	switch verb {
	case Plan:
		return flag == "--project"
	case Apply:
		return flag == "--project" || flag == "--allow-destroy"
	}
	return false
}

func problem(format string, args ...any) Command {
	return Command{Verb: Help, Problem: fmt.Sprintf(format, args...)}
}

// quote renders a word of the comment for a Problem: Go-quoted, and cut
// short when long.
func quote(s string) string {
	if len(s) > maxQuoted {
		cut := maxQuoted
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		return fmt.Sprintf("%q…", s[:cut])
	}
	return fmt.Sprintf("%q", s)
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
