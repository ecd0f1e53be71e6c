package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/pipeline"
	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/report"
	tfjson "github.com/hashicorp/terraform-json"
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
the working directory or --config, else the default policy: the low-risk
classes may auto-apply, prod never). It lets driftfix be the policy step of an
existing Atlantis, Digger or CI pipeline. Without a fix run's intent it judges
by classes alone.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.classify(cmd, args[0], o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.env, "env", "dev", "the environment whose policy judges the plan")
	fl.StringVar(&o.config, "config", "", "driftfix.hcl to read (default: the one in the working directory, if any)")
	fl.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.PlanFormats(), ", "))
	return cmd
}

func (a *app) classify(cmd *cobra.Command, path string, o *classifyOptions) error {
	render, err := report.ForPlan(o.format)
	if err != nil {
		return planErr(&usageError{err})
	}
	cfg, err := a.loadConfig(o.config, ".")
	if err != nil {
		return planErr(err)
	}
	table, pol, diags := pipeline.Governance(cfg, o.env, fixers.All())
	if diags.HasErrors() {
		return planErr(diagError(diags))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return planErr(err)
	}
	var plan tfjson.Plan
	if err := json.Unmarshal(data, &plan); err != nil {
		return planErr(fmt.Errorf("%s: not a plan JSON (terraform show -json tfplan): %w", path, err))
	}
	if err := plan.Validate(); err != nil {
		return planErr(fmt.Errorf("%s: %w", path, err))
	}
	c := policy.Classify(&plan, table)
	d := policy.Gate(c, pol, table, nil)
	rp := &report.Plan{Project: path, Environment: o.env, Classification: c, Decision: d}
	if err := render(a.stdout, rp, report.Options{Color: a.color(a.stdout)}); err != nil {
		return planErr(err)
	}
	if d.Decision == policy.Review {
		return exitWith(ExitReview)
	}
	return nil
}
