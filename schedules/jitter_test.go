package schedules

import (
	"fmt"
	"sort"
	"testing"
	"time"
)

func TestJitter(t *testing.T) {
	tests := []struct {
		name string
		max  time.Duration
		want time.Duration
	}{
		{"app", 0, 0},
		{"app", -time.Minute, 0},
		{"app", 1, 0},
		// pinned: the offset must not change between builds, or replicas of
		// different versions would run the same job at different times
		{"app", time.Hour, 17*time.Minute + 14*time.Second + 663446347},
		{"app", 10 * time.Minute, (17*time.Minute + 14*time.Second + 663446347) % (10 * time.Minute)},
	}
	for _, tt := range tests {
		if got := Jitter(tt.name, tt.max); got != tt.want {
			t.Errorf("Jitter(%q, %s) = %s, want %s", tt.name, tt.max, got, tt.want)
		}
	}
}

// TestJitterSpreads checks fifty projects named alike: every offset is in
// [0, max), they all differ, and they cover the hour evenly (each tenth of
// it holds at least one and at most a quarter of them).
func TestJitterSpreads(t *testing.T) {
	const n, max, buckets = 50, time.Hour, 10
	count := make([]int, buckets)
	seen := map[time.Duration]string{}
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("project-%02d", i)
		off := Jitter(name, max)
		if off < 0 || off >= max {
			t.Fatalf("Jitter(%q) = %s, outside [0, %s)", name, off, max)
		}
		if other, dup := seen[off]; dup {
			t.Errorf("%s and %s have the same offset %s", other, name, off)
		}
		seen[off] = name
		if again := Jitter(name, max); again != off {
			t.Errorf("Jitter(%q) gave %s, then %s", name, off, again)
		}
		count[off/(max/buckets)]++
	}
	for i, c := range count {
		if c < 1 || c > n/4 {
			t.Errorf("offsets per %s: %v; bucket %d holds %d", max/buckets, count, i, c)
		}
	}
}

// TestJitterDelaysRuns runs fifty projects on "0 * * * *" with an hour of
// jitter: each starts at the hour plus its own offset, alone, and nothing
// starts at the hour itself.
func TestJitterDelaysRuns(t *testing.T) {
	const max = time.Hour
	var jobs []testJob
	type start struct {
		job string
		at  time.Time
	}
	var starts []start
	tick := clockAt(t, "10:00")
	for i := 1; i <= 50; i++ {
		name := fmt.Sprintf("project-%02d", i)
		jobs = append(jobs, testJob{name: name, spec: "0 * * * *"})
		starts = append(starts, start{name, tick.Add(Jitter(name, max))})
	}
	sort.Slice(starts, func(a, b int) bool { return starts[a].at.Before(starts[b].at) })

	h := newHarness(t, clockAt(t, "09:59:59"))
	h.start(Options{MaxJitter: max}, jobs...)
	for _, st := range starts {
		h.advance(st.at.Add(-time.Millisecond))
		h.expectNone()
		h.advance(st.at)
		h.expect("start " + st.job + " 10:00")
		h.finish(st.job)
		h.expect("finish " + st.job + " 10:00: ok")
	}
	h.stop()
}
