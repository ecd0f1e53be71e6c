package webhook

import (
	"fmt"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/config"
)

// The comment parser's table, after Atlantis's comment_parser_test: what
// is a command, what is help, what is ignored.
func TestParseComment(t *testing.T) {
	plan := Command{Verb: Plan}
	planApp := Command{Verb: Plan, Project: "app"}
	apply := Command{Verb: Apply}
	applyApp := Command{Verb: Apply, Project: "app"}
	help := Command{Verb: Help}
	const self = "driftfix-bot[bot]"
	ignored := func(name, body string) parseCase { return parseCase{name: name, body: body} }
	is := func(name, body string, want Command) parseCase {
		return parseCase{name: name, body: body, want: want, addressed: true}
	}
	// trouble is a Help command whose Problem holds want.
	trouble := func(name, body, problem string) parseCase {
		return parseCase{name: name, body: body, want: Command{Verb: Help, Problem: problem}, addressed: true}
	}
	cases := []parseCase{
		// not addressed to driftfix
		ignored("empty", ""),
		ignored("blank", " \n\t\r\n  "),
		ignored("ordinary comment", "LGTM, ship it"),
		ignored("driftfix later in the line", "please run driftfix plan"),
		ignored("driftfix on a later line", "looks good\ndriftfix apply"),
		ignored("a word that starts with driftfix", "driftfixes are great"),
		ignored("driftfix with a colon", "driftfix: plan"),
		ignored("mention", "@driftfix plan"),
		ignored("slash", "/driftfix plan"),
		ignored("quoted", "> driftfix apply"),
		ignored("quoted without space", ">driftfix apply"),
		ignored("quoted, then a reply", "> driftfix apply\n\nwhy would we apply this?"),
		ignored("nested quote", "> > driftfix apply"),
		ignored("code fence", "```\ndriftfix apply\n```"),
		ignored("code fence with language", "```sh\ndriftfix apply\n```"),
		ignored("tilde fence", "~~~\ndriftfix apply\n~~~"),
		ignored("code span", "`driftfix apply`"),
		ignored("indented code block", "    driftfix apply"),
		ignored("tab-indented code block", "\tdriftfix apply"),
		ignored("list item", "- driftfix apply"),
		ignored("heading", "# driftfix apply"),
		ignored("bold", "**driftfix** apply"),
		ignored("terraform instead", "terraform plan"),
		ignored("atlantis instead", "atlantis apply"),
		ignored("driftfix's own help", HelpText("")),
		ignored("driftfix's own help with a problem", HelpText(`unknown command "destroy"`)),
		{name: "own comment", body: "driftfix plan", author: self, self: self},
		{name: "own comment, login in another case", body: "driftfix plan", author: "DriftFix-Bot[bot]", self: self},

		// commands
		is("plan", "driftfix plan", plan),
		is("apply", "driftfix apply", apply),
		is("unlock", "driftfix unlock", Command{Verb: Unlock}),
		is("help", "driftfix help", help),
		is("keyword alone", "driftfix", help),
		is("keyword alone, spaces around", "  driftfix  ", help),
		is("another author", "driftfix plan", plan),
		{name: "someone else while self is known", body: "driftfix plan", author: "octocat", self: self, want: plan, addressed: true},
		{name: "other bot", body: "driftfix plan", author: "renovate[bot]", self: self, want: plan, addressed: true},
		is("capitalised by a phone", "Driftfix plan", plan),
		is("shouted", "DRIFTFIX APPLY", apply),
		is("mixed case verb", "driftfix Unlock", Command{Verb: Unlock}),
		is("leading spaces", "   driftfix plan", plan),
		is("trailing spaces", "driftfix plan   ", plan),
		is("spaces between", "driftfix    plan    -p    app", planApp),
		is("tabs between", "driftfix\tplan\t-p\tapp", planApp),
		is("unicode space between", "driftfix\u00a0plan", plan),
		is("CRLF", "driftfix plan -p app\r\n", planApp),
		is("CRLF with text after", "driftfix apply\r\nthe plan looks right\r\n", apply),
		is("CR only", "driftfix plan\rmore", plan),
		is("blank lines first", "\n\n  \r\ndriftfix plan", plan),
		is("text after the first line", "driftfix apply -p app\n\nbecause the review is done", applyApp),
		is("a quote after the command", "driftfix plan\n> driftfix apply", plan),
		is("code after the command", "driftfix plan\n```\ndriftfix apply\n```", plan),
		is("three spaces are not code", "   driftfix apply", apply),

		// plan and apply flags
		is("plan -p", "driftfix plan -p app", planApp),
		is("plan -p=", "driftfix plan -p=app", planApp),
		is("plan --project", "driftfix plan --project app", planApp),
		is("plan --project=", "driftfix plan --project=app", planApp),
		is("apply -p", "driftfix apply -p app", applyApp),
		is("apply --allow-destroy", "driftfix apply --allow-destroy", Command{Verb: Apply, AllowDestroy: true}),
		is("apply both flags", "driftfix apply -p app --allow-destroy", Command{Verb: Apply, Project: "app", AllowDestroy: true}),
		is("apply flags reversed", "driftfix apply --allow-destroy --project=app", Command{Verb: Apply, Project: "app", AllowDestroy: true}),
		is("project with dots, dashes and underscores", "driftfix plan -p prod.eu-west_1", Command{Verb: Plan, Project: "prod.eu-west_1"}),
		is("project starting with a digit", "driftfix plan -p 9lives", Command{Verb: Plan, Project: "9lives"}),
		is("project name keeps its case", "driftfix plan -p App", Command{Verb: Plan, Project: "App"}),
		is("verb in capitals, project as written", "DRIFTFIX PLAN -p App", Command{Verb: Plan, Project: "App"}),
		is("-h asks for help", "driftfix plan -h", help),
		is("--help asks for help", "driftfix apply -p app --help", help),
		is("help after an unknown flag", "driftfix apply --force --help", help),
		is("help ignores its arguments", "driftfix help apply", help),

		// addressed to driftfix, not understood: help with the reason
		trouble("unknown verb", "driftfix destroy", `unknown command "destroy"`),
		trouble("unknown verb, keeps its case", "driftfix Destroy", `unknown command "Destroy"`),
		trouble("misspelt verb", "driftfix pan", `unknown command "pan"`),
		trouble("unknown flag", "driftfix plan --force", `unknown flag "--force" for driftfix plan`),
		trouble("unknown short flag", "driftfix apply -f", `unknown flag "-f" for driftfix apply`),
		trouble("flags are case-sensitive", "driftfix plan -P app", `unknown flag "-P" for driftfix plan`),
		trouble("single-dash long flag", "driftfix plan -project app", `unknown flag "-project" for driftfix plan`),
		trouble("allow-destroy on plan", "driftfix plan --allow-destroy", `unknown flag "--allow-destroy" for driftfix plan`),
		trouble("project on unlock", "driftfix unlock -p app", `unknown flag "-p" for driftfix unlock`),
		trouble("argument to unlock", "driftfix unlock now", `driftfix unlock takes no arguments, got "now"`),
		trouble("project without -p", "driftfix plan app", `unexpected argument "app" (name a project with -p PROJECT)`),
		trouble("words after apply", "driftfix apply please", `unexpected argument "please" (name a project with -p PROJECT)`),
		trouble("-p without value", "driftfix plan -p", "flag -p needs a project name"),
		trouble("--project without value", "driftfix apply --project", "flag --project needs a project name"),
		trouble("-p followed by a flag", "driftfix apply -p --allow-destroy", "flag -p needs a project name"),
		trouble("-p= empty", "driftfix plan -p=", "flag -p needs a project name"),
		trouble("--project= empty", "driftfix plan --project=", "flag --project needs a project name"),
		trouble("-p twice", "driftfix plan -p app -p app", "flag --project given twice"),
		trouble("-p and --project", "driftfix apply -p app --project=db", "flag --project given twice"),
		trouble("--allow-destroy twice", "driftfix apply --allow-destroy --allow-destroy", "flag --allow-destroy given twice"),
		trouble("--allow-destroy with a value", "driftfix apply --allow-destroy=true", `flag --allow-destroy takes no value, got "--allow-destroy=true"`),
		trouble("project with a space inside quotes", `driftfix plan -p "my app"`, `invalid project name "\"my": a project name holds only letters, digits, '_', '.' and '-', and starts with a letter or digit`),
		trouble("quoted project", `driftfix plan -p "app"`, `invalid project name "\"app\"": a project name holds only letters, digits, '_', '.' and '-', and starts with a letter or digit`),
		trouble("project with a slash", "driftfix plan -p ../etc", `invalid project name "../etc": a project name holds only letters, digits, '_', '.' and '-', and starts with a letter or digit`),
		trouble("project starting with a dot", "driftfix plan --project=.hidden", `invalid project name ".hidden": a project name holds only letters, digits, '_', '.' and '-', and starts with a letter or digit`),
		trouble("project with a mention", "driftfix plan -p @octocat", `invalid project name "@octocat": a project name holds only letters, digits, '_', '.' and '-', and starts with a letter or digit`),
		trouble("non-ASCII project", "driftfix plan -p préprod", `invalid project name "préprod": a project name holds only letters, digits, '_', '.' and '-', and starts with a letter or digit`),
		trouble("-- is an argument", "driftfix plan --", `unknown flag "--" for driftfix plan`),
		trouble("long word is cut", "driftfix "+strings.Repeat("x", 100), `unknown command "`+strings.Repeat("x", 64)+`"…`),
		trouble("long word is cut between runes", "driftfix x"+strings.Repeat("é", 40), `unknown command "x`+strings.Repeat("é", 31)+`"…`),
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("two cases named %q", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			got, addressed := ParseComment(c.body, c.author, c.self)
			if got != c.want || addressed != c.addressed {
				t.Errorf("ParseComment(%q, %q, %q) = %#v, %v; want %#v, %v", c.body, c.author, c.self, got, addressed, c.want, c.addressed)
			}
		})
	}
	if len(cases) < 90 {
		t.Errorf("only %d cases; the table lost some", len(cases))
	}
}

