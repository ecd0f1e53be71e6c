package fixers

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/driftfix/driftfix/iac"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// iamWildcardPolicy: no IAM policy allows every action on every resource
// (Action "*" with Resource "*"), which is full administrator access.
var iamWildcardPolicy = Rule{Meta: iamWildcardPolicyMeta, Check: checkIAMWildcardPolicy}

var iamWildcardPolicyMeta = Meta{
	ID:       "aws-iam-wildcard-policy",
	Title:    `IAM policy allows every action on every resource ("*")`,
	Severity: Critical,
	Class:    ClassIAM,
	ResourceTypes: []string{"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy",
		"aws_iam_role", "aws_iam_policy_document"},
	Refs:  Refs{Trivy: "AVD-AWS-0057", Tfsec: "aws-iam-no-policy-wildcards", Checkov: "CKV_AWS_62", Also: []string{"CKV_AWS_1"}},
	NoFix: "narrowing an IAM policy needs someone who knows which actions and resources the principal uses; driftfix never guesses permissions",
}

// iamWildcardReason is the reason each finding gives for not fixing.
const iamWildcardReason = `replace "*" with the actions and resources the principal needs (IAM Access Analyzer can generate a policy from CloudTrail activity); driftfix does not change IAM permissions`

// iamPolicyTypes hold a policy document in their policy attribute.
var iamPolicyTypes = []string{"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"}

func checkIAMWildcardPolicy(in *Input) []Finding {
	m := iamWildcardPolicyMeta
	var out []Finding
	report := func(r *iac.Resource, a *iac.Attr) {
		for _, w := range iamWildcardStatements(r, a) {
			rng := w.rng
			out = append(out, m.New(r, &rng, w.label+` allows every action ("*") on every resource ("*")`, nil, iamWildcardReason))
		}
	}
	for _, r := range in.Module.Resources {
		switch {
		case r.Mode == iac.Data && r.Type == "aws_iam_policy_document":
			for i, st := range r.Block.Nested("statement") {
				if !iamDocStatementWildcard(st) {
					continue
				}
				label := fmt.Sprintf("statement %d", i+1)
				if sid, ok := st.String("sid"); ok == iac.Known && sid != "" {
					label = fmt.Sprintf("statement %q", sid)
				}
				out = append(out, m.New(r, blockRange(st), label+` allows every action ("*") on every resource ("*")`, nil, iamWildcardReason))
			}
		case r.Mode != iac.Managed:
		case r.Type == "aws_iam_role":
			for _, ip := range r.Block.Nested("inline_policy") {
				report(r, ip.Attr("policy"))
			}
		case slices.Contains(iamPolicyTypes, r.Type):
			report(r, r.Block.Attr("policy"))
		}
	}
	return out
}

// iamDocStatementWildcard reports whether a statement block of an
// aws_iam_policy_document allows "*" on "*" (effect defaults to Allow).
func iamDocStatementWildcard(st *iac.Block) bool {
	effect, est := st.String("effect")
	if est == iac.Unknown || est == iac.Known && effect != "Allow" {
		return false
	}
	return iamAttrHasStar(st.Attr("actions")) && iamAttrHasStar(st.Attr("resources"))
}

// iamAttrHasStar reports whether a list attribute holds the known element "*"
// (other elements may be unknown: "*" alone already means everything).
func iamAttrHasStar(a *iac.Attr) bool {
	if a == nil || a.Value() == cty.NilVal {
		return false
	}
	return iamHasStar(iamFromCty(a.Value()))
}

// iamUnknown marks a part of a policy document that is not static.
type iamUnknown struct{}

// iamUnknownMark stands for an unknown interpolation inside a policy string.
const iamUnknownMark = "\x7fdriftfix-unknown\x7f"

type iamWildcardStatement struct {
	label string
	rng   hcl.Range
}

// iamWildcardStatements returns the statements of the policy in attribute a
// of r that allow "*" on "*". Statements it cannot read are skipped.
func iamWildcardStatements(r *iac.Resource, a *iac.Attr) []iamWildcardStatement {
	if a == nil {
		return nil
	}
	doc, ok := iamPolicyDocument(r, a)
	if !ok {
		return nil
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil
	}
	var stmts []any
	switch s := m["Statement"].(type) {
	case map[string]any:
		stmts = []any{s}
	case []any:
		stmts = s
	}
	var out []iamWildcardStatement
	for i, s := range stmts {
		sm, ok := s.(map[string]any)
		if !ok {
			continue
		}
		if e, set := sm["Effect"]; set && e != "Allow" {
			continue
		}
		if !iamHasStar(sm["Action"]) || !iamHasStar(sm["Resource"]) {
			continue
		}
		label := fmt.Sprintf("policy statement %d", i+1)
		if sid, ok := sm["Sid"].(string); ok && sid != "" {
			label = fmt.Sprintf("policy statement %q", sid)
		}
		out = append(out, iamWildcardStatement{label: label, rng: iamStatementRange(a, i)})
	}
	return out
}

// iamHasStar reports whether v is "*" or a list holding "*".
func iamHasStar(v any) bool {
	switch x := v.(type) {
	case string:
		return x == "*"
	case []any:
		for _, e := range x {
			if e == "*" {
				return true
			}
		}
	}
	return false
}

