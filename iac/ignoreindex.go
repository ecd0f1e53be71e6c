package iac

import (
	"slices"
	"sort"

	"github.com/hashicorp/hcl/v2"
)

// ignoreIndex finds a file's ignore comments by the lines they apply to
// and by position, so that looking up the ignores of one finding does not
// read all of them: a large file with an ignore comment on every resource
// would otherwise be checked in time that grows with its square. Indexes
// point into File.Ignores and keep its order.
type ignoreIndex struct {
	trailing map[int][]int // line -> the trailing comments on it
	covering map[int][]int // line -> the other comments over it
	byStart  []int         // all, by start offset
}

func indexIgnores(igs []Ignore) *ignoreIndex {
	if len(igs) == 0 {
		return nil
	}
	x := &ignoreIndex{trailing: map[int][]int{}, covering: map[int][]int{}, byStart: make([]int, len(igs))}
	for i, ig := range igs {
		x.byStart[i] = i
		if ig.Applies != 0 {
			x.trailing[ig.Applies] = append(x.trailing[ig.Applies], i)
			continue
		}
		for l := ig.Range.Start.Line; l <= ig.Range.End.Line; l++ {
			x.covering[l] = append(x.covering[l], i)
		}
	}
	sort.SliceStable(x.byStart, func(a, b int) bool {
		return igs[x.byStart[a]].Range.Start.Byte < igs[x.byStart[b]].Range.Start.Byte
	})
	return x
}

// IgnoresWithin returns the ignore comments that lie strictly inside r
// (after its start, before its end), in the file's order.
func (f *File) IgnoresWithin(r hcl.Range) []Ignore {
	if f == nil || len(f.Ignores) == 0 {
		return nil
	}
	inside := func(ig Ignore) bool { return ig.Range.Start.Byte > r.Start.Byte && ig.Range.End.Byte < r.End.Byte }
	var out []Ignore
	if f.ignoreIdx == nil {
		for _, ig := range f.Ignores {
			if inside(ig) {
				out = append(out, ig)
			}
		}
		return out
	}
	by := f.ignoreIdx.byStart
	first := sort.Search(len(by), func(i int) bool { return f.Ignores[by[i]].Range.Start.Byte > r.Start.Byte })
	var hits []int
	for _, i := range by[first:] {
		if f.Ignores[i].Range.Start.Byte >= r.End.Byte {
			break
		}
		if inside(f.Ignores[i]) {
			hits = append(hits, i)
		}
	}
	slices.Sort(hits)
	for _, i := range hits {
		out = append(out, f.Ignores[i])
	}
	return out
}
