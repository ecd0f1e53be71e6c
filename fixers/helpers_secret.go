package fixers

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Where string literals are in Terraform code, for the hardcoded-secret
// rule: every literal of every block and variable file, with the name it is
// bound to and where its text is, so that a secret found in it can be
// reported and replaced exactly.

// literalSite is one string literal (or a literal part of a template).
type literalSite struct {
	// name is what the value is bound to: the attribute or object key
	// (for {name = "X", value = "…"} pairs, the name's value).
	name string
	// path is the attribute path below the top-level block: nested block
	// types, the attribute, object keys. For a variable file it starts
	// with the variable's name.
	path  []string
	value string
	// region is where the value's text is: inside the quotes, or the
	// heredoc's body, or one literal part of a template.
	region hcl.Range
	// expr is the whole literal expression (quotes or heredoc markers
	// included) when the value is all of the attribute's expression or of
	// an element of it; zero when the value is part of a template.
	expr hcl.Range
	// top is the top-level block (nil in a variable file); nested are the
	// blocks between it and attr; attr holds the value.
	top    *hclsyntax.Block
	nested []*hclsyntax.Block
	attr   *hclsyntax.Attribute
	// fromJSON: the site is in a JSON file (never edited).
	fromJSON bool
	// line and column of the value's text (JSON: of its string token).
	line, column int
}

// wrappers are the functions whose arguments are as hardcoded as the
// call: they only encode or mark their argument.
var wrappers = map[string]bool{
	"sensitive": true, "nonsensitive": true, "jsonencode": true, "yamlencode": true, "base64encode": true,
	"tostring": true, "tomap": true, "tolist": true, "toset": true, "merge": true, "concat": true,
	"trimspace": true, "chomp": true, "textencodebase64": true,
}

// nativeSites walks every top-level block of a native-syntax file (or, for
// a variable file, its top-level attributes). A site's path and nested
// share the walk's stacks, which later sites overwrite: visit keeps a
// site only with keep (almost no literal is a secret, and copying the
// path of every attribute was most of the walk's allocations).
func nativeSites(body *hclsyntax.Body, src []byte, visit func(literalSite)) {
	w := siteWalker{src: src, visit: visit}
	for _, a := range sortedAttrs(body) { // a variable file
		w.attr(nil, nil, a, []string{a.Name})
	}
	for _, b := range body.Blocks {
		w.body(b, nil, b.Body, nil)
	}
}

type siteWalker struct {
	src   []byte
	visit func(literalSite)
}

func (w siteWalker) body(top *hclsyntax.Block, nested []*hclsyntax.Block, body *hclsyntax.Body, path []string) {
	for _, a := range sortedAttrs(body) {
		w.attr(top, nested, a, append(path, a.Name))
	}
	for _, b := range body.Blocks {
		p := append(path, b.Type)
		if b.Type == "dynamic" && len(b.Labels) == 1 {
			p[len(p)-1] = b.Labels[0]
		}
		if top != nil && top.Type == "terraform" && len(b.Labels) == 1 {
			p = append(p, b.Labels[0]) // backend "s3", cloud
		}
		w.body(top, append(nested, b), b.Body, p)
	}
}

func (w siteWalker) attr(top *hclsyntax.Block, nested []*hclsyntax.Block, a *hclsyntax.Attribute, path []string) {
	site := literalSite{top: top, nested: nested, attr: a}
	w.expr(site, a.Expr, a.Name, path)
}

