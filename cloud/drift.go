package cloud

import (
	"fmt"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/attrpath"
	"github.com/driftfix/driftfix/iac/tfstate"
	tfjson "github.com/hashicorp/terraform-json"
)

// Kind of drift.
type Kind string

const (
	// Changed: the resource exists, and attributes the live reader reports
	// differ from state.
	Changed Kind = "changed"
	// Deleted: state has the resource, the cloud does not.
	Deleted Kind = "deleted"
	// Unmanaged: the cloud has the resource, no state does.
	Unmanaged Kind = "unmanaged"
)

func (k Kind) rank() int {
	switch k {
	case Changed:
		return 0
	case Deleted:
		return 1
	}
	return 2
}

// Drift is one resource where the cloud and Terraform state disagree.
// Compare fills in what differs; the drift use case then gives each change
// (or, for a deleted or unmanaged resource, the resource) its fix class and
// remediation. Every report format renders this one type.
type Drift struct {
	Kind Kind   `json:"kind"`
	Type string `json:"type"`
	ID   string `json:"id"`
	// Address is the resource's address in state; empty for unmanaged.
	Address string   `json:"address"`
	Region  string   `json:"region"`
	Changes []Change `json:"changes"`
	// Class and Remediation of a deleted or unmanaged resource as a whole
	// (a changed one has them per change).
	Class       string      `json:"class,omitempty"`
	Remediation Remediation `json:"remediation,omitempty"`
}

// Change is one attribute that differs, at a plan-JSON path: tags.env,
// tags["cost-center"], ingress[0].cidr_blocks[0],
// versioning_configuration[0].status. Expected is the value in state, Actual
// the live value; nil where one side has no value (a tag added, a set
// element removed).
type Change struct {
	Path     string `json:"path"`
	Expected any    `json:"expected"`
	Actual   any    `json:"actual"`
	// Sensitive marks a change under a value state marks sensitive: Expected
	// and Actual are then Redacted, never the values.
	Sensitive bool `json:"-"`
	// Class is the attribute's fix class and Remediation what driftfix does
	// about it ("" until the drift is classified).
	Class       string      `json:"class"`
	Remediation Remediation `json:"remediation"`
}

// Redacted stands in for the values of a sensitive change.
const Redacted = "(sensitive)"

// CompareOptions select what Compare reports.
type CompareOptions struct {
	// Types limits drift to these resource types (all when empty).
	Types []string
	// Tags keeps only resources that carry every one of these tags (in
	// state or live).
	Tags []TagFilter
	// Ignore drops resources and attribute paths (.driftfixignore); nil
	// ignores nothing.
	Ignore *Ignore
}

// TagFilter matches a resource carrying tag Key, with value Value unless
// AnyValue.
type TagFilter struct {
	Key      string
	Value    string
	AnyValue bool
}

// ParseTagFilter parses "key=value" (that value; "key=" is an empty value)
// or "key" (any value).
func ParseTagFilter(s string) (TagFilter, error) {
	k, v, hasValue := strings.Cut(s, "=")
	k = strings.TrimSpace(k)
	if k == "" {
		return TagFilter{}, fmt.Errorf("tag filter %q: want key=value or key", s)
	}
	return TagFilter{Key: k, Value: v, AnyValue: !hasValue}, nil
}

func (f TagFilter) String() string {
	if f.AnyValue {
		return f.Key
	}
	return f.Key + "=" + f.Value
}

func (o CompareOptions) typeOK(typ string) bool {
	if len(o.Types) == 0 {
		return true
	}
	for _, t := range o.Types {
		if t == typ {
			return true
		}
	}
	return false
}

// tagsOK reports whether one of the tag maps given carries every filter tag.
func (o CompareOptions) tagsOK(attrSets ...map[string]any) bool {
	if len(o.Tags) == 0 {
		return true
	}
	for _, attrs := range attrSets {
		for _, key := range []string{"tags_all", "tags"} {
			tags, _ := plain(attrs[key]).(map[string]any)
			if len(tags) > 0 && o.matchTags(tags) {
				return true
			}
		}
	}
	return false
}

