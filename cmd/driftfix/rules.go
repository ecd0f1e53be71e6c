package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/fixers"
	"github.com/spf13/pflag"
)

// selection holds the flags that choose the rules a command runs and the
// input they read; scan and fix share them.
type selection struct {
	rules        []string
	skip         []string
	classes      []string
	minSeverity  string
	requiredTags []string
}

func (s *selection) register(fl *pflag.FlagSet) {
	fl.StringSliceVar(&s.rules, "rule", nil, "run only these rules (repeatable, comma-separated)")
	fl.StringSliceVar(&s.skip, "skip-rule", nil, "do not run these rules (repeatable, comma-separated)")
	fl.StringSliceVar(&s.classes, "class", nil, "run only the rules of these fix classes (repeatable, comma-separated)")
	fl.StringVar(&s.minSeverity, "min-severity", "low", "run only rules of at least this severity: low, medium, high or critical")
	fl.StringArrayVar(&s.requiredTags, "required-tag", nil, "a tag every taggable resource must have, KEY or KEY=VALUE (repeatable); with a VALUE the fix adds it")
}

// resolve turns the flags into the rules to run, in registry order, and the
// check input (without the module). Unknown rule IDs, classes or severities
// are errors. A selection may leave no rule (--min-severity critical when no
// rule is critical): then nothing is found.
func (s *selection) resolve() ([]fixers.Fixer, fixers.Input, error) {
	all := fixers.All()
	known := map[string]bool{}
	for _, fx := range all {
		known[fx.ID] = true
	}
	only, err := ruleSet("--rule", s.rules, known)
	if err != nil {
		return nil, fixers.Input{}, err
	}
	skip, err := ruleSet("--skip-rule", s.skip, known)
	if err != nil {
		return nil, fixers.Input{}, err
	}
	classes := map[fixers.Class]bool{}
	for _, c := range cleanList(s.classes) {
		if !fixers.KnownClass(fixers.Class(c)) {
			return nil, fixers.Input{}, fmt.Errorf("--class: unknown fix class %q (want one of %s)", c, classNames())
		}
		classes[fixers.Class(c)] = true
	}
	minSev := fixers.Low
	if s.minSeverity != "" {
		if minSev, err = fixers.ParseSeverity(s.minSeverity); err != nil {
			return nil, fixers.Input{}, fmt.Errorf("--min-severity: %w", err)
		}
	}
	var out []fixers.Fixer
	for _, fx := range all {
		switch {
		case len(only) > 0 && !only[fx.ID],
			skip[fx.ID],
			len(classes) > 0 && !classes[fx.Class],
			fx.Severity.Rank() < minSev.Rank():
			continue
		}
		out = append(out, fx)
	}
	in, err := s.input()
	return out, in, err
}

// input builds the check input from --required-tag.
func (s *selection) input() (fixers.Input, error) {
	var in fixers.Input
	for _, t := range s.requiredTags {
		key, value, _ := strings.Cut(t, "=")
		key = strings.TrimSpace(key)
		if key == "" {
			return fixers.Input{}, fmt.Errorf("--required-tag %q: want KEY or KEY=VALUE", t)
		}
		if in.RequiredTags == nil {
			in.RequiredTags = map[string]string{}
		}
		if _, dup := in.RequiredTags[key]; !dup {
			in.RequiredTagKeys = append(in.RequiredTagKeys, key)
		}
		in.RequiredTags[key] = value
	}
	return in, nil
}

func ruleSet(flag string, ids []string, known map[string]bool) (map[string]bool, error) {
	set := map[string]bool{}
	for _, id := range cleanList(ids) {
		if !known[id] {
			return nil, fmt.Errorf("%s: unknown rule %q (known rules: %s)", flag, id, strings.Join(sortedKeys(known), ", "))
		}
		set[id] = true
	}
	return set, nil
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

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func classNames() string {
	var names []string
	for _, c := range fixers.Classes {
		names = append(names, string(c.Class))
	}
	return strings.Join(names, ", ")
}

// metas returns the metadata of rules.
func metas(rules []fixers.Fixer) []fixers.Meta {
	out := make([]fixers.Meta, len(rules))
	for i, r := range rules {
		out[i] = r.Meta
	}
	return out
}
