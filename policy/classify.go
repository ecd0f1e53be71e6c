// Package policy decides what a plan may do without a human: Classify maps
// every planned change to fix classes and a risk (a pure function of the plan
// JSON and the class table), and Gate turns that into auto-apply or review.
package policy

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/attrpath"
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
	// ActionMove is a moved block that changes nothing but the address.
	ActionMove Action = "move"
)

// Classes of changes that no rule makes: a resource that only moves to a
// new address (a moved block), and a change to a root module output. Both
// touch only the state; neither is in the default policy, so both go to
// review unless a policy lists them in auto_apply.
const (
	ClassMoved  fixers.Class = "moved"
	ClassOutput fixers.Class = "output"
)

// OutputType is the Type of a Change to a root module output (its Address
// is output.NAME).
const OutputType = "output"

// PathClass is one changed attribute path and its class.
type PathClass struct {
	Path  string       `json:"path"`
	Class fixers.Class `json:"class"` // "unknown" when the table has no rule
	// Computed marks an attribute the configuration does not set that became
	// "known after apply" as a consequence of the other changes.
	Computed bool `json:"computed,omitempty"`
	// Regression says why the change moves this path off its safe side
	// ("" when it does not); such a path is high risk whatever its class.
	Regression string `json:"regression,omitempty"`
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
	// MovedFrom is the address a moved block moves the resource from.
	MovedFrom string `json:"moved_from,omitempty"`
	// Regressions say which attributes the change moves off their safe
	// side, and how; each makes the change high risk.
	Regressions []string `json:"regressions,omitempty"`
	Reason      string   `json:"reason"`
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
	// Problems are what makes the plan itself unfit to apply without a
	// human, whatever its changes: a malformed or partial plan JSON, an
	// incomplete or errored plan, deferred changes. Each is a review reason.
	Problems []string `json:"problems,omitempty"`
}

// Classify classifies every resource change and output change of a plan.
// It never fails and it fails closed: what it cannot explain is class
// "unknown", risk high, and what makes the plan itself doubtful (a resource
// change without a change, an action it does not know, a missing type or
// address, an address twice, a read of a managed resource, an incomplete
// plan, deferred changes) is a Problem, which the gate turns into review.
func Classify(plan *tfjson.Plan, table *Table) Classification {
	c := Classification{Changes: []Change{}, Drift: []Change{}}
	if plan == nil {
		c.Problems = append(c.Problems, "there is no plan")
		return c
	}
	cfg := configuredAttrs(plan)
	seen := map[string]bool{}
	for i, rc := range plan.ResourceChanges {
		if p := malformed(i, rc, seen); p != "" {
			c.Problems = append(c.Problems, p)
			if rc == nil || rc.Change == nil {
				continue
			}
		}
		ch, ok := classifyChange(rc, table, cfg)
		if !ok {
			continue
		}
		c.Changes = append(c.Changes, ch)
		c.Risk = maxRisk(c.Risk, ch.Risk)
	}
	for _, name := range sortedOutputNames(plan.OutputChanges) {
		if ch, ok := classifyOutput(name, plan.OutputChanges[name], table); ok {
			c.Changes = append(c.Changes, ch)
			c.Risk = maxRisk(c.Risk, ch.Risk)
		}
	}
	for _, rc := range plan.ResourceDrift {
		if rc == nil || rc.Change == nil {
			continue
		}
		if ch, ok := classifyChange(rc, table, nil); ok {
			c.Drift = append(c.Drift, ch)
		}
	}
	if plan.Complete != nil && !*plan.Complete {
		c.Problems = append(c.Problems, "the plan is incomplete (complete: false): applying it is only a first step, and what follows is not planned yet")
	}
	if n := len(plan.DeferredChanges); n > 0 {
		c.Problems = append(c.Problems, fmt.Sprintf("the plan defers %d %s to a later plan", n, plural(n, "change", "changes")))
	}
	if n := len(plan.ActionInvocations); n > 0 {
		c.Problems = append(c.Problems, fmt.Sprintf("the plan invokes %d %s, which no class covers", n, plural(n, "action", "actions")))
	}
	if len(c.Problems) > 0 {
		c.Risk = fixers.RiskHigh
	}
	return c
}

// knownActions are the action lists Terraform writes.
var knownActions = map[string]bool{
	"no-op": true, "create": true, "read": true, "update": true, "delete": true, "forget": true,
	"delete,create": true, "create,delete": true,
}

