package main

import (
	"strings"

	"github.com/driftfix/driftfix/pipeline"
	"github.com/driftfix/driftfix/report"
	"github.com/spf13/cobra"
)

type classifyOptions struct {
	env    string
	config string
	format string
}

func (a *app) classifyCmd() *cobra.Command {
	o := &classifyOptions{}
	cmd := &cobra.Command{
		Use:   "classify PLAN_JSON",
		Short: "Classify a plan JSON made elsewhere and decide auto-apply or review",
		Long: `classify reads a plan as JSON (terraform show -json tfplan > plan.json), maps
every planned change to fix classes and a risk, and decides whether the plan
may be applied without review under the policy of --env (from driftfix.hcl in
the working directory or its nearest parent up to the repository root, or
--config; without one, the default policy: the low-risk classes may
auto-apply in dev, prod and production never). It lets driftfix be the policy
step of an existing Atlantis, Digger or CI pipeline. Without a fix run's
intent it judges by classes alone.

It fails closed: a malformed or partial plan (a change without actions, an
address twice, errored, incomplete, deferred changes, …) is a review with the
reason; a file that is not a plan (a state, any other JSON) is an error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.classify(cmd, args[0], o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.env, "env", "", "the environment whose policy judges the plan (default: the project's, else dev)")
	fl.StringVar(&o.config, "config", "", "driftfix.hcl to read (default: the one in the working directory or the nearest parent, if any)")
	fl.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.PlanFormats(), ", "))
	return cmd
}

func (a *app) classify(cmd *cobra.Command, path string, o *classifyOptions) error {
	render, err := report.ForPlan(o.format)
	if err != nil {
		return planErr(&usageError{err})
	}
	rp, err := pipeline.Classify(pipeline.ClassifyRequest{PlanFile: path, Environment: o.env, ConfigFile: o.config, Logger: a.log})
	if err != nil {
		return planErr(err)
	}
	if err := render(a.stdout, rp, report.Options{Color: a.color(a.stdout)}); err != nil {
		return planErr(err)
	}
	if rp.NeedsReview() {
		return exitWith(ExitReview)
	}
	return nil
}
