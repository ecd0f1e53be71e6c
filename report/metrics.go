package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/driftfix/driftfix/metrics"
	"github.com/driftfix/driftfix/store"
)

// Metrics is the outcome of `driftfix report`, ready to render: whether
// automated remediation is working for one project (or every project) over
// a window of the run history.
type Metrics struct {
	// Project is the project the history was read for ("" = every project).
	Project string
	Summary metrics.Summary
}

// JSONMetrics is the JSON form of a report (`driftfix report --format
// json`). The shape is stable: fields may be added, never renamed.
//
//	{
//	  "project": "web",                       // "" = every project
//	  "window": {"from": "2026-10-02T00:00:00Z", "to": "2026-11-01T00:00:00Z", "seconds": 2592000},
//	  "mttr": {"count": 5, "median_seconds": 14400, "p90_seconds": 165600},
//	  "mttr_by_severity": {"high": {"count": 3, "median_seconds": 7200, "p90_seconds": 108000}},
//	  "mttr_by_class": {"versioning": {…}},
//	  "resolved": {"auto_applied": 2, "fixed_by_hand": 1, "ignored": 0, "pr_merged": 2},
//	  "overrides": 1,
//	  "rates": {"auto_fix": 0.4, "review": 0.75, "pr_merge": 0.6667, "override": null},
//	  "open": {"total": 3, "by_severity": {"critical": 0, "high": 2, "low": 1, "medium": 0}},
//	  "runs": {"total": 6, "by_status": {"succeeded": 4, …}, "by_decision": {"auto-apply": 1, …}},
//	  "daily": [{"date": "2026-11-01", "resolved": 2, "auto_applied": 2,
//	             "median_ttf_seconds": 3600, "drifted_resources": 5}],
//	  "drift": [{"run_id": 7, "project": "web", "started_at": "2026-11-01T10:00:00Z", "drifted_resources": 5}]
//	}
//
// Durations are in seconds; a median or p90 of nothing (count 0, or a day
// that resolved nothing) is null. A rate is a number from 0 to 1, or null
// when there is nothing to divide by. resolved, by_severity (critical,
// high, medium, low), by_status and by_decision name every known value,
// 0 included; daily and drift are arrays (oldest first), never null.
type JSONMetrics struct {
	Project        string                   `json:"project"`
	Window         JSONWindow               `json:"window"`
	MTTR           JSONDurations            `json:"mttr"`
	MTTRBySeverity map[string]JSONDurations `json:"mttr_by_severity"`
	MTTRByClass    map[string]JSONDurations `json:"mttr_by_class"`
	Resolved       map[string]int           `json:"resolved"`
	Overrides      int                      `json:"overrides"`
	Rates          JSONRates                `json:"rates"`
	Open           JSONOpen                 `json:"open"`
	Runs           JSONRuns                 `json:"runs"`
	Daily          []JSONDay                `json:"daily"`
	Drift          []JSONDriftPoint         `json:"drift"`
}

// JSONWindow is the part of the history a report covers: [from, to).
type JSONWindow struct {
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Seconds float64   `json:"seconds"`
}

// JSONDurations is a distribution of times to fix, in seconds.
type JSONDurations struct {
	Count         int      `json:"count"`
	MedianSeconds *float64 `json:"median_seconds"`
	P90Seconds    *float64 `json:"p90_seconds"`
}

// JSONRates are the shares a report gives, each from 0 to 1 or null.
type JSONRates struct {
	AutoFix  *float64 `json:"auto_fix"`
	Review   *float64 `json:"review"`
	PRMerge  *float64 `json:"pr_merge"`
	Override *float64 `json:"override"`
}

// JSONOpen counts the findings open now.
type JSONOpen struct {
	Total      int            `json:"total"`
	BySeverity map[string]int `json:"by_severity"`
}

// JSONRuns counts the runs of the window.
type JSONRuns struct {
	Total      int            `json:"total"`
	ByStatus   map[string]int `json:"by_status"`
	ByDecision map[string]int `json:"by_decision"`
}

// JSONDay is one day of the trend (UTC).
type JSONDay struct {
	Date             string   `json:"date"`
	Resolved         int      `json:"resolved"`
	AutoApplied      int      `json:"auto_applied"`
	MedianTTFSeconds *float64 `json:"median_ttf_seconds"`
	DriftedResources int      `json:"drifted_resources"`
}

// JSONDriftPoint is how many resources one run found drifted.
type JSONDriftPoint struct {
	RunID            int64     `json:"run_id"`
	Project          string    `json:"project"`
	StartedAt        time.Time `json:"started_at"`
	DriftedResources int       `json:"drifted_resources"`
}

