package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/metrics"
	"github.com/driftfix/driftfix/report"
	"github.com/driftfix/driftfix/store"
)

// DatabaseEnv names the environment variable that holds the store's DSN
// when no --db flag gives it (the place for a PostgreSQL URL with its
// password, which driftfix.hcl refuses).
const DatabaseEnv = "DRIFTFIX_DATABASE"

// DefaultReportWindow is how far back `driftfix report` looks by default.
const DefaultReportWindow = 30 * 24 * time.Hour

// ReportRequest asks for the remediation metrics of the run history.
type ReportRequest struct {
	// Project limits the report to one project ("" = every project).
	Project string
	// Since is how far back from now the window reaches (0 =
	// DefaultReportWindow).
	Since time.Duration
	// Database is the store's DSN as the command line gives it ("" = see
	// DatabaseDSN).
	Database string
	// Dir is where driftfix.hcl is looked for, up to the repository root
	// ("" = the working directory); ConfigFile names it instead.
	Dir        string
	ConfigFile string
	// Getenv reads the environment (nil = os.Getenv).
	Getenv func(string) string
	// Now is the clock (nil = time.Now).
	Now func() time.Time
	// Logger receives what driftfix does. Nil discards.
	Logger *slog.Logger
}

// Report reads the run history of req.Project over the window that ends
// now and summarises it: time to fix, the auto-fix, review, PR-merge and
// override rates, open findings, runs, drift. It only reads: a SQLite
// store that does not exist is an error, not an empty report.
func Report(ctx context.Context, req ReportRequest) (*report.Metrics, error) {
	since := req.Since
	if since == 0 {
		since = DefaultReportWindow
	}
	if since < 0 {
		return nil, usage("--since must be positive, got %v", since)
	}
	getenv, now := req.Getenv, req.Now
	if getenv == nil {
		getenv = os.Getenv
	}
	if now == nil {
		now = time.Now
	}
	cfg, root, err := reportConfig(req)
	if err != nil {
		return nil, err
	}
	dsn := DatabaseDSN(req.Database, getenv, cfg, root)
	if path, ok := sqlitePath(dsn); ok {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no run history: the store %s does not exist (driftfix run records there; --db or %s names another)", path, DatabaseEnv)
		}
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if req.Project != "" {
		if err := knownProject(ctx, st, cfg, req.Project); err != nil {
			return nil, err
		}
	}
	to := now().UTC()
	sum, err := metrics.Load(ctx, st, req.Project, to.Add(-since), to)
	if err != nil {
		return nil, err
	}
	return &report.Metrics{Project: req.Project, Summary: sum}, nil
}

// reportConfig finds and loads driftfix.hcl for a report (the defaults
// without one) and returns it with the directory relative paths in it are
// resolved against: the file's directory, else the search directory.
func reportConfig(req ReportRequest) (*config.Config, string, error) {
	base := req.Dir
	if base == "" {
		base = "."
	}
	root, err := filepath.Abs(base)
	if err != nil {
		return nil, "", err
	}
	path := req.ConfigFile
	if path == "" {
		if path, err = config.FindUp(root); err != nil {
			return nil, "", err
		}
	}
	if path == "" {
		return config.Default(), root, nil
	}
	cfg, err := LoadConfig(path, req.Logger)
	if err != nil {
		return nil, "", err
	}
	if root, err = filepath.Abs(filepath.Dir(path)); err != nil {
		return nil, "", err
	}
	return cfg, root, nil
}

// DatabaseDSN says which store a command uses: flag when given, else the
// environment's DRIFTFIX_DATABASE, else driftfix.hcl's server { database }
// (default .driftfix/driftfix.db). A relative SQLite path from the file is
// relative to root, the directory of driftfix.hcl; one from the flag or the
// environment is relative to the working directory, as the user typed it.
func DatabaseDSN(flag string, getenv func(string) string, cfg *config.Config, root string) string {
	if flag != "" {
		return flag
	}
	if env := getenv(DatabaseEnv); env != "" {
		return env
	}
	if cfg == nil {
		cfg = config.Default()
	}
	dsn := cfg.Server().Database
	if path, ok := sqlitePath(dsn); ok && !filepath.IsAbs(path) {
		return filepath.Join(root, path)
	}
	return dsn
}

// sqlitePath is the file a SQLite DSN names (store.Open's forms: a path,
// or sqlite:PATH); ok is false for any other database.
func sqlitePath(dsn string) (string, bool) {
	switch {
	case dsn == "":
		return store.DefaultPath, true
	case strings.HasPrefix(dsn, "sqlite:"):
		p := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
		if p == "" {
			p = store.DefaultPath
		}
		return p, true
	case strings.Contains(dsn, "://"):
		return "", false
	}
	return dsn, true
}

// knownProject refuses a project that neither driftfix.hcl nor the history
// knows: most likely a typo, which would otherwise read as a report of
// nothing.
func knownProject(ctx context.Context, st *store.Store, cfg *config.Config, name string) error {
	if cfg.File() != "" {
		if _, ok := cfg.Project(name); ok {
			return nil
		}
	}
	runs, err := st.RecentRuns(ctx, name, 1)
	if err != nil {
		return err
	}
	if len(runs) > 0 {
		return nil
	}
	if cfg.File() != "" {
		return usage("project %q is neither in %s nor in the run history", name, cfg.File())
	}
	return usage("project %q is not in the run history", name)
}
