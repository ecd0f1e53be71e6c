package policy

import (
	"reflect"

	"github.com/driftfix/driftfix/attrpath"
)

// Sensitive values in paths. Terraform marks sensitive values in side masks
// (before_sensitive/after_sensitive) that mirror the values' shape, with
// true where a value is sensitive. A map marked sensitive as a whole may
// have sensitive keys (a key built from a sensitive variable marks its
// whole map): a path below a sensitive value could print a secret. So the
// diff never looks below a value that either mask marks: it reports the
// path of the sensitive value itself when that value changed.

// masks are the two sensitivity masks of a change, walked alongside its
// values.
type masks struct{ before, after any }

func changeMasks(before, after any) masks { return masks{before, after} }

// hidden reports whether the value here is sensitive on either side.
func (m masks) hidden() bool { return isTrue(m.before) || isTrue(m.after) }

// hiddenAt reports whether the value at p is sensitive on either side (the
// diff asks on its way down, so a value above p is not).
func (m masks) hiddenAt(p attrpath.Path) bool {
	for _, s := range p {
		switch s.Kind {
		case attrpath.KeyStep:
			m = m.key(s.Key)
		case attrpath.IndexStep:
			m = m.index(s.Index)
		default:
			m = masks{}
		}
	}
	return m.hidden()
}

func (m masks) key(k string) masks {
	return masks{maskKey(m.before, k), maskKey(m.after, k)}
}

func (m masks) index(i int) masks {
	return masks{maskIndex(m.before, i), maskIndex(m.after, i)}
}

func maskKey(mask any, k string) any {
	if mm, ok := mask.(map[string]any); ok {
		return mm[k]
	}
	return nil
}

func maskIndex(mask any, i int) any {
	if l, ok := mask.([]any); ok && i >= 0 && i < len(l) {
		return l[i]
	}
	return nil
}

// sensitiveChanged reports whether a sensitive value changed, comparing it
// whole: a value that appears as an empty collection is no change (as in
// diffPaths), and an unknown anywhere in it is.
func sensitiveChanged(before, after, afterUnknown any) bool {
	if anyTrue(afterUnknown) {
		return true
	}
	if before == nil && isEmptyCollection(after) {
		return false
	}
	return !reflect.DeepEqual(before, after)
}

func anyTrue(v any) bool {
	switch t := v.(type) {
	case bool:
		return t
	case map[string]any:
		for _, x := range t {
			if anyTrue(x) {
				return true
			}
		}
	case []any:
		for _, x := range t {
			if anyTrue(x) {
				return true
			}
		}
	}
	return false
}

// visiblePath returns a path of steps (replace_paths) up to the first
// step whose value either mask marks sensitive: nothing below a sensitive
// value, its keys included, is printed. A step that is neither a key nor
// an index ends it.
func visiblePath(steps []any, m masks) []any {
	for i, st := range steps {
		if m.hidden() {
			return steps[:i]
		}
		if k, ok := st.(string); ok {
			m = m.key(k)
		} else if n, ok := stepIndex(st); ok {
			m = m.index(n)
		} else {
			return steps[:i+1]
		}
	}
	return steps
}

// stepIndex reads a list index from a decoded replace_paths step: a
// float64, or a json.Number holding an integer.
func stepIndex(v any) (int, bool) {
	if f, ok := v.(float64); ok {
		return int(f), true
	}
	type number interface{ Int64() (int64, error) }
	if n, ok := v.(number); ok {
		if i, err := n.Int64(); err == nil {
			return int(i), true
		}
	}
	return 0, false
}
