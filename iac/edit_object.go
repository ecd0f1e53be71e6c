package iac

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// ErrNotObjectLiteral is returned by AddObjectItems when the attribute's
// value is not a literal object constructor { … } (a variable, merge(), …).
var ErrNotObjectLiteral = errors.New("the value is not a literal object { … }")

// AddObjectItems adds items (key = expression) to the object constructor that
// is the value of attribute a, after its last item, keeping every other byte:
// comments and the layout of the existing items stay. hclwrite treats such
// an expression as opaque tokens, so this is a range edit like SetAttr.
//
// A one-line object stays on one line ({ a = "b", k = "v" }); in a
// multi-line object each item goes on its own line, indented like the
// existing items. Alignment follows the file's canonical-format rule (see
// FormatIfCanonical). Item names are written as given: an identifier
// (owner) or a quoted string ("kubernetes.io/role").
func (e *Editor) AddObjectItems(owner string, a *Attr, items []NewAttr) error {
	if a == nil {
		return fmt.Errorf("add object items: no attribute")
	}
	if e.m == nil {
		return errApplied
	}
	f := e.m.Files[a.Range.Filename]
	if f == nil || f.JSON {
		return ErrJSONNotEditable
	}
	obj, ok := a.Expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return fmt.Errorf("%s: attribute %s: %w", a.Range, a.Name, ErrNotObjectLiteral)
	}
	if len(items) == 0 {
		return nil
	}
	lines := make([]string, len(items))
	names := make([]string, len(items))
	for i, it := range items {
		line, err := objectItem(it)
		if err != nil {
			return fmt.Errorf("%s: attribute %s: %w", a.Range, a.Name, err)
		}
		lines[i], names[i] = line, it.Name
	}
	src := f.Src
	open, close := obj.OpenRange.End.Byte, obj.SrcRange.End.Byte-1
	if open <= 0 || close < open || close >= len(src) || src[close] != '}' {
		return fmt.Errorf("%s: attribute %s: object has no body range", a.Range, a.Name)
	}
	ed := edit{owner: owner, key: a.Range.String() + "#{" + strings.Join(names, ",") + "}", line: a.Range.Start.Line}

	if !bytes.Contains(src[open:close], []byte("\n")) {
		// A one-line object stays on one line.
		if len(obj.Items) == 0 {
			// Replace the braces too, so that a second edit of the same
			// empty object overlaps this one instead of running into it.
			ed.start, ed.end, ed.text = obj.OpenRange.Start.Byte, close+1, "{ "+strings.Join(lines, ", ")+" }"
		} else {
			last := obj.Items[len(obj.Items)-1].ValueExpr.Range().End.Byte
			ed.start, ed.end, ed.text = last, last, ", "+strings.Join(lines, ", ")
		}
		return e.add(f, ed)
	}

	attrIndent := lineIndent(src, a.Range.Start.Byte)
	indent := attrIndent + "  "
	if len(obj.Items) > 0 {
		if first := obj.Items[0].KeyExpr.Range().Start.Byte; lineStart(src, first) > open {
			indent = lineIndent(src, first)
		}
	}
	block := indentLines(strings.Join(lines, "\n"), indent)

	var last int
	if len(obj.Items) > 0 {
		last = obj.Items[len(obj.Items)-1].ValueExpr.Range().End.Byte
	}
	switch {
	case len(obj.Items) > 0 && !bytes.Contains(src[last:close], []byte("\n")):
		// The closing brace shares its line with the last item: put the new
		// items on their own lines and the brace on the next one. The edit
		// takes the brace, so that a second one overlaps it.
		ed.start, ed.end, ed.text = trimSpaceBefore(src, close), close+1, "\n"+block+"\n"+attrIndent+"}"
	case len(obj.Items) > 0:
		pos := last
		if src[pos-1] != '\n' { // a heredoc value already ends its line
			pos = lineEnd(src, pos)
		}
		ed.start, ed.end, ed.text = pos, pos, block+"\n"
	default:
		pos := lineStart(src, close)
		if strings.TrimSpace(string(src[pos:close])) != "" {
			ed.start, ed.end, ed.text = trimSpaceBefore(src, close), close+1, "\n"+block+"\n"+attrIndent+"}"
		} else {
			ed.start, ed.end, ed.text = pos, pos, block+"\n"
		}
	}
	return e.add(f, ed)
}

// trimSpaceBefore moves pos back over spaces and tabs.
func trimSpaceBefore(src []byte, pos int) int {
	for pos > 0 && (src[pos-1] == ' ' || src[pos-1] == '\t') {
		pos--
	}
	return pos
}

// objectItem renders one item "name = expr" and checks that it parses as
// an object item with a static key.
func objectItem(it NewAttr) (string, error) {
	line := it.Name + " = " + it.Expr
	if strings.Contains(it.Name, "\n") {
		return "", fmt.Errorf("invalid object key %q", it.Name)
	}
	expr, diags := hclsyntax.ParseExpression([]byte("{\n"+line+"\n}"), "item", hcl.InitialPos)
	if diags.HasErrors() {
		return "", fmt.Errorf("invalid object item %q: %s", line, diags.Error())
	}
	obj, ok := expr.(*hclsyntax.ObjectConsExpr)
	if !ok || len(obj.Items) != 1 {
		return "", fmt.Errorf("invalid object item %q", line)
	}
	if _, diags := obj.Items[0].KeyExpr.Value(nil); diags.HasErrors() {
		return "", fmt.Errorf("object key %q is not a literal", it.Name)
	}
	return line, nil
}

// ObjectKey renders s as an object key: bare when it is an identifier that
// HCL reads as a string, quoted otherwise.
func ObjectKey(s string) string {
	switch s {
	case "true", "false", "null":
		return Quote(s)
	}
	if hclsyntax.ValidIdentifier(s) {
		return s
	}
	return Quote(s)
}

// ObjectEditable reports whether items can be added to attribute a's value:
// a literal object { … } (AddObjectItems) or a literal null (SetAttr writes
// a new object).
func ObjectEditable(a *Attr) bool {
	switch e := a.Expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		return true
	case *hclsyntax.LiteralValueExpr:
		return e.Val.IsNull()
	}
	return false
}

// ObjectKeyFor renders key k for adding to obj the way obj's existing keys
// are written: quoted when they all are, else as ObjectKey does. obj may be
// nil (a new object).
func ObjectKeyFor(obj *hclsyntax.ObjectConsExpr, k string) string {
	key := ObjectKey(k)
	if obj == nil || len(obj.Items) == 0 || strings.HasPrefix(key, `"`) {
		return key
	}
	for _, it := range obj.Items {
		kx, ok := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr)
		if !ok {
			return key
		}
		if _, quoted := kx.Wrapped.(*hclsyntax.TemplateExpr); !quoted {
			return key
		}
	}
	return Quote(k)
}
