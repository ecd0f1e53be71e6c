package server

import (
	"context"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/internal/storetest"
	"github.com/driftfix/driftfix/store"
)

// charts finds the page's SVG charts, parses each as XML and returns them
// by data-chart.
func pageCharts(t *testing.T, body string) map[string]svgNode {
	t.Helper()
	out := map[string]svgNode{}
	for rest := body; ; {
		i := strings.Index(rest, "<svg")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], "</svg>")
		if j < 0 {
			t.Fatal("an <svg> without its end tag")
		}
		root := parseSVG(t, rest[i:i+j+len("</svg>")])
		id, _ := root.attr("data-chart")
		out[id] = root
		rest = rest[i+j:]
	}
	return out
}

var runIDs = regexp.MustCompile(`<tr data-run-id="(\d+)" data-status="([a-z-]+)" data-decision="([a-z-]*)">`)

// pageRuns lists the runs table's rows as "id status decision".
func pageRuns(body string) []string {
	var out []string
	for _, m := range runIDs.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1]+" "+m[2]+" "+m[3])
	}
	return out
}

var fingerprints = regexp.MustCompile(`<tr data-fingerprint="([^"]+)">`)

func pageFindings(body string) []string {
	var out []string
	for _, m := range fingerprints.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// wantPoints checks a chart's points, one per day: the values as data
// attributes ("" for a day without one).
func wantPoints(t *testing.T, charts map[string]svgNode, id string, want ...string) {
	t.Helper()
	root, ok := charts[id]
	if !ok {
		t.Errorf("no chart %q on the page (charts: %v)", id, keysOf(charts))
		return
	}
	pts := points(t, root)
	var got []string
	for _, p := range pts {
		got = append(got, p.date+"="+p.value)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("chart %s: points %q, want %q", id, got, want)
	}
}

func keysOf[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestDashboard(t *testing.T) {
	s := newServer(t, seeded(t), "")
	res, body := get(t, s, "/")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET /: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q does not forbid scripts", csp)
	}
	if got := pageRuns(body); strings.Join(got, ", ") != "5 skipped none, 4 failed none, 3 succeeded review, 2 succeeded review, 1 succeeded auto-apply" {
		t.Errorf("runs, newest first: %q", got)
	}
	if got := pageFindings(body); strings.Join(got, " ") != "web-c data-e" {
		t.Errorf("open findings, most severe and highest priority first: %q", got)
	}
	for _, want := range []string{
		`id="project">every project<`,
		`<li>every change is in a class allowed to auto-apply: versioning</li>`, // a decision's reasons
		`<span class="error">terraform plan: exit status 1</span>`,              // a failure
		`a run of web was still going`,                                          // a skip
		`<a href="` + storetest.WebPullRequest + `">pull request</a>`,
		`<code>0123abc</code>`,
		`<li data-step="plan" data-status="failed">plan <span class="status status-failed">failed</span> — terraform plan: exit status 1`,
		`<code>aws_security_group.web</code>`,
		`<li>internet-facing: 0.0.0.0/0 ingress</li>`, // a priority's reasons
		`<div class="tile" id="tile-mttr-median"><dt>MTTR (median)</dt><dd>2d<`,
		`<div class="tile" id="tile-auto-fix"><dt>auto-fix rate</dt><dd>33.3%<`,
		`<div class="tile" id="tile-override"><dt>override rate</dt><dd>100.0%<`,
		`<span data-severity="critical"><span class="sev sev-critical">critical</span> 2</span>`,
		`last 3 days, 2026-11-01 00:00 to 2026-11-04 00:00 UTC`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	charts := pageCharts(t, body)
	if len(charts) != 3 {
		t.Errorf("%d charts, want 3", len(charts))
	}
	wantPoints(t, charts, "mttr", "2026-11-01=", "2026-11-02=24", "2026-11-03=48")
	wantPoints(t, charts, "auto-fix", "2026-11-01=", "2026-11-02=100", "2026-11-03=0")
	wantPoints(t, charts, "drift", "2026-11-01=1", "2026-11-02=1", "2026-11-03=0")
}

// ?project= shows one project; the server's own Project is the default.
func TestDashboardProject(t *testing.T) {
	st := seeded(t)
	for _, c := range []struct {
		server, target string
		runs, findings string
	}{
		{"", "/?project=data", "2 succeeded review", "data-e"},
		{"data", "/", "2 succeeded review", "data-e"},
		{"data", "/?project=", "5 skipped none, 4 failed none, 3 succeeded review, 2 succeeded review, 1 succeeded auto-apply", "web-c data-e"},
		{"", "/?project=web", "5 skipped none, 4 failed none, 3 succeeded review, 1 succeeded auto-apply", "web-c"},
	} {
		_, body := get(t, newServer(t, st, c.server), c.target)
		if got := strings.Join(pageRuns(body), ", "); got != c.runs {
			t.Errorf("server %q, %s: runs %q, want %q", c.server, c.target, got, c.runs)
		}
		if got := strings.Join(pageFindings(body), " "); got != c.findings {
			t.Errorf("server %q, %s: findings %q, want %q", c.server, c.target, got, c.findings)
		}
	}
	_, body := get(t, newServer(t, st, ""), "/?project=data")
	if !strings.Contains(body, `id="project">data<`) || !strings.Contains(body, `<a href="?project=">every project</a>`) {
		t.Error("a project page names the project and links back to every project")
	}
	wantPoints(t, pageCharts(t, body), "drift", "2026-11-01=", "2026-11-02=0", "2026-11-03=")
}

// A store without history: the page still renders, with empty charts that
// say so.
func TestDashboardEmpty(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res, body := get(t, newServer(t, st, ""), "/")
	if res.StatusCode != 200 || !strings.Contains(body, `id="no-runs"`) || !strings.Contains(body, `id="no-findings"`) {
		t.Fatalf("empty store: %d\n%s", res.StatusCode, body)
	}
	charts := pageCharts(t, body)
	for id, root := range charts {
		if got := texts(root, "no-data"); len(got) != 1 {
			t.Errorf("chart %s of an empty history does not say no data", id)
		}
		if n := len(points(t, root)); n != 3 {
			t.Errorf("chart %s: %d points, want one (missing) per day", id, n)
		}
	}
	if len(charts) != 3 {
		t.Errorf("%d charts", len(charts))
	}
}

// A store that does not answer is a 503, not a half page.
func TestDashboardStoreDown(t *testing.T) {
	st := seeded(t)
	s := newServer(t, st, "")
	st.Close()
	res, body := get(t, s, "/")
	if res.StatusCode != 503 || !strings.Contains(body, "the run history could not be read") {
		t.Errorf("closed store: %d %q", res.StatusCode, body)
	}
}

// What users typed (project names, addresses, reasons, URLs) is escaped:
// it shows as text and never runs.
func TestDashboardEscapes(t *testing.T) {
	ctx := context.Background()
	clock := storetest.NewClock(storetest.Day0.Add(time.Hour))
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "driftfix.db"), store.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const evil = `<script>alert(1)</script>`
	id, err := st.StartRun(ctx, store.RunStart{Project: evil, Trigger: store.TriggerManual})
	if err != nil {
		t.Fatal(err)
	}
	sid, err := st.StartStep(ctx, id, store.StepPlan)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.FinishStep(ctx, sid, store.StepResult{Status: store.StatusSucceeded, Summary: `<i>step</i>`}); err != nil {
		t.Fatal(err)
	}
	obs := []store.Observation{{Fingerprint: `"><b>fp`, Rule: "r", Severity: "high", Class: "c", Kind: store.KindMisconfiguration,
		Address: `aws_s3_bucket.x["<img src=x onerror=alert(1)>"]`, PriorityReasons: []string{`<u>reason</u>`}}}
	if _, err := st.SyncFindings(ctx, evil, id, obs, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishRun(ctx, id, store.RunResult{Status: store.StatusSucceeded, Decision: store.DecisionReview,
		DecisionReasons: []string{`<b>bold</b> & "quoted"`}, PullRequestURL: `javascript:alert(1)`, Error: `<marquee>`}); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Store: st, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/", "/?project=" + url.QueryEscape(evil)} {
		res, body := get(t, s, target)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", target, res.StatusCode)
		}
		for _, bad := range []string{"<script", "<img", "<b>", "<i>", "<u>", "<marquee", `href="javascript:`} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: the page contains %s unescaped", target, bad)
			}
		}
		for _, want := range []string{
			`&lt;script&gt;alert(1)&lt;/script&gt;`,
			`href="?project=%3cscript%3ealert%281%29%3c%2fscript%3e"`,
			`&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;`,
			`aws_s3_bucket.x[&#34;&lt;img src=x onerror=alert(1)&gt;&#34;]`,
			`data-fingerprint="&#34;&gt;&lt;b&gt;fp"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the page lacks %s", target, want)
			}
		}
		pageCharts(t, body) // still well-formed
	}
}
