package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/internal/testenv"
)

// commandNames lists driftfix's commands (help and completion aside).
func commandNames(t *testing.T) []string {
	t.Helper()
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(string) string { return "" }}
	var names []string
	for _, c := range a.rootCmd().Commands() {
		if c.Name() != "help" && c.Name() != "completion" {
			names = append(names, c.Name())
		}
	}
	sort.Strings(names)
	return names
}

// readmeExitCodes parses the exit-code table of README.md: command → the
// meaning of 0, 1 and 2 ("" for "—").
func readmeExitCodes(t *testing.T) map[string]exitMeaning {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "<!-- exit-codes:begin")
	_, rest, ok1 := strings.Cut(rest, "-->")
	table, _, ok2 := strings.Cut(rest, "<!-- exit-codes:end -->")
	if !ok || !ok1 || !ok2 {
		t.Fatal("README.md has no <!-- exit-codes:begin --> … <!-- exit-codes:end --> table")
	}
	cell := func(s string) string {
		s = strings.TrimSpace(strings.ReplaceAll(s, "`", ""))
		if s == "—" {
			return ""
		}
		return s
	}
	out := map[string]exitMeaning{}
	for _, line := range strings.Split(strings.TrimSpace(table), "\n") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) != 4 {
			t.Fatalf("README exit-code table: want 4 cells, got %q", line)
		}
		name := cell(cells[0])
		if name == "command" || strings.HasPrefix(name, "---") {
			continue
		}
		if _, dup := out[name]; dup {
			t.Errorf("README exit-code table: %s twice", name)
		}
		out[name] = exitMeaning{ok: cell(cells[1]), err: cell(cells[2]), found: cell(cells[3])}
	}
	return out
}

// TestExitCodesREADME: the README's table is the one the commands follow,
// with a row for every command.
func TestExitCodesREADME(t *testing.T) {
	readme := readmeExitCodes(t)
	for _, name := range commandNames(t) {
		want, ok := exitCodes[name]
		if !ok {
			t.Errorf("%s has no entry in exitCodes", name)
			continue
		}
		got, ok := readme[name]
		if !ok {
			t.Errorf("README's exit-code table has no row for %s", name)
			continue
		}
		if got != want {
			t.Errorf("README's exit codes of %s:\n got  0=%q 1=%q 2=%q\n want 0=%q 1=%q 2=%q", name, got.ok, got.err, got.found, want.ok, want.err, want.found)
		}
		delete(readme, name)
	}
	for name := range readme {
		t.Errorf("README's exit-code table has a row for %s, which is not a command", name)
	}
}

// nextCode finds where a code's meaning ends in a help text: at the next
// code's line or the end of the paragraph.
var nextCode = regexp.MustCompile(`\n  \d  |\n\n`)

// TestExitCodesHelp: every command's help ends with its codes from the table,
// and says nothing else about exit codes.
func TestExitCodesHelp(t *testing.T) {
	for _, name := range commandNames(t) {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), []string{name, "--help"}, &stdout, &stderr); code != ExitOK {
				t.Fatalf("%s --help exited %d: %s", name, code, stderr.String())
			}
			help := stdout.String()
			if n := strings.Count(strings.ToLower(help), "exit code"); n != 1 {
				t.Errorf("%s --help mentions exit codes %d times, want once:\n%s", name, n, help)
			}
			m := exitCodes[name]
			for code, meaning := range map[string]string{"0": m.ok, "1": m.err, "2": m.found} {
				line := "\n  " + code + "  "
				if meaning == "" {
					if strings.Contains(help, line) {
						t.Errorf("%s --help lists exit code %s, which it never uses", name, code)
					}
					continue
				}
				_, after, ok := strings.Cut(help, line)
				if !ok {
					t.Errorf("%s --help does not list exit code %s", name, code)
					continue
				}
				if end := nextCode.FindStringIndex(after); end != nil {
					after = after[:end[0]]
				}
				if got := strings.Join(strings.Fields(after), " "); got != meaning {
					t.Errorf("%s --help: exit code %s means %q, want %q", name, code, got, meaning)
				}
			}
		})
	}
	var stdout bytes.Buffer
	run(context.Background(), []string{"--help"}, &stdout, &bytes.Buffer{})
	if !strings.Contains(stdout.String(), "0 nothing to do,\n1 an error") {
		t.Errorf("driftfix --help does not state the convention:\n%s", stdout.String())
	}
}

