package attrpath

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
)

// Change is one difference Diff found between two values.
type Change struct {
	Path Path
	// Before and After are the values at Path on each side: nil where a
	// side has none (a key added, a list element removed).
	Before, After any
	// Unknown: Options.Unknown marks the after value as known only after
	// apply.
	Unknown bool
	// Opaque: Options.Opaque marks Path. An opaque value is compared whole
	// and reported at its own path, never below it.
	Opaque bool
}

// Options select how Diff compares. The zero Options compare plainly:
// objects key by key, lists element by element, everything else by
// reflect.DeepEqual.
type Options struct {
	// Unknown is shaped like the after value, with true where the after
	// value is known only after apply (plan JSON's after_unknown). Such a
	// value is a change, whatever it is. An object or list that becomes
	// null has nothing unknown below it.
	Unknown any

	// Equal, when set, is asked first at every value (list elements and
	// object attributes included; not at values Diff reports as a whole
	// without looking, such as the extra elements of a longer list): when
	// it says equal, Diff looks no further. Its path is the value's; when
	// Diff pairs the elements of a set, it is the list's path and [*].
	// Without Equal, only values that are not objects or lists are
	// compared, with reflect.DeepEqual.
	Equal func(p Path, before, after any) bool

	// Opaque marks the paths of values that are compared whole and
	// reported, when they differ, as one change at their own path:
	// sensitive values, whose keys below must not be printed. A change
	// Diff reports without looking below (an extra list element) at such
	// a path is marked Opaque too.
	Opaque func(p Path) bool
	// OpaqueChanged decides whether an opaque value changed (given the
	// Unknown marks at it). Without it, an opaque value changed when Diff
	// finds any change below it.
	OpaqueChanged func(before, after, unknown any) bool

	// Set marks lists whose order carries no meaning (the AWS provider's
	// set-typed attributes). Both sides are sorted by their JSON text and
	// their elements paired by equality (Equal, else reflect.DeepEqual):
	// one element left on each side is one element that changed, and is
	// compared at its index among the sorted after elements; otherwise each
	// element left over is reported whole, at its index among its side's
	// sorted elements.
	Set func(p Path) bool
	// ResizedListsAsMultisets compares a list whose length changed as a
	// multiset, as plan JSON needs for set-typed blocks: each element
	// without an equal partner on the other side is reported whole at its
	// own index (an element of both sides at one index once, with both
	// values), the reports of one list sorted by their printed paths; a
	// list that grows from empty is compared element by element. Without
	// it (and for lists of equal length), lists are compared by position,
	// and the elements past the shorter side are reported whole.
	ResizedListsAsMultisets bool

	// ElementKeysFromAfter compares, in an object that is a list element
	// (a nested block), only the keys the after side has, when it is an
	// object: a reader may leave out the block attributes it does not read.
	ElementKeysFromAfter bool

	// ReportNulledObjects reports an object that becomes null at its own
	// path when no change is found below it (every attribute was null).
	ReportNulledObjects bool
}

// Diff returns the changes between two decoded JSON values (maps with
// string keys, []any, strings, numbers, bools, nil), at the paths of the
// values that differ, below the empty path. Changes come in walk order:
// object keys sorted, list elements by index.
func Diff(before, after any, o Options) []Change {
	d := &differ{o: o}
	d.walk(nil, before, after, o.Unknown)
	return d.out
}

type differ struct {
	o   Options
	out []Change
	// inOpaque is set while comparing an opaque value's insides: no path
	// below it is opaque on its own.
	inOpaque bool
}

func (d *differ) walk(p Path, before, after, unknown any) {
	if isTrue(unknown) {
		d.out = append(d.out, Change{Path: p, Before: before, After: after, Unknown: true})
		return
	}
	if d.opaque(p) {
		d.whole(p, before, after, unknown)
		return
	}
	if d.o.Equal != nil && d.o.Equal(p, before, after) {
		return
	}
	bm, bObj := before.(map[string]any)
	am, aObj := after.(map[string]any)
	bl, bList := before.([]any)
	al, aList := after.([]any)
	switch {
	case aObj && (bObj || before == nil):
		d.object(p, bm, am, unknown, true)
	case bObj && after == nil:
		d.object(p, bm, nil, nil, false)
	case aList && (bList || before == nil):
		d.list(p, bl, al, unknown)
	case bList && after == nil:
		d.list(p, bl, nil, nil)
	default:
		if d.o.Equal == nil && reflect.DeepEqual(before, after) {
			return
		}
		d.emit(p, before, after)
	}
}

// object compares two objects, either nil; afterObj reports whether after
// is an object (not null).
func (d *differ) object(p Path, before, after map[string]any, unknown any, afterObj bool) {
	um, _ := unknown.(map[string]any)
	keys := map[string]bool{}
	for k := range after {
		keys[k] = true
	}
	if !(d.o.ElementKeysFromAfter && afterObj && p.InList()) {
		for k := range before {
			keys[k] = true
		}
		for k := range um {
			keys[k] = true
		}
	}
	n := len(d.out)
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		d.walk(p.With(Key(k)), before[k], after[k], um[k])
	}
	if !afterObj && d.o.ReportNulledObjects && len(d.out) == n {
		d.emit(p, before, nil)
	}
}