// malformed says what is wrong with one resource change, or "".
func malformed(i int, rc *tfjson.ResourceChange, seen map[string]bool) string {
	if rc == nil {
		return fmt.Sprintf("resource_changes[%d] is empty", i)
	}
	name := rc.Address
	if name == "" {
		name = fmt.Sprintf("resource_changes[%d]", i)
	}
	var what []string
	if rc.Address == "" {
		what = append(what, "no address")
	}
	if rc.Type == "" {
		what = append(what, "no type")
	}
	if rc.Mode != tfjson.ManagedResourceMode && rc.Mode != tfjson.DataResourceMode {
		what = append(what, fmt.Sprintf("mode %q, neither managed nor data", rc.Mode))
	}
	if rc.Change == nil {
		what = append(what, "no change")
	} else {
		acts := strings.Join(actionStrings(rc.Change.Actions), ",")
		switch {
		case acts == "":
			what = append(what, "no actions")
		case !knownActions[acts]:
			what = append(what, fmt.Sprintf("actions %q that Terraform does not write", acts))
		case acts == "read" && rc.Mode == tfjson.ManagedResourceMode:
			what = append(what, "a read of a managed resource")
		}
	}
	if rc.Address != "" {
		key := rc.Address + "\x00" + rc.DeposedKey
		if seen[key] {
			what = append(what, "the same address as another resource change")
		}
		seen[key] = true
	}
	if len(what) == 0 {
		return ""
	}
	return fmt.Sprintf("%s: malformed resource change (%s)", name, strings.Join(what, "; "))
}

