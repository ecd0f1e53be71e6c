package config

import (
	"fmt"
	"slices"
	"strings"
)

// Environments lists the environment names the config knows, sorted: the
// labels of its policy blocks, its projects' environments and its
// no_auto_apply_environments. Without a file that is the default project's
// environment ("dev") and the default no_auto_apply_environments ("prod",
// "production").
func (c *Config) Environments() []string {
	out := slices.Clone(c.settings.NoAutoApplyEnvironments)
	for _, p := range c.policies {
		out = append(out, p.Environment)
	}
	for _, p := range c.projects {
		out = append(out, p.Environment)
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) > 0 && out[0] == "" {
		out = out[1:] // a block without an environment
	}
	return out
}

// LookupEnvironment checks an environment name given on the command line:
// it must be one the config knows (Environments), written exactly as the
// config writes it. Spaces around a name, or a name that differs from a
// known one only in case, are errors that say so, never a new environment
// with a policy of its own.
func (c *Config) LookupEnvironment(name string) (string, error) {
	known := c.Environments()
	for _, e := range known {
		if e == name {
			return e, nil
		}
	}
	where := "in " + c.file
	if c.file == "" {
		where = "(there is no driftfix.hcl, and without one the environments are the default project's and no_auto_apply_environments')"
	}
	list := strings.Join(known, ", ")
	trimmed := strings.TrimSpace(name)
	if trimmed != name {
		return "", fmt.Errorf("environment %q has spaces around it; environments are %s", name, list)
	}
	for _, e := range known {
		if strings.EqualFold(e, name) {
			return "", fmt.Errorf("environment %q is not configured; did you mean %q? (names must match driftfix.hcl exactly)", name, e)
		}
	}
	return "", fmt.Errorf("environment %q is not configured %s; known environments: %s", name, where, list)
}