func (o CompareOptions) matchTags(tags map[string]any) bool {
	for _, f := range o.Tags {
		v, ok := tags[f.Key]
		if !ok {
			return false
		}
		if !f.AnyValue {
			if s, _ := v.(string); s != f.Value {
				return false
			}
		}
	}
	return true
}

type typeID struct{ typ, id string }

// Compare compares state with the live cloud:
//
//   - changed: a state resource found live (in live, by type and ID) whose
//     attributes differ; only the attributes the live reader reports (the
//     keys of Resource.Attrs, named like the provider) are compared, after
//     normalisation (see Equivalent);
//   - deleted: a state resource the inventory reported missing;
//   - unmanaged: a resource of the sweep that no state resource has (by
//     type and any of its identities: see Identities) and no other
//     resource in state describes (see overlaps).
//
// A state resource that is neither live nor missing was not read, or its
// read failed, and is not reported: only the service's own answer that a
// resource does not exist makes it deleted. Regions match when equal or when either side does not
// know its region. The result is sorted: changed, deleted, unmanaged, each
// by address, type, ID and region; changes by path.
func Compare(state []tfstate.Resource, live []Resource, missing []Ref, swept []Resource, opts CompareOptions) []Drift {
	liveBy := map[typeID][]Resource{}
	for _, l := range live {
		k := typeID{l.Type, l.ID}
		liveBy[k] = append(liveBy[k], l)
	}
	missingBy := map[typeID][]Ref{}
	for _, m := range missing {
		k := typeID{m.Type, m.ID}
		missingBy[k] = append(missingBy[k], m)
	}
	managed := NewManaged(state)
	ov := newOverlaps(state, managed)
	var out []Drift
	for _, r := range state {
		if r.ID == "" {
			continue
		}
		k := typeID{r.Type, r.ID}
		if !opts.typeOK(r.Type) {
			continue
		}
		if l, ok := pickLive(liveBy[k], r.Region); ok {
			if !opts.tagsOK(r.Values, l.Attrs) || opts.Ignore.Resource(r.Type, r.ID) {
				continue
			}
			changes := diffResource(r, l, ov.delegated(r))
			changes = opts.Ignore.filter(r.Type, r.ID, changes)
			if len(changes) > 0 {
				out = append(out, Drift{Kind: Changed, Type: r.Type, ID: r.ID, Address: r.Address, Region: firstNonEmpty(r.Region, l.Region), Changes: changes})
			}
			continue
		}
		if m, ok := pickRef(missingBy[k], r.Region); ok {
			if !opts.tagsOK(r.Values) || opts.Ignore.Resource(r.Type, r.ID) {
				continue
			}
			out = append(out, Drift{Kind: Deleted, Type: r.Type, ID: r.ID, Address: r.Address, Region: firstNonEmpty(r.Region, m.Region)})
		}
	}
	seen := map[Ref]bool{}
	for _, s := range swept {
		if s.ID == "" || !opts.typeOK(s.Type) || seen[s.Ref] {
			continue
		}
		seen[s.Ref] = true
		if managed.Manages(s) || ov.covered(s) {
			continue
		}
		if !opts.tagsOK(s.Attrs) || opts.Ignore.Resource(s.Type, s.ID) {
			continue
		}
		out = append(out, Drift{Kind: Unmanaged, Type: s.Type, ID: s.ID, Region: s.Region})
	}
	sortDrifts(out)
	return out
}

func regionsMatch(a, b string) bool { return a == "" || b == "" || a == b }

// pickLive picks the live resource in region (an exact region match first).
func pickLive(cands []Resource, region string) (Resource, bool) {
	for _, c := range cands {
		if c.Region == region {
			return c, true
		}
	}
	for _, c := range cands {
		if regionsMatch(c.Region, region) {
			return c, true
		}
	}
	return Resource{}, false
}

