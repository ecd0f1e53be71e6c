// Package policy decides what a plan may do without a human: Classify maps
// every planned change to fix classes and a risk (a pure function of the plan
// JSON and the class table), and Gate turns that into auto-apply or review.
package policy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/fixers"
	tfjson "github.com/hashicorp/terraform-json"
)

// Action is what a plan does to a resource.
type Action string

const (
	ActionCreate  Action = "create"
	ActionUpdate  Action = "update"
	ActionDelete  Action = "delete"
	ActionReplace Action = "replace"
	ActionRead    Action = "read"
	ActionNoOp    Action = "no-op"
	ActionForget  Action = "forget"
)

// PathClass is one changed attribute path and its class.
type PathClass struct {
	Path  string       `json:"path"`
	Class fixers.Class `json:"class"` // "unknown" when the table has no rule
	// Computed marks an attribute the configuration does not set that became
	// "known after apply" as a consequence of the other changes.
	Computed bool `json:"computed,omitempty"`
}

// Change is one classified resource change.
type Change struct {
	Address string       `json:"address"`
	Type    string       `json:"type"`
	Action  Action       `json:"action"`
	Class   fixers.Class `json:"class"` // the riskiest class among the paths
	Risk    fixers.Risk  `json:"risk"`
	// Paths are the changed attribute paths (for creates: what is set).
	Paths        []string    `json:"paths"`
	PathClasses  []PathClass `json:"-"`
	ReplacePaths []string    `json:"replace_paths,omitempty"`
	Importing    bool        `json:"importing,omitempty"`
	Reason       string      `json:"reason"`
}

// Classification is the classified plan.
type Classification struct {
	// Changes are the resource changes that do something (no-ops are left out).
	Changes []Change `json:"changes"`
	// Drift are the changes Terraform saw outside of it (resource_drift),
	// classified the same way; informational.
	Drift []Change `json:"drift"`
	// Risk is the highest risk of any change ("" when there is none).
	Risk fixers.Risk `json:"risk,omitempty"`
}

// Classify classifies every resource change of a plan. It never fails: what
// it cannot explain is class "unknown", risk high.
func Classify(plan *tfjson.Plan, table *Table) Classification {
	cfg := configuredAttrs(plan)
	c := Classification{Changes: []Change{}, Drift: []Change{}}
	if plan == nil {
		return c
	}
	for _, rc := range plan.ResourceChanges {
		ch, ok := classifyChange(rc, table, cfg)
		if !ok {
			continue
		}
		c.Changes = append(c.Changes, ch)
		c.Risk = maxRisk(c.Risk, ch.Risk)
	}
	for _, rc := range plan.ResourceDrift {
		if ch, ok := classifyChange(rc, table, nil); ok {
			c.Drift = append(c.Drift, ch)
		}
	}
	return c
}

func actionOf(a tfjson.Actions) Action {
	switch {
	case a.NoOp():
		return ActionNoOp
	case a.Create():
		return ActionCreate
	case a.Update():
		return ActionUpdate
	case a.Delete():
		return ActionDelete
	case a.Replace():
		return ActionReplace
	case a.Read():
		return ActionRead
	}
	if len(a) == 1 && a[0] == tfjson.ActionForget {
		return ActionForget
	}
	return Action(strings.Join(actionStrings(a), ","))
}

func actionStrings(a tfjson.Actions) []string {
	out := make([]string, len(a))
	for i, x := range a {
		out[i] = string(x)
	}
	return out
}

