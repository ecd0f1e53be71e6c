package pipeline

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Selection is how the command line chooses the rules scan and fix run and
// the input they read. Flags override driftfix.hcl's rules block through
// config.Overrides: --rule replaces enable_only and runs a rule even if the
// file disables it, --skip-rule adds to disable, --required-tag replaces
// or adds a tag; --class and --min-severity then narrow the result.
type Selection struct {
	Rules        []string // --rule
	Skip         []string // --skip-rule
	Classes      []string // --class
	MinSeverity  string   // --min-severity ("" = low)
	RequiredTags []string // --required-tag KEY or KEY=VALUE
	// ConfigFile is driftfix.hcl ("" = the one in the directory, if any).
	ConfigFile string
}

// selectRules reads the config for dir, applies the selection's flags to
// it and returns the rules to run, in registry order, with their input.
// Unknown rule IDs, classes or severities are usage errors. A selection
// may leave no rule (a warning says so): then nothing is found.
func selectRules(s Selection, dir string, log *slog.Logger) ([]fixers.Rule, fixers.Input, error) {
	cfg, err := configIn(s.ConfigFile, dir, log)
	if err != nil {
		return nil, fixers.Input{}, err
	}
	o, err := s.overrides()
	if err != nil {
		return nil, fixers.Input{}, err
	}
	if cfg, err = cfg.WithOverrides(o); err != nil {
		return nil, fixers.Input{}, &UsageError{err}
	}
	rules, in, diags := rulesOf(cfg, fixers.All())
	if diags.HasErrors() {
		return nil, fixers.Input{}, DiagnosticsError(diags)
	}
	if rules, err = s.narrow(rules); err != nil {
		return nil, fixers.Input{}, err
	}
	if len(rules) == 0 {
		logger(log).Warn("the selection leaves no rule to run")
	}
	return rules, in, nil
}

// overrides turns the rule and tag flags into config overrides.
func (s Selection) overrides() (config.Overrides, error) {
	var o config.Overrides
	var err error
	if o.EnableOnly, err = ruleIDs("--rule", s.Rules); err != nil {
		return o, err
	}
	if o.Disable, err = ruleIDs("--skip-rule", s.Skip); err != nil {
		return o, err
	}
	for _, t := range s.RequiredTags {
		key, value, _ := strings.Cut(t, "=")
		if key = strings.TrimSpace(key); key == "" {
			return o, usage("--required-tag %q: want KEY or KEY=VALUE", t)
		}
		if i := slices.IndexFunc(o.RequiredTags, func(r config.RequiredTag) bool { return r.Key == key }); i >= 0 {
			o.RequiredTags[i].Value = value
			continue
		}
		o.RequiredTags = append(o.RequiredTags, config.RequiredTag{Key: key, Value: value})
	}
	return o, nil
}

// narrow keeps the rules of the selected classes and severities.
func (s Selection) narrow(rules []fixers.Rule) ([]fixers.Rule, error) {
	classes := map[fixers.Class]bool{}
	for _, c := range cleanList(s.Classes) {
		if !fixers.KnownClass(fixers.Class(c)) {
			var names []string
			for _, c := range fixers.Classes {
				names = append(names, string(c.Class))
			}
			return nil, usage("--class: unknown fix class %q (want one of %s)", c, strings.Join(names, ", "))
		}
		classes[fixers.Class(c)] = true
	}
	minSev := fixers.Low
	if s.MinSeverity != "" {
		var err error
		if minSev, err = fixers.ParseSeverity(s.MinSeverity); err != nil {
			return nil, usage("--min-severity: %w", err)
		}
	}
	return slices.DeleteFunc(rules, func(fx fixers.Rule) bool {
		return len(classes) > 0 && !classes[fx.Class] || fx.Severity.Rank() < minSev.Rank()
	}), nil
}

// ruleIDs checks the rule IDs a flag names.
func ruleIDs(flag string, ids []string) ([]string, error) {
	ids = cleanList(ids)
	for _, id := range ids {
		if _, ok := fixers.ByID(id); !ok {
			var known []string
			for _, fx := range fixers.All() {
				known = append(known, fx.ID)
			}
			slices.Sort(known)
			return nil, usage("%s: unknown rule %q (known rules: %s)", flag, id, strings.Join(known, ", "))
		}
	}
	return ids, nil
}

// cleanList trims the items of a comma-separated flag and drops empty ones.
func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// rulesOf applies the config's rules block to the registry: disabled rules
// are dropped (or only enable_only kept), severities overridden, and the
// required tags given in file order. Unknown rule IDs are errors at their
// file:line.
func rulesOf(cfg *config.Config, all []fixers.Rule) ([]fixers.Rule, fixers.Input, hcl.Diagnostics) {
	var in fixers.Input
	if cfg == nil {
		return all, in, nil
	}
	var diags hcl.Diagnostics
	rules := cfg.Rules()
	for _, r := range rules.RuleRefs() {
		if _, ok := fixers.ByID(r.Value); !ok {
			diags = append(diags, r.Diagnostic("Unknown rule", fmt.Sprintf("%q is not a driftfix rule (see `driftfix scan --help` and README.md)", r.Value)))
		}
	}
	var out []fixers.Rule
	for _, fx := range all {
		if !rules.Enabled(fx.ID) {
			continue
		}
		if s, ok := rules.SeverityOf(fx.ID); ok {
			if sev, err := fixers.ParseSeverity(s); err == nil {
				fx = withSeverity(fx, sev)
			}
		}
		out = append(out, fx)
	}
	for _, t := range rules.RequiredTags {
		in.RequiredTags = append(in.RequiredTags, fixers.RequiredTag{Key: t.Key, Value: t.Value})
	}
	for _, v := range cfg.Secrets().Variables {
		if in.SecretVariables == nil {
			in.SecretVariables = map[string]string{}
		}
		in.SecretVariables[v.Key] = v.Name.Value
	}
	return out, in, diags
}

// secretVariables adds the --secret-var flags (ADDRESS.ATTRIBUTE=NAME) to
// the variables the config names for hardcoded secrets; a flag wins.
func secretVariables(in *fixers.Input, flags []string) error {
	for _, f := range flags {
		key, name, ok := strings.Cut(f, "=")
		key, name = strings.TrimSpace(key), strings.TrimSpace(name)
		if !ok || key == "" || !hclsyntax.ValidIdentifier(name) {
			return usage("--secret-var %q: want ADDRESS.ATTRIBUTE=NAME, NAME a Terraform variable name (aws_db_instance.db.password=db_password)", f)
		}
		if in.SecretVariables == nil {
			in.SecretVariables = map[string]string{}
		}
		in.SecretVariables[key] = name
	}
	return nil
}

// withSeverity returns fx reporting at severity sev.
func withSeverity(fx fixers.Rule, sev fixers.Severity) fixers.Rule {
	check := fx.Check
	fx.Severity = sev
	fx.Check = func(in *fixers.Input) []fixers.Finding {
		fs := check(in)
		for i := range fs {
			fs[i].Severity = sev
		}
		return fs
	}
	return fx
}
