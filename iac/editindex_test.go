package iac

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestEditIndexFindsEveryClash checks the index against the rule it
// serves: every earlier edit that overlaps a new one, starts where it
// starts, or has its key is among those near it — at bucket edges, past
// the end of the file and for ranges over several buckets.
func TestEditIndexFindsEveryClash(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		srcLen := rng.IntN(4 * editBucket)
		x := newEditIndex(srcLen)
		var eds []edit
		for i := range 60 {
			start := rng.IntN(srcLen+20) - 5
			if rng.IntN(4) == 0 {
				start = rng.IntN(5) * editBucket // at bucket edges
			}
			end := start
			if rng.IntN(2) == 0 {
				end += rng.IntN(3 * editBucket / 2)
			}
			ed := edit{start: start, end: end, key: string(rune('a' + rng.IntN(5)))}
			near := x.near(&ed)
			if !slices.IsSorted(near) {
				t.Fatalf("round %d: near not in order: %v", round, near)
			}
			for j, o := range eds {
				clash := ed.start < o.end && o.start < ed.end ||
					(ed.start == ed.end && o.start < ed.start && ed.start < o.end) ||
					(o.start == o.end && ed.start < o.start && o.start < ed.end) ||
					o.key == ed.key || o.start == ed.start
				if clash && !slices.Contains(near, j) {
					t.Fatalf("round %d: edit %d [%d,%d) not near [%d,%d)", round, j, o.start, o.end, ed.start, ed.end)
				}
				if o.start == ed.start && !slices.Contains(x.at(ed.start), j) {
					t.Fatalf("round %d: edit %d at %d not found at its start", round, j, o.start)
				}
			}
			x.add(i, &ed)
			eds = append(eds, ed)
		}
	}
}
