package pipeline

import (
	"sort"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/policy"
)

// IntentOf derives what a fix run meant to change, keyed by configuration
// address (instance keys stripped): for each fixed finding, the paths its
// rule touches on that resource type; for each resource the fixes created,
// the whole resource ("*") plus what any rule's fix touches on its type.
func IntentOf(fr *fixers.FixResult, all []fixers.Rule) policy.Intent {
	intent := policy.Intent{}
	if fr == nil {
		return intent
	}
	byID := map[string]fixers.Rule{}
	for _, fx := range all {
		byID[fx.ID] = fx
	}
	typeOf := map[string]string{} // address -> resource type in the final module
	if fr.Module != nil {
		for _, r := range fr.Module.Resources {
			typeOf[r.Address()] = r.Type
			typeOf[r.ConfigAddress()] = r.Type
		}
	}
	add := func(addr string, paths ...string) {
		intent[addr] = append(intent[addr], paths...)
	}
	for _, f := range fr.Fixed {
		fx, ok := byID[f.Rule]
		if !ok {
			continue
		}
		addr := policy.ConfigAddress(f.Address)
		typ := typeOf[f.Address]
		for _, t := range fx.Touches {
			if t.ResourceType != typ {
				continue
			}
			for _, p := range t.Paths {
				if p != "*" {
					add(addr, p)
				}
			}
		}
	}
	if fr.Original != nil && fr.Module != nil {
		existed := map[string]bool{}
		for _, r := range fr.Original.Resources {
			existed[r.ConfigAddress()] = true
		}
		for _, r := range fr.Module.Resources {
			if existed[r.ConfigAddress()] {
				continue
			}
			add(r.ConfigAddress(), "*")
			for _, fx := range all {
				for _, t := range fx.Touches {
					if t.ResourceType == r.Type {
						for _, p := range t.Paths {
							if p != "*" {
								add(r.ConfigAddress(), p)
							}
						}
					}
				}
			}
		}
	}
	for k, v := range intent {
		intent[k] = uniq(v)
	}
	return intent
}

func uniq(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