func pickRef(cands []Ref, region string) (Ref, bool) {
	for _, c := range cands {
		if c.Region == region {
			return c, true
		}
	}
	for _, c := range cands {
		if regionsMatch(c.Region, region) {
			return c, true
		}
	}
	return Ref{}, false
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// diffResource compares the attributes the live reader reports, but for
// those other resources in state describe (skip; see overlaps).
func diffResource(r tfstate.Resource, l Resource, skip map[string]bool) []Change {
	expected, actual := map[string]any{}, map[string]any{}
	for k, v := range l.Attrs {
		if sv, inState := r.Values[k]; inState && !skip[k] {
			expected[k], actual[k] = plain(sv), plain(v)
		}
	}
	return diffAttrs(expected, actual, func(p attrpath.Path) bool { return r.Sensitive(pathSteps(p)...) })
}

// diffAttrs compares a resource's attributes, expected (state) with actual
// (live), after the provider's normalisation (see Equivalent): set-typed
// lists in any order, and in a nested block only the attributes the live
// side reports. A change under a value that sensitive marks is reported
// at the sensitive value's own path, values Redacted: nothing below it,
// keys included, is printed (a map marked sensitive as a whole may have
// sensitive keys), and the changes below one sensitive value are one
// change. Changes are sorted by path.
func diffAttrs(expected, actual map[string]any, sensitive func(attrpath.Path) bool) []Change {
	changes := attrpath.Diff(expected, actual, attrpath.Options{
		Equal: func(p attrpath.Path, expected, actual any) bool {
			return len(p) > 0 && equivalent(p.Name(), expected, actual, p.InList())
		},
		Set:                  func(p attrpath.Path) bool { return setAttrs[p.Name()] },
		ElementKeysFromAfter: true,
		Opaque:               func(p attrpath.Path) bool { return len(p) > 0 && sensitive(p) },
	})
	sort.SliceStable(changes, func(i, j int) bool { return attrpath.Compare(changes[i].Path, changes[j].Path) < 0 })
	out := make([]Change, 0, len(changes))
	seen := map[string]bool{}
	for _, c := range changes {
		ch := Change{Path: c.Path.String(), Expected: c.Before, Actual: c.After}
		if c.Opaque {
			ch = Change{Path: ch.Path, Expected: Redacted, Actual: Redacted, Sensitive: true}
			if seen[ch.Path] {
				continue
			}
			seen[ch.Path] = true
		}
		out = append(out, ch)
	}
	return out
}

// sortChanges sorts changes by path, segment by segment: tags before
// tags_all, ingress[2] before ingress[10].
func sortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool { return comparePaths(cs[i].Path, cs[j].Path) < 0 })
}

func comparePaths(a, b string) int {
	pa, errA := attrpath.Parse(a)
	pb, errB := attrpath.Parse(b)
	if errA != nil || errB != nil {
		return strings.Compare(a, b)
	}
	return attrpath.Compare(pa, pb)
}

func sortDrifts(d []Drift) {
	sort.SliceStable(d, func(i, j int) bool {
		a, b := d[i], d[j]
		if a.Kind.rank() != b.Kind.rank() {
			return a.Kind.rank() < b.Kind.rank()
		}
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Region < b.Region
	})
}

