package codify

import (
	"fmt"
	"github.com/driftfix/driftfix/attrpath"
	"strings"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/iac"
	"github.com/zclconf/go-cty/cty"
)

// scalars lists, per resource type, the non-tag attribute paths Drift
// writes (plan-JSON form; [0] is the single nested block).
var scalars = map[string][]string{
	"aws_s3_bucket_versioning":         {"versioning_configuration[0].status"},
	"aws_instance":                     {"metadata_options[0].http_tokens"},
	"aws_kms_key":                      {"enable_key_rotation"},
	"aws_ebs_volume":                   {"size", "type", "iops", "throughput"},
	"aws_db_instance":                  {"deletion_protection", "backup_retention_period"},
	"aws_cloudwatch_log_group":         {"retention_in_days"},
	"aws_s3_bucket_ownership_controls": {"rule[0].object_ownership"},
}

// allowed reports whether Drift writes attribute path of type typ.
func allowed(typ, path string) bool {
	for _, p := range scalars[typ] {
		if p == path {
			return true
		}
	}
	return false
}

// notAllowed is the reason a change to another attribute of typ is skipped.
func notAllowed(typ string) string {
	if ps := scalars[typ]; len(ps) > 0 {
		return fmt.Sprintf("driftfix codifies only tags and %s of %s; change this attribute by hand or revert it with terraform apply", strings.Join(ps, ", "), typ)
	}
	return fmt.Sprintf("driftfix codifies only tags of %s; change this attribute by hand or revert it with terraform apply", typ)
}

// scalarText renders a live scalar (a string, bool or number) as an HCL
// literal; ok is false for anything else.
func scalarText(v any) (text string, ok bool) {
	switch v.(type) {
	case string, bool, float64, int:
		return iac.ValueText(v)
	}
	return "", false
}

// sameValue reports whether a literal already holds the live value.
func sameValue(v cty.Value, live any) bool {
	if v == cty.NilVal || !v.IsWhollyKnown() || v.IsNull() {
		return false
	}
	return cloud.Equivalent("", plain(v), live)
}

// plain is a scalar cty value as the Go value the live reader reports.
func plain(v cty.Value) any {
	switch v.Type() {
	case cty.String:
		return v.AsString()
	case cty.Bool:
		return v.True()
	case cty.Number:
		f, _ := v.AsBigFloat().Float64()
		return f
	}
	return nil
}

// scalar sets one allowlisted attribute: path is name or
// block[0].…name.
func scalar(ed *iac.Editor, r *iac.Resource, addr string, path attrpath.Path, c cloud.Change) (Codified, string) {
	text, ok := scalarText(c.Actual)
	if !ok {
		if c.Actual == nil {
			return Codified{}, "the attribute has no live value; remove it from the code by hand if that is intended"
		}
		return Codified{}, fmt.Sprintf("the live value %v is not a scalar", c.Actual)
	}
	b := r.Block
	i := 0
	for ; i+1 < len(path); i += 2 {
		name := path[i].Key
		if path[i+1].Kind != attrpath.IndexStep || path[i+1].Index != 0 {
			return Codified{}, "only the first nested block is codified"
		}
		nested := b.Nested(name)
		if len(nested) > 1 {
			return Codified{}, fmt.Sprintf("the resource has %d %s blocks; change it by hand", len(nested), name)
		}
		if len(nested) == 0 {
			if b.HasDynamic(name) {
				return Codified{}, fmt.Sprintf("%s is a dynamic block; change it by hand", name)
			}
			// The block is absent: the provider default applies. Add it
			// with the one attribute (only for the last block level).
			if i+3 != len(path) {
				return Codified{}, fmt.Sprintf("the %s block is absent; add it by hand", name)
			}
			attr := path[i+2].Key
			if err := ed.AddBlock(Owner, b, iac.NewBlock{Type: name, Attrs: []iac.NewAttr{{Name: attr, Expr: text}}}); err != nil {
				return Codified{}, err.Error()
			}
			return Codified{Address: addr, Path: c.Path, Value: c.Actual, File: r.File.Path, Line: b.Range.Start.Line}, ""
		}
		if nested[0].Dynamic {
			return Codified{}, fmt.Sprintf("%s is a dynamic block; change it by hand", name)
		}
		b = nested[0]
	}
	name := path[len(path)-1].Key
	line := b.Range.Start.Line
	if a := b.Attr(name); a != nil {
		if !iac.IsLiteral(a.Expr) {
			return Codified{}, fmt.Sprintf("the value comes from %s, which driftfix does not edit; change it to %s by hand", iac.ExprText(r.File.Src, a.Expr), text)
		}
		if sameValue(a.Value(), c.Actual) {
			return Codified{}, "the code already has the live value (not applied yet?)"
		}
		line = a.Range.Start.Line
	}
	if err := ed.SetAttr(Owner, b, name, text); err != nil {
		return Codified{}, err.Error()
	}
	return Codified{Address: addr, Path: c.Path, Value: c.Actual, File: r.File.Path, Line: line}, ""
}
