package policy

import (
	"fmt"
	"strings"

	"github.com/driftfix/driftfix/attrpath"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
)

// Decision values.
const (
	NoChanges = "no-changes"
	AutoApply = "auto-apply"
	Review    = "review"
)

// Policy says what may be applied without a human in one environment.
type Policy struct {
	Environment string
	// AutoApply are the classes that may be applied without review. A class
	// whose risk is high never auto-applies, even when listed.
	AutoApply []fixers.Class
	// RequireApproval are classes that always need review.
	RequireApproval []fixers.Class
	// MaxChanges bounds the resource changes one auto-apply may hold (0 = no limit).
	MaxChanges int
	// NoAutoApplyEnvironments never auto-apply anything.
	NoAutoApplyEnvironments []string
	// ReviewAll, when not empty, says why nothing may auto-apply in this
	// environment (it has no policy of its own); every change needs review.
	ReviewAll string
	// Tightening makes the policy stricter for one project or run (see
	// Tightening); it never makes it laxer.
	Tightening
}

// Tightening is what the runner learns that makes a policy stricter for a
// project: classes the learning gate demoted to review (people overrode
// their automatic fixes too often), and reasons that send every change to
// review (a finding above the policy's priority limit). A plan judged with
// it is judged with it again at apply.
type Tightening struct {
	// Review, when not empty, sends every change to review, with these reasons.
	Review []string `json:"review,omitempty"`
	// Demoted maps a class to why it no longer auto-applies in this project.
	Demoted map[fixers.Class]string `json:"demoted,omitempty"`
}

// Tighten returns p with t added to its own tightening.
func (p Policy) Tighten(t Tightening) Policy {
	p.Review = dedupe(append(append([]string(nil), p.Review...), t.Review...))
	if len(t.Demoted) > 0 {
		d := make(map[fixers.Class]string, len(p.Demoted)+len(t.Demoted))
		for c, why := range p.Demoted {
			d[c] = why
		}
		for c, why := range t.Demoted {
			if _, ok := d[c]; !ok {
				d[c] = why
			}
		}
		p.Demoted = d
	}
	return p
}

// DefaultMaxChanges is the default policy's change limit.
const DefaultMaxChanges = 25

// DefaultPolicy is the policy used without a config file: the low-risk
// classes of the table may auto-apply, except in prod.
func DefaultPolicy(env string, table *Table) Policy {
	var low []fixers.Class
	for _, c := range table.Classes() {
		if table.Risk(c) == fixers.RiskLow && fixers.KnownClass(c) {
			low = append(low, c)
		}
	}
	return Policy{Environment: env, AutoApply: low, MaxChanges: DefaultMaxChanges, NoAutoApplyEnvironments: []string{"prod", "production"}}
}

// ConfigAddress strips instance keys from an address:
// module.a["x"].aws_s3_bucket.b[0] → module.a.aws_s3_bucket.b.
func ConfigAddress(addr string) string { return iac.StripInstanceKeys(addr) }

// Intent is what the applied fixes meant to change: per address, the
// attribute paths (patterns as in ClassRule.Path; "*" = the whole resource).
// A nil Intent means "judge by classes alone".
type Intent map[string][]string

// Decision is the gate's verdict with every reason for it.
type Decision struct {
	Decision string   `json:"decision"`
	Reasons  []string `json:"reasons"`
}

