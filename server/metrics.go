package server

import (
	"context"
	"math"
	"time"

	"github.com/driftfix/driftfix/metrics"
	"github.com/driftfix/driftfix/store"
	"github.com/prometheus/client_golang/prometheus"
)

// scrapeTimeout bounds the store queries of one scrape.
const scrapeTimeout = 20 * time.Second

// The history's metrics. Each scrape computes them afresh from the store
// for the window that ends then.
var (
	storeUpDesc = prometheus.NewDesc("driftfix_store_up",
		"1 when the run history could be read for this scrape, else 0 (and no other driftfix_ history metric).", nil, nil)
	windowDesc = prometheus.NewDesc("driftfix_window_seconds",
		"Length of the window the history metrics cover, ending at the scrape.", nil, nil)
	mttrDesc = prometheus.NewDesc("driftfix_mttr_seconds",
		`Time to fix (detection to resolution) of the findings resolved in the window: median (quantile 0.5) and p90, over all severities (severity="all") and per severity. NaN when nothing was resolved.`,
		[]string{"quantile", "severity"}, nil)
	mttrClassDesc = prometheus.NewDesc("driftfix_mttr_by_class_seconds",
		"Time to fix of the findings resolved in the window, per fix class: median (quantile 0.5) and p90.",
		[]string{"quantile", "class"}, nil)
	resolvedDesc = prometheus.NewDesc("driftfix_resolved_findings",
		"Findings resolved in the window, by how (auto_applied, pr_merged, fixed_by_hand, ignored).", []string{"resolution"}, nil)
	autoFixDesc = prometheus.NewDesc("driftfix_auto_fix_ratio",
		"Share of the findings resolved in the window that driftfix resolved by an automatic apply; NaN when none was resolved.", nil, nil)
	reviewDesc = prometheus.NewDesc("driftfix_review_ratio",
		"Share of the window's runs that reached a decision whose plan went to review; NaN when none did.", nil, nil)
	prMergeDesc = prometheus.NewDesc("driftfix_pr_merge_ratio",
		"Share of the window's runs with a pull request whose findings its merge resolved; NaN when no run opened one.", nil, nil)
	overrideDesc = prometheus.NewDesc("driftfix_override_ratio",
		"Overrides (automatic fixes a person undid) per automatically resolved finding in the window; NaN when nothing was auto-applied.", nil, nil)
	overridesDesc = prometheus.NewDesc("driftfix_overrides",
		"Overrides detected in the window.", nil, nil)
	openDesc = prometheus.NewDesc("driftfix_open_findings",
		"Findings open now, by severity.", []string{"severity"}, nil)
	runsDesc = prometheus.NewDesc("driftfix_runs",
		"Runs started in the window, by status.", []string{"status"}, nil)
	decisionsDesc = prometheus.NewDesc("driftfix_run_decisions",
		"Runs started in the window (skipped ones aside), by the gate's decision.", []string{"decision"}, nil)
	driftedDesc = prometheus.NewDesc("driftfix_drifted_resources",
		"Resources found drifted by each project's latest run in the window.", []string{"project"}, nil)
)

// The values the gauges always carry, 0 included, so that a series does
// not vanish when its count drops to nothing.
var (
	metricResolutions = []store.Resolution{store.ResolutionAutoApplied, store.ResolutionPRMerged, store.ResolutionFixedByHand, store.ResolutionIgnored}
	metricStatuses    = []store.Status{store.StatusRunning, store.StatusSucceeded, store.StatusFailed, store.StatusCancelled, store.StatusSkipped}
	metricDecisions   = []store.Decision{store.DecisionAutoApply, store.DecisionReview, store.DecisionNone}
)

// historyCollector exports the metrics of the run history (a Prometheus
// Collector): on each scrape it reads the store and computes the summary.
type historyCollector struct{ s *Server }

// Describe sends every description the collector uses.
func (c *historyCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{storeUpDesc, windowDesc, mttrDesc, mttrClassDesc, resolvedDesc, autoFixDesc,
		reviewDesc, prMergeDesc, overrideDesc, overridesDesc, openDesc, runsDesc, decisionsDesc, driftedDesc} {
		ch <- d
	}
}

