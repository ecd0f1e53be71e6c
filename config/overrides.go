package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Overrides are values from command-line flags. Flags override the file: a
// non-empty field replaces (or, where said, extends) what driftfix.hcl says.
// The zero value changes nothing.
type Overrides struct {
	// Environment and Workspace replace the value of every project (the CLI
	// selects one project, so in practice: of that project).
	Environment string
	Workspace   string
	// RequiredTags are merged into the file's: a key given here replaces the
	// file's value for that key; new keys are added in the order given (a
	// key given twice: the last value wins).
	RequiredTags []RequiredTag
	// EnableOnly, when not empty, replaces the file's enable_only, and the
	// rules it names run even if the file disables them: an explicit choice
	// wins.
	EnableOnly []string
	// Disable adds rule IDs to the disable list (after EnableOnly: a rule
	// in both does not run).
	Disable []string
}

// WithOverrides returns a new Config with the overrides applied; c is not
// changed. Override values are checked as the file's are; values that come
// from flags carry no range (a Ref with a zero Range).
func (c *Config) WithOverrides(o Overrides) (*Config, error) {
	var errs []error
	bad := func(flag, msg string) { errs = append(errs, fmt.Errorf("override %s: %s", flag, msg)) }
	if o.Environment != "" {
		if msg := checkName(o.Environment); msg != "" {
			bad("environment", msg)
		}
	}
	if o.Workspace != "" {
		if msg := checkWorkspace(o.Workspace); msg != "" {
			bad("workspace", msg)
		}
	}
	for _, t := range o.RequiredTags {
		if t.Key == "" {
			bad("required tags", "a tag key must not be empty")
		} else if strings.HasPrefix(strings.ToLower(t.Key), "aws:") {
			bad("required tags", fmt.Sprintf("tag keys that start with \"aws:\" are reserved by AWS; %q cannot be required", t.Key))
		}
	}
	for _, ids := range [][]string{o.Disable, o.EnableOnly} {
		for _, id := range ids {
			if id == "" {
				bad("list", "values must not be empty")
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	n := &Config{
		file:     c.file,
		projects: c.Projects(),
		classes:  c.Classes(),
		policies: c.Policies(),
		rules:    c.Rules(),
		settings: c.Settings(),

		repository:    c.repository,
		server:        c.server,
		notifications: c.notifications,
		learning:      c.learning,
		priority:      c.priority, // never changed after Validate
		secrets:       c.secrets,  // never changed after Validate
	}
	for i := range n.projects {
		p := &n.projects[i]
		if o.Environment != "" {
			p.Environment = o.Environment
		}
		if o.Workspace != "" {
			p.Workspace = o.Workspace
		}
	}

	for _, t := range o.RequiredTags {
		i := slices.IndexFunc(n.rules.RequiredTags, func(r RequiredTag) bool { return r.Key == t.Key })
		if i < 0 {
			n.rules.RequiredTags = append(n.rules.RequiredTags, RequiredTag{Key: t.Key, Value: t.Value})
			continue
		}
		n.rules.RequiredTags[i].Value = t.Value // the file's key keeps its range
	}
	if len(o.EnableOnly) > 0 {
		n.rules.EnableOnly = nil
		for _, id := range o.EnableOnly {
			if !containsRef(n.rules.EnableOnly, id) {
				n.rules.EnableOnly = append(n.rules.EnableOnly, Ref{Value: id})
			}
		}
		n.rules.Disable = slices.DeleteFunc(n.rules.Disable, func(r Ref) bool { return slices.Contains(o.EnableOnly, r.Value) })
	}
	for _, id := range o.Disable {
		if !containsRef(n.rules.Disable, id) {
			n.rules.Disable = append(n.rules.Disable, Ref{Value: id})
		}
	}
	return n, nil
}

func containsRef(refs []Ref, v string) bool {
	return slices.ContainsFunc(refs, func(r Ref) bool { return r.Value == v })
}
