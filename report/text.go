package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/driftfix/driftfix/fixers"
)

// The text format is for people: an aligned table of findings, each with
// its message (and, when it cannot be fixed, why) on the lines below, then
// load errors and warnings, and a one-line summary. Only the severity is
// coloured, and only when Options.Color is set.

const (
	ansiReset = "\x1b[0m"
)

var severityColor = map[fixers.Severity]string{
	fixers.Critical: "\x1b[1;31m", // bold red
	fixers.High:     "\x1b[31m",   // red
	fixers.Medium:   "\x1b[33m",   // yellow
	fixers.Low:      "\x1b[36m",   // cyan
}

// textWriter collects the first write error so that rendering code reads
// straight through.
type textWriter struct {
	w       io.Writer
	err     error
	color   bool
	written bool
}

func (t *textWriter) printf(format string, args ...any) {
	t.written = true
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, args...)
	}
}

// gap separates sections with a blank line, when something came before.
func (t *textWriter) gap() {
	if t.written {
		t.printf("\n")
	}
}

func (t *textWriter) severity(s fixers.Severity, width int) string {
	word := string(s)
	pad := strings.Repeat(" ", max(0, width-len(word)))
	if c, ok := severityColor[s]; ok && t.color {
		return c + word + ansiReset + pad
	}
	return word + pad
}

// findingTable writes findings as an aligned table, each row followed by
// the finding's message (and, when it cannot be fixed, why). indent goes
// before every line; header, when not nil, is the first row. fixCol adds
// the FIX column.
func (t *textWriter) findingTable(fs []fixers.Finding, indent string, header []string, fixCol bool) {
	rows := make([][]string, len(fs))
	for i, f := range fs {
		loc := fmt.Sprintf("%s:%d", f.File, f.Line)
		if f.Commit != nil {
			loc += "@" + f.Commit.SHA[:min(7, len(f.Commit.SHA))] // in the git history
		}
		rows[i] = []string{string(f.Severity), f.Rule, f.Address, loc}
		if fixCol {
			rows[i] = append(rows[i], yesNo(f.Fixable))
		}
	}
	width := make([]int, 4)
	if fixCol {
		width = append(width, 0)
	}
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			width[i] = max(width[i], len(c))
		}
	}
	line := func(r []string, sev bool) {
		var sb strings.Builder
		sb.WriteString(indent)
		for j, c := range r {
			switch {
			case j == len(r)-1:
				sb.WriteString(c)
			case j == 0 && sev:
				sb.WriteString(t.severity(fixers.Severity(c), width[0]) + "  ")
			default:
				sb.WriteString(c + strings.Repeat(" ", width[j]-len(c)) + "  ")
			}
		}
		t.printf("%s\n", sb.String())
	}
	if header != nil {
		line(header, false)
	}
	noteIndent := indent + strings.Repeat(" ", width[0]+2)
	for i, f := range fs {
		line(rows[i], true)
		t.printf("%s%s\n", noteIndent, f.Message)
		if !f.Fixable {
			t.printf("%snot fixable: %s\n", noteIndent, reason(f))
		}
	}
}

func (t *textWriter) problems(title string, ps []Problem) {
	if len(ps) == 0 {
		return
	}
	t.gap()
	t.printf("%s:\n", title)
	for _, p := range ps {
		if loc := location(p.File, p.Line, p.Column); loc != "" {
			t.printf("  %s: %s\n", loc, p.Message)
		} else {
			t.printf("  %s\n", p.Message)
		}
	}
}

func renderTextScan(w io.Writer, s *Scan, opt Options) error {
	roots := otherRoots(s.Roots)
	s = s.under(opt.Dir)
	t := &textWriter{w: w, color: opt.Color}
	if len(s.Findings) > 0 {
		t.findingTable(s.Findings, "", []string{"SEVERITY", "RULE", "ADDRESS", "LOCATION", "FIX"}, true)
	}
	t.problems("errors", s.Errors)
	t.problems("warnings", s.Warnings)
	t.gap()
	if roots {
		t.printf("scanned %s: %s\n", plural(len(s.Roots), "root module"), strings.Join(s.Roots, ", "))
	}
	t.printf("%s\n", scanSummary(s))
	return t.err
}

// otherRoots reports whether the roots are other than the scanned
// directory alone (then the text output names them).
func otherRoots(roots []string) bool {
	return len(roots) > 1 || len(roots) == 1 && roots[0] != "."
}

