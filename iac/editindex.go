package iac

import "slices"

// editBucket is the span of bytes one bucket of an editIndex covers.
const editBucket = 512

// editIndex finds, among one file's edits, those a new edit may clash
// with, so that recording an edit costs the same whatever the number of
// edits before it: a fix of one large file makes thousands. Every edit is
// listed under its key and in each bucket of editBucket bytes its range
// touches, ends included; two edits that overlap, or share a start, share a
// bucket.
type editIndex struct {
	byKey   map[string][]int // key -> indexes into Editor.edits[path]
	buckets [][]int          // byte offset / editBucket -> indexes
}

func newEditIndex(srcLen int) *editIndex {
	return &editIndex{byKey: map[string][]int{}, buckets: make([][]int, srcLen/editBucket+1)}
}

// bucketRange returns the first and last bucket that bytes start to end
// (inclusive) fall in; offsets outside the file count as its ends.
func (x *editIndex) bucketRange(start, end int) (int, int) {
	clamp := func(pos int) int { return min(max(pos/editBucket, 0), len(x.buckets)-1) }
	return clamp(start), clamp(max(start, end))
}

// add lists the edit at index i.
func (x *editIndex) add(i int, ed *edit) {
	x.byKey[ed.key] = append(x.byKey[ed.key], i)
	first, last := x.bucketRange(ed.start, ed.end)
	for b := first; b <= last; b++ {
		x.buckets[b] = append(x.buckets[b], i)
	}
}

// near returns, in the order they were added, the indexes of the edits
// that may clash with ed: those with its key, and those whose range
// touches a bucket that ed's range touches. Every edit that overlaps ed,
// starts where it starts, or has its key is among them.
func (x *editIndex) near(ed *edit) []int {
	out := slices.Clone(x.byKey[ed.key])
	first, last := x.bucketRange(ed.start, ed.end)
	for b := first; b <= last; b++ {
		out = append(out, x.buckets[b]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// at returns, in the order they were added, the indexes of the edits whose
// range touches the bucket of offset pos.
func (x *editIndex) at(pos int) []int {
	b, _ := x.bucketRange(pos, pos)
	return x.buckets[b]
}
