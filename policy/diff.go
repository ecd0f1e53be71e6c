package policy

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
)

// Path diffing over plan JSON values (before/after as decoded by
// encoding/json: maps, slices, strings, float64, bools, nil).

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func joinKey(prefix, key string) string {
	if identRE.MatchString(key) {
		if prefix == "" {
			return key
		}
		return prefix + "." + key
	}
	return fmt.Sprintf("%s[%q]", prefix, key)
}

func joinIndex(prefix string, i int) string { return fmt.Sprintf("%s[%d]", prefix, i) }

// diffPaths returns the attribute paths whose values differ between before
// and after, or become unknown after apply (per afterUnknown). Lists of equal
// length are compared element by element; lists whose length changed are
// compared as multisets (set-typed blocks such as security-group ingress) and
// each added or removed element is reported as list[i]. A value that m marks
// sensitive is compared whole and reported at its own path: nothing below
// it, keys included, is ever part of a path.
func diffPaths(prefix string, before, after, afterUnknown any, m masks) []string {
	var out []string
	if isTrue(afterUnknown) {
		return []string{nonEmpty(prefix)}
	}
	if m.hidden() {
		if sensitiveChanged(before, after, afterUnknown) {
			return []string{nonEmpty(prefix)}
		}
		return nil
	}
	switch a := after.(type) {
	case map[string]any:
		b, _ := before.(map[string]any)
		if b == nil && before != nil {
			return []string{nonEmpty(prefix)}
		}
		unk, _ := afterUnknown.(map[string]any)
		keys := map[string]bool{}
		for k := range a {
			keys[k] = true
		}
		for k := range b {
			keys[k] = true
		}
		for k := range unk {
			keys[k] = true
		}
		for _, k := range sortedKeys(keys) {
			out = append(out, diffPaths(joinKey(prefix, k), b[k], a[k], unk[k], m.key(k))...)
		}
		return out
	case []any:
		b, ok := before.([]any)
		if !ok && before != nil {
			return []string{nonEmpty(prefix)}
		}
		unk, _ := afterUnknown.([]any)
		if len(a) == len(b) {
			for i := range a {
				var u any
				if i < len(unk) {
					u = unk[i]
				}
				out = append(out, diffPaths(joinIndex(prefix, i), b[i], a[i], u, m.index(i))...)
			}
			return out
		}
		return multisetDiff(prefix, b, a, unk, m)
	default:
		if bm, ok := before.(map[string]any); ok && after == nil {
			// whole object removed: report its attributes
			for _, k := range sortedMapKeys(bm) {
				out = append(out, diffPaths(joinKey(prefix, k), bm[k], nil, nil, m.key(k))...)
			}
			if len(out) == 0 {
				out = []string{nonEmpty(prefix)}
			}
			return out
		}
		if bl, ok := before.([]any); ok && after == nil {
			return multisetDiff(prefix, bl, nil, nil, m)
		}
		if before == nil && isEmptyCollection(after) {
			return nil
		}
		if !reflect.DeepEqual(before, after) {
			return []string{nonEmpty(prefix)}
		}
	}
	return nil
}

// multisetDiff reports elements present on one side only, with their index
// on the side where they are.
func multisetDiff(prefix string, before, after []any, afterUnknown []any, m masks) []string {
	var out []string
	if len(before) == 0 {
		// a block that appears: report what it sets, attribute by attribute
		for i, a := range after {
			var u any
			if i < len(afterUnknown) {
				u = afterUnknown[i]
			}
			out = append(out, diffPaths(joinIndex(prefix, i), nil, a, u, m.index(i))...)
		}
		return out
	}
	used := make([]bool, len(before))
	for i, a := range after {
		if i < len(afterUnknown) && isTrue(afterUnknown[i]) {
			out = append(out, joinIndex(prefix, i))
			continue
		}
		found := false
		for j, b := range before {
			if !used[j] && reflect.DeepEqual(a, b) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			out = append(out, joinIndex(prefix, i))
		}
	}
	for j := range before {
		if !used[j] {
			p := joinIndex(prefix, j)
			if !contains(out, p) {
				out = append(out, p)
			}
		}
	}
	if len(out) == 0 && len(before) != len(after) {
		out = []string{nonEmpty(prefix)}
	}
	sort.Strings(out)
	return out
}

// setPaths lists the top-level attributes a create sets (non-null) or leaves
// known after apply.
func setPaths(after, afterUnknown any) []string {
	keys := map[string]bool{}
	if m, ok := after.(map[string]any); ok {
		for k, v := range m {
			if v != nil && !isEmptyCollection(v) {
				keys[k] = true
			}
		}
	}
	if m, ok := afterUnknown.(map[string]any); ok {
		for k, v := range m {
			if isTrue(v) {
				keys[k] = true
			}
		}
	}
	out := make([]string, 0, len(keys))
	for _, k := range sortedKeys(keys) {
		out = append(out, joinKey("", k))
	}
	return out
}

func isEmptyCollection(v any) bool {
	switch x := v.(type) {
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func isTrue(v any) bool { b, ok := v.(bool); return ok && b }

func nonEmpty(p string) string {
	if p == "" {
		return "(resource)"
	}
	return p
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedMapKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// pathString renders a replace_paths entry (["a", 0, "b"]) as a.b[0]… form,
// up to the first value that m marks sensitive.
func pathString(p any, m masks) string {
	steps, ok := p.([]any)
	if !ok {
		return fmt.Sprint(p)
	}
	s := ""
	for _, st := range visiblePath(steps, m) {
		switch v := st.(type) {
		case string:
			s = joinKey(s, v)
		case float64:
			s = joinIndex(s, int(v))
		default:
			s += fmt.Sprintf("[%v]", v)
		}
	}
	return nonEmpty(s)
}