// scanSummary is the last line of a text scan: "2 findings (1 fixable), 1
// ignored, 1 error, 1 warning", or "no findings".
func scanSummary(s *Scan) string {
	fixable := 0
	for _, f := range s.Findings {
		if f.Fixable {
			fixable++
		}
	}
	parts := []string{"no findings"}
	if n := len(s.Findings); n > 0 {
		parts[0] = fmt.Sprintf("%s (%d fixable)", plural(n, "finding"), fixable)
	}
	if s.Ignored > 0 {
		parts = append(parts, fmt.Sprintf("%d ignored", s.Ignored))
	}
	if n := len(s.Errors); n > 0 {
		parts = append(parts, plural(n, "error"))
	}
	if n := len(s.Warnings); n > 0 {
		parts = append(parts, plural(n, "warning"))
	}
	return strings.Join(parts, ", ")
}

func renderTextFix(w io.Writer, f *Fix, opt Options) error {
	roots := otherRoots(f.Roots)
	f = f.under(opt.Dir)
	t := &textWriter{w: w, color: opt.Color}
	if f.DryRun {
		// the output proper is the patch alone, so that it applies with
		// git apply; the rest goes to Messages (stderr)
		if len(f.Changes) > 0 {
			t.printf("%s", f.diff())
		}
		if opt.Messages != nil {
			if t.err != nil {
				return t.err
			}
			t = &textWriter{w: opt.Messages, color: opt.Color}
		} else {
			t.gap()
		}
	}
	if len(f.Fixed) > 0 {
		if f.DryRun {
			t.printf("would fix:\n")
		} else {
			t.printf("fixed:\n")
		}
		t.findingTable(f.Fixed, "  ", nil, false)
	}
	if len(f.Changes) > 0 {
		if f.DryRun {
			t.printf("would write:\n")
		} else {
			t.printf("wrote:\n")
		}
		for _, p := range f.Files() {
			t.printf("  %s\n", p)
		}
	}
	if len(f.Notes) > 0 {
		if f.DryRun {
			t.printf("once applied:\n")
		} else {
			t.printf("now:\n")
		}
		for _, n := range f.Notes {
			t.printf("  %s\n", n)
		}
	}
	if len(f.Remaining) > 0 {
		t.gap()
		t.printf("not fixable (%s):\n", plural(len(f.Remaining), "finding"))
		t.findingTable(f.Remaining, "  ", nil, false)
	}
	t.problems("errors", f.Errors)
	t.problems("warnings", f.Warnings)
	t.gap()
	if roots {
		t.printf("checked %s: %s\n", plural(len(f.Roots), "root module"), strings.Join(f.Roots, ", "))
	}
	t.printf("%s\n", fixSummary(f))
	return t.err
}

// fixSummary is the last line of a text fix.
func fixSummary(f *Fix) string {
	var s string
	switch {
	case len(f.Errors) > 0:
		s = "nothing fixed: the configuration has " + plural(len(f.Errors), "error")
	case len(f.Changes) == 0:
		s = "nothing to fix; no files changed"
	case f.DryRun:
		s = fmt.Sprintf("dry run: would fix %s in %s; nothing written", plural(len(f.Fixed), "finding"), plural(len(f.Changes), "file"))
	default:
		s = fmt.Sprintf("fixed %s in %s", plural(len(f.Fixed), "finding"), plural(len(f.Changes), "file"))
	}
	if n := len(f.Remaining); n > 0 && len(f.Errors) == 0 {
		verb := "needs"
		if n > 1 {
			verb = "need"
		}
		s += fmt.Sprintf("; %s %s a manual fix", plural(n, "finding"), verb)
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

var riskColor = map[string]string{"high": "\x1b[31m", "medium": "\x1b[33m", "low": "\x1b[32m"}

func (t *textWriter) risk(r string) string {
	if c, ok := riskColor[r]; ok && t.color {
		return c + r + ansiReset
	}
	return r
}

var decisionColor = map[string]string{"review": "\x1b[1;33m", "auto-apply": "\x1b[1;32m", "no-changes": "\x1b[32m"}

func (t *textWriter) decision(d string) string {
	if c, ok := decisionColor[d]; ok && t.color {
		return c + d + ansiReset
	}
	return d
}