// The values a report always names, in the order it names them.
var (
	reportResolutions = []store.Resolution{store.ResolutionAutoApplied, store.ResolutionPRMerged, store.ResolutionFixedByHand, store.ResolutionIgnored}
	reportStatuses    = []store.Status{store.StatusSucceeded, store.StatusFailed, store.StatusCancelled, store.StatusSkipped, store.StatusRunning}
	reportDecisions   = []store.Decision{store.DecisionAutoApply, store.DecisionReview, store.DecisionNone}
)

// MetricsFormats lists the formats a report can be rendered in.
func MetricsFormats() []string { return []string{"json", "markdown", "text"} }

// RenderMetrics writes m in the named format.
func RenderMetrics(w io.Writer, format string, m *Metrics) error {
	switch format {
	case "json":
		return writeJSON(w, NewJSONMetrics(m))
	case "text":
		return renderMetricsText(w, m)
	case "markdown":
		return renderMetricsMarkdown(w, m)
	}
	return fmt.Errorf("unknown format %q for report (want %s)", format, strings.Join(MetricsFormats(), ", "))
}

// NewJSONMetrics is m in its JSON shape.
func NewJSONMetrics(m *Metrics) JSONMetrics {
	s := m.Summary
	out := JSONMetrics{
		Project:        m.Project,
		Window:         JSONWindow{From: s.From.UTC(), To: s.To.UTC(), Seconds: s.To.Sub(s.From).Seconds()},
		MTTR:           jsonDurations(s.MTTR),
		MTTRBySeverity: map[string]JSONDurations{},
		MTTRByClass:    map[string]JSONDurations{},
		Resolved:       counts(s.Resolved, reportResolutions),
		Overrides:      s.Overrides,
		Rates: JSONRates{AutoFix: rate(s.AutoFixRate), Review: rate(s.ReviewRate),
			PRMerge: rate(s.PRMergeRate), Override: rate(s.OverrideRate)},
		Open: JSONOpen{Total: s.Open, BySeverity: counts(s.OpenBySeverity, metrics.Severities)},
		Runs: JSONRuns{Total: total(s.Runs), ByStatus: counts(s.Runs, reportStatuses),
			ByDecision: counts(s.Decisions, reportDecisions)},
		Daily: []JSONDay{},
		Drift: []JSONDriftPoint{},
	}
	for k, d := range s.BySeverity {
		out.MTTRBySeverity[k] = jsonDurations(d)
	}
	for k, d := range s.ByClass {
		out.MTTRByClass[k] = jsonDurations(d)
	}
	for _, d := range s.Daily {
		day := JSONDay{Date: d.Date.UTC().Format(time.DateOnly), Resolved: d.Resolved, AutoApplied: d.AutoApplied, DriftedResources: d.Drifted}
		if d.Resolved > 0 {
			day.MedianTTFSeconds = seconds(d.MedianTTF)
		}
		out.Daily = append(out.Daily, day)
	}
	for _, p := range s.Drift {
		out.Drift = append(out.Drift, JSONDriftPoint{RunID: p.RunID, Project: p.Project, StartedAt: p.StartedAt.UTC(), DriftedResources: p.DriftedResources})
	}
	return out
}

func jsonDurations(d metrics.Durations) JSONDurations {
	out := JSONDurations{Count: d.Count}
	if d.Count > 0 {
		out.MedianSeconds, out.P90Seconds = seconds(d.Median), seconds(d.P90)
	}
	return out
}

func seconds(d time.Duration) *float64 {
	s := d.Seconds()
	return &s
}

// rate is r for JSON: nil (null) when r is NaN.
func rate(r float64) *float64 {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return nil
	}
	return &r
}

// counts is m with every known key present (0 when missing), keyed by
// plain strings.
func counts[K ~string](m map[K]int, known []K) map[string]int {
	out := make(map[string]int, len(known)+len(m))
	for _, k := range known {
		out[string(k)] = 0
	}
	for k, n := range m {
		out[string(k)] += n
	}
	return out
}

