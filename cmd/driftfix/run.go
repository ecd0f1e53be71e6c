package main

import (
	"strings"

	"github.com/driftfix/driftfix/pipeline"
	"github.com/driftfix/driftfix/report"
	"github.com/spf13/cobra"
)

type runOptions struct {
	target pipeline.Target
	req    pipeline.RunRequest
	format string
}

func (a *app) runCmd() *cobra.Command {
	o := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run [-p PROJECT | DIR]",
		Short: "Run one full cycle for a project: drift, check, fix, plan, gate, apply or review, commit, record",
		Long: `run does for one project what driftfix serve does on its schedule, once:

  checkout   a fresh work tree of the repository block's default branch
             (without a repository block: the directory itself)
  load       the Terraform code
  drift      the state against the live AWS account (--no-drift leaves it out)
  check      the rules, each finding with a priority from the live context
  keys       leaked AWS access keys in the code set Inactive, when
             secrets { deactivate_leaked_keys } allows it (see driftfix keys)
  fix        every safe fix, with exact edits
  write      the fixed files and the drift codified into code
  plan       terraform plan of the result, saved
  classify   every change by fix class and risk
  gate       auto-apply or review, under the project environment's policy,
             classes the learning gate demoted, and the policy's
             review_above_priority
  apply      an auto-apply plan, verified by a fresh plan
  commit     exactly the changed files: to the default branch after a
             verified auto-apply with commit_mode = "direct", else to a
             branch driftfix/<project>/<date>-<id>
  push       the commit
  pull_request  the branch for review (when a provider is configured)
  record     every step, the findings (first seen, resolved and how), the
             fixes, the applies, and the automatic fixes people undid

Each step's outcome is in the run record (driftfix report, the dashboard of
driftfix serve). --dry-run goes as far as the plan and the decision and
changes nothing: no file, no apply, no commit (the run is still recorded).`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.run(cmd, args, o)
		},
	}
	fl := cmd.Flags()
	registerTarget(fl, &o.target)
	r := &o.req
	fl.BoolVar(&r.DryRun, "dry-run", false, "go as far as the plan and the decision; change nothing")
	fl.StringVar(&r.Database, "db", "", "the run history: a SQLite file or postgres://… (default: driftfix.hcl's server { database }, else .driftfix/driftfix.db; env DRIFTFIX_DATABASE)")
	fl.BoolVar(&r.Cloud.Skip, "no-drift", false, "do not read AWS: leave drift out of this run")
	fl.StringSliceVar(&r.Cloud.Regions, "region", nil, "AWS regions to read (default: the SDK's configured region)")
	fl.StringVar(&r.Cloud.Profile, "profile", "", "AWS shared-config profile")
	fl.StringVar(&r.Cloud.Endpoint, "endpoint", "", "send every AWS call to this endpoint (e.g. driftfix awslocal's address)")
	fl.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.RunFormats(), ", "))
	return cmd
}

func (a *app) run(cmd *cobra.Command, args []string, o *runOptions) error {
	if err := checkFormat("run", o.format, report.RunFormats()); err != nil {
		return err
	}
	req := o.req
	req.Target = a.target(o.target, args)
	res, err := pipeline.Run(cmd.Context(), req)
	if err != nil {
		return planErr(err)
	}
	if err := report.RenderRun(a.stdout, o.format, res); err != nil {
		return planErr(err)
	}
	switch {
	case res.Status != "succeeded":
		return exitWith(ExitError)
	case res.Decision == "review" || res.Drifted > 0 || res.Findings > res.Fixed:
		return exitWith(ExitFindings)
	}
	return nil
}
