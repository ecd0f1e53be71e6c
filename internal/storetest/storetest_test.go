package storetest

import (
	"context"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/driftfix/driftfix/metrics"
	"github.com/driftfix/driftfix/store"
)

// The history is what the package comment says it is.
func TestSeed(t *testing.T) {
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "driftfix.db")
	if err := Seed(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := metrics.Load(ctx, st, "", Day0, End)
	if err != nil {
		t.Fatal(err)
	}
	h := time.Hour
	if s.MTTR != (metrics.Durations{Count: 3, Median: 48 * h, P90: 48 * h}) {
		t.Errorf("MTTR = %+v", s.MTTR)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(s.AutoFixRate, 1.0/3) || !near(s.OverrideRate, 1) || !near(s.ReviewRate, 2.0/3) || !near(s.PRMergeRate, 0.5) {
		t.Errorf("rates: auto-fix %v override %v review %v PR merge %v", s.AutoFixRate, s.OverrideRate, s.ReviewRate, s.PRMergeRate)
	}
	if s.Open != 2 || s.OpenBySeverity["critical"] != 2 {
		t.Errorf("open %d %v", s.Open, s.OpenBySeverity)
	}
	if s.Runs[store.StatusSucceeded] != 3 || s.Runs[store.StatusFailed] != 1 || s.Runs[store.StatusSkipped] != 1 {
		t.Errorf("runs %v", s.Runs)
	}
	want := []metrics.Day{
		{Date: Day0, Drifted: 1},
		{Date: Day0.Add(24 * h), Resolved: 1, AutoApplied: 1, MedianTTF: 24 * h, Drifted: 1},
		{Date: Day0.Add(48 * h), Resolved: 2, MedianTTF: 48 * h},
	}
	if len(s.Daily) != len(want) {
		t.Fatalf("days %+v", s.Daily)
	}
	for i := range want {
		if s.Daily[i] != want[i] {
			t.Errorf("day %d = %+v, want %+v", i, s.Daily[i], want[i])
		}
	}
	runs, err := st.RecentRuns(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 5 || runs[0].Status != store.StatusSkipped || len(runs[1].Steps) != 3 || runs[1].Steps[2].Status != store.StatusFailed {
		t.Errorf("recent runs: %+v", runs)
	}
}
