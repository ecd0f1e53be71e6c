package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/driftfix/driftfix/policy"
)

// Plan is a classified plan with the gate's decision, ready to render (the
// output of `driftfix plan` and `driftfix classify`).
type Plan struct {
	Project        string
	Environment    string
	Classification policy.Classification
	Decision       policy.Decision
	// PlanText is Terraform's human-readable plan, already redacted ("" when
	// there is none, e.g. for classify).
	PlanText string
	// Saved lists the files written next to the plan (for people).
	Saved []string
	// Intent is true when the plan was checked against a fix run's intent.
	Intent bool
	// Changes is true when the plan changes anything (resources or
	// outputs).
	Changes bool
}

// NeedsReview reports whether the gate sent the plan to review.
func (p *Plan) NeedsReview() bool { return p.Decision.Decision == policy.Review }

// PlanRenderer renders a classified plan.
type PlanRenderer func(w io.Writer, p *Plan, opt Options) error

// PlanFormats lists the formats a plan can be rendered in, sorted.
func PlanFormats() []string { return names(func(f format) bool { return f.plan != nil }) }

// ForPlan returns the plan renderer of the named format.
func ForPlan(name string) (PlanRenderer, error) {
	if f, ok := formats[name]; ok && f.plan != nil {
		return buffered(f.plan), nil
	}
	return nil, fmt.Errorf("unknown format %q for plan (want %s)", name, strings.Join(PlanFormats(), ", "))
}

// JSONPlan is the JSON form of a classified plan (`driftfix plan --format
// json`, `driftfix classify --format json`). The shape is stable: fields may
// be added, never renamed or removed.
//
//	{
//	  "project": "app",
//	  "decision": "review",                  // no-changes | auto-apply | review
//	  "reasons": ["aws_ebs_volume.data: replaces … because of encrypted"],
//	  "changes": [
//	    {"address": "aws_ebs_volume.data",
//	     "action": "replace",                // create|update|delete|replace|read|no-op|forget
//	     "class": "encryption-at-rest",      // the riskiest class of its paths; "unknown" when none
//	     "risk": "high",                     // low|medium|high
//	     "paths": ["encrypted"],
//	     "reason": "replaces aws_ebs_volume.data (destroys the existing object) because of encrypted"}
//	  ],
//	  "drift": [ …same shape: what changed outside Terraform (resource_drift)… ]
//	}
type JSONPlan struct {
	Project  string       `json:"project"`
	Decision string       `json:"decision"`
	Reasons  []string     `json:"reasons"`
	Changes  []JSONChange `json:"changes"`
	Drift    []JSONChange `json:"drift"`
}

// JSONChange is one classified resource change.
type JSONChange struct {
	Address string   `json:"address"`
	Action  string   `json:"action"`
	Class   string   `json:"class"`
	Risk    string   `json:"risk"`
	Paths   []string `json:"paths"`
	Reason  string   `json:"reason"`
}

// NewJSONPlan builds the JSON form of p.
func NewJSONPlan(p *Plan) JSONPlan {
	return JSONPlan{
		Project:  p.Project,
		Decision: p.Decision.Decision,
		Reasons:  nonNilStrings(p.Decision.Reasons),
		Changes:  jsonChanges(p.Classification.Changes),
		Drift:    jsonChanges(p.Classification.Drift),
	}
}

func jsonChanges(cs []policy.Change) []JSONChange {
	out := make([]JSONChange, 0, len(cs))
	for _, c := range cs {
		out = append(out, JSONChange{Address: c.Address, Action: string(c.Action), Class: string(c.Class), Risk: string(c.Risk), Paths: nonNilStrings(c.Paths), Reason: c.Reason})
	}
	return out
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func renderJSONPlan(w io.Writer, p *Plan, _ Options) error { return writeJSON(w, NewJSONPlan(p)) }

func renderTextPlan(w io.Writer, p *Plan, opt Options) error {
	t := &textWriter{w: w, color: opt.Color}
	title := p.Project
	if p.Environment != "" {
		title += " (" + p.Environment + ")"
	}
	if len(p.Classification.Changes) == 0 {
		t.printf("%s: no changes\n", title)
	} else {
		rows := [][]string{{"ADDRESS", "ACTION", "CLASS", "RISK"}}
		for _, c := range p.Classification.Changes {
			rows = append(rows, []string{c.Address, string(c.Action), string(c.Class), string(c.Risk)})
		}
		t.printf("%s: %s\n\n", title, plural(len(p.Classification.Changes), "change"))
		writeColumns(t, rows, func(col int, cell string) string {
			if col == 3 {
				return t.risk(cell)
			}
			return cell
		})
		t.printf("\n")
		for _, c := range p.Classification.Changes {
			t.printf("  %s: %s\n", c.Address, c.Reason)
		}
	}
	if len(p.Classification.Drift) > 0 {
		t.printf("\ndrift Terraform saw outside of it:\n")
		for _, c := range p.Classification.Drift {
			t.printf("  %s: %s\n", c.Address, strings.Join(c.Paths, ", "))
		}
	}
	t.printf("\ndecision: %s\n", t.decision(p.Decision.Decision))
	if p.Intent {
		t.printf("  (checked against what the last driftfix fix meant to change)\n")
	}
	for _, r := range p.Decision.Reasons {
		t.printf("  - %s\n", r)
	}
	if len(p.Saved) > 0 {
		t.printf("\nsaved: %s\n", strings.Join(p.Saved, ", "))
	}
	return t.err
}

// writeColumns prints rows as aligned columns; style may colour a cell
// (padding is computed on the plain text).
func writeColumns(t *textWriter, rows [][]string, style func(col int, cell string) string) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			if len(c) > widths[i] {
				widths[i] = len(c)
			}
		}
	}
	for ri, r := range rows {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range r {
			cell := c
			if ri > 0 && style != nil {
				cell = style(i, c)
			}
			b.WriteString(cell)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-len(c)+2))
			}
		}
		t.printf("%s\n", strings.TrimRight(b.String(), " "))
	}
}