func (d *differ) list(p Path, before, after []any, unknown any) {
	ul, _ := unknown.([]any)
	switch {
	case d.o.Set != nil && d.o.Set(p):
		d.set(p, before, after)
	case d.o.ResizedListsAsMultisets && len(before) != len(after) && len(before) > 0:
		d.multiset(p, before, after, ul)
	default:
		n := min(len(before), len(after))
		if d.o.ResizedListsAsMultisets {
			n = len(after) // before is as long, or empty
		}
		for i := 0; i < n; i++ {
			d.walk(p.With(Index(i)), at(before, i), after[i], at(ul, i))
		}
		for j := n; j < len(before); j++ {
			d.emit(p.With(Index(j)), before[j], nil)
		}
		for i := n; i < len(after); i++ {
			d.emit(p.With(Index(i)), nil, after[i])
		}
	}
}

// set compares two lists as sets (Options.Set).
func (d *differ) set(p Path, before, after []any) {
	elem := p.With(AnyIndex())
	exp, act, removed, added := MatchSet(before, after, func(b, a any) bool { return d.same(elem, b, a) })
	if len(removed) == 1 && len(added) == 1 {
		d.walk(p.With(Index(added[0])), exp[removed[0]], act[added[0]], nil)
		return
	}
	for _, j := range removed {
		d.emit(p.With(Index(j)), exp[j], nil)
	}
	for _, i := range added {
		d.emit(p.With(Index(i)), nil, act[i])
	}
}

// multiset reports the elements of a resized list that have no equal
// partner on the other side (Options.ResizedListsAsMultisets).
func (d *differ) multiset(p Path, before, after, unknown []any) {
	var group []Change
	place := map[int]int{} // index -> its change in group
	used := make([]bool, len(before))
	for i, a := range after {
		if isTrue(at(unknown, i)) {
			place[i] = len(group)
			group = append(group, Change{Path: p.With(Index(i)), After: a, Unknown: true})
			continue
		}
		found := false
		for j, b := range before {
			if !used[j] && d.same(p.With(Index(i)), b, a) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			place[i] = len(group)
			group = append(group, Change{Path: p.With(Index(i)), After: a})
		}
	}
	for j, b := range before {
		if used[j] {
			continue
		}
		if k, ok := place[j]; ok {
			group[k].Before = b
			continue
		}
		group = append(group, Change{Path: p.With(Index(j)), Before: b})
	}
	sort.SliceStable(group, func(i, j int) bool { return group[i].Path.String() < group[j].Path.String() })
	for _, c := range group {
		c.Opaque = d.opaque(c.Path)
		d.out = append(d.out, c)
	}
}

// whole compares an opaque value (Options.Opaque).
func (d *differ) whole(p Path, before, after, unknown any) {
	var changed bool
	if d.o.OpaqueChanged != nil {
		changed = d.o.OpaqueChanged(before, after, unknown)
	} else {
		inside := &differ{o: d.o, inOpaque: true}
		inside.walk(p, before, after, unknown)
		changed = len(inside.out) > 0
	}
	if changed {
		d.out = append(d.out, Change{Path: p, Before: before, After: after, Opaque: true})
	}
}

func (d *differ) opaque(p Path) bool {
	return !d.inOpaque && d.o.Opaque != nil && d.o.Opaque(p)
}

func (d *differ) same(p Path, before, after any) bool {
	if d.o.Equal != nil {
		return d.o.Equal(p, before, after)
	}
	return reflect.DeepEqual(before, after)
}

// emit reports a change found without looking below it.
func (d *differ) emit(p Path, before, after any) {
	d.out = append(d.out, Change{Path: p, Before: before, After: after, Opaque: d.opaque(p)})
}

// MatchSet pairs the equal elements of two lists whose order carries no
// meaning. It sorts each side by the elements' JSON text (so an element
// gets the same index whatever order it came in) and returns the sorted
// lists with the indexes, into them, of the elements left without a
// partner on each side. equal decides whether two elements are the same.
func MatchSet(before, after []any, equal func(before, after any) bool) (sortedBefore, sortedAfter []any, removed, added []int) {
	sortedBefore, sortedAfter = SortCanonical(before), SortCanonical(after)
	used := make([]bool, len(sortedBefore))
	for i, a := range sortedAfter {
		found := false
		for j, b := range sortedBefore {
			if !used[j] && equal(b, a) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			added = append(added, i)
		}
	}
	for j := range sortedBefore {
		if !used[j] {
			removed = append(removed, j)
		}
	}
	return sortedBefore, sortedAfter, removed, added
}

// SortCanonical returns a copy of l sorted by each element's JSON text.
func SortCanonical(l []any) []any {
	type keyed struct {
		key string
		v   any
	}
	ks := make([]keyed, len(l))
	for i, v := range l {
		ks[i] = keyed{canonicalJSON(v), v}
	}
	sort.SliceStable(ks, func(i, j int) bool { return ks[i].key < ks[j].key })
	out := make([]any, len(l))
	for i, k := range ks {
		out[i] = k.v
	}
	return out
}

func canonicalJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func at(l []any, i int) any {
	if i >= 0 && i < len(l) {
		return l[i]
	}
	return nil
}

func isTrue(v any) bool { b, ok := v.(bool); return ok && b }
