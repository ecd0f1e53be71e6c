package pipeline

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/report"
)

// ClassifyRequest is a plan JSON made elsewhere, to judge.
type ClassifyRequest struct {
	// PlanFile is the plan as JSON (terraform show -json tfplan).
	PlanFile string
	// Environment is the one whose policy judges ("" = the projects'
	// environment when they all share one, else dev).
	Environment string
	// ConfigFile is driftfix.hcl ("" = the one in the working directory or
	// its nearest parent up to the repository root, else the defaults).
	ConfigFile string
	Logger     *slog.Logger
}

// Classify is the `classify` use case: it maps every change of a plan JSON
// to fix classes and a risk and decides auto-apply or review under the
// environment's policy. driftfix's own plan.json is judged with the intent
// plan judged it with; any other plan by classes alone. A file that is not
// a plan is an error; a malformed or partial plan is a review with the
// reason (the classifier fails closed).
func Classify(req ClassifyRequest) (*report.Plan, error) {
	cfgPath := req.ConfigFile
	if cfgPath == "" {
		var err error
		if cfgPath, err = config.FindUp("."); err != nil {
			return nil, err
		}
	}
	cfg := config.Default()
	if cfgPath != "" {
		var err error
		if cfg, err = LoadConfig(cfgPath, req.Logger); err != nil {
			return nil, err
		}
	}
	env := req.Environment
	if env == "" {
		env = sharedEnvironment(cfg)
	}
	if _, err := cfg.LookupEnvironment(env); err != nil {
		return nil, usage("--env: %w", err)
	}
	table, pol, diags := Governance(cfg, env, fixers.All())
	if diags.HasErrors() {
		return nil, DiagnosticsError(diags)
	}
	data, err := os.ReadFile(req.PlanFile)
	if err != nil {
		return nil, err
	}
	plan, err := policy.DecodePlan(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", req.PlanFile, err)
	}
	intent := SavedIntent(req.PlanFile, data)
	c := plan.Classify(table)
	d := policy.Gate(c, pol, table, intent)
	return &report.Plan{Project: req.PlanFile, Environment: env, Classification: c, Decision: d, Intent: intent != nil, Changes: len(c.Changes) > 0}, nil
}

// sharedEnvironment is the environment classify judges in by default: the
// projects' environment when they all share one, else "dev".
func sharedEnvironment(cfg *config.Config) string {
	env := ""
	for _, p := range cfg.Projects() {
		switch {
		case env == "":
			env = p.Environment
		case env != p.Environment:
			return "dev"
		}
	}
	if env == "" {
		return "dev"
	}
	return env
}