// expr visits the literals of e, bound to name, at path.
func (w siteWalker) expr(site literalSite, e hclsyntax.Expression, name string, path []string) {
	switch x := e.(type) {
	case *hclsyntax.TemplateExpr:
		if v, ok := literalTemplate(x); ok {
			site.name, site.path, site.value = name, path, v
			site.expr = x.SrcRange
			site.region = hcl.RangeBetween(x.Parts[0].Range(), x.Parts[len(x.Parts)-1].Range())
			w.visit(site)
			return
		}
		for _, p := range x.Parts {
			if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok {
				if lit.Val.Type() == cty.String && !lit.Val.IsNull() {
					s := site
					s.name, s.path, s.value, s.region = name, path, lit.Val.AsString(), lit.SrcRange
					w.visit(s)
				}
				continue
			}
			w.expr(site, p, name, path)
		}
	case *hclsyntax.TemplateWrapExpr:
		w.expr(site, x.Wrapped, name, path)
	case *hclsyntax.ParenthesesExpr:
		w.expr(site, x.Expression, name, path)
	case *hclsyntax.ConditionalExpr:
		w.expr(site, x.TrueResult, name, path)
		w.expr(site, x.FalseResult, name, path)
	case *hclsyntax.FunctionCallExpr:
		if wrappers[x.Name] {
			for _, arg := range x.Args {
				w.expr(site, arg, name, path)
			}
		}
	case *hclsyntax.TupleConsExpr:
		for i, el := range x.Exprs {
			w.expr(site, el, name, append(path, strconv.Itoa(i)))
		}
	case *hclsyntax.ObjectConsExpr:
		// {name = "DB_PASSWORD", value = "…"}: the value is bound to the name
		pairName := ""
		for _, it := range x.Items {
			if k := objectKey(it.KeyExpr); k == "name" || k == "Name" {
				if t, ok := it.ValueExpr.(*hclsyntax.TemplateExpr); ok {
					pairName, _ = literalTemplate(t)
				}
			}
		}
		for _, it := range x.Items {
			k := objectKey(it.KeyExpr)
			if k == "" {
				continue
			}
			bound := k
			if (k == "value" || k == "Value") && pairName != "" {
				bound = pairName
			}
			w.expr(site, it.ValueExpr, bound, append(path, k))
		}
	}
}

// keep is the site with its own copies of the walk's stacks.
func (site literalSite) keep() literalSite {
	site.path = slices.Clone(site.path)
	site.nested = slices.Clone(site.nested)
	return site
}

// literalTemplate returns the value of a template without interpolations
// or directives.
func literalTemplate(t *hclsyntax.TemplateExpr) (string, bool) {
	if len(t.Parts) == 0 {
		return "", false
	}
	var sb strings.Builder
	for _, p := range t.Parts {
		lit, ok := p.(*hclsyntax.LiteralValueExpr)
		if !ok || lit.Val.Type() != cty.String || lit.Val.IsNull() {
			return "", false
		}
		sb.WriteString(lit.Val.AsString())
	}
	return sb.String(), true
}

// objectKey is an object key written as an identifier or a literal string.
func objectKey(e hclsyntax.Expression) string {
	if k := hcl.ExprAsKeyword(e); k != "" {
		return k
	}
	if ok, isKey := e.(*hclsyntax.ObjectConsKeyExpr); isKey {
		e = ok.Wrapped
		if k := hcl.ExprAsKeyword(e); k != "" {
			return k
		}
	}
	if t, ok := e.(*hclsyntax.TemplateExpr); ok {
		v, _ := literalTemplate(t)
		return v
	}
	return ""
}

func sortedAttrs(body *hclsyntax.Body) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(body.Attributes))
	for _, a := range body.Attributes {
		out = append(out, a)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].SrcRange.Start.Byte < out[j-1].SrcRange.Start.Byte; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// jsonSites walks the strings of a JSON file: keys give the path (array
// indices are left out, as Terraform's JSON syntax allows a list of bodies
// wherever one body may be).
func jsonSites(src []byte, visit func(keys []string, value string, start, end int)) error {
	dec := json.NewDecoder(bytes.NewReader(src))
	type frame struct {
		object bool
		key    string
		want   bool // an object expects a key next
	}
	var stack []frame
	keys := func() []string {
		var out []string
		for _, f := range stack {
			if f.object && f.key != "" {
				out = append(out, f.key)
			}
		}
		return out
	}
	for {
		start := int(dec.InputOffset())
		for start < len(src) && strings.IndexByte(" \t\r\n,:", src[start]) >= 0 {
			start++
		}
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				if top != nil && top.object {
					top.want = true
				}
				stack = append(stack, frame{object: true, want: true})
			case '[':
				if top != nil && top.object {
					top.want = true
				}
				stack = append(stack, frame{})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].want = true
				}
			}
		case string:
			if top != nil && top.object && top.want {
				top.key, top.want = t, false
				continue
			}
			visit(keys(), t, start, int(dec.InputOffset()))
			if top != nil && top.object {
				top.want = true
			}
		default:
			if top != nil && top.object {
				top.want = true
			}
		}
	}
}

// lineCol is the 1-based line and column of byte offset off in src.
func lineCol(src []byte, off int) (int, int) {
	off = min(max(off, 0), len(src))
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	col := off + 1
	if i := bytes.LastIndexByte(src[:off], '\n'); i >= 0 {
		col = off - i
	}
	return line, col
}
