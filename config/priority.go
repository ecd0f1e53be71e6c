package config

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// The priority { … } block: how much each piece of context raises (or
// lowers) the priority of a finding or a drift item. The priority package
// computes priorities from a Priority; config only checks and holds the
// numbers and tag rules, with defaults applied.

// Priority weighs findings and drift: the `priority { … }` block, defaults
// applied. Points add up and the sum is kept within 0–100.
type Priority struct {
	// Severity are the base points of each severity.
	Severity SeverityPoints
	// InternetFacing, SensitiveData and CriticalService are the points a
	// finding or drift item gets when the resource it is about (or one it
	// is attached to) is reachable from the internet, holds data tagged
	// sensitive, or is tagged critical. Each counts once, however many
	// reasons there are. Negative points lower the priority.
	InternetFacing  int
	SensitiveData   int
	CriticalService int
	// Environments are the points of each environment, in file order (names
	// compare ignoring case). An environment not listed gets 0.
	Environments []EnvironmentPoints
	// SensitiveTags and CriticalTags are the tags that mark a resource as
	// holding sensitive data, or as part of a critical service.
	SensitiveTags []TagMatch
	CriticalTags  []TagMatch

	// Range is the block header; zero for the defaults.
	Range hcl.Range
}

// SeverityPoints are the base points of each severity.
type SeverityPoints struct {
	Low, Medium, High, Critical int
}

// Of returns the points of a severity ("low" … "critical"); 0 for any
// other string.
func (s SeverityPoints) Of(severity string) int {
	switch severity {
	case "low":
		return s.Low
	case "medium":
		return s.Medium
	case "high":
		return s.High
	case "critical":
		return s.Critical
	}
	return 0
}

// EnvironmentPoints are the points of one environment.
type EnvironmentPoints struct {
	Environment string
	Points      int
}

// TagMatch matches a tag: Key, and one of Values (keys and values compare
// ignoring case). No Values means any value.
type TagMatch struct {
	Key    string
	Values []string
}

// Matches reports whether a tag key = value matches.
func (t TagMatch) Matches(key, value string) bool {
	if !strings.EqualFold(t.Key, key) {
		return false
	}
	if len(t.Values) == 0 {
		return true
	}
	for _, v := range t.Values {
		if strings.EqualFold(v, value) {
			return true
		}
	}
	return false
}

// EnvironmentPoints returns the points of an environment (compared ignoring
// case); ok is false when the environment is not listed.
func (p Priority) EnvironmentPoints(env string) (points int, ok bool) {
	for _, e := range p.Environments {
		if strings.EqualFold(e.Environment, env) {
			return e.Points, true
		}
	}
	return 0, false
}

func (p Priority) clone() Priority {
	p.Environments = slices.Clone(p.Environments)
	p.SensitiveTags = cloneTagMatches(p.SensitiveTags)
	p.CriticalTags = cloneTagMatches(p.CriticalTags)
	return p
}

func cloneTagMatches(ts []TagMatch) []TagMatch {
	out := slices.Clone(ts)
	for i := range out {
		out[i].Values = slices.Clone(out[i].Values)
	}
	return out
}

// Priority returns the priority weights, defaults applied (DefaultPriority
// when the file has no priority block).
func (c *Config) Priority() Priority {
	if c.priority == nil {
		return DefaultPriority()
	}
	return c.priority.clone()
}

// DefaultPriority are the priority weights without a priority block: the
// highest severity in prod on an internet-facing, critical resource holding
// sensitive data weighs 100.
func DefaultPriority() Priority {
	return Priority{
		Severity:        SeverityPoints{Low: 10, Medium: 20, High: 30, Critical: 40},
		InternetFacing:  20,
		SensitiveData:   15,
		CriticalService: 10,
		Environments: []EnvironmentPoints{
			{"prod", 15}, {"production", 15}, {"staging", 5}, {"dev", 0},
		},
		SensitiveTags: []TagMatch{{Key: "data-classification", Values: []string{"confidential", "restricted", "sensitive", "pii"}}},
		CriticalTags:  []TagMatch{{Key: "criticality", Values: []string{"high", "critical"}}},
	}
}

