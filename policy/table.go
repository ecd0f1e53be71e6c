package policy

import (
	"fmt"
	"path"
	"sort"
	"strconv"

	"github.com/driftfix/driftfix/attrpath"
	"github.com/driftfix/driftfix/fixers"
)

// ClassRule maps a resource type and an attribute path to a fix class.
//
// Resource is a resource type or a glob (aws_s3_bucket*, *). Path is an
// attribute path in plan-JSON form with indices ignored: "tags" covers
// tags.env and tags["cost-center"]; "metadata_options[0].http_tokens" covers
// that attribute only; a "*" segment matches any one step. The Path "*" alone
// stands for the whole resource and classifies creates.
type ClassRule struct {
	Resource string
	Path     string
	Class    fixers.Class
}

// Table maps planned changes to classes and classes to risks. Build it with
// DefaultTable and extend it with custom classes; it is not changed after.
type Table struct {
	rules []ClassRule
	risks map[fixers.Class]fixers.Risk
	// builtin is how many of rules come from the rules' metadata and
	// builtinRules; the rest come from custom classes.
	builtin int
	// safe are the safe sides of the attributes the rules' fixes touch.
	safe []SafeRule
}

// DefaultTable derives the class table from the rules' metadata — the paths
// each fix touches — plus tags/tags_all on every resource, with the design's
// default risks. It is never kept by hand.
func DefaultTable(fxs []fixers.Rule) *Table {
	t := &Table{risks: map[fixers.Class]fixers.Risk{}}
	for _, c := range fixers.Classes {
		t.risks[c.Class] = c.Risk
	}
	t.risks[ClassMoved] = fixers.RiskMedium
	t.risks[ClassOutput] = fixers.RiskMedium
	t.rules = append(t.rules,
		ClassRule{Resource: "*", Path: "tags", Class: fixers.ClassTags},
		ClassRule{Resource: "*", Path: "tags_all", Class: fixers.ClassTags},
	)
	t.rules = append(t.rules, builtinRules...)
	for _, fx := range fxs {
		for _, tc := range fx.Touches {
			for _, p := range tc.Paths {
				t.rules = append(t.rules, ClassRule{Resource: tc.ResourceType, Path: p, Class: fx.Class})
				if p != "*" {
					t.safe = append(t.safe, SafeRule{Resource: tc.ResourceType, Path: p, Class: fx.Class, Safe: tc.Safe, Rule: fx.ID})
				}
			}
		}
	}
	t.builtin = len(t.rules)
	return t
}

// SafeRules returns the safe sides the table judges direction by.
func (t *Table) SafeRules() []SafeRule { return append([]SafeRule(nil), t.safe...) }

// CustomClass is a class defined by configuration.
type CustomClass struct {
	Name      fixers.Class
	Risk      fixers.Risk
	Resources []string // resource type patterns
	Paths     []string // attribute path patterns ("*" = whole resource)
}

// With returns a copy of t extended with custom classes. A custom class may
// reuse a built-in class name to map more paths to it and to raise its risk,
// but never lower it. Nor may a custom class lower the risk of a path that a
// built-in rule rates higher: it may not claim such a path (or a part of
// it) with a lower risk, nor claim the whole of a resource type that has
// one (creating it would take the custom class).
func (t *Table) With(custom ...CustomClass) (*Table, error) {
	n := &Table{rules: append([]ClassRule(nil), t.rules...), risks: map[fixers.Class]fixers.Risk{}, builtin: t.builtin, safe: t.safe}
	for k, v := range t.risks {
		n.risks[k] = v
	}
	for _, c := range custom {
		if rank(c.Risk) == 0 {
			return nil, fmt.Errorf("class %q: risk %q is not low, medium or high", c.Name, c.Risk)
		}
		if old, ok := n.risks[c.Name]; ok && rank(c.Risk) < rank(old) {
			return nil, fmt.Errorf("class %q: risk %s would lower the built-in risk %s", c.Name, c.Risk, old)
		}
		paths := c.Paths
		if len(paths) == 0 {
			paths = []string{"*"}
		}
		for _, r := range c.Resources {
			for _, p := range paths {
				if b, ok := t.lowers(r, p, c.Risk); ok {
					return nil, &LowerError{Class: c.Name, Resource: r, Path: p, Risk: c.Risk, Builtin: b, BuiltinRisk: t.Risk(b.Class)}
				}
			}
		}
		n.risks[c.Name] = c.Risk
		for _, r := range c.Resources {
			for _, p := range paths {
				// a custom class covering whole resources also covers their attributes
				n.rules = append(n.rules, ClassRule{Resource: r, Path: p, Class: c.Name})
			}
		}
	}
	return n, nil
}

// LowerError: a custom class would take a path (or a whole resource type)
// that a built-in rule rates higher, with a lower risk.
type LowerError struct {
	Class       fixers.Class
	Resource    string // the custom class's resource pattern
	Path        string // its path pattern ("*" = the whole resource)
	Risk        fixers.Risk
	Builtin     ClassRule
	BuiltinRisk fixers.Risk
}