type parseCase struct {
	name               string
	body, author, self string
	want               Command
	addressed          bool
}

func TestCommandString(t *testing.T) {
	for _, c := range []struct {
		cmd  Command
		want string
	}{
		{Command{Verb: Plan}, "driftfix plan"},
		{Command{Verb: Plan, Project: "app"}, "driftfix plan -p app"},
		{Command{Verb: Apply, Project: "app", AllowDestroy: true}, "driftfix apply -p app --allow-destroy"},
		{Command{Verb: Apply, AllowDestroy: true}, "driftfix apply --allow-destroy"},
		{Command{Verb: Unlock}, "driftfix unlock"},
		{Command{Verb: Help}, "driftfix help"},
	} {
		if got := c.cmd.String(); got != c.want {
			t.Errorf("%#v.String() = %q, want %q", c.cmd, got, c.want)
		}
		if back, ok := ParseComment(c.want, "", ""); !ok || back != c.cmd {
			t.Errorf("ParseComment(%q) = %#v, %v; want %#v", c.want, back, ok, c.cmd)
		}
	}
}

func TestHelpText(t *testing.T) {
	plain := HelpText("")
	for _, want := range []string{"`driftfix plan [-p PROJECT]`", "`driftfix apply [-p PROJECT] [--allow-destroy]`", "`driftfix unlock`", "`driftfix help`"} {
		if !strings.Contains(plain, want) {
			t.Errorf("help text lacks %s:\n%s", want, plain)
		}
	}
	for _, c := range []struct{ problem, want string }{
		{`unknown command "destroy"`, "`unknown command \"destroy\"`"},
		{"unexpected argument \"`x`\"", "``unexpected argument \"`x`\"``"},
		{"`edge`", "`` `edge` ``"},
		{"a ``` b", "````a ``` b````"},
		{"two\nlines  and   spaces", "`two lines and spaces`"},
		{`invalid project name "@octocat"`, "`invalid project name \"@octocat\"`"},
	} {
		got := HelpText(c.problem)
		first, _, _ := strings.Cut(got, "\n")
		if first != "**driftfix** did not understand that comment: "+c.want {
			t.Errorf("HelpText(%q) starts %q, want the problem as %s", c.problem, first, c.want)
		}
		if !strings.HasSuffix(got, plain) {
			t.Errorf("HelpText(%q) does not end with the help", c.problem)
		}
	}
}

// A project name in a comment follows driftfix.hcl's rule exactly: the
// parser accepts a name if and only if config does.
func TestProjectNamesFollowConfig(t *testing.T) {
	for _, name := range []string{
		"app", "App", "9lives", "prod.eu-west_1", "a", "a-", "a.", "a_b", "x..y",
		"", "-app", ".hidden", "_app", "my app", "a/b", "../etc", "préprod", "@octocat", "a\tb", "a\"b", "app$",
	} {
		src := fmt.Sprintf("project %q {}\n", name)
		_, diags := config.Parse([]byte(src), "driftfix.hcl")
		configAccepts := !diags.HasErrors()
		cmd, _ := ParseComment("driftfix plan -p="+name, "", "")
		parserAccepts := cmd.Verb == Plan && cmd.Project == name
		if configAccepts != parserAccepts {
			t.Errorf("project name %q: config accepts it %v, the comment parser %v (%#v; %v)", name, configAccepts, parserAccepts, cmd, diags)
		}
	}
}
