package main

import (
	"strings"

	"github.com/driftfix/driftfix/pipeline"
	"github.com/driftfix/driftfix/report"
	"github.com/spf13/cobra"
)

type planOptions struct {
	target pipeline.Target
	format string
}

func (a *app) planCmd() *cobra.Command {
	o := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan [-p PROJECT | DIR]",
		Short: "Run terraform plan, classify every change by risk, and decide auto-apply or review",
		Long: `plan runs terraform init and plan for a project (a project block of driftfix.hcl,
or DIR with the defaults), classifies every planned change by fix class and
risk, and decides whether the plan may be applied without review under the
project environment's policy. When the last driftfix fix in the project's
directory recorded what its fixes meant to change, and the files are as it
left them, the plan must change only that to auto-apply.

It saves the plan file, the plan JSON and text (sensitive values redacted)
and the classification under .driftfix/<project>/, for driftfix apply.
Terraform's own output goes to stderr and to .driftfix/<project>/terraform.log,
redacted.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.plan(cmd, args, o)
		},
	}
	registerTarget(cmd.Flags(), &o.target)
	cmd.Flags().StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.PlanFormats(), ", ")+" (markdown: a pull-request comment)")
	return cmd
}

func (a *app) plan(cmd *cobra.Command, args []string, o *planOptions) error {
	render, err := report.ForPlan(o.format)
	if err != nil {
		return planErr(&usageError{err})
	}
	rp, err := pipeline.Plan(cmd.Context(), pipeline.PlanRequest{Target: a.target(o.target, args)})
	if err != nil {
		return planErr(err)
	}
	if err := render(a.stdout, rp, report.Options{Color: a.color(a.stdout)}); err != nil {
		return planErr(err)
	}
	if rp.Changes {
		return exitWith(ExitPlanChanges)
	}
	return nil
}