func total[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// ordered lists the keys of m: the known ones first in their order (all of
// them when all is true, else only those present), then the others sorted.
func ordered[K ~string, V any](m map[K]V, known []K, all bool) []K {
	var out []K
	for _, k := range known {
		if _, ok := m[k]; ok || all {
			out = append(out, k)
		}
	}
	var rest []K
	for k := range m {
		if !slices.Contains(known, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// durationUnits are the units FormatDuration uses, largest first.
var durationUnits = []struct {
	size time.Duration
	name string
}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}}

// FormatDuration renders a time to fix for people: its largest unit and
// the next one when that is not zero ("1d 22h", "4h", "3m 20s", "0s"); the
// rest is cut off.
func FormatDuration(d time.Duration) string {
	d = max(0, d).Round(time.Second)
	for i, u := range durationUnits {
		if d < u.size {
			continue
		}
		n := d / u.size
		out := fmt.Sprintf("%d%s", n, u.name)
		if i+1 < len(durationUnits) {
			next := durationUnits[i+1]
			if m := (d - n*u.size) / next.size; m > 0 {
				out += fmt.Sprintf(" %d%s", m, next.name)
			}
		}
		return out
	}
	return "0s"
}

// FormatRate renders a share as a percentage with one decimal, or "n/a"
// when there was nothing to divide by (NaN).
func FormatRate(r float64) string {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100*r)
}

// formatDurations renders the median and p90 of d ("n/a" when empty).
func formatDurations(d metrics.Durations) (median, p90 string) {
	if d.Count == 0 {
		return "n/a", "n/a"
	}
	return FormatDuration(d.Median), FormatDuration(d.P90)
}

// windowText names the window: "30 days, 2026-10-02 00:00 → 2026-11-01 00:00 UTC".
func windowText(s metrics.Summary) string {
	const layout = "2006-01-02 15:04"
	length := s.To.Sub(s.From)
	var span string
	if length%(24*time.Hour) == 0 {
		span = plural(int(length/(24*time.Hour)), "day")
	} else {
		span = FormatDuration(length)
	}
	return fmt.Sprintf("%s, %s → %s UTC", span, s.From.UTC().Format(layout), s.To.UTC().Format(layout))
}

func projectName(p string) string {
	if p == "" {
		return "every project"
	}
	return p
}

// rateRows are the rates with what each is a share of.
func rateRows(s metrics.Summary) [][3]string {
	return [][3]string{
		{"auto-fix", FormatRate(s.AutoFixRate), "of the resolved findings, driftfix applied the fix itself"},
		{"review", FormatRate(s.ReviewRate), "of the runs that reached a decision, the plan went to review"},
		{"PR merge", FormatRate(s.PRMergeRate), "of the runs that opened a pull request, it was merged"},
		{"override", FormatRate(s.OverrideRate), "of the automatic fixes, a person undid it"},
	}
}

// lastDrift is the drifted resources of each project's latest run in the
// window, by project (sorted).
func lastDrift(s metrics.Summary) []store.DriftPoint {
	last := map[string]store.DriftPoint{}
	for _, p := range s.Drift { // oldest first
		last[p.Project] = p
	}
	out := make([]store.DriftPoint, 0, len(last))
	for _, k := range metrics.SortedKeys(last) {
		out = append(out, last[k])
	}
	return out
}

func countList[K ~string](m map[K]int, keys []K) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", label(string(k)), m[k])
	}
	return strings.Join(parts, ", ")
}

// label is a stored value as people read it: "auto_applied" is
// "auto-applied", "pr_merged" "PR merged".
func label(v string) string {
	switch v {
	case string(store.ResolutionAutoApplied):
		return "auto-applied"
	case string(store.ResolutionPRMerged):
		return "PR merged"
	}
	return strings.ReplaceAll(v, "_", " ")
}

func renderMetricsText(w io.Writer, m *Metrics) error {
	s := m.Summary
	t := &textWriter{w: w}
	t.printf("driftfix report: %s, %s\n", projectName(m.Project), windowText(s))

	t.printf("\n")
	if s.MTTR.Count == 0 {
		t.printf("Time to fix (MTTR): n/a, no finding was resolved in the window\n")
	} else {
		t.printf("Time to fix (MTTR), %s resolved:\n", plural(s.MTTR.Count, "finding"))
		rows := [][]string{{"SEVERITY", "RESOLVED", "MEDIAN", "P90"}}
		med, p90 := formatDurations(s.MTTR)
		rows = append(rows, []string{"all", fmt.Sprint(s.MTTR.Count), med, p90})
		for _, k := range ordered(s.BySeverity, metrics.Severities, false) {
			med, p90 := formatDurations(s.BySeverity[k])
			rows = append(rows, []string{k, fmt.Sprint(s.BySeverity[k].Count), med, p90})
		}
		writeColumns(t, rows, nil)
		t.printf("\n")
		rows = [][]string{{"CLASS", "RESOLVED", "MEDIAN", "P90"}}
		for _, k := range metrics.SortedKeys(s.ByClass) {
			med, p90 := formatDurations(s.ByClass[k])
			rows = append(rows, []string{k, fmt.Sprint(s.ByClass[k].Count), med, p90})
		}
		writeColumns(t, rows, nil)
		t.printf("\nResolved: %s\n", countList(s.Resolved, ordered(s.Resolved, reportResolutions, true)))
	}

	t.printf("\nRates:\n")
	rows := [][]string{}
	for _, r := range rateRows(s) {
		rows = append(rows, r[:])
	}
	writeColumns(t, rows, nil)
	t.printf("  overrides: %d\n", s.Overrides)

	t.printf("\nOpen findings: %d (%s)\n", s.Open, countList(s.OpenBySeverity, ordered(s.OpenBySeverity, metrics.Severities, true)))

	t.printf("\nRuns: %d (%s)\n", total(s.Runs), countList(s.Runs, ordered(s.Runs, reportStatuses[:4], true)))
	t.printf("  decisions: %s\n", countList(s.Decisions, ordered(s.Decisions, reportDecisions, true)))

	if last := lastDrift(s); len(last) > 0 {
		t.printf("\nDrifted resources, latest run of each project:\n")
		rows := [][]string{}
		for _, p := range last {
			rows = append(rows, []string{p.Project, fmt.Sprint(p.DriftedResources), fmt.Sprintf("(run %d, %s)", p.RunID, p.StartedAt.UTC().Format("2006-01-02 15:04"))})
		}
		writeColumns(t, rows, nil)
	}
	return t.err
}

