package report

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"strings"
	"text/template"

	"github.com/driftfix/driftfix/policy"
)

// MaxCommentChars is the most characters one pull-request comment may hold
// (GitHub's limit is 65,536; the rest is headroom).
const MaxCommentChars = 65000

//go:embed templates/*.tmpl
var templates embed.FS

var planTmpl = template.Must(template.New("plan.md.tmpl").Funcs(template.FuncMap{
	"join": strings.Join,
	"code": code,
	"cell": func(s string) string { return strings.ReplaceAll(s, "|", `\|`) },
}).ParseFS(templates, "templates/plan.md.tmpl"))

type planView struct {
	*Plan
	Changes []policy.Change
	Part    int
	Parts   int
	Text    string
}

// Fence is a code fence longer than any run of backticks in the text.
func (v planView) Fence() string { return fenceFor(v.Text) }

// fenceFor is a code fence longer than any run of backticks in text.
func fenceFor(text string) string {
	f := "```"
	for strings.Contains(text, f) {
		f += "`"
	}
	return f
}

// MarkdownComments renders the plan as pull-request comments: the first
// holds the summary table, the decision and its reasons; the full plan text
// follows collapsed, split over as many comments as it needs so that none
// is longer than MaxCommentChars.
func MarkdownComments(p *Plan) ([]string, error) {
	// Render the summary alone first to learn how much room the text has.
	head, err := renderPlanMarkdown(planView{Plan: p, Changes: p.Classification.Changes})
	if err != nil {
		return nil, err
	}
	if p.PlanText == "" {
		return []string{head}, nil
	}
	const wrapper = 400 // the details/summary/fence lines around a chunk
	chunks := splitLines(p.PlanText, MaxCommentChars-wrapper)
	firstRoom := MaxCommentChars - len(head) - wrapper
	var out []string
	if len(chunks) == 1 && len(chunks[0]) <= firstRoom {
		s, err := renderPlanMarkdown(planView{Plan: p, Changes: p.Classification.Changes, Part: 1, Parts: 1, Text: chunks[0]})
		return []string{s}, err
	}
	out = append(out, head)
	for i, c := range chunks {
		s, err := renderPlanMarkdown(planView{Plan: p, Part: i + 1, Parts: len(chunks), Text: c})
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func renderPlanMarkdown(v planView) (string, error) {
	var b bytes.Buffer
	if err := planTmpl.Execute(&b, v); err != nil {
		return "", err
	}
	return b.String(), nil
}

// splitLines cuts text into chunks of at most max characters, at line ends
// where it can (a single longer line is cut hard).
func splitLines(text string, max int) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		for len(line) > max {
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
			out = append(out, line[:max])
			line = line[max:]
		}
		if cur.Len()+len(line) > max {
			out = append(out, cur.String())
			cur.Reset()
		}
		cur.WriteString(line)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// renderMarkdownPlan writes the comments one after the other, separated by
// a marker line, for `--format markdown` on a terminal or in CI logs.
func renderMarkdownPlan(w io.Writer, p *Plan, _ Options) error {
	comments, err := MarkdownComments(p)
	if err != nil {
		return err
	}
	for i, c := range comments {
		if len(comments) > 1 {
			if _, err := fmt.Fprintf(w, "<!-- driftfix comment %d of %d -->\n", i+1, len(comments)); err != nil {
				return err
			}
		}
		if _, err := io.WriteString(w, c); err != nil {
			return err
		}
	}
	return nil
}
