package policy

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"

	"github.com/driftfix/driftfix/attrpath"
	"github.com/driftfix/driftfix/fixers"
)

// Direction: every attribute a fix touches has a safe side (the value the
// fix writes, and what is at least as safe; fixers.Touch.Safe). A planned
// change that leaves such an attribute on its safe side belongs to the
// fix's class; a change that moves it anywhere else weakens the control and
// is a regression: high risk, whatever the class and the policy say.

// SafeRule is the safe side of one attribute path of a resource type, from
// a rule's metadata.
type SafeRule struct {
	Resource string
	Path     string
	Class    fixers.Class
	Safe     fixers.Safe
	Rule     string // the rule's ID
}

// instance is the value at one concrete path: its value, or unknown (known
// only after apply), with the concrete path for messages.
type instance struct {
	path    string
	value   any
	unknown bool
}

// instances returns the values at the path steps in v (with the matching
// after_unknown tree unk), below the path at. A missing value is nil; a
// [*] step fans out over the list's elements (an empty list has no
// instances).
func instances(at attrpath.Path, v, unk any, steps attrpath.Path) []instance {
	if isTrue(unk) {
		return []instance{{path: pathText(at), unknown: true}}
	}
	if len(steps) == 0 {
		return []instance{{path: pathText(at), value: v}}
	}
	s := steps[0]
	switch s.Kind {
	case attrpath.KeyStep:
		m, _ := v.(map[string]any)
		um, _ := unk.(map[string]any)
		return instances(at.With(s), m[s.Key], um[s.Key], steps[1:])
	case attrpath.IndexStep:
		l, _ := v.([]any)
		ul, _ := unk.([]any)
		return instances(at.With(s), element(l, s.Index), element(ul, s.Index), steps[1:])
	default:
		l, _ := v.([]any)
		ul, _ := unk.([]any)
		var out []instance
		for i := 0; i < max(len(l), len(ul)); i++ {
			out = append(out, instances(at.With(attrpath.Index(i)), element(l, i), element(ul, i), steps[1:])...)
		}
		return out
	}
}

// element is l[i], or nil where l has no such element.
func element(l []any, i int) any {
	if i >= 0 && i < len(l) {
		return l[i]
	}
	return nil
}

// Regression is one attribute a planned change moves off its safe side.
type Regression struct {
	Path   string
	Class  fixers.Class
	Reason string
}

// regressions checks a create or an update of a resource of type typ
// against the safe sides of its attributes. configured reports whether the
// configuration sets a path (so that an unknown value there is not a
// provider-computed one); nil means nothing is known about the
// configuration, and every unknown value counts as configured.
//
// Reasons show the old and new values, except where either sensitivity mask
// (sensitive, a pair of before_sensitive/after_sensitive) marks the path:
// there they say only that a sensitive value changed.
func (t *Table) regressions(typ string, before, after, afterUnknown any, configured func(path string) bool, sensitive ...any) []Regression {
	var out []Regression
	for _, sr := range t.safe {
		if !matchType(sr.Resource, typ) || sr.Safe.Kind == fixers.SafeAny {
			continue
		}
		steps := attrpath.ParseLenient(sr.Path)
		var was []instance // a create had nothing before
		if before != nil {
			was = instances(nil, before, nil, steps)
		}
		now := instances(nil, after, afterUnknown, steps)
		used := make([]bool, len(was))
		for _, n := range now {
			if n.unknown {
				if configured == nil || configured(n.path) {
					out = append(out, Regression{Path: n.path, Class: sr.Class,
						Reason: fmt.Sprintf("%s will be known only after apply, so it cannot be checked against its safe value (%s)", n.path, sr.Safe)})
				}
				continue
			}
			if sr.Safe.Allows(n.value) {
				continue
			}
			// An unsafe value the resource already had is not a change.
			matched := false
			for i, w := range was {
				if !used[i] && !w.unknown && sameJSON(w.value, n.value) {
					used[i], matched = true, true
					break
				}
			}
			if matched {
				continue
			}
			old, now := show(valueAt(was, n.path)), show(n.value)
			var why string
			switch {
			case markedSensitive(n.path, sensitive):
				why = fmt.Sprintf("%s (sensitive) changes to a value that is not %s", n.path, sr.Safe)
			case !sr.Safe.Known():
				why = fmt.Sprintf("%s changes to %s, and its safe side is not known", n.path, now)
			case before == nil:
				why = fmt.Sprintf("%s is %s, not %s", n.path, now, sr.Safe)
			default:
				why = fmt.Sprintf("%s changes %s → %s, away from %s", n.path, old, now, sr.Safe)
			}
			out = append(out, Regression{Path: n.path, Class: sr.Class, Reason: why})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return dedupeRegressions(out)
}

// markedSensitive reports whether any of the masks marks path, or a value
// above it, sensitive.
func markedSensitive(path string, masks []any) bool {
	steps := attrpath.ParseLenient(path)
	for _, m := range masks {
		for _, s := range steps {
			if isTrue(m) {
				return true
			}
			switch s.Kind {
			case attrpath.KeyStep:
				mm, _ := m.(map[string]any)
				m = mm[s.Key]
			default:
				l, _ := m.([]any)
				m = element(l, s.Index)
			}
		}
		if isTrue(m) {
			return true
		}
	}
	return false
}

func dedupeRegressions(in []Regression) []Regression {
	seen := map[string]bool{}
	var out []Regression
	for _, r := range in {
		if !seen[r.Path] {
			seen[r.Path] = true
			out = append(out, r)
		}
	}
	return out
}

func valueAt(is []instance, path string) any {
	for _, i := range is {
		if i.path == path {
			return i.value
		}
	}
	return nil
}

// sameJSON compares two decoded JSON values, numbers by value whatever
// their Go type.
func sameJSON(a, b any) bool {
	if x, ok := asNumber(a); ok {
		y, ok := asNumber(b)
		return ok && x == y
	}
	return reflect.DeepEqual(a, b)
}

func asNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

// show renders a value for a reason: strings quoted, null as null.
func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(x)
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