// mdCell makes s safe inside a markdown table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

// mdCode is s as inline code in a table cell.
func mdCode(s string) string {
	return "`" + strings.ReplaceAll(mdCell(s), "`", "'") + "`"
}

func renderMetricsMarkdown(w io.Writer, m *Metrics) error {
	s := m.Summary
	var b strings.Builder
	title := "every project"
	if m.Project != "" {
		title = mdCode(m.Project)
	}
	fmt.Fprintf(&b, "### driftfix report: %s\n\n", title)
	fmt.Fprintf(&b, "Window: %s.\n\n", windowText(s))

	b.WriteString("#### Time to fix (MTTR)\n\n")
	if s.MTTR.Count == 0 {
		b.WriteString("No finding was resolved in the window.\n\n")
	} else {
		b.WriteString("| scope | resolved | median | p90 |\n| --- | ---: | ---: | ---: |\n")
		row := func(scope string, d metrics.Durations) {
			med, p90 := formatDurations(d)
			fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", scope, d.Count, med, p90)
		}
		row("all", s.MTTR)
		for _, k := range ordered(s.BySeverity, metrics.Severities, false) {
			row("severity "+mdCode(k), s.BySeverity[k])
		}
		for _, k := range metrics.SortedKeys(s.ByClass) {
			row("class "+mdCode(k), s.ByClass[k])
		}
		b.WriteString("\n| resolved by | findings |\n| --- | ---: |\n")
		for _, k := range ordered(s.Resolved, reportResolutions, true) {
			fmt.Fprintf(&b, "| %s | %d |\n", mdCell(label(string(k))), s.Resolved[k])
		}
		b.WriteString("\n")
	}

	b.WriteString("#### Rates\n\n| rate | value | meaning |\n| --- | ---: | --- |\n")
	for _, r := range rateRows(s) {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", r[0], r[1], r[2])
	}
	fmt.Fprintf(&b, "\nOverrides: %d.\n\n", s.Overrides)

	fmt.Fprintf(&b, "#### Open findings: %d\n\n| severity | open |\n| --- | ---: |\n", s.Open)
	for _, k := range ordered(s.OpenBySeverity, metrics.Severities, true) {
		fmt.Fprintf(&b, "| %s | %d |\n", mdCell(k), s.OpenBySeverity[k])
	}

	fmt.Fprintf(&b, "\n#### Runs: %d\n\n| status | runs |\n| --- | ---: |\n", total(s.Runs))
	for _, k := range ordered(s.Runs, reportStatuses[:4], true) {
		fmt.Fprintf(&b, "| %s | %d |\n", mdCell(string(k)), s.Runs[k])
	}
	b.WriteString("\n| decision | runs |\n| --- | ---: |\n")
	for _, k := range ordered(s.Decisions, reportDecisions, true) {
		fmt.Fprintf(&b, "| %s | %d |\n", mdCell(string(k)), s.Decisions[k])
	}

	if last := lastDrift(s); len(last) > 0 {
		b.WriteString("\n#### Drifted resources (latest run of each project)\n\n| project | drifted | run | started |\n| --- | ---: | ---: | --- |\n")
		for _, p := range last {
			fmt.Fprintf(&b, "| %s | %d | %d | %s |\n", mdCode(p.Project), p.DriftedResources, p.RunID, p.StartedAt.UTC().Format("2006-01-02 15:04"))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
