package webhook

import (
	"strings"
	"testing"
)

// FuzzParseComment: any comment parses without panicking into a command
// that holds together, a command that was understood reads back the same
// from its rendering, and driftfix's answer to it is never a command.
func FuzzParseComment(f *testing.F) {
	for _, seed := range []string{
		"", "driftfix", "driftfix plan", "driftfix apply -p app --allow-destroy", "Driftfix unlock\r\nbecause",
		"> driftfix apply", "```\ndriftfix apply\n```", "    driftfix plan", "driftfix plan -p", "driftfix plan -p=x -p y",
		"driftfix apply --project=a.b-c_d --allow-destroy=1", "driftfix x" + strings.Repeat("é", 40), "driftfix\u00a0plan",
		"\r\r\n\ndriftfix help -h", "driftfix plan \xff\xfe",
	} {
		f.Add(seed, "octocat", "driftfix[bot]")
	}
	f.Fuzz(func(t *testing.T, body, author, self string) {
		cmd, addressed := ParseComment(body, author, self)
		if !addressed {
			if cmd != (Command{}) {
				t.Fatalf("ParseComment(%q) ignored the comment but returned %#v", body, cmd)
			}
			return
		}
		checkCommand(t, cmd)
		if cmd.Problem == "" {
			if back, ok := ParseComment(cmd.String(), "", ""); !ok || back != cmd {
				t.Fatalf("ParseComment(%q) = %#v, but its rendering %q parses as %#v, %v", body, cmd, cmd.String(), back, ok)
			}
		}
		if answer, ok := ParseComment(HelpText(cmd.Problem), "", ""); ok {
			t.Fatalf("the answer to %q is itself a command: %#v", body, answer)
		}
	})
}

// FuzzCommandRoundTrip: every well-formed command reads back from its
// rendering.
func FuzzCommandRoundTrip(f *testing.F) {
	f.Add(uint8(0), "app", false)
	f.Add(uint8(1), "prod.eu-west_1", true)
	f.Add(uint8(2), "", false)
	f.Add(uint8(3), "x", true)
	f.Fuzz(func(t *testing.T, verb uint8, project string, allowDestroy bool) {
		cmd := Command{Verb: []Verb{Plan, Apply, Unlock, Help}[verb%4]}
		if (cmd.Verb == Plan || cmd.Verb == Apply) && projectNameRE.MatchString(project) {
			cmd.Project = project
		}
		cmd.AllowDestroy = cmd.Verb == Apply && allowDestroy
		back, ok := ParseComment(cmd.String(), "", "")
		if !ok || back != cmd {
			t.Fatalf("%#v renders as %q, which parses as %#v, %v", cmd, cmd.String(), back, ok)
		}
	})
}

// checkCommand fails t unless cmd is one ParseComment may return: flags only
// on the verbs that take them, a valid project name, a problem only with
// help and on one line.
func checkCommand(t *testing.T, cmd Command) {
	t.Helper()
	switch cmd.Verb {
	case Plan, Apply, Unlock, Help:
	default:
		t.Fatalf("unknown verb in %#v", cmd)
	}
	if cmd.Project != "" && (!projectNameRE.MatchString(cmd.Project) || (cmd.Verb != Plan && cmd.Verb != Apply)) {
		t.Fatalf("project %q in %#v", cmd.Project, cmd)
	}
	if cmd.AllowDestroy && cmd.Verb != Apply {
		t.Fatalf("--allow-destroy in %#v", cmd)
	}
	if cmd.Problem != "" && (cmd.Verb != Help || strings.ContainsAny(cmd.Problem, "\r\n")) {
		t.Fatalf("problem in %#v", cmd)
	}
}
