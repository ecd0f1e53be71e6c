package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/driftfix/driftfix/pipeline"
	"github.com/driftfix/driftfix/report"
	"github.com/spf13/cobra"
)

// now is report's clock; the test binary may set it (DRIFTFIX_TEST_NOW).
var now = time.Now

type reportOptions struct {
	req    pipeline.ReportRequest
	format string
}

func (a *app) reportCmd() *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report [-p PROJECT] [--since 720h] [--db DSN]",
		Short: "Show whether automated remediation works: time to fix, auto-fix, review, PR-merge and override rates",
		Long: `report reads the run history that driftfix run and driftfix serve record, and
summarises the window that ends now (--since, default 720h = 30 days):

  time to fix (MTTR)  median and p90 from detection to resolution, overall,
                      by severity and by fix class
  rates               auto-fix (resolved by driftfix's own apply), review (plans
                      sent to review), PR merge, override (automatic fixes a
                      person undid); n/a when there is nothing to divide by
  open findings       by severity, now
  runs                by status and by decision
  drift               drifted resources in each project's latest run

The store is --db, else $DRIFTFIX_DATABASE, else driftfix.hcl's server { database },
else .driftfix/driftfix.db next to driftfix.hcl (found from the working directory
up to the repository root). A postgres:// URL names a PostgreSQL store. report
only reads: a SQLite store that does not exist is an error.

--format json is a stable shape (durations in seconds, rates from 0 to 1 or
null); --format markdown renders tables.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.report(cmd, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&o.req.Project, "project", "p", "", "report on this project only (default: every project)")
	fl.DurationVar(&o.req.Since, "since", pipeline.DefaultReportWindow, "how far back the window reaches from now")
	fl.StringVar(&o.req.Database, "db", "", "the store: a SQLite file or a postgres:// URL (default $"+pipeline.DatabaseEnv+", then driftfix.hcl's server { database })")
	fl.StringVar(&o.req.ConfigFile, "config", "", "driftfix.hcl to read (default: the one in the working directory or the nearest parent, up to the repository root)")
	fl.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.MetricsFormats(), ", "))
	return cmd
}

func (a *app) report(cmd *cobra.Command, o *reportOptions) error {
	if !slices.Contains(report.MetricsFormats(), o.format) {
		return &usageError{fmt.Errorf("unknown format %q for report (want %s)", o.format, strings.Join(report.MetricsFormats(), ", "))}
	}
	if o.req.Since <= 0 {
		return &usageError{fmt.Errorf("--since must be positive, got %v", o.req.Since)}
	}
	req := o.req
	req.Getenv, req.Now, req.Logger = a.getenv, now, a.log
	m, err := pipeline.Report(cmd.Context(), req)
	if err != nil {
		return err
	}
	return report.RenderMetrics(a.stdout, o.format, m)
}
