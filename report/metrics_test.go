package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/metrics"
	"github.com/driftfix/driftfix/store"
)

var metricsDay0 = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func fixed(sev, class string, open, resolved time.Duration, how store.Resolution, run int64) store.Finding {
	return store.Finding{
		Observation: store.Observation{Severity: sev, Class: class},
		OpenedAt:    metricsDay0.Add(open), ResolvedAt: metricsDay0.Add(resolved), Resolution: how, LastRunID: run,
	}
}

// metricsFixture is three days of history: five findings resolved (two
// automatically, two by merged pull requests, one by hand), one override,
// three open findings, six runs and the drift two projects saw.
func metricsFixture() *Metrics {
	h := time.Hour
	in := metrics.Input{
		From: metricsDay0, To: metricsDay0.Add(72 * h),
		Resolved: []store.Finding{
			fixed("high", "versioning", 0, 1*h, store.ResolutionAutoApplied, 1),
			fixed("high", "versioning", 0, 2*h, store.ResolutionAutoApplied, 1),
			fixed("high", "iam", 0, 30*h, store.ResolutionPRMerged, 2),
			fixed("low", "tags", 24*h, 28*h, store.ResolutionFixedByHand, 3),
			fixed("critical", "network-exposure", 24*h, 70*h, store.ResolutionPRMerged, 4),
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
		Drift: []store.DriftPoint{
			{RunID: 1, Project: "web", StartedAt: metricsDay0.Add(h), DriftedResources: 2},
			{RunID: 2, Project: "web", StartedAt: metricsDay0.Add(2 * h), DriftedResources: 5},
			{RunID: 3, Project: "data", StartedAt: metricsDay0.Add(26 * h), DriftedResources: 0},
			{RunID: 4, Project: "web", StartedAt: metricsDay0.Add(50 * h), DriftedResources: 1},
		},
	}
	return &Metrics{Summary: metrics.Compute(in)}
}

// emptyMetrics is a window in which nothing happened: every rate is NaN.
func emptyMetrics(project string) *Metrics {
	return &Metrics{Project: project, Summary: metrics.Compute(metrics.Input{From: metricsDay0, To: metricsDay0.Add(48 * time.Hour)})}
}

func renderMetrics(t *testing.T, format string, m *Metrics) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderMetrics(&buf, format, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMetricsGolden(t *testing.T) {
	for _, format := range MetricsFormats() {
		t.Run(format, func(t *testing.T) {
			golden(t, "metrics.golden."+format, renderMetrics(t, format, metricsFixture()))
			golden(t, "metrics-empty.golden."+format, renderMetrics(t, format, emptyMetrics("web")))
		})
	}
}

func TestMetricsUnknownFormat(t *testing.T) {
	err := RenderMetrics(&bytes.Buffer{}, "sarif", metricsFixture())
	if err == nil || !strings.Contains(err.Error(), `unknown format "sarif" for report (want json, markdown, text)`) {
		t.Errorf("err = %v", err)
	}
}

// The JSON shape: durations in seconds, rates numbers or null, every known
// key present, arrays never null.
func TestMetricsJSONShape(t *testing.T) {
	decode := func(m *Metrics) map[string]any {
		var v map[string]any
		if err := json.Unmarshal(renderMetrics(t, "json", m), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	full := decode(metricsFixture())
	mttr := full["mttr"].(map[string]any)
	if mttr["count"] != 5.0 || mttr["median_seconds"] != 4*3600.0 || mttr["p90_seconds"] != 46*3600.0 {
		t.Errorf("mttr = %v; want 5 findings, median 14400 s, p90 165600 s", mttr)
	}
	rates := full["rates"].(map[string]any)
	if rates["auto_fix"] != 0.4 || rates["review"] != 0.75 || rates["override"] != 0.5 {
		t.Errorf("rates = %v", rates)
	}
	if w := full["window"].(map[string]any); w["seconds"] != 72*3600.0 || w["from"] != "2026-11-01T00:00:00Z" {
		t.Errorf("window = %v", w)
	}
	days := full["daily"].([]any)
	if len(days) != 3 || days[0].(map[string]any)["date"] != "2026-11-01" || days[0].(map[string]any)["drifted_resources"] != 5.0 {
		t.Errorf("daily = %v", days)
	}

	empty := decode(emptyMetrics("web"))
	for _, k := range []string{"auto_fix", "review", "pr_merge", "override"} {
		if v, ok := empty["rates"].(map[string]any)[k]; !ok || v != nil {
			t.Errorf("empty rates[%s] = %v, %v; want null", k, v, ok)
		}
	}
	if m := empty["mttr"].(map[string]any); m["median_seconds"] != nil || m["p90_seconds"] != nil {
		t.Errorf("empty mttr = %v; want nulls", m)
	}
	for _, k := range []string{"critical", "high", "medium", "low"} {
		if empty["open"].(map[string]any)["by_severity"].(map[string]any)[k] != 0.0 {
			t.Errorf("empty open.by_severity lacks %s: %v", k, empty["open"])
		}
	}
	for _, k := range []string{"succeeded", "failed", "cancelled", "skipped", "running"} {
		if _, ok := empty["runs"].(map[string]any)["by_status"].(map[string]any)[k]; !ok {
			t.Errorf("empty runs.by_status lacks %s", k)
		}
	}
	if d, ok := empty["drift"].([]any); !ok || len(d) != 0 {
		t.Errorf("empty drift = %#v; want []", empty["drift"])
	}
	for _, day := range empty["daily"].([]any) {
		if v, ok := day.(map[string]any)["median_ttf_seconds"]; !ok || v != nil {
			t.Errorf("a day that resolved nothing has median %v; want null", v)
		}
	}
}

// NaN rates read "n/a" for people, never "NaN%".
func TestMetricsNotAvailable(t *testing.T) {
	for _, format := range []string{"text", "markdown"} {
		out := string(renderMetrics(t, format, emptyMetrics("")))
		if strings.Contains(out, "NaN") || strings.Count(out, "n/a") < 4 {
			t.Errorf("%s: want n/a for the four rates, no NaN:\n%s", format, out)
		}
		if !strings.Contains(out, "every project") {
			t.Errorf("%s: an empty project should read \"every project\":\n%s", format, out)
		}
	}
}

// A project name cannot break a markdown table or its code span.
func TestMetricsMarkdownEscapes(t *testing.T) {
	m := metricsFixture()
	m.Summary.Drift = []store.DriftPoint{{RunID: 9, Project: "a|b`c", StartedAt: metricsDay0, DriftedResources: 3}}
	out := string(renderMetrics(t, "markdown", m))
	if !strings.Contains(out, "| `a\\|b'c` | 3 | 9 |") {
		t.Errorf("project cell not escaped:\n%s", out)
	}
}

func TestFormatDuration(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{-time.Hour, "0s"},
		{400 * time.Millisecond, "0s"},
		{1500 * time.Millisecond, "2s"},
		{59 * time.Second, "59s"},
		{3*time.Minute + 20*time.Second, "3m 20s"},
		{4 * time.Hour, "4h"},
		{4*time.Hour + 59*time.Second, "4h"},
		{90 * time.Minute, "1h 30m"},
		{24 * time.Hour, "1d"},
		{46 * time.Hour, "1d 22h"},
		{30*24*time.Hour + 5*time.Minute, "30d"},
	} {
		if got := FormatDuration(c.d); got != c.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestFormatRate(t *testing.T) {
	nan := metrics.Compute(metrics.Input{}).AutoFixRate
	for _, c := range []struct {
		r    float64
		want string
	}{{0, "0.0%"}, {1, "100.0%"}, {2.0 / 3, "66.7%"}, {nan, "n/a"}} {
		if got := FormatRate(c.r); got != c.want {
			t.Errorf("FormatRate(%v) = %q, want %q", c.r, got, c.want)
		}
	}
}
