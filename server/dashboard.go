package server

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/driftfix/driftfix/metrics"
	"github.com/driftfix/driftfix/report"
	"github.com/driftfix/driftfix/store"
)

//go:embed dashboard.html
var dashboardHTML string

// dashboardTimeout bounds the store queries of one page.
const dashboardTimeout = 20 * time.Second

// dashboardTemplate parses the page. html/template escapes everything the
// store holds (project names, addresses, reasons, URLs) for where it goes;
// only the charts, which the server draws and escapes itself, are inserted
// as they are.
func dashboardTemplate() (*template.Template, error) {
	return template.New("dashboard").Funcs(template.FuncMap{
		"when":     when,
		"took":     took,
		"duration": report.FormatDuration,
		"rate":     report.FormatRate,
		"plural":   plural,
	}).Parse(dashboardHTML)
}

// page is what the dashboard shows.
type page struct {
	Project   string // "" = every project
	Window    string
	Generated string
	Summary   metrics.Summary
	Tiles     []tile
	Open      []severityCount
	Findings  []store.Finding
	// MoreFindings counts the open findings not listed.
	MoreFindings int
	Runs         []store.Run
	Charts       []chart
	Drift        []store.DriftPoint // each project's latest run
}

// tile is one headline number.
type tile struct {
	ID, Name, Value, Hint string
}

type severityCount struct {
	Severity string
	Count    int
}

type chart struct {
	ID, Caption string
	SVG         template.HTML
}