// Bounds of the numbers in a priority block and of review_above_priority.
const (
	MaxPriority = 100
	minPoints   = -MaxPriority
)

// rawPriority is the priority { … } block.
type rawPriority struct {
	DefRange hcl.Range `hcl:",def_range"`

	InternetFacing       *int      `hcl:"internet_facing,optional"`
	InternetFacingRange  hcl.Range `hcl:"internet_facing,attr_value_range"`
	SensitiveData        *int      `hcl:"sensitive_data,optional"`
	SensitiveDataRange   hcl.Range `hcl:"sensitive_data,attr_value_range"`
	CriticalService      *int      `hcl:"critical_service,optional"`
	CriticalServiceRange hcl.Range `hcl:"critical_service,attr_value_range"`

	Severity      hcl.Expression `hcl:"severity,optional"`
	Environments  hcl.Expression `hcl:"environments,optional"`
	SensitiveTags hcl.Expression `hcl:"sensitive_tags,optional"`
	CriticalTags  hcl.Expression `hcl:"critical_tags,optional"`
}

func (rp *rawPriority) validate() (Priority, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	p := DefaultPriority()
	p.Range = rp.DefRange

	for _, w := range []struct {
		name string
		raw  *int
		rng  hcl.Range
		dst  *int
	}{
		{"internet_facing", rp.InternetFacing, rp.InternetFacingRange, &p.InternetFacing},
		{"sensitive_data", rp.SensitiveData, rp.SensitiveDataRange, &p.SensitiveData},
		{"critical_service", rp.CriticalService, rp.CriticalServiceRange, &p.CriticalService},
	} {
		if w.raw == nil {
			continue
		}
		if msg := checkPoints(*w.raw, minPoints); msg != "" {
			diags = append(diags, errorAt(w.rng, "Invalid points", "%s %s.", w.name, msg))
			continue
		}
		*w.dst = *w.raw
	}

	sev, _, d := intMap(rp.Severity, "severity")
	diags = append(diags, d...)
	for _, kv := range sev {
		var dst *int
		switch kv.Key {
		case "low":
			dst = &p.Severity.Low
		case "medium":
			dst = &p.Severity.Medium
		case "high":
			dst = &p.Severity.High
		case "critical":
			dst = &p.Severity.Critical
		default:
			diags = append(diags, errorAt(kv.KeyRange, "Invalid severity",
				"severity sets points for %q; the severities are %s.", kv.Key, orList(severities)))
			continue
		}
		if msg := checkPoints(kv.Value, 0); msg != "" {
			diags = append(diags, errorAt(kv.ValueRange, "Invalid points", "severity[%q] %s.", kv.Key, msg))
			continue
		}
		*dst = kv.Value
	}

	envs, set, d := intMap(rp.Environments, "environments")
	diags = append(diags, d...)
	if set {
		p.Environments = []EnvironmentPoints{}
		seen := map[string]hcl.Range{}
		for _, kv := range envs {
			if msg := checkName(kv.Key); msg != "" {
				diags = append(diags, errorAt(kv.KeyRange, "Invalid environment", "environments: the environment %s.", msg))
				continue
			}
			if first, dup := seen[strings.ToLower(kv.Key)]; dup {
				diags = append(diags, errorAt(kv.KeyRange, "Duplicate environment",
					"environments sets %q, which it already sets at %s; environment names are compared ignoring case.", kv.Key, first))
				continue
			}
			seen[strings.ToLower(kv.Key)] = kv.KeyRange
			if msg := checkPoints(kv.Value, minPoints); msg != "" {
				diags = append(diags, errorAt(kv.ValueRange, "Invalid points", "environments[%q] %s.", kv.Key, msg))
				continue
			}
			p.Environments = append(p.Environments, EnvironmentPoints{Environment: kv.Key, Points: kv.Value})
		}
	}

	for _, t := range []struct {
		name string
		expr hcl.Expression
		dst  *[]TagMatch
	}{
		{"sensitive_tags", rp.SensitiveTags, &p.SensitiveTags},
		{"critical_tags", rp.CriticalTags, &p.CriticalTags},
	} {
		tags, set, d := tagMatches(t.expr, t.name)
		diags = append(diags, d...)
		if set {
			*t.dst = tags
		}
	}
	return p, diags
}