// TestUsageErrorsExit1: every command-line mistake, on every command, is an
// error (1) with a hint, never 2 (which means "something to do").
func TestUsageErrorsExit1(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(plan, []byte(`{"format_version":"1.2","resource_changes":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "driftfix.hcl")
	if err := os.WriteFile(cfg, []byte("project \"app\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	type tc struct {
		name string
		args []string
	}
	cases := []tc{
		{"unknown command", []string{"frobnicate"}},
		{"unknown global flag", []string{"--bogus"}},
		{"bad log level", []string{"--log-level", "loud", "version"}},
		{"help on an unknown topic", []string{"help", "nope"}},
		{"help with too many arguments", []string{"help", "scan", "extra"}},
		{"unknown completion shell", []string{"completion", "bogus"}},
	}
	for _, name := range commandNames(t) {
		cases = append(cases,
			tc{name + " unknown flag", []string{name, "--bogus"}},
			tc{name + " unknown shorthand", []string{name, "-Z"}},
			tc{name + " too many arguments", []string{name, dir, dir, dir}},
		)
	}
	cases = append(cases,
		tc{"scan unknown format", []string{"scan", "--format", "xml", dir}},
		tc{"scan unknown rule", []string{"scan", "--rule", "nope", dir}},
		tc{"scan bad severity", []string{"scan", "--min-severity", "severe", dir}},
		tc{"fix unknown format", []string{"fix", "--format", "sarif", dir}},
		tc{"fix unknown class", []string{"fix", "--class", "shiny", dir}},
		tc{"plan unknown format", []string{"plan", "--format", "xml", dir}},
		tc{"plan project and dir", []string{"plan", "-p", "app", dir}},
		tc{"apply approve without reason", []string{"apply", "--approve", dir}},
		tc{"apply unknown format", []string{"apply", "--format", "xml", dir}},
		tc{"classify no plan", []string{"classify"}},
		tc{"classify unknown format", []string{"classify", "--format", "sarif", plan}},
		tc{"drift unknown format", []string{"drift", "--format", "sarif", dir}},
		tc{"drift dry-run without codify", []string{"drift", "--dry-run", dir}},
		tc{"drift bad number", []string{"drift", "--max-attempts", "many", dir}},
		tc{"keys unknown format", []string{"keys", "--format", "sarif", dir}},
		tc{"keys no attempts", []string{"keys", "--max-attempts", "0", dir}},
		tc{"keys project and dir", []string{"keys", "-p", "app", dir}},
		tc{"fix bad secret variable", []string{"fix", "--secret-var", "aws_db_instance.db.password=db password", dir}},
		tc{"run unknown format", []string{"run", "--format", "sarif", dir}},
		tc{"run project and dir", []string{"run", "-p", "app", dir}},
		tc{"promote without class", []string{"promote", dir}},
		tc{"report unknown format", []string{"report", "--format", "sarif"}},
		tc{"report bad window", []string{"report", "--since", "-1h"}},
		tc{"serve with an argument", []string{"serve", dir}},
		tc{"serve bad listen address", []string{"serve", "--config", cfg, "--db", filepath.Join(dir, "s.db"), "--listen", "nope"}},
		tc{"awslocal without seed", []string{"awslocal"}},
		tc{"awslocal bad duration", []string{"awslocal", "--seed", plan, "--latency", "soon"}},
		tc{"version with an argument", []string{"version", "extra"}},
	)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			// the number itself is the contract a CI job relies on
			if code := run(context.Background(), c.args, &stdout, &stderr); code != 1 {
				t.Errorf("driftfix %s exited %d, want 1\nstderr: %s", strings.Join(c.args, " "), code, stderr.String())
			}
			if !strings.Contains(stderr.String(), "driftfix: ") {
				t.Errorf("driftfix %s: no error on stderr: %q", strings.Join(c.args, " "), stderr.String())
			}
		})
	}
}

// TestInterruptedExit1: a command interrupted (Ctrl-C, SIGTERM: its context
// is cancelled) exits 1 and says so, whatever it was about to report; a
// server (awslocal) stops cleanly.
func TestInterruptedExit1(t *testing.T) {
	dir := t.TempDir()
	infra := filepath.Join(dir, "infra")
	if err := os.MkdirAll(infra, 0o755); err != nil {
		t.Fatal(err)
	}
	// findings: scan and fix would exit 2 uninterrupted
	if err := os.WriteFile(filepath.Join(infra, "main.tf"), []byte("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	plan := filepath.Join(testenv.PlanFixtures(), "delete", "plan.json")
	seed := filepath.Join(dir, "seed.json")
	if err := os.WriteFile(seed, []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "driftfix.hcl"), []byte("project \"infra\" {\n  dir      = \"infra\"\n  schedule = \"@hourly\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := map[string][]string{
		"scan":     {"scan", infra},
		"fix":      {"fix", "--dry-run", infra},
		"plan":     {"plan", infra},
		"apply":    {"apply", infra},
		"classify": {"classify", plan},
		"drift":    {"drift", "--no-sweep", "--endpoint", "http://127.0.0.1:1", infra},
		"keys":     {"keys", "--endpoint", "http://127.0.0.1:1", infra},
		"run":      {"run", "--no-drift", "--db", filepath.Join(dir, "driftfix.db"), infra},
		"promote":  {"promote", "--class", "tags", "--db", filepath.Join(dir, "driftfix.db"), infra},
		"report":   {"report", "--db", filepath.Join(dir, "driftfix.db")},
		"serve":    {"serve", "--config", filepath.Join(dir, "driftfix.hcl"), "--db", filepath.Join(dir, "serve.db"), "--listen", "127.0.0.1:0"},
		"awslocal": {"awslocal", "--seed", seed, "--addr", "127.0.0.1:0"},
		"version":  {"version"},
	}
	for _, name := range commandNames(t) {
		t.Run(name, func(t *testing.T) {
			a, ok := args[name]
			if !ok {
				t.Fatalf("no interrupted case for %s", name)
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var stdout, stderr bytes.Buffer
			code := run(ctx, a, &stdout, &stderr)
			want := 1
			if name == "awslocal" || name == "serve" { // servers stop that way
				want = 0
			}
			if code != want {
				t.Errorf("interrupted driftfix %s exited %d, want %d\nstderr: %s", strings.Join(a, " "), code, want, stderr.String())
			}
			if want == 1 && !strings.Contains(stderr.String(), "driftfix: interrupted") {
				t.Errorf("interrupted driftfix %s does not say so: %q", strings.Join(a, " "), stderr.String())
			}
		})
	}
}

// TestInterruptedSaysSoOnce: a command's own interrupt message is not
// followed by a second one; any other error is, so the user knows.
func TestInterruptedSaysSoOnce(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{context.Canceled, "driftfix: interrupted\n"},
		{errors.New("interrupted: nothing written"), "driftfix: interrupted: nothing written\n"},
		{errors.New("lock: timeout"), "driftfix: lock: timeout\ndriftfix: interrupted\n"},
		{exitWith(ExitFindings), "driftfix: interrupted\n"},
		{nil, "driftfix: interrupted\n"},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var stderr bytes.Buffer
		a := &app{stderr: &stderr}
		if code := a.exitCode(ctx, nil, tc.err); code != 1 || stderr.String() != tc.want {
			t.Errorf("exitCode(%v) = %d, stderr %q; want 1, %q", tc.err, code, stderr.String(), tc.want)
		}
	}
}
