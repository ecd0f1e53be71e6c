package codify

import (
	"fmt"
	"github.com/driftfix/driftfix/attrpath"
	"slices"
	"strings"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/iac"
)

// Owner names codify's edits (in conflicts and messages).
const Owner = "drift-codify"

// Codified is one live value written into the code.
type Codified struct {
	Address string `json:"address"`
	Path    string `json:"path"`
	Value   any    `json:"value"`
	File    string `json:"file"`
	Line    int    `json:"line"`
}

// Skip is drift that Drift left alone, and why.
type Skip struct {
	Address string `json:"address"` // empty for an unmanaged resource
	Path    string `json:"path,omitempty"`
	Reason  string `json:"reason"`
}

// Drift accepts drift: it rewrites the HCL to the live value, for the
// attributes where that is safe, with the same exact edits as the rules.
//
//   - tags: keys added, changed or removed in the console are set inside a
//     literal tags = { … } object (added when tags is absent); a key whose
//     value is an expression, or a tags value that is not a literal object
//     (a variable, merge(…)), is left alone and reported;
//   - a few scalar attributes per type (see scalars), where the code has
//     a literal or nothing (the provider default): S3 versioning status,
//     instance metadata http_tokens, KMS key rotation, EBS size/type/iops/
//     throughput, RDS deletion protection and backup retention, log group
//     retention.
//
// Everything else is skipped with a reason: tags_all (computed), any other
// attribute, sensitive values, resources with count/for_each (one block
// for many instances), in .tf.json files, in module directories several
// calls share, or not found in the code; deleted and unmanaged resources
// (see Imports for the latter).
//
// Drift edits the code of m through ed so that it holds the live values of
// drifts' changes, and reports what it wrote and what it skipped. Nothing is
// written: the caller applies ed.
func Drift(ed *iac.Editor, m *iac.Module, drifts []cloud.Drift) (codified []Codified, skipped []Skip) {
	for _, d := range drifts {
		c, s := oneDrift(ed, m, d)
		codified = append(codified, c...)
		skipped = append(skipped, s...)
	}
	return codified, skipped
}

// oneDrift codifies the changes of one drifted resource.
func oneDrift(ed *iac.Editor, m *iac.Module, d cloud.Drift) ([]Codified, []Skip) {
	skipAll := func(reason string) []Skip {
		if len(d.Changes) == 0 {
			return []Skip{{Address: d.Address, Reason: reason}}
		}
		out := make([]Skip, len(d.Changes))
		for i, c := range d.Changes {
			out[i] = Skip{Address: d.Address, Path: c.Path, Reason: reason}
		}
		return out
	}
	switch d.Kind {
	case cloud.Changed:
	case cloud.Deleted:
		return nil, skipAll("deleted outside Terraform: terraform apply re-creates it; to accept the deletion, remove the block and the state entry by hand")
	case cloud.Unmanaged:
		return nil, []Skip{{Reason: fmt.Sprintf("%s %s is not managed by Terraform: review the generated import blocks", d.Type, d.ID)}}
	default:
		return nil, skipAll(fmt.Sprintf("unknown drift kind %q", d.Kind))
	}
	r, reason := resourceOf(m, d.Address)
	if r == nil {
		return nil, skipAll(reason)
	}
	if r.File.JSON {
		return nil, skipAll("the resource is in a .tf.json file, which driftfix does not edit; change it by hand")
	}
	if r.Scope.Callers > 1 {
		return nil, skipAll(fmt.Sprintf("the resource is in module directory %s, which %d module calls share; change it by hand", r.Scope.Dir, r.Scope.Callers))
	}

	var done []Codified
	var skipped []Skip
	skip := func(c cloud.Change, reason string) {
		skipped = append(skipped, Skip{Address: d.Address, Path: c.Path, Reason: reason})
	}
	var tagChanges []tagChange
	for _, c := range d.Changes {
		path, err := attrpath.Parse(c.Path)
		switch {
		case err != nil:
			skip(c, err.Error())
		case len(path) == 0 || path[0].Kind != attrpath.KeyStep || slices.ContainsFunc(path, func(s attrpath.Step) bool { return s.Kind == attrpath.AnyIndexStep }):
			skip(c, fmt.Sprintf("path %q does not name one attribute", c.Path))
		case c.Sensitive || c.Actual == cloud.Redacted || c.Expected == cloud.Redacted:
			skip(c, "the value is sensitive; driftfix does not write it into code")
		case path[0].Key == "tags_all":
			skip(c, "tags_all is computed from tags and the provider's default_tags; the matching tags change codifies it, else change default_tags by hand")
		case path[0].Key == "tags":
			key, ok := tagKey(path)
			if !ok {
				skip(c, "only single tag keys are codified (tags.KEY)")
				continue
			}
			tagChanges = append(tagChanges, tagChange{Change: c, key: key})
		case allowed(d.Type, c.Path):
			if w, why := scalar(ed, r, d.Address, path, c); why != "" {
				skip(c, why)
			} else {
				done = append(done, w)
			}
		default:
			skip(c, notAllowed(d.Type))
		}
	}
	if len(tagChanges) > 0 {
		w, s := tags(ed, r, d.Address, tagChanges)
		done = append(done, w...)
		skipped = append(skipped, s...)
	}
	return done, skipped
}

// resourceOf finds the single resource block instance for addr, or
// says why there is none to edit.
func resourceOf(m *iac.Module, addr string) (*iac.Resource, string) {
	base := iac.StripInstanceKeys(addr)
	for _, r := range m.Resources {
		if r.Mode != iac.Managed || r.ConfigAddress() != base {
			continue
		}
		own := r.Type + "." + r.Name
		if mod := addr[:strings.LastIndex(addr, own)]; mod != r.Scope.Prefix() {
			return nil, "the resource is in a module called with count or for_each: its instances share the code; change it by hand"
		}
		if r.Expanded {
			return nil, fmt.Sprintf("the block of %s has count or for_each: its instances share it, so one instance's live value cannot be written into it", base)
		}
		if r.Address() == addr {
			return r, ""
		}
	}
	return nil, fmt.Sprintf("no resource block for %s in the code", addr)
}