// MergeTerraformDrift adds to d what a plan's resource_drift (a refresh-only
// plan, or a normal plan's drift section) reports and the inventory did not
// see: attribute changes of resources the reader does not read or
// attributes it does not report, and resources deleted outside Terraform.
// A change is a duplicate when d already has its address and path, or any
// change of the same set-typed attribute (set element indexes are not
// comparable between the two sources). The plan's values are compared with
// the same normalisation, so provider noise stays out. Options, at most
// one, apply the same type, tag and ignore filters as Compare.
func MergeTerraformDrift(d []Drift, plan *tfjson.Plan, opts ...CompareOptions) []Drift {
	var o CompareOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	out := append([]Drift(nil), d...)
	if plan == nil {
		return out
	}
	byAddr := map[string]int{} // address -> index of its changed drift
	hasDrift := map[string]bool{}
	seen := map[string]bool{}
	for i, x := range out {
		if x.Address == "" {
			continue
		}
		hasDrift[x.Address] = true
		if x.Kind == Changed {
			byAddr[x.Address] = i
		}
		for _, c := range x.Changes {
			for _, k := range dedupKeys(x.Address, c.Path) {
				seen[k] = true
			}
		}
	}
	for _, rc := range plan.ResourceDrift {
		if rc == nil || rc.Change == nil || rc.Mode != tfjson.ManagedResourceMode || !o.typeOK(rc.Type) {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		id, _ := before["id"].(string)
		if o.Ignore.Resource(rc.Type, id) || !o.tagsOK(before, after) {
			continue
		}
		region := tfstate.RegionOf(before)
		if rc.Change.Actions.Delete() || (before != nil && after == nil) {
			if !hasDrift[rc.Address] {
				out = append(out, Drift{Kind: Deleted, Type: rc.Type, ID: id, Address: rc.Address, Region: region})
				hasDrift[rc.Address] = true
			}
			continue
		}
		if before == nil || after == nil {
			continue
		}
		masks := []any{rc.Change.BeforeSensitive, rc.Change.AfterSensitive}
		changes := diffAttrs(plain(before).(map[string]any), plain(after).(map[string]any), func(p attrpath.Path) bool {
			return sensitiveAt(masks[0], p) || sensitiveAt(masks[1], p)
		})
		changes = o.Ignore.filter(rc.Type, id, changes)
		var fresh []Change
		for _, c := range changes {
			keys := dedupKeys(rc.Address, c.Path)
			dup := false
			for _, k := range keys {
				dup = dup || seen[k]
			}
			if dup {
				continue
			}
			seen[keys[0]] = true
			fresh = append(fresh, c)
		}
		if len(fresh) == 0 {
			continue
		}
		if i, ok := byAddr[rc.Address]; ok {
			out[i].Changes = append(append([]Change(nil), out[i].Changes...), fresh...)
			sortChanges(out[i].Changes)
			continue
		}
		out = append(out, Drift{Kind: Changed, Type: rc.Type, ID: id, Address: rc.Address, Region: region, Changes: fresh})
		byAddr[rc.Address] = len(out) - 1
		hasDrift[rc.Address] = true
	}
	sortDrifts(out)
	return out
}

// dedupKeys are the keys under which a change counts as seen: its address
// and path, and, when the path runs through a set-typed attribute, that
// attribute (address + path up to the set).
func dedupKeys(addr, path string) []string {
	keys := []string{addr + "|" + path}
	p, err := attrpath.Parse(path)
	if err != nil {
		return keys
	}
	for i, s := range p {
		if s.Kind == attrpath.KeyStep && setAttrs[s.Key] && i+1 < len(p) && p[i+1].Kind == attrpath.IndexStep {
			keys = append(keys, addr+"|set|"+p[:i+1].String())
			break
		}
	}
	return keys
}

// sensitiveAt reads a terraform sensitivity mask (true, or maps and lists
// mirroring the value) at p.
func sensitiveAt(mask any, p attrpath.Path) bool {
	cur := mask
	for _, s := range p {
		if b, ok := cur.(bool); ok {
			return b
		}
		switch s.Kind {
		case attrpath.KeyStep:
			m, ok := cur.(map[string]any)
			if !ok {
				return false
			}
			cur = m[s.Key]
		case attrpath.IndexStep:
			l, ok := cur.([]any)
			if !ok || s.Index >= len(l) {
				return false
			}
			cur = l[s.Index]
		}
	}
	b, _ := cur.(bool)
	return b
}

// pathSteps turns a path into the steps tfstate.Resource.Sensitive and
// the older API take: map keys (string) and list indexes (int).
func pathSteps(p attrpath.Path) []any {
	steps := make([]any, len(p))
	for i, s := range p {
		if s.Kind == attrpath.KeyStep {
			steps[i] = s.Key
		} else {
			steps[i] = s.Index
		}
	}
	return steps
}
