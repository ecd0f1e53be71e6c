package fixers

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

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
//
// Safe is the safe side of every path but "*": the value the fix writes and
// whatever else is at least as safe. The gate reads it to judge a planned
// change's direction: a change that ends on the safe side belongs to the
// rule's class; a change that ends anywhere else weakens the control and is
// a regression (high risk, always review). A Touch whose Safe is the zero
// value has no known safe side, and every change to its paths is a
// regression: split a Touch whose paths have different safe sides.
type Touch struct {
	ResourceType string
	Paths        []string
	Safe         Safe
}

// SafeKind says how a Safe judges a value.
type SafeKind string

const (
	// SafeEquals: safe values are exactly Values.
	SafeEquals SafeKind = "equals"
	// SafeAtLeast: safe values are numbers ≥ Min.
	SafeAtLeast SafeKind = "at-least"
	// SafeNonEmpty: safe values are anything but null, "" and an empty
	// list or map.
	SafeNonEmpty SafeKind = "non-empty"
	// SafeAny: the path has no safer side (tags, version counters): every
	// value is the class.
	SafeAny SafeKind = "any"
)

// Safe is the safe side of an attribute; build it with SafeIs, SafeMin,
// SafeSet or NoSafeSide.
type Safe struct {
	Kind   SafeKind
	Values []any   // SafeEquals: bool, string or float64
	Min    float64 // SafeAtLeast
}

// SafeIs: the safe values are exactly these (the first is what the fix writes).
func SafeIs(values ...any) Safe { return Safe{Kind: SafeEquals, Values: values} }

// SafeMin: the safe values are numbers of at least min (what the fix writes).
func SafeMin(min float64) Safe { return Safe{Kind: SafeAtLeast, Min: min} }

// SafeSet: any value that is set (not null, not empty) is safe.
func SafeSet() Safe { return Safe{Kind: SafeNonEmpty} }

// NoSafeSide: the path has no safer side; any value belongs to the class.
func NoSafeSide() Safe { return Safe{Kind: SafeAny} }

// Known reports whether the safe side is declared at all.
func (s Safe) Known() bool { return s.Kind != "" }

// Allows reports whether v, a value decoded from plan JSON (bool, string,
// float64 or json.Number, []any, map[string]any or nil), is on the safe
// side. A zero Safe allows nothing.
func (s Safe) Allows(v any) bool {
	switch s.Kind {
	case SafeAny:
		return true
	case SafeEquals:
		for _, w := range s.Values {
			if sameScalar(w, v) {
				return true
			}
		}
	case SafeAtLeast:
		n, ok := number(v)
		return ok && n >= s.Min
	case SafeNonEmpty:
		switch x := v.(type) {
		case nil:
			return false
		case string:
			return x != ""
		case []any:
			return len(x) > 0
		case map[string]any:
			return len(x) > 0
		}
		return true
	}
	return false
}

// String describes the safe side for reasons: `true`, `"Enabled"`, `at
// least 7`, `set`.
func (s Safe) String() string {
	switch s.Kind {
	case SafeAny:
		return "any value"
	case SafeEquals:
		parts := make([]string, len(s.Values))
		for i, v := range s.Values {
			if str, ok := v.(string); ok {
				parts[i] = strconv.Quote(str)
			} else {
				parts[i] = fmt.Sprint(v)
			}
		}
		return strings.Join(parts, " or ")
	case SafeAtLeast:
		return "at least " + strconv.FormatFloat(s.Min, 'f', -1, 64)
	case SafeNonEmpty:
		return "set (not null or empty)"
	}
	return "unknown"
}

func sameScalar(want, v any) bool {
	if wn, ok := number(want); ok {
		n, ok := number(v)
		return ok && n == wn
	}
	return want == v
}

// number reads a JSON number (float64, json.Number or an int).
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
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

// attributeAt names the attribute or nested block of b whose range is rng,
// as a dotted path under prefix ("" when rng is b itself or nothing in it).
func attributeAt(b *iac.Block, rng hcl.Range, prefix string) string {
	join := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	for name, a := range b.Attrs {
		if a.Range == rng {
			return join(name)
		}
	}
	for _, nb := range b.Blocks {
		if nb.Range == rng {
			return join(nb.Type)
		}
		if rangeWithin(rng, nb.Range) {
			return attributeAt(nb, rng, join(nb.Type))
		}
	}
	return ""
}

func rangeWithin(inner, outer hcl.Range) bool {
	return inner.Filename == outer.Filename && inner.Start.Byte >= outer.Start.Byte && inner.End.Byte <= outer.End.Byte
}

// Fingerprint identifies the finding across runs: the rule, the address and
// the attribute, not the line (code moves) nor the message. A secret's
// finding adds the secret's own fingerprint and the file (one attribute may
// hold two secrets; two variable files may set one variable).
func (f Finding) Fingerprint() string {
	id := f.Rule + "\x00" + f.Address + "\x00" + f.Attribute
	if f.Secret != "" {
		id += "\x00" + f.Secret + "\x00" + f.File
	}
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:12])
}