// iamPolicyDocument decodes the policy in attribute a: a JSON string (quoted,
// heredoc, or any static expression), or jsonencode({…}). Parts that are not
// static become iamUnknown{}. ok is false when the document cannot be read.
func iamPolicyDocument(r *iac.Resource, a *iac.Attr) (any, bool) {
	if a.Known() && a.Value().Type() == cty.String {
		return iamDecodeJSON(a.Value().AsString())
	}
	// The whole value is unknown; read what is static.
	ctx := iamStaticContext(r)
	switch e := a.Expr.(type) {
	case *hclsyntax.FunctionCallExpr:
		if e.Name != "jsonencode" || len(e.Args) != 1 {
			return nil, false
		}
		return iamFromCty(iamPartialValue(e.Args[0], ctx)), true
	case *hclsyntax.TemplateExpr:
		var sb strings.Builder
		for _, p := range e.Parts {
			v := iamPartialValue(p, ctx)
			if !v.IsWhollyKnown() || v.IsNull() || v.Type() != cty.String {
				sb.WriteString(iamUnknownMark)
				continue
			}
			sb.WriteString(v.AsString())
		}
		return iamDecodeJSON(sb.String())
	}
	return nil, false
}

// iamPartialValue evaluates expr as far as ctx allows: the parts an error
// concerns (an unknown reference, a function call) stay unknown.
func iamPartialValue(expr hcl.Expression, ctx *hcl.EvalContext) (v cty.Value) {
	defer func() {
		if recover() != nil {
			v = cty.DynamicVal
		}
	}()
	v, _ = expr.Value(ctx)
	if v == cty.NilVal {
		return cty.DynamicVal
	}
	return v
}

// iamStaticContext evaluates expressions of r with what the loader knows
// statically: variables, locals, and r's instance key. Anything else
// (resources, data sources, functions) is an error, so unknown.
func iamStaticContext(r *iac.Resource) *hcl.EvalContext {
	obj := func(m map[string]cty.Value) cty.Value {
		vals := make(map[string]cty.Value, len(m))
		for k, v := range m {
			if v != cty.NilVal {
				vals[k] = v
			}
		}
		if len(vals) == 0 {
			return cty.EmptyObjectVal
		}
		return cty.ObjectVal(vals)
	}
	vars := map[string]cty.Value{"var": obj(r.Scope.Variables), "local": obj(r.Scope.Locals)}
	if r.Key != cty.NilVal {
		if r.Key.Type() == cty.Number {
			vars["count"] = cty.ObjectVal(map[string]cty.Value{"index": r.Key})
		} else {
			vars["each"] = cty.ObjectVal(map[string]cty.Value{"key": r.Key, "value": cty.DynamicVal})
		}
	}
	return &hcl.EvalContext{Variables: vars}
}

func iamDecodeJSON(s string) (any, bool) {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, false
	}
	return iamMarkUnknown(v), true
}

// iamMarkUnknown turns strings that hold an unknown interpolation into iamUnknown.
func iamMarkUnknown(v any) any {
	switch x := v.(type) {
	case string:
		if strings.Contains(x, iamUnknownMark) {
			return iamUnknown{}
		}
	case []any:
		for i := range x {
			x[i] = iamMarkUnknown(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = iamMarkUnknown(x[k])
		}
	}
	return v
}

// iamFromCty converts a (possibly partly unknown) value to the form
// json.Unmarshal gives, with iamUnknown{} for unknown parts.
func iamFromCty(v cty.Value) any {
	if v == cty.NilVal || !v.IsKnown() {
		return iamUnknown{}
	}
	if v.IsNull() {
		return nil
	}
	t := v.Type()
	switch {
	case t == cty.String:
		return v.AsString()
	case t == cty.Bool:
		return v.True()
	case t == cty.Number:
		return v.AsBigFloat().Text('f', -1)
	case t.IsObjectType() || t.IsMapType():
		out := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out[k.AsString()] = iamFromCty(e)
		}
		return out
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		var out []any
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, iamFromCty(e))
		}
		return out
	}
	return iamUnknown{}
}

// iamStatementRange points at statement i inside jsonencode({ Statement = [ … ] })
// when it is written out literally, and at the attribute otherwise.
func iamStatementRange(a *iac.Attr, i int) hcl.Range {
	call, ok := a.Expr.(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "jsonencode" || len(call.Args) != 1 {
		return a.Range
	}
	obj, ok := call.Args[0].(*hclsyntax.ObjectConsExpr)
	if !ok {
		return a.Range
	}
	for _, item := range obj.Items {
		k, diags := item.KeyExpr.Value(nil)
		if diags.HasErrors() || k.Type() != cty.String || !k.IsKnown() || k.AsString() != "Statement" {
			continue
		}
		switch v := item.ValueExpr.(type) {
		case *hclsyntax.TupleConsExpr:
			if i < len(v.Exprs) {
				return v.Exprs[i].Range()
			}
		case *hclsyntax.ObjectConsExpr:
			return v.Range()
		}
	}
	return a.Range
}