// dashboard serves the page for the project ?project= names (else the
// server's). A store that cannot be read is a 503.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	project := s.opts.Project
	if q := r.URL.Query(); q.Has("project") {
		project = q.Get("project")
	}
	ctx, cancel := context.WithTimeout(r.Context(), dashboardTimeout)
	defer cancel()
	p, err := s.load(ctx, project)
	if err != nil {
		s.opts.Logger.Error("dashboard: reading the run history failed", "err", err)
		http.Error(w, "the run history could not be read: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	var buf bytes.Buffer
	if err := s.page.Execute(&buf, p); err != nil {
		s.opts.Logger.Error("dashboard: rendering failed", "err", err)
		http.Error(w, "the dashboard could not be rendered", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	// no script runs on the page, whatever a stored string holds
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	w.Write(buf.Bytes())
}

// load reads what the page shows.
func (s *Server) load(ctx context.Context, project string) (*page, error) {
	o := s.opts
	now := o.Now().UTC()
	sum, err := metrics.Load(ctx, o.Store, project, now.Add(-o.Window), now)
	if err != nil {
		return nil, err
	}
	open, err := o.Store.OpenFindings(ctx, project)
	if err != nil {
		return nil, err
	}
	runs, err := o.Store.RecentRuns(ctx, project, o.RecentRuns)
	if err != nil {
		return nil, err
	}
	// most severe first; within a severity the store's order: highest
	// priority, then oldest
	slices.SortStableFunc(open, func(a, b store.Finding) int { return severityRank(a.Severity) - severityRank(b.Severity) })
	p := &page{
		Project:   project,
		Window:    windowText(sum.From, sum.To),
		Generated: when(now),
		Summary:   sum,
		Tiles:     tiles(sum),
		Runs:      runs,
		Charts:    charts(sum),
		Drift:     latestDrift(sum.Drift),
	}
	for _, sev := range keys(sum.OpenBySeverity, metrics.Severities) {
		p.Open = append(p.Open, severityCount{sev, sum.OpenBySeverity[sev]})
	}
	p.Findings = open[:min(len(open), o.MaxFindings)]
	p.MoreFindings = len(open) - len(p.Findings)
	return p, nil
}

func severityRank(s string) int {
	if i := slices.Index(metrics.Severities, s); i >= 0 {
		return i
	}
	return len(metrics.Severities)
}

func tiles(s metrics.Summary) []tile {
	median, p90 := "n/a", "n/a"
	if s.MTTR.Count > 0 {
		median, p90 = report.FormatDuration(s.MTTR.Median), report.FormatDuration(s.MTTR.P90)
	}
	return []tile{
		{"mttr-median", "MTTR (median)", median, "over " + plural(s.MTTR.Count, "resolved finding")},
		{"mttr-p90", "MTTR (p90)", p90, "9 in 10 findings were fixed faster"},
		{"auto-fix", "auto-fix rate", report.FormatRate(s.AutoFixRate), "resolved by driftfix's own apply"},
		{"review", "review rate", report.FormatRate(s.ReviewRate), "decided plans sent to review"},
		{"pr-merge", "PR merge rate", report.FormatRate(s.PRMergeRate), "pull requests merged"},
		{"override", "override rate", report.FormatRate(s.OverrideRate), plural(s.Overrides, "automatic fix") + " undone by a person"},
		{"open", "open findings", fmt.Sprint(s.Open), "now"},
	}
}

// charts draws the trends of the window, one point per day: the median
// time to fix and the auto-fix rate of the findings resolved that day (no
// value on a day that resolved nothing), and the most drifted resources a
// run saw that day (no value on a day without a run that read the cloud).
func charts(s metrics.Summary) []chart {
	ran := map[time.Time]bool{}
	for _, p := range s.Drift {
		ran[p.StartedAt.UTC().Truncate(24*time.Hour)] = true
	}
	mttr := Chart{ID: "mttr", Title: "Median time to fix, per day", Unit: "h", Kind: LineChart}
	auto := Chart{ID: "auto-fix", Title: "Auto-fix rate, per day", Unit: "%", Kind: LineChart, Max: 100}
	drift := Chart{ID: "drift", Title: "Drifted resources, per day", Kind: BarChart}
	for _, d := range s.Daily {
		date, tick := d.Date.UTC().Format(time.DateOnly), d.Date.UTC().Format("01-02")
		none := d.Resolved == 0
		mttr.Points = append(mttr.Points, Point{Date: date, Tick: tick, Value: d.MedianTTF.Hours(), Missing: none})
		rate := 0.0
		if !none {
			rate = 100 * float64(d.AutoApplied) / float64(d.Resolved)
		}
		auto.Points = append(auto.Points, Point{Date: date, Tick: tick, Value: rate, Missing: none})
		drift.Points = append(drift.Points, Point{Date: date, Tick: tick, Value: float64(d.Drifted), Missing: !ran[d.Date.UTC()]})
	}
	out := []chart{}
	for _, c := range []struct {
		chart   Chart
		caption string
	}{
		{mttr, "Median hours from detection to resolution of the findings resolved each day."},
		{auto, "Share of each day's resolved findings that driftfix fixed by an automatic apply."},
		{drift, "The most drifted resources a run found each day."},
	} {
		out = append(out, chart{ID: c.chart.ID, Caption: c.caption, SVG: template.HTML(c.chart.SVG())})
	}
	return out
}

// latestDrift is each project's latest drift point, by project.
func latestDrift(points []store.DriftPoint) []store.DriftPoint {
	last := map[string]store.DriftPoint{}
	for _, p := range points {
		last[p.Project] = p
	}
	out := make([]store.DriftPoint, 0, len(last))
	for _, k := range metrics.SortedKeys(last) {
		out = append(out, last[k])
	}
	return out
}

// plural renders "1 step", "2 steps", "2 automatic fixes".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "x") || strings.HasSuffix(word, "s") {
		return fmt.Sprintf("%d %ses", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// when renders a time for the page ("—" for none).
func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05") + " UTC"
}

// took renders how long something from start to end took ("running" while
// end is zero).
func took(start, end time.Time) string {
	if end.IsZero() {
		return "running"
	}
	return report.FormatDuration(end.Sub(start))
}

// windowText names the window.
func windowText(from, to time.Time) string {
	length := to.Sub(from)
	span := report.FormatDuration(length)
	if days := length / (24 * time.Hour); length%(24*time.Hour) == 0 && days == 1 {
		span = "1 day"
	} else if length%(24*time.Hour) == 0 {
		span = fmt.Sprintf("%d days", days)
	}
	return fmt.Sprintf("%s, %s to %s", span, from.UTC().Format("2006-01-02 15:04"), to.UTC().Format("2006-01-02 15:04 UTC"))
}
