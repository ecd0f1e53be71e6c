package policy

import (
	"fmt"
	"maps"
	"slices"

	"github.com/driftfix/driftfix/attrpath"
)

// The paths a planned change touches, from its plan JSON values (before,
// after and after_unknown as decoded by encoding/json: maps, slices,
// strings, float64, bools, nil), found with attrpath's diff.

// pathText prints a path in plan-JSON form; the empty path is the whole
// resource.
func pathText(p attrpath.Path) string {
	if len(p) == 0 {
		return "(resource)"
	}
	return p.String()
}

// diffPaths returns the attribute paths whose values differ between before
// and after, or become unknown after apply (per afterUnknown). Lists of equal
// length are compared element by element; lists whose length changed are
// compared as multisets (set-typed blocks such as security-group ingress) and
// each added or removed element is reported as list[i]; a block that
// appears is reported attribute by attribute, and an object that becomes
// null by the attributes it had (itself when it had none). A value that m
// marks sensitive is compared whole and reported at its own path: nothing
// below it, keys included, is ever part of a path.
func diffPaths(before, after, afterUnknown any, m masks) []string {
	changes := attrpath.Diff(before, after, attrpath.Options{
		Unknown:                 afterUnknown,
		Opaque:                  m.hiddenAt,
		OpaqueChanged:           sensitiveChanged,
		ResizedListsAsMultisets: true,
		ReportNulledObjects:     true,
	})
	var out []string
	for _, c := range changes {
		out = append(out, pathText(c.Path))
	}
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
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		out = append(out, attrpath.Path{attrpath.Key(k)}.String())
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

// pathString renders a replace_paths entry (["a", 0, "b"]) as a.b[0]… form,
// up to the first value that m marks sensitive. A step that is neither a
// key nor an index ends the path (visiblePath) and is printed as it is.
func pathString(p any, m masks) string {
	steps, ok := p.([]any)
	if !ok {
		return fmt.Sprint(p)
	}
	var path attrpath.Path
	odd := ""
	for _, st := range visiblePath(steps, m) {
		if k, ok := st.(string); ok {
			path = append(path, attrpath.Key(k))
		} else if i, ok := stepIndex(st); ok {
			path = append(path, attrpath.Index(i))
		} else {
			odd = fmt.Sprintf("[%v]", st)
		}
	}
	if len(path) == 0 && odd != "" {
		return odd
	}
	return pathText(path) + odd
}
