package metrics

import (
	"context"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/driftfix/driftfix/store"
)

var day0 = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func resolved(sev, class string, open, fixed time.Duration, how store.Resolution, run int64) store.Finding {
	return store.Finding{
		Observation: store.Observation{Severity: sev, Class: class},
		OpenedAt:    day0.Add(open), ResolvedAt: day0.Add(fixed), Resolution: how, LastRunID: run,
	}
}

func TestCompute(t *testing.T) {
	h := time.Hour
	in := Input{
		From: day0, To: day0.Add(3 * 24 * h),
		Resolved: []store.Finding{
			resolved("high", "versioning", 0, 1*h, store.ResolutionAutoApplied, 1),
			resolved("high", "versioning", 0, 2*h, store.ResolutionAutoApplied, 1),
			resolved("high", "iam", 0, 30*h, store.ResolutionPRMerged, 2),
			resolved("low", "tags", 24*h, 28*h, store.ResolutionFixedByHand, 3),
			resolved("critical", "network-exposure", 24*h, 70*h, store.ResolutionPRMerged, 4),
		},
		Open: []store.Finding{{Observation: store.Observation{Severity: "high"}}, {Observation: store.Observation{Severity: "low"}}, {Observation: store.Observation{Severity: "high"}}},
		Runs: []store.Run{
			{ID: 1, Status: store.StatusSucceeded, Decision: store.DecisionAutoApply},
			{ID: 2, Status: store.StatusSucceeded, Decision: store.DecisionReview, PullRequestURL: "https://example.test/pr/2"},
			{ID: 3, Status: store.StatusFailed, Decision: store.DecisionNone},
			{ID: 4, Status: store.StatusSucceeded, Decision: store.DecisionReview, PullRequestURL: "https://example.test/pr/4"},
			{ID: 5, Status: store.StatusSucceeded, Decision: store.DecisionReview, PullRequestURL: "https://example.test/pr/5"},
			{ID: 6, Status: store.StatusSkipped},
		},
		Overrides: []store.Override{{Class: "versioning"}},
		Drift:     []store.DriftPoint{{StartedAt: day0.Add(h), DriftedResources: 2}, {StartedAt: day0.Add(2 * h), DriftedResources: 5}, {StartedAt: day0.Add(50 * h), DriftedResources: 1}},
	}
	s := Compute(in)
	// times to fix: 1h 2h 30h 4h 46h → sorted 1 2 4 30 46: median 4h, p90 46h (nearest rank)
	if s.MTTR != (Durations{Count: 5, Median: 4 * h, P90: 46 * h}) {
		t.Errorf("MTTR = %+v", s.MTTR)
	}
	if s.BySeverity["high"] != (Durations{Count: 3, Median: 2 * h, P90: 30 * h}) || s.ByClass["versioning"] != (Durations{Count: 2, Median: 1 * h, P90: 2 * h}) {
		t.Errorf("by severity %+v, by class %+v", s.BySeverity, s.ByClass)
	}
	if s.AutoFixRate != 0.4 || s.OverrideRate != 0.5 {
		t.Errorf("auto-fix rate %v, override rate %v; want 0.4 and 0.5", s.AutoFixRate, s.OverrideRate)
	}
	// decided runs: 1 auto-apply, 3 review; PRs: 3, merged (findings resolved by them): 2
	if s.ReviewRate != 0.75 || math.Abs(s.PRMergeRate-2.0/3) > 1e-9 {
		t.Errorf("review rate %v, PR merge rate %v", s.ReviewRate, s.PRMergeRate)
	}
	if s.Runs[store.StatusSkipped] != 1 || s.Decisions[store.DecisionNone] != 1 {
		t.Errorf("runs %v decisions %v", s.Runs, s.Decisions)
	}
	if s.Open != 3 || s.OpenBySeverity["high"] != 2 || s.OpenBySeverity["low"] != 1 {
		t.Errorf("open %d %v", s.Open, s.OpenBySeverity)
	}
	want := []Day{
		{Date: day0, Resolved: 2, AutoApplied: 2, MedianTTF: 1 * h, Drifted: 5}, // 1h, 2h: the nearest-rank median is the first
		{Date: day0.Add(24 * h), Resolved: 2, MedianTTF: 4 * h},                 // 4h, 30h
		{Date: day0.Add(48 * h), Resolved: 1, MedianTTF: 46 * h, Drifted: 1},    // 46h
	}
	if len(s.Daily) != 3 {
		t.Fatalf("days: %+v", s.Daily)
	}
	for i := range want {
		if s.Daily[i] != want[i] {
			t.Errorf("day %d = %+v, want %+v", i, s.Daily[i], want[i])
		}
	}
}

func TestComputeEmpty(t *testing.T) {
	s := Compute(Input{From: day0, To: day0.Add(time.Hour)})
	if s.MTTR.Count != 0 || !math.IsNaN(s.AutoFixRate) || !math.IsNaN(s.OverrideRate) || !math.IsNaN(s.ReviewRate) || len(s.Daily) != 1 {
		t.Errorf("empty summary: %+v", s)
	}
}

// Load reads what a run recorded in a real SQLite store.
func TestLoad(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "driftfix.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	run := func(observed ...store.Observation) {
		id, err := st.StartRun(ctx, store.RunStart{Project: "app", Trigger: store.TriggerManual})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.SyncFindings(ctx, "app", id, observed, map[string]store.Resolution{"fp-b": store.ResolutionAutoApplied}); err != nil {
			t.Fatal(err)
		}
		if err := st.FinishRun(ctx, id, store.RunResult{Status: store.StatusSucceeded, Decision: store.DecisionAutoApply}); err != nil {
			t.Fatal(err)
		}
	}
	a := store.Observation{Fingerprint: "fp-a", Rule: "r", Severity: "high", Class: "versioning", Address: "x.a", Kind: store.KindMisconfiguration}
	b := store.Observation{Fingerprint: "fp-b", Rule: "r", Severity: "low", Class: "tags", Address: "x.b", Kind: store.KindMisconfiguration}
	run(a, b)
	run(a) // b fixed by an automatic apply
	s, err := Load(ctx, st, "app", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if s.Open != 1 || s.OpenBySeverity["high"] != 1 || s.Resolved[store.ResolutionAutoApplied] != 1 || s.AutoFixRate != 1 || s.Decisions[store.DecisionAutoApply] != 2 {
		t.Errorf("summary: %+v", s)
	}
}
