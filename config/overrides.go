package config

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Overrides are values from command-line flags. Flags override the file: a
// non-empty field replaces (or, where said, extends) what driftfix.hcl says.
// The zero value changes nothing.
type Overrides struct {
	// Environment, Workspace and TerraformVersion replace the value of every
	// project (the CLI selects one project, so in practice: of that project).
	Environment      string
	Workspace        string
	TerraformVersion string
	// RequiredTags are merged into the file's: a key given here replaces the
	// file's value for that key; new keys are added in sorted order.
	RequiredTags map[string]string
	// Disable adds rule IDs to the file's disable list.
	Disable []string
	// EnableOnly, when not empty, replaces the file's enable_only.
	EnableOnly []string
	// NoAutoApplyEnvironments, when not nil, replaces the setting (an empty,
	// non-nil slice allows every environment).
	NoAutoApplyEnvironments []string
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
	if o.TerraformVersion != "" {
		if msg := checkVersion(o.TerraformVersion); msg != "" {
			bad("terraform version", msg)
		}
	}
	for k := range o.RequiredTags {
		if k == "" {
			bad("required tags", "a tag key must not be empty")
		} else if strings.HasPrefix(strings.ToLower(k), "aws:") {
			bad("required tags", fmt.Sprintf("tag keys that start with \"aws:\" are reserved by AWS; %q cannot be required", k))
		}
	}
	for _, ids := range [][]string{o.Disable, o.EnableOnly, o.NoAutoApplyEnvironments} {
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
	}
	for i := range n.projects {
		p := &n.projects[i]
		if o.Environment != "" {
			p.Environment = o.Environment
		}
		if o.Workspace != "" {
			p.Workspace = o.Workspace
		}
		if o.TerraformVersion != "" {
			p.TerraformVersion = o.TerraformVersion
			p.TerraformVersionRange = hcl.Range{}
		}
	}

	if len(o.RequiredTags) > 0 {
		given := map[string]bool{}
		for i, t := range n.rules.RequiredTags {
			if v, ok := o.RequiredTags[t.Key]; ok {
				n.rules.RequiredTags[i] = RequiredTag{Key: t.Key, Value: v}
				given[t.Key] = true
			}
		}
		var keys []string
		for k := range o.RequiredTags {
			if !given[k] {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			n.rules.RequiredTags = append(n.rules.RequiredTags, RequiredTag{Key: k, Value: o.RequiredTags[k]})
		}
	}
	for _, id := range o.Disable {
		if !containsRef(n.rules.Disable, id) {
			n.rules.Disable = append(n.rules.Disable, Ref{Value: id})
		}
	}
	if len(o.EnableOnly) > 0 {
		n.rules.EnableOnly = nil
		for _, id := range o.EnableOnly {
			if !containsRef(n.rules.EnableOnly, id) {
				n.rules.EnableOnly = append(n.rules.EnableOnly, Ref{Value: id})
			}
		}
	}
	if o.NoAutoApplyEnvironments != nil {
		n.settings.NoAutoApplyEnvironments = slices.Clone(o.NoAutoApplyEnvironments)
	}
	return n, nil
}

func containsRef(refs []Ref, v string) bool {
	for _, r := range refs {
		if r.Value == v {
			return true
		}
	}
	return false
}