func sortedOutputNames(m map[string]*tfjson.Change) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// classifyOutput classifies a change to a root module output.
func classifyOutput(name string, oc *tfjson.Change, table *Table) (Change, bool) {
	addr := "output." + name
	ch := Change{Address: addr, Type: OutputType, Paths: []string{}, Class: ClassOutput, Risk: table.Risk(ClassOutput)}
	if oc == nil {
		ch.Action, ch.Class, ch.Risk = ActionUpdate, fixers.ClassUnknown, fixers.RiskHigh
		ch.Reason = "output change without actions"
		return ch, true
	}
	ch.Action = actionOf(oc.Actions)
	switch ch.Action {
	case ActionNoOp:
		return Change{}, false
	case ActionCreate:
		ch.Reason = "adds output " + name
	case ActionUpdate:
		ch.Reason = "changes output " + name
	case ActionDelete:
		ch.Reason = "removes output " + name
	default:
		ch.Class, ch.Risk = fixers.ClassUnknown, fixers.RiskHigh
		ch.Reason = "unrecognised actions " + string(ch.Action) + " on output " + name
	}
	return ch, true
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

func classifyChange(rc *tfjson.ResourceChange, table *Table, cfg map[string]map[string]*tfjson.Expression) (Change, bool) {
	if rc == nil || rc.Change == nil {
		return Change{}, false
	}
	act := actionOf(rc.Change.Actions)
	ch := Change{Address: rc.Address, Type: rc.Type, Action: act, Paths: []string{}, Importing: rc.Change.Importing != nil}
	if rc.PreviousAddress != "" && rc.PreviousAddress != rc.Address {
		ch.MovedFrom = rc.PreviousAddress
	}
	exprs, known := cfg[configKey(rc)]
	configured := func(p string) bool { return configuredPath(exprs, attrpath.ParseLenient(p)) }
	if !known {
		configured = nil
	}
	switch act {
	case ActionNoOp:
		switch {
		case ch.Importing:
			ch.Class, ch.Risk = fixers.ClassUnknown, fixers.RiskHigh
			ch.Reason = "imports an existing object into the state"
			return ch, true
		case ch.MovedFrom != "":
			ch.Action = ActionMove
			ch.Class, ch.Risk = ClassMoved, table.Risk(ClassMoved)
			ch.Reason = fmt.Sprintf("moves %s to %s (a moved block; nothing else changes)", ch.MovedFrom, rc.Address)
			return ch, true
		}
		return Change{}, false
	case ActionRead:
		if ch.Importing {
			ch.Class, ch.Risk = fixers.ClassUnknown, fixers.RiskHigh
			ch.Reason = "reads a data source while importing an object"
			return ch, true
		}
		if rc.Mode != tfjson.DataResourceMode {
			ch.Class, ch.Risk = fixers.ClassUnknown, fixers.RiskHigh
			ch.Reason = "plans a read of a resource that is not a data source"
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
			// What it creates must be on the safe side: a public access
			// block with every flag off is no fix.
			ch.addRegressions(table.regressions(rc.Type, nil, rc.Change.After, rc.Change.AfterUnknown, configured, rc.Change.AfterSensitive), table)
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
			if ps := pathString(p, changeMasks(rc.Change.BeforeSensitive, rc.Change.AfterSensitive)); !slices.Contains(ch.ReplacePaths, ps) {
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
		ch.Paths = diffPaths(rc.Change.Before, rc.Change.After, rc.Change.AfterUnknown, changeMasks(rc.Change.BeforeSensitive, rc.Change.AfterSensitive))
		topConfigured := map[string]bool{}
		for k := range exprs {
			topConfigured[k] = true
		}
		ch.PathClasses = classifyPaths(rc.Type, ch.Paths, func(p string) bool {
			return known && isUnknownPath(rc.Change.AfterUnknown, p) && !topConfigured[firstSegment(p)]
		}, table)
		ch.Class, ch.Risk = riskiest(ch.PathClasses, table)
		ch.Reason = updateReason(ch.PathClasses, table)
		ch.addRegressions(table.regressions(rc.Type, rc.Change.Before, rc.Change.After, rc.Change.AfterUnknown, configured, rc.Change.BeforeSensitive, rc.Change.AfterSensitive), table)
	default:
		ch.Class, ch.Risk = fixers.ClassUnknown, fixers.RiskHigh
		ch.Reason = "unrecognised actions " + string(act)
	}
	if ch.MovedFrom != "" {
		ch.Reason += "; moved from " + ch.MovedFrom
		if rank(table.Risk(ClassMoved)) > rank(ch.Risk) {
			ch.Class, ch.Risk = ClassMoved, table.Risk(ClassMoved)
		}
	}
	if ch.Importing && ch.Risk != fixers.RiskHigh {
		ch.Risk = fixers.RiskHigh
		ch.Reason += "; also imports an existing object"
	}
	return ch, true
}

// addRegressions records regressions on the change: each is a reason and
// marks the changed paths it lies on (or adds one), and the change becomes
// high risk.
func (ch *Change) addRegressions(rs []Regression, table *Table) {
	if len(rs) == 0 {
		return
	}
	for _, r := range rs {
		ch.Regressions = append(ch.Regressions, r.Reason)
		if ch.Action == ActionCreate {
			continue
		}
		marked := false
		for i := range ch.PathClasses {
			pc := &ch.PathClasses[i]
			if pathsOverlap(pc.Path, r.Path) {
				pc.Regression, pc.Computed = r.Reason, false
				if pc.Class == "" {
					pc.Class = r.Class
				}
				marked = true
			}
		}
		if !marked {
			ch.PathClasses = append(ch.PathClasses, PathClass{Path: r.Path, Class: r.Class, Regression: r.Reason})
			ch.Paths = append(ch.Paths, r.Path)
		}
	}
	if ch.Action == ActionUpdate {
		ch.Class, _ = riskiest(ch.PathClasses, table)
	}
	ch.Risk = fixers.RiskHigh
	ch.Reason += "; regression (weakens a control): " + strings.Join(ch.Regressions, "; ")
}

// pathsOverlap reports whether one path lies on or under the other.
func pathsOverlap(a, b string) bool {
	sa, sb := pathNames(a), pathNames(b)
	return attrpath.PrefixMatch(sa, sb) || attrpath.PrefixMatch(sb, sa)
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
		if pc.Class == fixers.ClassUnknown || pc.Regression != "" {
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
	if s := pathNames(p); len(s) > 0 {
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

// configuredAttrs maps each configured resource to the expressions its
// configuration sets, from the plan's configuration section.
func configuredAttrs(plan *tfjson.Plan) map[string]map[string]*tfjson.Expression {
	out := map[string]map[string]*tfjson.Expression{}
	if plan == nil || plan.Config == nil {
		return out
	}
	var walk func(prefix string, m *tfjson.ConfigModule, depth int)
	walk = func(prefix string, m *tfjson.ConfigModule, depth int) {
		if m == nil || depth > 64 {
			return
		}
		for _, r := range m.Resources {
			if r == nil {
				continue
			}
			exprs := r.Expressions
			if exprs == nil {
				exprs = map[string]*tfjson.Expression{}
			}
			out[prefix+r.Address] = exprs
		}
		for name, mc := range m.ModuleCalls {
			if mc != nil {
				walk(prefix+"module."+name+".", mc.Module, depth+1)
			}
		}
	}
	walk("", plan.Config.RootModule, 0)
	return out
}

// configuredPath reports whether the configuration sets the attribute at
// steps: an attribute the resource's expressions name, or a nested block's
// attribute. An attribute set as a whole (a map, an object) covers every
// path below it.
func configuredPath(exprs map[string]*tfjson.Expression, steps attrpath.Path) bool {
	for len(steps) > 0 {
		s := steps[0]
		if s.Kind != attrpath.KeyStep {
			steps = steps[1:]
			continue
		}
		e := exprs[s.Key]
		if e == nil || e.ExpressionData == nil {
			return false
		}
		if len(e.NestedBlocks) == 0 {
			return true
		}
		steps = steps[1:]
		idx := 0
		if len(steps) > 0 && steps[0].Kind == attrpath.IndexStep {
			idx = steps[0].Index
		}
		if len(steps) > 0 && steps[0].Kind != attrpath.KeyStep {
			steps = steps[1:]
		}
		if idx < 0 || idx >= len(e.NestedBlocks) {
			return false
		}
		if len(steps) == 0 {
			return true
		}
		exprs = e.NestedBlocks[idx]
	}
	return true
}
