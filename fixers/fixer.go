// Package fixers holds driftfix's rules: one file per rule, each a Fixer
// value with its metadata, a check and (where a safe one exists) a fix.
package fixers

import (
	"fmt"
	"strings"

	"github.com/driftfix/driftfix/iac"
	"github.com/hashicorp/hcl/v2"
)

// Severity of a finding.
type Severity string

const (
	Low      Severity = "low"
	Medium   Severity = "medium"
	High     Severity = "high"
	Critical Severity = "critical"
)

// Rank orders severities: low 1 … critical 4; unknown 0.
func (s Severity) Rank() int {
	switch s {
	case Low:
		return 1
	case Medium:
		return 2
	case High:
		return 3
	case Critical:
		return 4
	}
	return 0
}

// ParseSeverity parses low|medium|high|critical.
func ParseSeverity(s string) (Severity, error) {
	sev := Severity(strings.ToLower(s))
	if sev.Rank() == 0 {
		return "", fmt.Errorf("unknown severity %q (want low, medium, high or critical)", s)
	}
	return sev, nil
}

// Refs are the IDs of the same check in other scanners. They appear in
// reports and let foreign ignore comments (#trivy:ignore:…, #tfsec:ignore:…,
// #checkov:skip=…) apply to driftfix's rules.
type Refs struct {
	Trivy   string `json:"trivy"`   // AVD-AWS-NNNN
	Checkov string `json:"checkov"` // CKV_AWS_NN
	// Tfsec is the long tfsec/trivy ID (aws-s3-enable-versioning); not in JSON output.
	Tfsec string `json:"-"`
	// Also lists further IDs of other checks covering the same ground
	// (checkov or trivy), honoured in ignore comments.
	Also []string `json:"-"`
}

// Touch says which resource type and attribute paths a fix changes. Path
// "*" means the fix creates the whole resource. Paths use the plan JSON
// form: metadata_options[0].http_tokens, tags["team"], tags.*.
type Touch struct {
	ResourceType string
	Paths        []string
}

// Meta describes a rule.
type Meta struct {
	ID            string
	Title         string
	Severity      Severity
	Class         Class
	ResourceTypes []string // types the check reads
	Touches       []Touch  // what the fix changes; empty when the rule never fixes
	Refs          Refs
	// NoFix says why the rule never fixes, when it does not.
	NoFix string
}

// Docs is the path of the rule's documentation page in the repository.
func (m Meta) Docs() string { return "docs/rules/" + m.ID + ".md" }

// Fixer is one rule: its metadata and its check. A check returns findings;
// each finding carries its own fix (nil when it cannot be fixed safely).
type Fixer struct {
	Meta
	Check func(in *Input) []Finding
}

// Input is what a check reads.
type Input struct {
	Module *iac.Module
	// RequiredTags maps each required tag key to the value a fix writes ("" =
	// no value known: the finding is reported but not fixed).
	RequiredTags map[string]string
	// RequiredTagKeys keeps the order in which the tags were given.
	RequiredTagKeys []string
	// EditOutside allows fixes in files outside the checked directory (a
	// local module called as ../…). Without it such findings are not
	// fixable, with the reason.
	EditOutside bool
}

// Finding is one problem at one resource.
type Finding struct {
	Rule     string   `json:"rule"`
	Title    string   `json:"-"`
	Severity Severity `json:"severity"`
	Class    Class    `json:"class"`
	Address  string   `json:"address"`
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"-"`
	Message  string   `json:"message"`
	Fixable  bool     `json:"fixable"`
	// Reason says why a finding is not fixable.
	Reason string `json:"reason,omitempty"`
	Refs   Refs   `json:"refs"`

	// Range is the block or attribute the finding is about.
	Range hcl.Range `json:"-"`
	// BlockLine is the first line of the resource block (for ignores).
	BlockLine int `json:"-"`
	// Fix applies the fix through the editor; nil when not fixable.
	Fix func(ed *iac.Editor) error `json:"-"`

	file *iac.File
	// ignoreLines are the lines whose ignore comments apply: the finding's
	// own line, the first line of each enclosing nested block, and the
	// resource block's first line.
	ignoreLines []int
	// block is the resource block's range (checkov skips apply anywhere in it).
	block hcl.Range
}

// Detached returns a copy of the finding without its fix and without the
// links into the loaded module, so that a report holding findings does not
// keep every syntax tree alive (a large scan's report is rendered after the
// module can be collected).
func (f Finding) Detached() Finding {
	f.Fix = nil
	f.file = nil
	f.ignoreLines = nil
	return f
}

// Key identifies a finding across re-loads (lines move when files change).
func (f Finding) Key() string { return f.Rule + "|" + f.Address + "|" + f.Message }

// New builds a finding of rule m on resource r at range at (the resource
// block when at is nil). fix may be nil; then reason says why. A fix is
// dropped, with the reason, when the resource cannot be edited safely: a
// .tf.json file, or a child module shared by several module calls.
func (m Meta) New(r *iac.Resource, at *hcl.Range, msg string, fix func(ed *iac.Editor) error, reason string) Finding {
	rng := r.Block.Range
	if at != nil {
		rng = *at
	}
	f := Finding{
		Rule: m.ID, Title: m.Title, Severity: m.Severity, Class: m.Class,
		Address: r.Address(), File: r.File.Path, Line: rng.Start.Line, Column: rng.Start.Column,
		Message: msg, Refs: m.Refs, Range: rng, BlockLine: r.Block.Range.Start.Line, file: r.File,
		block: r.Block.Range,
	}
	f.ignoreLines = append(f.ignoreLines, rng.Start.Line)
	enclosing(r.Block, rng, &f.ignoreLines)
	f.ignoreLines = append(f.ignoreLines, r.Block.Range.Start.Line)
	if fix == nil && reason == "" {
		reason = m.NoFix
	}
	switch {
	case fix == nil:
		f.Reason = reason
	case r.File.JSON:
		f.Reason = "the resource is in a .tf.json file, which driftfix does not edit; change it by hand"
	case r.Scope.Callers > 1:
		f.Reason = fmt.Sprintf("the resource is in module directory %s, which %d module calls share; fix the module by hand", r.Scope.Dir, r.Scope.Callers)
	default:
		f.Fixable = true
		id := m.ID
		f.Fix = func(ed *iac.Editor) error {
			if err := fix(ed); err != nil {
				return fmt.Errorf("%s fix for %s: %w", id, r.Address(), err)
			}
			return nil
		}
	}
	return f
}

// enclosing appends the first line of every nested block of b that contains rng.
func enclosing(b *iac.Block, rng hcl.Range, lines *[]int) {
	for _, c := range b.Blocks {
		if c.Range.Start.Byte <= rng.Start.Byte && rng.End.Byte <= c.Range.End.Byte && c.Range != rng {
			*lines = append(*lines, c.Range.Start.Line)
			enclosing(c, rng, lines)
		}
	}
}
