package iac

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestValueText(t *testing.T) {
	tests := []struct {
		v    any
		want string
		ok   bool
	}{
		{"a${b}", `"a$${b}"`, true},
		{true, "true", true},
		{2.5, "2.5", true},
		{3, "3", true},
		{int64(4), "4", true},
		{nil, "null", true},
		{[]string{"x", "y"}, `["x", "y"]`, true},
		{map[string]string{"b c": "1", "a": "2"}, "{\na = \"2\"\n\"b c\" = \"1\"\n}", true},
		{map[string]any{}, "{}", true},
		{[]any{"x", struct{}{}}, "", false},
		{float32(1), "", false},
	}
	for _, tt := range tests {
		got, ok := ValueText(tt.v)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ValueText(%#v) = %q, %v; want %q, %v", tt.v, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIsLiteralAndExprText(t *testing.T) {
	tests := []struct {
		src     string
		literal bool
		text    string
	}{
		{`"x"`, true, `"x"`},
		{`12`, true, `12`},
		{`null`, true, `null`},
		{`"a-${var.b}"`, false, `"a-${var.b}"`},
		{`var.env`, false, `var.env`},
		{`merge(local.common, { name = "a very long name that does not fit" })`, false, `merge(…)`},
		{"[\n  1,\n]", false, "an expression"},
	}
	for _, tt := range tests {
		expr, diags := hclsyntax.ParseExpression([]byte(tt.src), "x.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		if got := IsLiteral(expr); got != tt.literal {
			t.Errorf("IsLiteral(%s) = %v", tt.src, got)
		}
		if got := ExprText([]byte(tt.src), expr); got != tt.text {
			t.Errorf("ExprText(%s) = %q, want %q", tt.src, got, tt.text)
		}
	}
}
