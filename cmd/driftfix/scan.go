package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/report"
	"github.com/spf13/cobra"
)

type scanOptions struct {
	format string
	sel    selection
}

func (a *app) scanCmd() *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan [DIR]",
		Short: "Report misconfigurations in the Terraform code in DIR (default .)",
		Long: `scan loads the Terraform code in DIR (default: the working directory) and the
local modules it calls, runs the rules, and reports what it finds, sorted by
file and line. Inline ignore comments (# driftfix:ignore:RULE, #trivy:ignore:ID,
#tfsec:ignore:ID, #checkov:skip=ID) suppress findings; an expired one is a
warning.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := ""
			if len(args) == 1 {
				dir = args[0]
			}
			return a.scan(cmd, dir, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.ScanFormats(), ", "))
	o.sel.register(fl)
	return cmd
}

func (a *app) scan(cmd *cobra.Command, dir string, o *scanOptions) error {
	ctx := cmd.Context()
	render, err := report.ForScan(o.format)
	if err != nil {
		return &usageError{err}
	}
	p, err := openProject(dir)
	if err != nil {
		return err
	}
	rules, in, err := a.configured(&o.sel, p.abs)
	if err != nil {
		return err
	}
	if len(rules) == 0 {
		a.log.Warn("the selection leaves no rule to run")
	}
	start := time.Now()
	m := iac.Load(ctx, p.fsys, p.dir)
	if len(m.Files) == 0 {
		a.log.Warn("no Terraform files found", "dir", p.display)
	}
	in.Module = m
	res := fixers.Check(ctx, rules, &in, time.Now())
	if err := ctx.Err(); err != nil {
		return err
	}
	a.log.Info("scanned", "dir", p.display, "files", len(m.Files), "resources", len(m.Resources), "rules", len(rules),
		"findings", len(res.Findings), "ignored", res.Ignored, "took", time.Since(start).Round(time.Millisecond))

	s := report.NewScan(res, m.Diagnostics, metas(rules))
	s.Rebase(p.display)
	if err := render(a.stdout, s, report.Options{Color: a.color(a.stdout), Version: versionString()}); err != nil {
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