func (e *LowerError) Error() string {
	return fmt.Sprintf("class %q: %s on %s would lower the risk of %s on %s, which the built-in class %s rates %s, to %s",
		e.Class, describePath(e.Path), e.Resource, describePath(e.Builtin.Path), e.Builtin.Resource, e.Builtin.Class, e.BuiltinRisk, e.Risk)
}

func describePath(p string) string {
	if p == "*" {
		return "the whole resource"
	}
	return "path " + strconv.Quote(p)
}

// lowers finds a built-in rule whose paths a custom rule (resource pattern,
// path pattern, risk) would take over with a lower risk.
func (t *Table) lowers(resource, p string, risk fixers.Risk) (ClassRule, bool) {
	for _, b := range t.rules[:t.builtin] {
		if rank(t.Risk(b.Class)) <= rank(risk) || !typesOverlap(resource, b.Resource) {
			continue
		}
		if p == "*" {
			// creating the type would take the custom class
			return b, true
		}
		if b.Path == "*" {
			continue
		}
		// The custom path claims the built-in one (or a part of it) when
		// the built-in path is a prefix of it: then it is at least as
		// specific, and it wins.
		cs, bs := pathNames(p), pathNames(b.Path)
		if len(cs) >= len(bs) && attrpath.PrefixOverlap(bs, cs) {
			return b, true
		}
	}
	return ClassRule{}, false
}

// typesOverlap reports whether two resource type patterns can match the
// same type (the built-in side is a type or "*").
func typesOverlap(a, b string) bool {
	return a == "*" || b == "*" || matchType(a, b) || matchType(b, a)
}

// Rules returns the table's rules.
func (t *Table) Rules() []ClassRule { return append([]ClassRule(nil), t.rules...) }

// Risk returns a class's risk; unknown classes are high.
func (t *Table) Risk(c fixers.Class) fixers.Risk {
	if r, ok := t.risks[c]; ok {
		return r
	}
	return fixers.RiskHigh
}

// Classes lists the known classes, sorted.
func (t *Table) Classes() []fixers.Class {
	var out []fixers.Class
	for c := range t.risks {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// ClassOfPath returns the class of a changed attribute path of a resource
// type. The most specific matching rule wins; ok is false when none matches.
func (t *Table) ClassOfPath(resourceType, p string) (fixers.Class, bool) {
	names := pathNames(p)
	best, bestLen := fixers.Class(""), -1
	for _, r := range t.rules {
		if r.Path == "*" || !matchType(r.Resource, resourceType) {
			continue
		}
		ps := pathNames(r.Path)
		if attrpath.PrefixMatch(ps, names) && len(ps) > bestLen {
			best, bestLen = r.Class, len(ps)
		}
	}
	if r, ok := t.wholeResource(resourceType); ok && bestLen < 0 && t.isCustomWhole(resourceType) {
		return r, true
	}
	return best, bestLen >= 0
}

// ClassOfResource returns the class of creating (or removing) a whole
// resource of the given type: a rule with Path "*".
func (t *Table) ClassOfResource(resourceType string) (fixers.Class, bool) {
	return t.wholeResource(resourceType)
}

func (t *Table) wholeResource(resourceType string) (fixers.Class, bool) {
	for _, r := range t.rules {
		if r.Path == "*" && matchType(r.Resource, resourceType) {
			return r.Class, true
		}
	}
	return "", false
}

// isCustomWhole is true when a custom class claims the whole resource type
// with the path "*" and no built-in rule narrows it: then every attribute of
// that type belongs to the class (config: class { resources = [...] } with no paths).
func (t *Table) isCustomWhole(resourceType string) bool {
	for _, r := range t.rules {
		if r.Path == "*" && matchType(r.Resource, resourceType) && !fixers.KnownClass(r.Class) {
			return true
		}
	}
	return false
}

func matchType(pattern, typ string) bool {
	if pattern == typ || pattern == "*" {
		return true
	}
	ok, _ := path.Match(pattern, typ)
	return ok
}

// pathNames returns the attribute names and map keys of a path written in
// plan-JSON form, without its list indexes (attrpath.Path.Names):
// metadata_options[0].http_tokens → [metadata_options http_tokens],
// tags["cost-center"] → [tags cost-center]. Patterns and changed paths
// are matched by their names.
func pathNames(p string) []string { return attrpath.ParseLenient(p).Names() }

func rank(r fixers.Risk) int {
	switch r {
	case fixers.RiskLow:
		return 1
	case fixers.RiskMedium:
		return 2
	case fixers.RiskHigh:
		return 3
	}
	return 0
}

func maxRisk(a, b fixers.Risk) fixers.Risk {
	if rank(b) > rank(a) {
		return b
	}
	return a
}