// Threshold is an optional priority (0–100) above which something
// happens: a policy's review_above_priority. The zero value is not set.
type Threshold struct {
	Priority int
	Set      bool
}

// Above reports whether priority is above the threshold; never when the
// threshold is not set.
func (t Threshold) Above(priority int) bool { return t.Set && priority > t.Priority }

// validateReviewAbove checks a policy's review_above_priority.
func validateReviewAbove(v *int, rng hcl.Range) (Threshold, hcl.Diagnostics) {
	if v == nil {
		return Threshold{}, nil
	}
	if *v < 0 || *v > MaxPriority {
		return Threshold{}, hcl.Diagnostics{errorAt(rng, "Invalid review_above_priority",
			"review_above_priority must be a priority from 0 to %d, not %d.", MaxPriority, *v)}
	}
	return Threshold{Priority: *v, Set: true}, nil
}

// checkPoints checks points of a priority block: a whole number from min
// to MaxPriority.
func checkPoints(v, min int) string {
	if v < min || v > MaxPriority {
		return fmt.Sprintf("must be from %d to %d, not %d", min, MaxPriority, v)
	}
	return ""
}

// intPair is one key = whole number of a map attribute.
type intPair struct {
	Key        string
	KeyRange   hcl.Range
	Value      int
	ValueRange hcl.Range
}

// intMap decodes a map of whole numbers in source order.
func intMap(expr hcl.Expression, name string) (pairs []intPair, set bool, diags hcl.Diagnostics) {
	entries, set, diags := mapEntries(expr, name, "a map, like { key = 10 }")
	for _, e := range entries {
		v, d := e.Value.Value(nil)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		if v.IsNull() || v.Type() != cty.Number {
			diags = append(diags, errorAt(e.Value.Range(), "Incorrect value type",
				"The value of %s[%q] must be a whole number, not %s.", name, e.Key, friendly(v)))
			continue
		}
		bf := v.AsBigFloat()
		if !bf.IsInt() {
			diags = append(diags, errorAt(e.Value.Range(), "Incorrect value type",
				"The value of %s[%q] must be a whole number, not %s.", name, e.Key, bf.Text('g', -1)))
			continue
		}
		n, acc := bf.Int64()
		if acc != big.Exact || n < -1<<31 || n > 1<<31-1 {
			n = 1 << 31 // out of every range: the caller reports it
		}
		pairs = append(pairs, intPair{Key: e.Key, KeyRange: e.KeyRange, Value: int(n), ValueRange: e.Value.Range()})
	}
	return pairs, set, diags
}

// tagMatches decodes a map from tag key to a list of values
// (sensitive_tags, critical_tags). Keys compare ignoring case, so keys that
// differ only in case are duplicates; values repeated ignoring case are
// folded.
func tagMatches(expr hcl.Expression, name string) (tags []TagMatch, set bool, diags hcl.Diagnostics) {
	entries, set, diags := mapEntries(expr, name, `a map, like { "data-classification" = ["confidential"] }`)
	if set {
		tags = []TagMatch{}
	}
	seen := map[string]hcl.Range{}
	for _, e := range entries {
		if first, dup := seen[strings.ToLower(e.Key)]; dup {
			diags = append(diags, errorAt(e.KeyRange, "Duplicate tag key",
				"%s sets %q, which it already sets at %s; tag keys are compared ignoring case.", name, e.Key, first))
			continue
		}
		seen[strings.ToLower(e.Key)] = e.KeyRange
		elemName := fmt.Sprintf("%s[%q]", name, e.Key)
		vals, listed, d := stringList(e.Value, elemName)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		if !listed {
			diags = append(diags, errorAt(e.Value.Range(), "Incorrect value type",
				"%s must be a list of tag values; [] matches any value.", elemName))
			continue
		}
		t := TagMatch{Key: e.Key}
		for _, v := range vals {
			dup := false
			for _, have := range t.Values {
				dup = dup || strings.EqualFold(have, v.Value)
			}
			if !dup {
				t.Values = append(t.Values, v.Value)
			}
		}
		tags = append(tags, t)
	}
	return tags, set, diags
}
