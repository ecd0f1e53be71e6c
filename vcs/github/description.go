package github

import "strings"

// Description is a driftfix pull request's description, in parts the
// caller renders: the run's summary, the classification table, the
// decision and its reasons, and the plan text, already redacted.
type Description struct {
	Summary  string
	Table    string // markdown
	Decision string
	Reasons  []string
	Plan     string
}

// Markdown lays the description out: summary, table, decision and
// reasons, then the plan collapsed in a <details> block, in a code fence
// longer than any run of backticks in it. EnsurePullRequest splits it
// when it is too long for one description, the plan staying collapsed in
// every part.
func (d Description) Markdown() string {
	var b strings.Builder
	para := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			b.WriteString(s + "\n\n")
		}
	}
	para(d.Summary)
	para(d.Table)
	if d.Decision != "" {
		para("**Decision: " + d.Decision + "**")
	}
	if len(d.Reasons) > 0 {
		for _, r := range d.Reasons {
			b.WriteString("- " + strings.ReplaceAll(r, "\n", " ") + "\n")
		}
		b.WriteString("\n")
	}
	if d.Plan != "" {
		fence := "```"
		for strings.Contains(d.Plan, fence) {
			fence += "`"
		}
		b.WriteString("<details><summary>Plan output, sensitive values redacted</summary>\n\n")
		b.WriteString(fence + "\n" + strings.TrimSuffix(d.Plan, "\n") + "\n" + fence + "\n")
		b.WriteString("</details>\n")
	}
	return b.String()
}