// Docs is the path of the rule's documentation page in the repository.
func (m Meta) Docs() string { return "docs/rules/" + m.ID + ".md" }

// Rule is one rule: its metadata and its check. A check returns findings;
// each finding carries its own fix (nil when it cannot be fixed safely).
type Rule struct {
	Meta
	Check func(in *Input) []Finding
}

// RequiredTag is a tag key every taggable resource must carry, with the
// value a fix writes ("" = no value known: the finding is reported but not
// fixed).
type RequiredTag struct {
	Key, Value string
}

// Input is what a check reads.
type Input struct {
	Module *iac.Module
	// RequiredTags are the tags every taggable resource must carry, in the
	// order they were given (the order a fix adds them in).
	RequiredTags []RequiredTag
	// EditOutside allows fixes in files outside the checked directory (a
	// local module called as ../…). Without it such findings are not
	// fixable, with the reason.
	EditOutside bool
	// Root is where the loaded module lies in the directory the user named,
	// as a slash path ("" or "." when it is that directory): a command run
	// on a repository checks each root module below it. A file is outside
	// the named directory when Root joined with its path leaves it.
	Root string
	// Shared maps each local module directory (a slash path relative to
	// the named directory) that several root modules call to those roots.
	// Its resources are not fixed: an edit would change every root.
	Shared map[string][]string
	// SecretVariables names the variable a hardcoded secret moves to, by
	// the finding's address and attribute ("aws_db_instance.db.password",
	// "module.app.api_token"): an existing variable is referred to (and
	// marked sensitive), a new one declared. Without an entry the fix
	// declares a variable named after where the secret was.
	SecretVariables map[string]string
}

// Outside reports whether p, a file path relative to the loaded module,
// lies outside the directory the user named.
func (in *Input) Outside(p string) bool {
	q := path.Join(in.Root, p)
	return q == ".." || strings.HasPrefix(q, "../")
}

// SharedBy returns the root modules that share the module directory of
// file p (relative to the loaded module), when more than one does.
func (in *Input) SharedBy(p string) []string {
	if len(in.Shared) == 0 {
		return nil
	}
	return in.Shared[path.Dir(path.Join(in.Root, p))]
}

// Finding is one problem at one resource.
type Finding struct {
	Rule     string   `json:"rule"`
	Title    string   `json:"-"`
	Severity Severity `json:"severity"`
	Class    Class    `json:"class"`
	Address  string   `json:"address"`
	// Attribute is what in the resource the finding is about, as a dotted
	// path ("versioning_configuration.status", "tags.owner"); "" for the
	// resource as a whole. With Rule and Address it makes the finding's
	// fingerprint, which stays the same across runs and line moves.
	Attribute string `json:"attribute,omitempty"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"-"`
	Message   string `json:"message"`
	Fixable   bool   `json:"fixable"`
	// Reason says why a finding is not fixable.
	Reason string `json:"reason,omitempty"`
	Refs   Refs   `json:"refs"`

	// Secret is the fingerprint of the hardcoded secret a finding is about
	// ("sha256:" and a prefix of its hash), never the secret.
	Secret string `json:"secret,omitempty"`
	// Variable is the input variable a secret's fix moves it into: once the
	// fix is applied it must be supplied (it is sensitive, without a default).
	Variable string `json:"variable,omitempty"`
	// FixNote says what people must do once the fix is applied (supply a
	// variable, give the provider credentials another way); "" for nothing.
	FixNote string `json:"-"`
	// Commit is where in the git history a finding was seen, for a secret
	// found in a past version of a file (scan --history); nil for the code
	// as it is.
	Commit *Commit `json:"-"`

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
	// secret is the hardcoded secret itself, for the callers that must act
	// on it (look up a leaked AWS key, mask it in a diff); never rendered.
	secret *secretValue
}

// secretValue is a secret a finding is about.
type secretValue struct {
	value, raw string
	kind       string
}

// Commit identifies a commit of the git history.
type Commit struct {
	SHA     string
	Author  string
	Date    time.Time
	Subject string
}

// SecretValue returns the hardcoded secret a finding is about, its text in
// the file (with escapes, "" when it was not found as such) and its kind
// (secrets.Kind); ok is false for any other finding, and for a Detached
// copy. It is never to be shown: callers look an AWS key up with it or mask
// it in text that is about to be shown.
func (f Finding) SecretValue() (value, raw, kind string, ok bool) {
	if f.secret == nil {
		return "", "", "", false
	}
	return f.secret.value, f.secret.raw, f.secret.kind, true
}

// Detached returns a copy of the finding without its fix and without the
// links into the loaded module, so that a report holding findings does not
// keep every syntax tree alive (a large scan's report is rendered after the
// module can be collected).
func (f Finding) Detached() Finding {
	f.Fix = nil
	f.file = nil
	f.ignoreLines = nil
	f.secret = nil
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
		Address: r.Address(), Attribute: attributeAt(r.Block, rng, ""), File: r.File.Path, Line: rng.Start.Line, Column: rng.Start.Column,
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
