// Package metrics says whether automated remediation is working, from the
// run history in the store: how long findings stay open (MTTR, median and
// p90, by severity and fix class), how much is fixed automatically, how
// often plans go to review and pull requests get merged, how often people
// override an automatic fix, what is open now, and how drift moves over
// time. Compute is pure; Load reads its input from a store.
package metrics

import (
	"cmp"
	"context"
	"math"
	"slices"
	"time"

	"github.com/driftfix/driftfix/store"
)

// Input is the history one summary is computed from.
type Input struct {
	// From and To bound the window (resolved findings, runs, overrides).
	From, To  time.Time
	Resolved  []store.Finding // resolved in the window
	Open      []store.Finding // open now
	Runs      []store.Run     // started in the window
	Overrides []store.Override
	Drift     []store.DriftPoint
}

// Summary is what the report, /metrics and the dashboard show.
type Summary struct {
	From, To time.Time
	// MTTR is the time from detection (the start of a finding's open
	// period) to resolution, over the findings resolved in the window.
	MTTR       Durations
	BySeverity map[string]Durations
	ByClass    map[string]Durations
	// Resolved counts the findings resolved in the window, by how.
	Resolved map[store.Resolution]int
	// AutoFixRate is the share of resolved findings driftfix resolved by
	// an automatic apply; OverrideRate the share of those a person later
	// undid (reverted in git or drifted back). NaN when there is nothing
	// to divide by.
	AutoFixRate  float64
	OverrideRate float64
	Overrides    int
	// Runs counts the runs of the window by status; Decisions by decision.
	Runs      map[store.Status]int
	Decisions map[store.Decision]int
	// ReviewRate is the share of decided runs whose plan went to review;
	// PRMergeRate the share of runs with a pull request whose findings were
	// then resolved by its merge.
	ReviewRate  float64
	PRMergeRate float64
	// OpenBySeverity counts the open findings.
	OpenBySeverity map[string]int
	Open           int
	// Daily are the window's days, oldest first, for trend charts.
	Daily []Day
	// Drift is drifted resources per run, oldest first.
	Drift []store.DriftPoint
}

// Durations is a distribution of times to fix.
type Durations struct {
	Count       int
	Median, P90 time.Duration
}

// Day is one day of the trend.
type Day struct {
	Date        time.Time // midnight UTC
	Resolved    int
	AutoApplied int
	MedianTTF   time.Duration // of the findings resolved that day
	Drifted     int           // the most drifted resources a run saw that day
}

// Compute summarises in.
func Compute(in Input) Summary {
	s := Summary{
		From: in.From, To: in.To,
		BySeverity: map[string]Durations{}, ByClass: map[string]Durations{},
		Resolved: map[store.Resolution]int{}, Runs: map[store.Status]int{}, Decisions: map[store.Decision]int{},
		OpenBySeverity: map[string]int{}, Drift: in.Drift, Overrides: len(in.Overrides),
	}
	var all []time.Duration
	bySev, byClass := map[string][]time.Duration{}, map[string][]time.Duration{}
	for _, f := range in.Resolved {
		d := max(0, f.ResolvedAt.Sub(f.OpenedAt))
		all = append(all, d)
		bySev[f.Severity] = append(bySev[f.Severity], d)
		byClass[f.Class] = append(byClass[f.Class], d)
		s.Resolved[f.Resolution]++
	}
	s.MTTR = distribution(all)
	for k, ds := range bySev {
		s.BySeverity[k] = distribution(ds)
	}
	for k, ds := range byClass {
		s.ByClass[k] = distribution(ds)
	}
	auto := s.Resolved[store.ResolutionAutoApplied]
	s.AutoFixRate = ratio(auto, len(in.Resolved))
	s.OverrideRate = ratio(len(in.Overrides), auto)

	withPR, merged := 0, 0
	mergedRuns := map[int64]bool{}
	for _, f := range in.Resolved {
		if f.Resolution == store.ResolutionPRMerged {
			mergedRuns[f.LastRunID] = true
		}
	}
	for _, r := range in.Runs {
		s.Runs[r.Status]++
		if r.Status == store.StatusSkipped {
			continue
		}
		s.Decisions[r.Decision]++
		if r.PullRequestURL != "" {
			withPR++
			if mergedRuns[r.ID] {
				merged++
			}
		}
	}
	decided := s.Decisions[store.DecisionAutoApply] + s.Decisions[store.DecisionReview]
	s.ReviewRate = ratio(s.Decisions[store.DecisionReview], decided)
	s.PRMergeRate = ratio(merged, withPR)

	for _, f := range in.Open {
		s.OpenBySeverity[f.Severity]++
	}
	s.Open = len(in.Open)
	s.Daily = daily(in)
	return s
}

// daily buckets the window by UTC day.
func daily(in Input) []Day {
	if in.To.Before(in.From) || in.From.IsZero() {
		return nil
	}
	start := in.From.UTC().Truncate(24 * time.Hour)
	var days []Day
	for d := start; d.Before(in.To); d = d.Add(24 * time.Hour) {
		days = append(days, Day{Date: d})
	}
	index := func(t time.Time) int {
		i := int(t.UTC().Sub(start) / (24 * time.Hour))
		if i < 0 || i >= len(days) {
			return -1
		}
		return i
	}
	ttf := make([][]time.Duration, len(days))
	for _, f := range in.Resolved {
		i := index(f.ResolvedAt)
		if i < 0 {
			continue
		}
		days[i].Resolved++
		if f.Resolution == store.ResolutionAutoApplied {
			days[i].AutoApplied++
		}
		ttf[i] = append(ttf[i], max(0, f.ResolvedAt.Sub(f.OpenedAt)))
	}
	for i := range days {
		days[i].MedianTTF = distribution(ttf[i]).Median
	}
	for _, p := range in.Drift {
		if i := index(p.StartedAt); i >= 0 {
			days[i].Drifted = max(days[i].Drifted, p.DriftedResources)
		}
	}
	return days
}

// distribution gives the median and the 90th percentile (nearest rank).
func distribution(ds []time.Duration) Durations {
	if len(ds) == 0 {
		return Durations{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return Durations{Count: len(s), Median: rank(s, 0.5), P90: rank(s, 0.9)}
}

// rank is the nearest-rank percentile of sorted s.
func rank(s []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func ratio(n, d int) float64 {
	if d == 0 {
		return math.NaN()
	}
	return float64(n) / float64(d)
}

// Load reads the history of project ("" = every project) in [from, to)
// and summarises it.
func Load(ctx context.Context, st *store.Store, project string, from, to time.Time) (Summary, error) {
	in := Input{From: from, To: to}
	var err error
	if in.Resolved, err = st.ResolvedFindings(ctx, project, from, to); err != nil {
		return Summary{}, err
	}
	if in.Open, err = st.OpenFindings(ctx, project); err != nil {
		return Summary{}, err
	}
	if in.Runs, err = st.RunsBetween(ctx, project, from, to); err != nil {
		return Summary{}, err
	}
	if in.Overrides, err = st.Overrides(ctx, project, from, to); err != nil {
		return Summary{}, err
	}
	if in.Drift, err = st.DriftTrend(ctx, project, from, to); err != nil {
		return Summary{}, err
	}
	return Compute(in), nil
}

// Severities lists severities from the most to the least severe, for
// stable output.
var Severities = []string{"critical", "high", "medium", "low"}

// SortedKeys returns m's keys, sorted.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, cmp.Compare[string])
	return keys
}
