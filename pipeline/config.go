package pipeline

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/policy"
	"github.com/hashicorp/hcl/v2"
)

// Governance maps the config onto the class table and the policy that judge
// plans in one environment: the rules' class table plus the config's custom
// classes, and the config's policy for env. Without a config file the
// default policy applies (the low-risk classes may auto-apply; prod and
// production never do). With one, an environment the file does not name is
// an error, and an environment without a policy block reviews everything:
// leaving a policy out never grants the permissive default. Class names the
// config uses but nothing defines, and custom classes that would lower a
// built-in risk, are errors at their file:line.
func Governance(cfg *config.Config, env string, all []fixers.Rule) (*policy.Table, policy.Policy, hcl.Diagnostics) {
	if cfg == nil {
		cfg = config.Default()
	}
	table, diags := ClassTable(cfg, all)
	settings := cfg.Settings()
	if _, err := cfg.LookupEnvironment(env); err != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown environment", Detail: err.Error()})
	}
	known := map[fixers.Class]bool{}
	for _, c := range table.Classes() {
		known[c] = true
	}
	check := func(refs []config.Ref) []fixers.Class {
		var out []fixers.Class
		for _, r := range refs {
			cl := fixers.Class(r.Value)
			if !known[cl] {
				diags = append(diags, r.Diagnostic("Unknown fix class", fmt.Sprintf("%q is not a fix class; known classes: %s", r.Value, classList(table))))
				continue
			}
			out = append(out, cl)
		}
		return out
	}
	p, ok := cfg.PolicyFor(env)
	switch {
	case !ok && cfg.File() == "":
		pol := policy.DefaultPolicy(env, table)
		pol.NoAutoApplyEnvironments = settings.NoAutoApplyEnvironments
		return table, pol, diags
	case !ok:
		return table, policy.Policy{
			Environment:             env,
			NoAutoApplyEnvironments: settings.NoAutoApplyEnvironments,
			ReviewAll:               fmt.Sprintf("environment %s has no policy block in %s, so every change needs review", env, cfg.File()),
		}, diags
	}
	pol := policy.Policy{Environment: env, MaxChanges: p.MaxChanges, NoAutoApplyEnvironments: settings.NoAutoApplyEnvironments}
	pol.AutoApply = check(p.AutoApply)
	pol.RequireApproval = check(p.RequireApproval)
	return table, pol, diags
}

// ClassTable is the rules' class table extended with the config's custom
// classes. A custom class that would lower a built-in risk is an error at
// its block in driftfix.hcl.
func ClassTable(cfg *config.Config, all []fixers.Rule) (*policy.Table, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	table := policy.DefaultTable(all)
	if cfg == nil {
		return table, nil
	}
	for _, c := range cfg.Classes() {
		t, err := table.With(policy.CustomClass{Name: fixers.Class(c.Name), Risk: fixers.Risk(c.Risk), Resources: c.Resources, Paths: c.Paths})
		if err != nil {
			rng := c.Range
			var lower *policy.LowerError
			switch {
			case errors.As(err, &lower) && lower.Path != "*":
				rng = rangeOf(c.Paths, c.PathRanges, lower.Path, c.Range)
			case errors.As(err, &lower):
				rng = rangeOf(c.Resources, c.ResourceRanges, lower.Resource, c.Range)
			case strings.Contains(err.Error(), "built-in risk"):
				rng = c.RiskRange
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid class", Detail: err.Error(), Subject: &rng})
			continue
		}
		table = t
	}
	return table, diags
}

// rangeOf is the range of value in values (ranges parallel), else def.
func rangeOf(values []string, ranges []hcl.Range, value string, def hcl.Range) hcl.Range {
	for i, v := range values {
		if v == value && i < len(ranges) && ranges[i].Filename != "" {
			return ranges[i]
		}
	}
	return def
}

// CheckConfig reports what is wrong with a config as a whole, whatever the
// environment: custom classes that would lower a built-in risk, and class
// names in policies that nothing defines. Every command that reads
// driftfix.hcl refuses such a file.
func CheckConfig(cfg *config.Config, all []fixers.Rule) hcl.Diagnostics {
	if cfg == nil {
		return nil
	}
	table, diags := ClassTable(cfg, all)
	known := map[fixers.Class]bool{}
	for _, c := range table.Classes() {
		known[c] = true
	}
	for _, p := range cfg.Policies() {
		for _, r := range append(p.AutoApply, p.RequireApproval...) {
			if !known[fixers.Class(r.Value)] {
				diags = append(diags, r.Diagnostic("Unknown fix class", fmt.Sprintf("%q is not a fix class; known classes: %s", r.Value, classList(table))))
			}
		}
	}
	return diags
}

func classList(t *policy.Table) string {
	var s []string
	for _, c := range t.Classes() {
		s = append(s, string(c))
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
}
