package server

import (
	"context"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/store"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape GETs /metrics and parses the exposition.
func scrape(t *testing.T, s *Server) map[string]*dto.MetricFamily {
	t.Helper()
	res, body := get(t, s, "/metrics")
	if res.StatusCode != 200 {
		t.Fatalf("GET /metrics: %d\n%s", res.StatusCode, body)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the exposition does not parse: %v\n%s", err, body)
	}
	return families
}

// series renders a family's series as `{label="value",…} value` lines, sorted.
func series(f *dto.MetricFamily) []string {
	if f == nil {
		return nil
	}
	var out []string
	for _, m := range f.Metric {
		var labels []string
		for _, l := range m.Label {
			labels = append(labels, l.GetName()+"="+l.GetValue())
		}
		v := math.NaN()
		switch {
		case m.Gauge != nil:
			v = m.Gauge.GetValue()
		case m.Counter != nil:
			v = m.Counter.GetValue()
		}
		out = append(out, "{"+strings.Join(labels, ",")+"} "+model.SampleValue(v).String())
	}
	sort.Strings(out)
	return out
}

func TestMetricsExposition(t *testing.T) {
	fams := scrape(t, newServer(t, seeded(t), ""))
	for name, want := range map[string][]string{
		"driftfix_store_up":          {"{} 1"},
		"driftfix_window_seconds":    {"{} 259200"},
		"driftfix_auto_fix_ratio":    {"{} 0.3333333333333333"},
		"driftfix_review_ratio":      {"{} 0.6666666666666666"},
		"driftfix_pr_merge_ratio":    {"{} 0.5"},
		"driftfix_override_ratio":    {"{} 1"},
		"driftfix_overrides":         {"{} 1"},
		"driftfix_open_findings":     {"{severity=critical} 2", "{severity=high} 0", "{severity=low} 0", "{severity=medium} 0"},
		"driftfix_runs":              {"{status=cancelled} 0", "{status=failed} 1", "{status=running} 0", "{status=skipped} 1", "{status=succeeded} 3"},
		"driftfix_run_decisions":     {"{decision=auto-apply} 1", "{decision=none} 1", "{decision=review} 2"},
		"driftfix_drifted_resources": {"{project=data} 0", "{project=web} 0"},
		"driftfix_resolved_findings": {"{resolution=auto_applied} 1", "{resolution=fixed_by_hand} 1", "{resolution=ignored} 0", "{resolution=pr_merged} 1"},
		"driftfix_mttr_seconds": {
			"{quantile=0.5,severity=all} 172800", "{quantile=0.5,severity=high} 86400", "{quantile=0.5,severity=low} 172800", "{quantile=0.5,severity=medium} 172800",
			"{quantile=0.9,severity=all} 172800", "{quantile=0.9,severity=high} 86400", "{quantile=0.9,severity=low} 172800", "{quantile=0.9,severity=medium} 172800",
		},
		"driftfix_mttr_by_class_seconds": {
			"{class=tags,quantile=0.5} 172800", "{class=tags,quantile=0.9} 172800",
			"{class=versioning,quantile=0.5} 86400", "{class=versioning,quantile=0.9} 86400",
		},
	} {
		f := fams[name]
		if f == nil {
			t.Errorf("%s is missing from /metrics", name)
			continue
		}
		if f.GetType() != dto.MetricType_GAUGE || f.GetHelp() == "" {
			t.Errorf("%s: type %v, help %q; want a documented gauge", name, f.GetType(), f.GetHelp())
		}
		if got := series(f); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
	if fams["go_goroutines"] == nil || fams["process_start_time_seconds"] == nil {
		t.Error("the Go and process collectors are missing")
	}
}

// The project filter narrows every history metric.
func TestMetricsProject(t *testing.T) {
	fams := scrape(t, newServer(t, seeded(t), "web"))
	for name, want := range map[string]string{
		"driftfix_open_findings":     "{severity=critical} 1",
		"driftfix_drifted_resources": "{project=web} 0",
		"driftfix_review_ratio":      "{} 0.5",
	} {
		if got := series(fams[name]); got[0] != want {
			t.Errorf("%s = %q, want first %q", name, got, want)
		}
	}
}

// An empty history exports NaN where there is nothing to divide by, and
// every known label with 0.
func TestMetricsEmptyHistory(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fams := scrape(t, newServer(t, st, ""))
	for _, name := range []string{"driftfix_auto_fix_ratio", "driftfix_review_ratio", "driftfix_pr_merge_ratio", "driftfix_override_ratio"} {
		if got := series(fams[name]); len(got) != 1 || got[0] != "{} NaN" {
			t.Errorf("%s = %q, want NaN", name, got)
		}
	}
	if got := series(fams["driftfix_mttr_seconds"]); strings.Join(got, " ") != "{quantile=0.5,severity=all} NaN {quantile=0.9,severity=all} NaN" {
		t.Errorf("mttr = %q", got)
	}
	if got := series(fams["driftfix_runs"]); len(got) != 5 || got[0] != "{status=cancelled} 0" {
		t.Errorf("runs = %q", got)
	}
	if fams["driftfix_drifted_resources"] != nil {
		t.Error("drifted resources without a run")
	}
}

// A store that stops answering: store_up 0 and no history metric, but the
// scrape itself still works.
func TestMetricsStoreDown(t *testing.T) {
	st := seeded(t)
	s := newServer(t, st, "")
	st.Close()
	fams := scrape(t, s)
	if got := series(fams["driftfix_store_up"]); len(got) != 1 || got[0] != "{} 0" {
		t.Errorf("store_up = %q", got)
	}
	if fams["driftfix_runs"] != nil || fams["driftfix_open_findings"] != nil {
		t.Error("history metrics from a store that did not answer")
	}
	if n := testutil.CollectAndCount(&historyCollector{s: s}); n != 1 {
		t.Errorf("the collector sent %d metrics, want only store_up", n)
	}
}

// The collector itself, through client_golang's testutil.
func TestHistoryCollector(t *testing.T) {
	s := newServer(t, seeded(t), "")
	c := &historyCollector{s: s}
	if n := testutil.CollectAndCount(c, "driftfix_open_findings"); n != 4 {
		t.Errorf("%d open-findings series, want one per severity", n)
	}
	want := `
# HELP driftfix_open_findings Findings open now, by severity.
# TYPE driftfix_open_findings gauge
driftfix_open_findings{severity="critical"} 2
driftfix_open_findings{severity="high"} 0
driftfix_open_findings{severity="low"} 0
driftfix_open_findings{severity="medium"} 0
# HELP driftfix_overrides Overrides detected in the window.
# TYPE driftfix_overrides gauge
driftfix_overrides 1
`
	if err := testutil.CollectAndCompare(c, strings.NewReader(want), "driftfix_open_findings", "driftfix_overrides"); err != nil {
		t.Error(err)
	}
	problems, err := testutil.CollectAndLint(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		// The times to fix are quantiles of the window, computed afresh on
		// each scrape, not a client-side summary (there is no running sum
		// to export): gauges with a quantile label, as documented.
		if strings.Contains(p.Text, `should not have "quantile" label`) && strings.HasPrefix(p.Metric, "driftfix_mttr_") {
			continue
		}
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
}

// The webhook counters #10's handlers increment.
func TestWebhookCounters(t *testing.T) {
	s := newServer(t, seeded(t), "")
	s.WebhookReceived("pull_request")
	s.WebhookReceived("pull_request")
	s.WebhookReceived("issue_comment")
	s.WebhookRejected("signature")
	if got := testutil.ToFloat64(s.webhooks.received.WithLabelValues("pull_request")); got != 2 {
		t.Errorf("received pull_request = %v", got)
	}
	fams := scrape(t, s)
	if got := series(fams["driftfix_webhook_events_received_total"]); strings.Join(got, " ") != "{event=issue_comment} 1 {event=pull_request} 2" {
		t.Errorf("received = %q", got)
	}
	if f := fams["driftfix_webhook_events_rejected_total"]; f.GetType() != dto.MetricType_COUNTER || series(f)[0] != "{reason=signature} 1" {
		t.Errorf("rejected = %v %q", f.GetType(), series(f))
	}
}
