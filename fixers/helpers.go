package fixers

import (
	"fmt"

	"github.com/driftfix/driftfix/iac"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Helpers shared by the rules. Each rule file stays small: it decides what is
// wrong and which edit fixes it; these helpers know how to say it in HCL.

// resources returns the managed resource instances of the given types.
func resources(m *iac.Module, types ...string) []*iac.Resource {
	var out []*iac.Resource
	for _, t := range types {
		out = append(out, m.ResourcesOfType(t)...)
	}
	return out
}

// rangeOf returns the range of attribute name of b, or nil when it is absent
// (a finding then points at the block).
func rangeOf(b *iac.Block, name string) *hcl.Range {
	if a := b.Attr(name); a != nil {
		r := a.Range
		return &r
	}
	return nil
}

// blockRange returns a pointer to the range of b.
func blockRange(b *iac.Block) *hcl.Range {
	r := b.Range
	return &r
}

// setNested sets attribute attr = expr in the first nested block typ of
// parent, adding the block when it is missing.
func setNested(ed *iac.Editor, owner string, parent *iac.Block, typ, attr, expr string) error {
	if nb := parent.First(typ); nb != nil {
		if nb.Dynamic {
			return fmt.Errorf("%s is a dynamic block", typ)
		}
		return ed.SetAttr(owner, nb, attr, expr)
	}
	return ed.AddBlock(owner, parent, iac.NewBlock{Type: typ, Attrs: []iac.NewAttr{{Name: attr, Expr: expr}}})
}

// companionName picks a resource name for a new companion of type typ for
// resource r: r's own name, or r's name with a suffix when that is taken.
func companionName(r *iac.Resource, typ string) string {
	name := r.Name
	// Declared, not just instantiated: a resource whose count is 0 with the
	// current inputs still takes its name.
	for i := 2; r.Scope.Declared(typ + "." + name); i++ {
		name = fmt.Sprintf("%s_%d", r.Name, i)
	}
	return name
}

// addCompanion adds a new resource of type typ after r's block that points
// at r through attribute refAttr (r's attribute refField: id, arn, …). It
// mirrors r's count or for_each so each instance gets a companion.
func addCompanion(ed *iac.Editor, owner string, r *iac.Resource, typ, refAttr, refField string, attrs []iac.NewAttr, blocks []iac.NewBlock) error {
	base := r.Type + "." + r.Name
	var head []iac.NewAttr
	switch {
	case r.Block.Attr("for_each") != nil:
		head = []iac.NewAttr{{Name: "for_each", Expr: base}, {Name: refAttr, Expr: "each.value." + refField}}
	case r.Block.Attr("count") != nil:
		head = []iac.NewAttr{{Name: "count", Expr: "length(" + base + ")"}, {Name: refAttr, Expr: base + "[count.index]." + refField}}
	default:
		head = []iac.NewAttr{{Name: refAttr, Expr: base + "." + refField}}
	}
	return ed.AddBlockAfter(owner, r.Block, iac.NewBlock{
		Type:   "resource",
		Labels: []string{typ, companionName(r, typ)},
		Attrs:  append(head, attrs...),
		Blocks: blocks,
	})
}

// bucketCompanions returns the resources of type typ attached to bucket b
// (bucket = aws_s3_bucket.b.id / .bucket, each.value.id under for_each, or
// the bucket's literal name).
func bucketCompanions(m *iac.Module, b *iac.Resource, typ string) []*iac.Resource {
	return m.Referrers(b, typ, "bucket", "bucket")
}

// wantTrue reports boolean attribute name of r when it is absent (the
// provider default, false, applies) or false, with a fix that sets it to
// true in place. An unknown value is not reported. absent and off are the
// messages for the two cases.
func wantTrue(m Meta, r *iac.Resource, name, absent, off string) []Finding {
	on, st := r.Block.Bool(name)
	if st == iac.Unknown || (st == iac.Known && on) {
		return nil
	}
	msg := absent
	if st == iac.Known {
		msg = off
	}
	b := r.Block
	return []Finding{m.New(r, rangeOf(b, name), msg,
		func(ed *iac.Editor) error { return ed.SetAttr(m.ID, b, name, "true") }, "")}
}

// isSet reports whether attribute name is set to something other than
// null or "": a known value, or an expression whose value is unknown.
func isSet(b *iac.Block, name string) bool {
	v, st := b.Get(name)
	switch st {
	case iac.Unknown:
		return true
	case iac.Known:
		return !(v.Type() == cty.String && v.AsString() == "")
	}
	return false
}
