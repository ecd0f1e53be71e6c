package main

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/driftfix/driftfix/pipeline"
	"github.com/driftfix/driftfix/report"
	"github.com/spf13/cobra"
)

type scanOptions struct {
	format  string
	history bool
	sel     pipeline.Selection
}

func (a *app) scanCmd() *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan [DIR]",
		Short: "Report misconfigurations in every Terraform root module at and below DIR (default .)",
		Long: `scan loads every Terraform root module at and below DIR (default: the working
directory) with the local modules it calls, runs the rules, and reports what it
finds, sorted by file and line. DIR is a root module when it holds .tf files;
so is every directory below it with .tf files that no other module calls as a
local module (as trivy config decides). .terraform, .git, .driftfix, other
hidden directories and node_modules are skipped. When the roots are other than
DIR alone, the text output names them; JSON lists them in "roots".

Paths in JSON ("file") and SARIF ("uri") are relative to DIR; text output shows
them from the working directory. Inline ignore comments (# driftfix:ignore:RULE,
#trivy:ignore:ID, #tfsec:ignore:ID, #checkov:skip=ID) suppress findings; an
expired one is a warning.

A hardcoded secret (rule aws-hardcoded-secret) is shown by its fingerprint,
never its value. --history also looks through the git history of DIR's
repository for secrets committed and removed since (they are still leaked),
each reported once with the commit that brought it.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.scan(cmd, dirArg(args), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.ScanFormats(), ", "))
	fl.BoolVar(&o.history, "history", false, "also look through the git history (every branch and tag) for secrets committed and removed since; reports the commit, never rewrites history")
	registerSelection(fl, &o.sel)
	return cmd
}

// scanMemoryLimit is scan's soft memory limit (see scan).
const scanMemoryLimit = 90 << 20

func (a *app) scan(cmd *cobra.Command, dir string, o *scanOptions) error {
	render, err := report.ForScan(o.format)
	if err != nil {
		return &usageError{err}
	}
	if a.getenv("GOGC") == "" && a.getenv("GOMEMLIMIT") == "" {
		// Root modules load two at a time (one per core) and each is
		// dropped once checked, so the live heap of an estate of many
		// roots stays small: collecting at Go's default +100% costs a
		// fifth less CPU than main's +50%. One root of 10,000 resources
		// keeps ~90 MiB live; the soft limit makes the collector work
		// harder near it, so the peak stays under 150 MB there too. The
		// limit covers only Go's own memory: the binary's pages (the AWS
		// SDK's clients, ~25 MB once started) come on top.
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(scanMemoryLimit)
	}
	res, err := pipeline.Scan(cmd.Context(), pipeline.ScanRequest{Dir: dir, Select: o.sel, Now: time.Now(), History: o.history, Logger: a.log})
	if err != nil {
		return err
	}
	s := res.Report
	if err := render(a.stdout, s, report.Options{Color: a.color(a.stdout), Version: versionString(), Dir: res.Dir}); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	switch {
	case len(s.Errors) > 0:
		return exitWith(ExitError)
	case len(s.Findings) > 0:
		return exitWith(ExitFindings)
	}
	return nil
}