// Gate decides whether a classified plan may be applied without review. A
// plan is auto-applied only if every change is a create or an in-place update
// whose every path is in a class the policy allows, nothing is unknown or
// high, the number of changes is within the limit, the environment allows
// it, and (with an intent) the plan changes nothing the fixes did not mean to.
func Gate(c Classification, p Policy, table *Table, intent Intent) Decision {
	var changes []Change
	for _, ch := range c.Changes {
		if ch.Action != ActionRead || ch.Importing {
			changes = append(changes, ch)
		}
	}
	if len(changes) == 0 && len(c.Problems) == 0 {
		return Decision{Decision: NoChanges, Reasons: []string{"the plan changes nothing"}}
	}
	reasons := append([]string(nil), c.Problems...)
	if p.ReviewAll != "" {
		reasons = append(reasons, p.ReviewAll)
	}
	reasons = append(reasons, p.Review...)
	for _, e := range p.NoAutoApplyEnvironments {
		if strings.EqualFold(e, p.Environment) {
			reasons = append(reasons, fmt.Sprintf("environment %s never auto-applies", p.Environment))
		}
	}
	if p.MaxChanges > 0 && len(changes) > p.MaxChanges {
		reasons = append(reasons, fmt.Sprintf("%d changes exceed the policy's limit of %d", len(changes), p.MaxChanges))
	}
	allowed := map[fixers.Class]bool{}
	for _, cl := range p.AutoApply {
		allowed[cl] = true
	}
	approval := map[fixers.Class]bool{}
	for _, cl := range p.RequireApproval {
		approval[cl] = true
	}
	for _, ch := range changes {
		if !mayAutoApply(ch) {
			reasons = append(reasons, fmt.Sprintf("%s: %s", ch.Address, ch.Reason))
			continue
		}
		if ch.Importing {
			reasons = append(reasons, fmt.Sprintf("%s: imports are never auto-applied", ch.Address))
		}
		for _, r := range ch.Regressions {
			reasons = append(reasons, fmt.Sprintf("%s: regression, always review: %s", ch.Address, r))
		}
		for _, cl := range changeClasses(ch) {
			switch {
			case cl == fixers.ClassUnknown && ch.Action == ActionCreate:
				reasons = append(reasons, fmt.Sprintf("%s: %s", ch.Address, ch.Reason))
			case cl == fixers.ClassUnknown:
				reasons = append(reasons, fmt.Sprintf("%s: %s outside the class table (%s)", ch.Address, plural(len(unknownPaths(ch)), "path", "paths"), strings.Join(unknownPaths(ch), ", ")))
			case table.Risk(cl) == fixers.RiskHigh:
				reasons = append(reasons, fmt.Sprintf("%s: class %s is high risk", ch.Address, cl))
			case approval[cl]:
				reasons = append(reasons, fmt.Sprintf("%s: class %s always needs approval", ch.Address, cl))
			case p.Demoted[cl] != "":
				reasons = append(reasons, fmt.Sprintf("%s: class %s is demoted to review in this project: %s", ch.Address, cl, p.Demoted[cl]))
			case !allowed[cl]:
				reasons = append(reasons, fmt.Sprintf("%s: class %s (%s risk) may not auto-apply in %s", ch.Address, cl, table.Risk(cl), envName(p.Environment)))
			}
		}
		if intent != nil {
			reasons = append(reasons, checkIntent(ch, intent)...)
		}
	}
	if len(reasons) > 0 {
		return Decision{Decision: Review, Reasons: dedupe(reasons)}
	}
	var classes []string
	for _, ch := range changes {
		for _, cl := range changeClasses(ch) {
			classes = append(classes, string(cl))
		}
	}
	return Decision{Decision: AutoApply, Reasons: []string{fmt.Sprintf("%d %s, all creates, in-place updates, moves or output changes in allowed classes, none of them a regression (%s)", len(changes), plural(len(changes), "change", "changes"), strings.Join(dedupe(classes), ", "))}}
}

// mayAutoApply reports whether the change's action is one a policy may
// let through: a create, an in-place update, a move, or any change to an
// output (outputs live in the state only).
func mayAutoApply(ch Change) bool {
	switch ch.Action {
	case ActionCreate, ActionUpdate, ActionMove:
		return true
	case ActionDelete:
		return ch.Type == OutputType && ch.Class == ClassOutput
	}
	return false
}

// changeClasses lists the classes of a change: one per path, or the
// change's class for creates, moves and outputs; a moved resource is also
// in class moved.
func changeClasses(ch Change) []fixers.Class {
	out := pathClasses(ch)
	if ch.MovedFrom != "" {
		for _, c := range out {
			if c == ClassMoved {
				return out
			}
		}
		out = append(out, ClassMoved)
	}
	return out
}

func pathClasses(ch Change) []fixers.Class {
	if ch.Action == ActionCreate || ch.Action == ActionMove || ch.Type == OutputType || len(ch.PathClasses) == 0 {
		return []fixers.Class{ch.Class}
	}
	seen := map[fixers.Class]bool{}
	var out []fixers.Class
	explained := false
	for _, pc := range ch.PathClasses {
		if pc.Computed {
			continue
		}
		explained = true
		if !seen[pc.Class] {
			seen[pc.Class] = true
			out = append(out, pc.Class)
		}
	}
	if !explained {
		return []fixers.Class{fixers.ClassUnknown}
	}
	return out
}

func unknownPaths(ch Change) []string {
	var out []string
	for _, pc := range ch.PathClasses {
		if !pc.Computed && pc.Class == fixers.ClassUnknown {
			out = append(out, pc.Path)
		}
	}
	if len(out) == 0 {
		out = ch.Paths
	}
	return out
}

// checkIntent sends a change to review when it touches an address or a path
// that no applied fix meant to change.
func checkIntent(ch Change, intent Intent) []string {
	want, ok := intent[ch.Address]
	if !ok {
		want, ok = intent[ConfigAddress(ch.Address)]
	}
	if !ok {
		return []string{fmt.Sprintf("%s: changed, but no applied fix meant to change it", ch.Address)}
	}
	if ch.Action == ActionCreate {
		for _, w := range want {
			if w == "*" {
				return nil
			}
		}
		return []string{fmt.Sprintf("%s: created, but no applied fix meant to create it", ch.Address)}
	}
	var stray []string
	for _, pc := range ch.PathClasses {
		if pc.Computed {
			continue
		}
		if !coveredBy(pc.Path, want) {
			stray = append(stray, pc.Path)
		}
	}
	if len(stray) > 0 {
		return []string{fmt.Sprintf("%s: %s that no applied fix meant to change (%s)", ch.Address, plural(len(stray), "path changes", "paths change"), strings.Join(stray, ", "))}
	}
	return nil
}

func coveredBy(p string, patterns []string) bool {
	names := pathNames(p)
	for _, w := range patterns {
		if w == "*" {
			continue
		}
		if attrpath.PrefixMatch(pathNames(w), names) {
			return true
		}
	}
	return false
}

func envName(e string) string {
	if e == "" {
		return "this environment"
	}
	return e
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