// Collect reads the store and sends the metrics; a store that does not
// answer makes driftfix_store_up 0 and nothing else.
func (c *historyCollector) Collect(ch chan<- prometheus.Metric) {
	o := c.s.opts
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	to := o.Now().UTC()
	sum, err := metrics.Load(ctx, o.Store, o.Project, to.Add(-o.Window), to)
	if err != nil {
		o.Logger.Error("metrics: reading the run history failed", "err", err)
		ch <- gauge(storeUpDesc, 0)
		return
	}
	ch <- gauge(storeUpDesc, 1)
	ch <- gauge(windowDesc, o.Window.Seconds())

	mttr := func(desc *prometheus.Desc, scope string, d metrics.Durations) {
		ch <- gauge(desc, quantile(d, d.Median), "0.5", scope)
		ch <- gauge(desc, quantile(d, d.P90), "0.9", scope)
	}
	mttr(mttrDesc, "all", sum.MTTR)
	for sev, d := range sum.BySeverity {
		mttr(mttrDesc, sev, d)
	}
	for class, d := range sum.ByClass {
		mttr(mttrClassDesc, class, d)
	}
	for _, k := range keys(sum.Resolved, metricResolutions) {
		ch <- gauge(resolvedDesc, float64(sum.Resolved[k]), string(k))
	}
	ch <- gauge(autoFixDesc, sum.AutoFixRate)
	ch <- gauge(reviewDesc, sum.ReviewRate)
	ch <- gauge(prMergeDesc, sum.PRMergeRate)
	ch <- gauge(overrideDesc, sum.OverrideRate)
	ch <- gauge(overridesDesc, float64(sum.Overrides))
	for _, sev := range keys(sum.OpenBySeverity, metrics.Severities) {
		ch <- gauge(openDesc, float64(sum.OpenBySeverity[sev]), sev)
	}
	for _, st := range keys(sum.Runs, metricStatuses) {
		ch <- gauge(runsDesc, float64(sum.Runs[st]), string(st))
	}
	for _, d := range keys(sum.Decisions, metricDecisions) {
		ch <- gauge(decisionsDesc, float64(sum.Decisions[d]), string(d))
	}
	latest := map[string]int{}
	for _, p := range sum.Drift { // oldest first: the last one wins
		latest[p.Project] = p.DriftedResources
	}
	for project, n := range latest {
		ch <- gauge(driftedDesc, float64(n), project)
	}
}

func gauge(desc *prometheus.Desc, v float64, labels ...string) prometheus.Metric {
	return prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, v, labels...)
}

// quantile is a time to fix in seconds, NaN for a distribution of nothing.
func quantile(d metrics.Durations, q time.Duration) float64 {
	if d.Count == 0 {
		return math.NaN()
	}
	return q.Seconds()
}

// keys lists the known keys and any others m holds.
func keys[K comparable](m map[K]int, known []K) []K {
	out := append([]K(nil), known...)
	seen := make(map[K]bool, len(known))
	for _, k := range known {
		seen[k] = true
	}
	for k := range m {
		if !seen[k] {
			out = append(out, k)
		}
	}
	return out
}

// webhookCounters are the server's own counts of webhook deliveries.
type webhookCounters struct {
	received, rejected *prometheus.CounterVec
}

func newWebhookCounters() webhookCounters {
	return webhookCounters{
		received: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "driftfix_webhook_events_received_total",
			Help: "Webhook deliveries accepted (signature verified), by event type.",
		}, []string{"event"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "driftfix_webhook_events_rejected_total",
			Help: "Webhook deliveries refused, by reason.",
		}, []string{"reason"}),
	}
}

// WebhookReceived counts a webhook delivery accepted for processing. event
// is the verified delivery's event type (pull_request, issue_comment, …):
// count only after the signature is checked, so that strangers cannot
// invent label values.
func (s *Server) WebhookReceived(event string) { s.webhooks.received.WithLabelValues(event).Inc() }

// WebhookRejected counts a webhook delivery refused. reason is one of a
// few fixed words the caller chooses ("signature", "repository",
// "duplicate", "payload", …), never text from the request.
func (s *Server) WebhookRejected(reason string) { s.webhooks.rejected.WithLabelValues(reason).Inc() }
