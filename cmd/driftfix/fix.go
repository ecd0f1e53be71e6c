package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/pipeline"
	"github.com/driftfix/driftfix/report"
	"github.com/spf13/cobra"
)

type fixOptions struct {
	format string
	dryRun bool
	sel    selection
}

func (a *app) fixCmd() *cobra.Command {
	o := &fixOptions{}
	cmd := &cobra.Command{
		Use:   "fix [DIR]",
		Short: "Apply every safe fix to the Terraform code in DIR (default .)",
		Long: `fix applies every safe fix of the selected rules to the Terraform code in DIR
(default: the working directory) and its local modules, re-checking until
nothing more changes, and writes the changed files atomically, keeping their
comments, layout and file modes. It says what it fixed, which files it wrote,
and which findings are left because no safe fix covers them (and why).
Running it again changes nothing. With --dry-run it prints the unified diff
and writes nothing.

When a file does not load, fix writes nothing.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := ""
			if len(args) == 1 {
				dir = args[0]
			}
			return a.fix(cmd, dir, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.FixFormats(), ", "))
	fl.BoolVar(&o.dryRun, "dry-run", false, "print the diff and write nothing")
	o.sel.register(fl)
	return cmd
}

func (a *app) fix(cmd *cobra.Command, dir string, o *fixOptions) error {
	ctx := cmd.Context()
	render, err := report.ForFix(o.format)
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
	opt := report.Options{Color: a.color(a.stdout), Version: versionString(), Dir: p.display, Messages: a.stderr}

	// A file that does not load may hold what a fix would add (a companion
	// resource, a tag): fixing around it could duplicate it. Stop first.
	if m := iac.Load(ctx, p.fsys, p.dir); m.Diagnostics.HasErrors() {
		f := report.NewFix(nil, m.Diagnostics, o.dryRun)
		if err := render(a.stdout, f, opt); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		return exitWith(ExitError)
	}

	if len(rules) == 0 {
		a.log.Warn("the selection leaves no rule to run")
	}
	start := time.Now()
	res, err := fixers.Fix(ctx, p.fsys, p.dir, rules, in, fixers.FixOptions{Now: time.Now()})
	if err != nil {
		return err
	}
	a.log.Info("fixed", "dir", p.display, "rules", len(rules), "passes", res.Passes, "fixed", len(res.Fixed),
		"files", len(res.Changes), "remaining", len(res.Remaining), "took", time.Since(start).Round(time.Millisecond))
	if !o.dryRun && len(res.Changes) > 0 {
		if err := iac.WriteFiles(p.abs, res.Changes.Files()); err != nil {
			return err
		}
		for _, c := range res.Changes {
			a.log.Debug("wrote", "file", c.Path)
		}
		// What the fixes meant to change, for the plan that follows: a plan
		// may auto-apply only that (see driftfix plan).
		if err := pipeline.SaveIntent(p.abs, res, rules); err != nil {
			a.log.Warn("could not record the fixes' intent", "err", err)
		}
	}

	f := report.NewFix(res, res.Module.Diagnostics, o.dryRun)
	if err := render(a.stdout, f, opt); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if len(f.Remaining) > 0 || o.dryRun && len(f.Changes) > 0 {
		return exitWith(ExitFindings)
	}
	return nil
}
