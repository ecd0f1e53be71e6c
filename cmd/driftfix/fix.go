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

type fixOptions struct {
	format      string
	dryRun      bool
	editOutside bool
	secretVars  []string
	sel         pipeline.Selection
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

When a file does not load, or is not valid Terraform (an unknown block, a
missing label, an address declared twice), fix writes nothing.

Two fixes of one directory never run at once (the second waits), and the
write is all-or-nothing across files: if a file changed since fix read it,
or is read-only, nothing is written; a fix killed half-way through its
write is completed or rolled back by the next one (.driftfix/fix/). Files
of local modules outside DIR (source = "../…") are edited only with
--edit-outside. Ctrl-C stops it at once and writes nothing, unless the
write had already begun, which is then finished; either way it exits
non-zero.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.fix(cmd, dirArg(args), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.FixFormats(), ", "))
	fl.BoolVar(&o.dryRun, "dry-run", false, "print the diff and write nothing")
	fl.BoolVar(&o.editOutside, "edit-outside", false, "also fix files of local modules outside DIR (source = \"../…\")")
	fl.StringArrayVar(&o.secretVars, "secret-var", nil, "move the hardcoded secret at ADDRESS.ATTRIBUTE into var.NAME (ADDRESS.ATTRIBUTE=NAME, repeatable; an existing variable is marked sensitive)")
	registerSelection(fl, &o.sel)
	return cmd
}

func (a *app) fix(cmd *cobra.Command, dir string, o *fixOptions) error {
	render, err := report.ForFix(o.format)
	if err != nil {
		return &usageError{err}
	}
	if a.getenv("GOGC") == "" {
		// fix parses every file it edits twice (the input, then the
		// edits), and parsing makes several times the syntax tree it keeps
		// in short-lived garbage: the collector's work grows with the
		// garbage made per byte of live heap. At +200% a fix of one 1 MB
		// file takes a sixth less CPU than at Go's default +100% (and a
		// third less than at +50%, main's setting for scan), for a peak
		// RSS of ~200–260 MiB instead of ~155 (see README, Performance).
		debug.SetGCPercent(200)
	}
	res, err := pipeline.Fix(cmd.Context(), pipeline.FixRequest{
		Dir: dir, Select: o.sel, DryRun: o.dryRun, EditOutside: o.editOutside, SecretVars: o.secretVars, Now: time.Now(), Logger: a.log,
	})
	if err != nil {
		return err
	}
	f := res.Report
	opt := report.Options{Color: a.color(a.stdout), Version: versionString(), Dir: res.Dir, Messages: a.stderr}
	if err := render(a.stdout, f, opt); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	switch {
	case len(f.Errors) > 0:
		return exitWith(ExitError)
	case len(f.Remaining) > 0 || o.dryRun && len(f.Changes) > 0:
		return exitWith(ExitFindings)
	}
	return nil
}