func classifyChange(rc *tfjson.ResourceChange, table *Table, cfg map[string]map[string]bool) (Change, bool) {
	if rc == nil || rc.Change == nil {
		return Change{}, false
	}
	act := actionOf(rc.Change.Actions)
	ch := Change{Address: rc.Address, Type: rc.Type, Action: act, Paths: []string{}, Importing: rc.Change.Importing != nil}
	switch act {
	case ActionNoOp:
		if !ch.Importing {
			return Change{}, false
		}
		ch.Class, ch.Risk = fixers.ClassUnknown, fixers.RiskHigh
		ch.Reason = "imports an existing object into the state"
		return ch, true
	case ActionRead:
		if ch.Importing {
			ch.Class, ch.Risk = fixers.ClassUnknown, fixers.RiskHigh
			ch.Reason = "reads a data source while importing an object"
			return ch, true
		}
		ch.Class, ch.Risk = "", fixers.RiskLow
		ch.Reason = "reads a data source"
		return ch, true
	case ActionCreate:
		ch.Paths = setPaths(rc.Change.After, rc.Change.AfterUnknown)
		if cl, ok := table.ClassOfResource(rc.Type); ok {
			ch.Class, ch.Risk = cl, table.Risk(cl)
			ch.Reason = fmt.Sprintf("creates %s (class %s)", rc.Type, cl)
		} else {
			ch.Class, ch.Risk = fixers.ClassUnknown, fixers.RiskHigh
			ch.Reason = fmt.Sprintf("creates %s, a resource type no fix class covers", rc.Type)
		}
	case ActionDelete, ActionForget:
		ch.Paths = setPaths(rc.Change.Before, nil)
		ch.Class, ch.Risk = fixers.ClassUnknown, fixers.RiskHigh
		if cl, ok := table.ClassOfResource(rc.Type); ok {
			ch.Class = cl
		}
		verb := "deletes"
		if act == ActionForget {
			verb = "removes from state (forget)"
		}
		ch.Reason = fmt.Sprintf("%s %s", verb, rc.Address)
		if rc.ActionReason != "" {
			ch.Reason += " (" + string(rc.ActionReason) + ")"
		}
	case ActionReplace:
		for _, p := range rc.Change.ReplacePaths {
			if ps := pathString(p, changeMasks(rc.Change.BeforeSensitive, rc.Change.AfterSensitive)); !contains(ch.ReplacePaths, ps) {
				ch.ReplacePaths = append(ch.ReplacePaths, ps)
			}
		}
		ch.Paths = ch.ReplacePaths
		ch.PathClasses = classifyPaths(rc.Type, ch.ReplacePaths, nil, table)
		ch.Class, _ = riskiest(ch.PathClasses, table)
		if ch.Class == "" {
			ch.Class = fixers.ClassUnknown
		}
		ch.Risk = fixers.RiskHigh
		ch.Reason = fmt.Sprintf("replaces %s (destroys the existing object)", rc.Address)
		if len(ch.ReplacePaths) > 0 {
			ch.Reason += " because of " + strings.Join(ch.ReplacePaths, ", ")
		}
	case ActionUpdate:
		ch.Paths = diffPaths("", rc.Change.Before, rc.Change.After, rc.Change.AfterUnknown, changeMasks(rc.Change.BeforeSensitive, rc.Change.AfterSensitive))
		configured, known := cfg[configKey(rc)]
		ch.PathClasses = classifyPaths(rc.Type, ch.Paths, func(p string) bool {
			return known && isUnknownPath(rc.Change.AfterUnknown, p) && !configured[firstSegment(p)]
		}, table)
		ch.Class, ch.Risk = riskiest(ch.PathClasses, table)
		ch.Reason = updateReason(ch.PathClasses, table)
	default:
		ch.Class, ch.Risk = fixers.ClassUnknown, fixers.RiskHigh
		ch.Reason = "unrecognised actions " + string(act)
	}
	if ch.Importing && ch.Risk != fixers.RiskHigh {
		ch.Risk = fixers.RiskHigh
		ch.Reason += "; also imports an existing object"
	}
	return ch, true
}

// classifyPaths gives each path its class; computed reports paths that are
// computed consequences (they take no class of their own).
func classifyPaths(typ string, paths []string, computed func(string) bool, table *Table) []PathClass {
	out := make([]PathClass, 0, len(paths))
	for _, p := range paths {
		if computed != nil && computed(p) {
			out = append(out, PathClass{Path: p, Computed: true})
			continue
		}
		cl, ok := table.ClassOfPath(typ, p)
		if !ok {
			cl = fixers.ClassUnknown
		}
		out = append(out, PathClass{Path: p, Class: cl})
	}
	return out
}

