package main

import (
	"strings"

	"github.com/driftfix/driftfix/pipeline"
	"github.com/driftfix/driftfix/report"
	"github.com/spf13/cobra"
)

type applyOptions struct {
	target pipeline.Target
	req    pipeline.ApplyRequest
	format string
}

func (a *app) applyCmd() *cobra.Command {
	o := &applyOptions{}
	cmd := &cobra.Command{
		Use:   "apply [-p PROJECT | DIR]",
		Short: "Apply the saved, classified plan, and nothing else",
		Long: `apply applies the plan that driftfix plan saved and classified for the project,
and nothing else. It refuses:

  - a stale plan: the code or the state changed since the plan was made;
  - a plan whose decision is review, unless --approve is given with --reason
    (the approval is recorded with who and why in .driftfix/<project>/approvals.jsonl);
  - any delete, replace or forget, unless --allow-destroy is given too;
  - a plan that, judged again now (terraform show -json of the saved plan
    file, under the project's config and environment from driftfix.hcl),
    does not get the classification and decision its record holds.

After applying it plans again: every address it changed must now show no
change, and the result says verified, or what still changes.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.apply(cmd, args, o)
		},
	}
	fl := cmd.Flags()
	registerTarget(fl, &o.target)
	fl.BoolVar(&o.req.Approve, "approve", false, "apply a plan whose decision is review (needs --reason)")
	fl.StringVar(&o.req.By, "by", "", "who approves (default $DRIFTFIX_APPROVER, else $USER)")
	fl.StringVar(&o.req.Reason, "reason", "", "why the plan is approved (recorded)")
	fl.BoolVar(&o.req.AllowDestroy, "allow-destroy", false, "with --approve: allow a plan that deletes, replaces or forgets resources")
	fl.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.ApplyFormats(), ", "))
	return cmd
}

func (a *app) apply(cmd *cobra.Command, args []string, o *applyOptions) error {
	if err := checkFormat("apply", o.format, report.ApplyFormats()); err != nil {
		return err
	}
	req := o.req
	req.Target = a.target(o.target, args)
	res, err := pipeline.Apply(cmd.Context(), req)
	if err != nil {
		return planErr(err)
	}
	if err := report.RenderApply(a.stdout, o.format, res); err != nil {
		return planErr(err)
	}
	if res.Applied && !res.Verified {
		return exitWith(ExitPlanError)
	}
	return nil
}
