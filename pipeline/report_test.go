package pipeline

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/internal/storetest"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDatabaseDSN(t *testing.T) {
	dir := t.TempDir()
	withDB := filepath.Join(dir, "with", config.FileName)
	writeFile(t, withDB, "server {\n  database = \"state/history.db\"\n}\n")
	withPG := filepath.Join(dir, "pg", config.FileName)
	writeFile(t, withPG, "server {\n  database = \"postgres://driftfix@db.internal/driftfix\"\n}\n")
	load := func(path string) *config.Config {
		cfg, diags := config.Load(path)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		return cfg
	}
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == DatabaseEnv {
				return v
			}
			return ""
		}
	}
	root := filepath.Join(dir, "with")
	for _, c := range []struct {
		name, flag, env string
		cfg             *config.Config
		want            string
	}{
		{"the flag wins", "flag.db", "postgres://env/db", load(withDB), "flag.db"},
		{"then the environment", "", "postgres://env/db", load(withDB), "postgres://env/db"},
		{"then driftfix.hcl, relative to its directory", "", "", load(withDB), filepath.Join(root, "state/history.db")},
		{"a URL from driftfix.hcl as it is", "", "", load(withPG), "postgres://driftfix@db.internal/driftfix"},
		{"the default next to driftfix.hcl", "", "", config.Default(), filepath.Join(root, ".driftfix/driftfix.db")},
		{"no config at all", "", "", nil, filepath.Join(root, ".driftfix/driftfix.db")},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := DatabaseDSN(c.flag, env(c.env), c.cfg, root); got != c.want {
				t.Errorf("DatabaseDSN = %q, want %q", got, c.want)
			}
		})
	}
}

// Report finds the store next to driftfix.hcl from a directory below it
// and summarises the window that ends now.
func TestReport(t *testing.T) {
	ctx := context.Background()
	repo := t.TempDir()
	writeFile(t, filepath.Join(repo, config.FileName), "project \"web\" {\n  dir = \"web\"\n}\nproject \"data\" {\n  dir = \"data\"\n}\nproject \"new\" {\n  dir = \"new\"\n}\n")
	if err := os.MkdirAll(filepath.Join(repo, "web"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := storetest.Seed(ctx, filepath.Join(repo, ".driftfix", "driftfix.db")); err != nil {
		t.Fatal(err)
	}
	req := ReportRequest{Dir: filepath.Join(repo, "web"), Since: 72 * time.Hour, Getenv: func(string) string { return "" },
		Now: func() time.Time { return storetest.End }}

	all, err := Report(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	s := all.Summary
	if !s.From.Equal(storetest.Day0) || !s.To.Equal(storetest.End) || s.MTTR.Count != 3 || s.Open != 2 || len(s.Daily) != 3 {
		t.Errorf("every project: window %v–%v, %d resolved, %d open, %d days", s.From, s.To, s.MTTR.Count, s.Open, len(s.Daily))
	}

	req.Project = "web"
	web, err := Report(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if web.Project != "web" || web.Summary.Open != 1 || math.Abs(web.Summary.ReviewRate-0.5) > 1e-9 {
		t.Errorf("web: project %q, %d open, review rate %v; want 1 open, review rate 0.5", web.Project, web.Summary.Open, web.Summary.ReviewRate)
	}

	req.Project = "new" // configured, never run: an empty report
	if r, err := Report(ctx, req); err != nil || r.Summary.Open != 0 || len(r.Summary.Drift) != 0 {
		t.Errorf("a configured project without runs: %v, %+v", err, r)
	}

	req.Project = "wbe"
	_, err = Report(ctx, req)
	var ue *UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), `project "wbe" is neither in `) {
		t.Errorf("a typo: err = %v; want a usage error naming the project", err)
	}

	req.Project, req.Since = "", 0
	if r, err := Report(ctx, req); err != nil || r.Summary.To.Sub(r.Summary.From) != DefaultReportWindow {
		t.Errorf("default window: %v, %+v", err, r)
	}
	req.Since = -time.Hour
	if _, err := Report(ctx, req); !errors.As(err, &ue) {
		t.Errorf("a negative --since: err = %v; want a usage error", err)
	}
}

// A report only reads: a store that does not exist is an error, and is
// not created.
func TestReportMissingStore(t *testing.T) {
	dir := t.TempDir()
	_, err := Report(context.Background(), ReportRequest{Dir: dir, Getenv: func(string) string { return "" }})
	want := filepath.Join(dir, ".driftfix", "driftfix.db")
	if err == nil || !strings.Contains(err.Error(), "no run history: the store "+want+" does not exist") {
		t.Errorf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".driftfix")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the report created %s: %v", filepath.Join(dir, ".driftfix"), err)
	}
}