// riskiest returns the class with the highest risk and that risk. Computed
// paths only count when nothing else changed (then they are unknown).
func riskiest(pcs []PathClass, table *Table) (fixers.Class, fixers.Risk) {
	var cl fixers.Class
	var risk fixers.Risk
	explained := 0
	for _, pc := range pcs {
		if pc.Computed {
			continue
		}
		explained++
		r := table.Risk(pc.Class)
		if pc.Class == fixers.ClassUnknown {
			r = fixers.RiskHigh
		}
		if rank(r) > rank(risk) || cl == "" {
			cl, risk = pc.Class, maxRisk(risk, r)
		}
	}
	if explained == 0 {
		return fixers.ClassUnknown, fixers.RiskHigh
	}
	return cl, risk
}

func updateReason(pcs []PathClass, table *Table) string {
	byClass := map[fixers.Class][]string{}
	var computed []string
	for _, pc := range pcs {
		if pc.Computed {
			computed = append(computed, pc.Path)
			continue
		}
		byClass[pc.Class] = append(byClass[pc.Class], pc.Path)
	}
	if len(byClass) == 0 {
		return "only computed attributes change: " + strings.Join(computed, ", ")
	}
	var classes []string
	for c := range byClass {
		classes = append(classes, string(c))
	}
	sort.Strings(classes)
	var parts []string
	for _, c := range classes {
		cl := fixers.Class(c)
		risk := table.Risk(cl)
		if cl == fixers.ClassUnknown {
			parts = append(parts, fmt.Sprintf("paths outside the class table (high): %s", strings.Join(byClass[cl], ", ")))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s (%s): %s", c, risk, strings.Join(byClass[cl], ", ")))
	}
	s := "updates in place: " + strings.Join(parts, "; ")
	if len(computed) > 0 {
		s += "; computed as a result: " + strings.Join(computed, ", ")
	}
	return s
}

func firstSegment(p string) string {
	if s := segments(p); len(s) > 0 {
		return s[0]
	}
	return p
}

// isUnknownPath reports whether after_unknown marks the top-level attribute
// of path p as wholly unknown.
func isUnknownPath(afterUnknown any, p string) bool {
	m, ok := afterUnknown.(map[string]any)
	if !ok {
		return false
	}
	return isTrue(m[firstSegment(p)])
}

// configKey is the configuration address of a resource change: module path
// without instance keys plus type.name.
func configKey(rc *tfjson.ResourceChange) string {
	var parts []string
	if rc.ModuleAddress != "" {
		for _, seg := range strings.Split(rc.ModuleAddress, ".") {
			if i := strings.IndexByte(seg, '['); i >= 0 {
				seg = seg[:i]
			}
			parts = append(parts, seg)
		}
	}
	prefix := strings.Join(parts, ".")
	name := rc.Type + "." + rc.Name
	if rc.Mode == tfjson.DataResourceMode {
		name = "data." + name
	}
	if prefix != "" {
		return prefix + "." + name
	}
	return name
}

// configuredAttrs maps each configured resource to the attributes its
// configuration sets, from the plan's configuration section.
func configuredAttrs(plan *tfjson.Plan) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	if plan == nil || plan.Config == nil {
		return out
	}
	var walk func(prefix string, m *tfjson.ConfigModule)
	walk = func(prefix string, m *tfjson.ConfigModule) {
		if m == nil {
			return
		}
		for _, r := range m.Resources {
			attrs := map[string]bool{}
			for k := range r.Expressions {
				attrs[k] = true
			}
			out[prefix+r.Address] = attrs
		}
		for name, mc := range m.ModuleCalls {
			if mc != nil {
				walk(prefix+"module."+name+".", mc.Module)
			}
		}
	}
	walk("", plan.Config.RootModule)
	return out
}
