package report

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Run is one full cycle of `driftfix run` (or a scheduled run), ready to
// render: every step with its outcome, the decision and what was changed.
type Run struct {
	ID       int64  `json:"id"`
	Project  string `json:"project"`
	Trigger  string `json:"trigger"`
	DryRun   bool   `json:"dry_run"`
	Status   string `json:"status"` // succeeded | failed | cancelled
	Decision string `json:"decision"`
	// Reasons are the gate's reasons for the decision.
	Reasons []string  `json:"reasons"`
	Steps   []RunStep `json:"steps"`
	// Findings counts what the check saw; Fixed what the run fixed in code;
	// Drifted the drifted resources.
	Findings int `json:"findings"`
	Fixed    int `json:"fixed"`
	Drifted  int `json:"drifted"`
	// Applied and Verified say whether the plan was applied and settled.
	Applied  bool `json:"applied"`
	Verified bool `json:"verified"`
	// Files are the files the run changed; Commit, Branch and PullRequest
	// where they went ("" when nowhere).
	Files       []string `json:"files"`
	Commit      string   `json:"commit,omitempty"`
	Branch      string   `json:"branch,omitempty"`
	PullRequest string   `json:"pull_request,omitempty"`
	// Top are the highest-priority open problems, most urgent first.
	Top   []Priority `json:"top"`
	Error string     `json:"error,omitempty"`
}

// RunStep is one step of a run.
type RunStep struct {
	Name     string        `json:"name"`
	Status   string        `json:"status"` // succeeded | failed | skipped | cancelled
	Summary  string        `json:"summary"`
	Duration time.Duration `json:"-"`
	Seconds  float64       `json:"seconds"`
}

// Priority is one finding or drift with the priority the live context
// gives it, and why.
type Priority struct {
	Kind     string   `json:"kind"` // misconfiguration | drift
	Rule     string   `json:"rule,omitempty"`
	Address  string   `json:"address"`
	Severity string   `json:"severity"`
	Priority int      `json:"priority"`
	Reasons  []string `json:"reasons"`
}

// RunFormats lists the formats a run can be rendered in.
func RunFormats() []string { return []string{"json", "markdown", "text"} }

// RenderRun writes r in the named format.
func RenderRun(w io.Writer, format string, r *Run) error {
	switch format {
	case "json":
		c := *r
		c.Reasons, c.Files = nonNilStrings(c.Reasons), nonNilStrings(c.Files)
		if c.Steps == nil {
			c.Steps = []RunStep{}
		}
		if c.Top == nil {
			c.Top = []Priority{}
		}
		for i := range c.Steps {
			c.Steps[i].Seconds = c.Steps[i].Duration.Round(time.Millisecond).Seconds()
		}
		return writeJSON(w, c)
	case "text":
		return renderRunText(w, r)
	case "markdown":
		return renderRunMarkdown(w, r)
	}
	return fmt.Errorf("unknown format %q for run (want %s)", format, strings.Join(RunFormats(), ", "))
}

func renderRunText(w io.Writer, r *Run) error {
	t := &textWriter{w: w}
	mode := ""
	if r.DryRun {
		mode = ", dry run"
	}
	t.printf("%s: run %d (%s%s) %s\n\n", r.Project, r.ID, r.Trigger, mode, r.Status)
	rows := [][]string{{"STEP", "STATUS", "TOOK", "SUMMARY"}}
	for _, s := range r.Steps {
		rows = append(rows, []string{s.Name, s.Status, s.Duration.Round(10 * time.Millisecond).String(), s.Summary})
	}
	writeColumns(t, rows, nil)
	t.printf("\nfound %s, fixed %d in code, %s\n", plural(r.Findings, "finding"), r.Fixed, plural(r.Drifted, "drifted resource"))
	if r.Decision != "" && r.Decision != "none" {
		t.printf("decision: %s\n", r.Decision)
		for _, why := range r.Reasons {
			t.printf("  - %s\n", why)
		}
	}
	switch {
	case r.Applied && r.Verified:
		t.printf("applied and verified\n")
	case r.Applied:
		t.printf("applied, NOT verified\n")
	}
	if len(r.Files) > 0 {
		t.printf("changed: %s\n", strings.Join(r.Files, ", "))
	}
	if r.Commit != "" {
		where := r.Branch
		if where == "" {
			where = "the default branch"
		}
		t.printf("committed %s to %s\n", shortSHA(r.Commit), where)
	}
	if r.PullRequest != "" {
		t.printf("pull request: %s\n", r.PullRequest)
	}
	if len(r.Top) > 0 {
		t.printf("\nmost urgent:\n")
		for _, p := range r.Top {
			what := p.Address
			if p.Rule != "" {
				what = p.Rule + " " + p.Address
			}
			t.printf("  %3d  %s (%s)", p.Priority, what, p.Severity)
			if len(p.Reasons) > 0 {
				t.printf(": %s", strings.Join(p.Reasons, "; "))
			}
			t.printf("\n")
		}
	}
	if r.Error != "" {
		t.printf("\nerror: %s\n", r.Error)
	}
	return t.err
}

func renderRunMarkdown(w io.Writer, r *Run) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### driftfix run %d: `%s` — %s\n\n", r.ID, r.Project, r.Status)
	b.WriteString("| step | status | summary |\n| --- | --- | --- |\n")
	for _, s := range r.Steps {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", s.Name, s.Status, cell(s.Summary))
	}
	if r.Decision != "" && r.Decision != "none" {
		fmt.Fprintf(&b, "\n**Decision: %s**\n", r.Decision)
		for _, why := range r.Reasons {
			fmt.Fprintf(&b, "- %s\n", why)
		}
	}
	if r.Error != "" {
		fmt.Fprintf(&b, "\n**Error:** %s\n", cell(r.Error))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

func shortSHA(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}
