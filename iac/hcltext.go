package iac

import (
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// The text of HCL values and expressions: what the rules and the drift
// codifier write through the Editor, and how they name expressions in
// messages.

// Quote renders s as an HCL string literal. (Go's %q escapes differ: HCL
// needs ${ and %{ escaped and knows no \x escapes.)
func Quote(s string) string {
	return string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes())
}

// ValueText renders a JSON-shaped Go value as HCL source: a string, bool,
// float64, int or int64, nil (null), a []any or []string (a tuple), a
// map[string]any or map[string]string (an object, keys sorted, one item a
// line, unindented: the Editor or hclwrite.Format lays it out). ok is false
// for any other value, anywhere inside v.
func ValueText(v any) (text string, ok bool) {
	switch x := v.(type) {
	case string:
		return Quote(x), true
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case nil:
		return "null", true
	case []string:
		l := make([]any, len(x))
		for i, s := range x {
			l[i] = s
		}
		return ValueText(l)
	case map[string]string:
		m := make(map[string]any, len(x))
		for k, s := range x {
			m[k] = s
		}
		return ValueText(m)
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			t, ok := ValueText(e)
			if !ok {
				return "", false
			}
			parts = append(parts, t)
		}
		return "[" + strings.Join(parts, ", ") + "]", true
	case map[string]any:
		if len(x) == 0 {
			return "{}", true
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var sb strings.Builder
		sb.WriteString("{\n")
		for _, k := range keys {
			t, ok := ValueText(x[k])
			if !ok {
				return "", false
			}
			sb.WriteString(ObjectKey(k) + " = " + t + "\n")
		}
		sb.WriteString("}")
		return sb.String(), true
	}
	return "", false
}

// IsLiteral reports whether expr is a literal value: a number, bool, null or
// a string without interpolation. An edit may replace a literal without
// losing the author's intent; anything else says where the value comes from.
func IsLiteral(expr hcl.Expression) bool {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return true
	case *hclsyntax.TemplateExpr:
		return e.IsStringLiteral()
	}
	return false
}

// ExprText names expression expr of a file with source src for a message:
// its source when that is short and on one line, else the function it
// calls (merge(…)), else "an expression".
func ExprText(src []byte, expr hcl.Expression) string {
	rng := expr.Range()
	if rng.Start.Byte >= 0 && rng.End.Byte <= len(src) && rng.Start.Byte < rng.End.Byte {
		text := string(src[rng.Start.Byte:rng.End.Byte])
		if len(text) <= 40 && !strings.Contains(text, "\n") {
			return text
		}
	}
	if call, ok := expr.(*hclsyntax.FunctionCallExpr); ok {
		return call.Name + "(…)"
	}
	return "an expression"
}
