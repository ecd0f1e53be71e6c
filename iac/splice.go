package iac

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

var (
	// ErrOneLineComment is returned by ObjectSplice when a one-line object
	// holds a comment, which rewriting the line would lose.
	ErrOneLineComment = errors.New("the one-line object holds a comment")
	// ErrItemSharesLine is returned by ObjectSplice.CanRemove when the item
	// shares its lines with other text (a comment or another item), which
	// removing its lines would take with it.
	ErrItemSharesLine = errors.New("the item shares its line with other text (a comment or another item)")
)

// ObjectSplice rewrites the source of a literal object { … } that is an
// attribute's value: item values replaced, items removed, items appended
// after the last one, every other byte (comments, layout) kept. Text renders
// the new object, for Editor.SetAttr; when items are only added,
// Editor.AddObjectItems is the smaller edit.
type ObjectSplice struct {
	// Replace maps an item's index in the object to its new value's source.
	Replace map[int]string
	// Remove holds the indexes of the items to remove; check each with
	// CanRemove first.
	Remove map[int]bool
	// Add are the items to append.
	Add []NewAttr

	src  []byte
	attr *Attr
	obj  *hclsyntax.ObjectConsExpr
}

// NewObjectSplice starts an empty splice of attribute a's value; src is the
// source of a's file. It fails with ErrNotObjectLiteral when the value is
// not a literal object.
func NewObjectSplice(src []byte, a *Attr) (*ObjectSplice, error) {
	obj, ok := a.Expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return nil, fmt.Errorf("%s: attribute %s: %w", a.Range, a.Name, ErrNotObjectLiteral)
	}
	return &ObjectSplice{Replace: map[int]string{}, Remove: map[int]bool{}, src: src, attr: a, obj: obj}, nil
}

func (s *ObjectSplice) oneLine() bool {
	r := s.obj.SrcRange
	return !bytes.Contains(s.src[r.Start.Byte:r.End.Byte], []byte("\n"))
}

// CanRemove says why item i cannot be removed (nil when it can): in a
// multi-line object the item must have its lines to itself
// (ErrItemSharesLine), so that no comment goes with it; a one-line object
// must hold no comment (ErrOneLineComment).
func (s *ObjectSplice) CanRemove(i int) error {
	it := s.obj.Items[i]
	start, end := it.KeyExpr.Range().Start.Byte, it.ValueExpr.Range().End.Byte
	if s.oneLine() {
		if hasComment(s.src[s.obj.SrcRange.Start.Byte:s.obj.SrcRange.End.Byte]) {
			return ErrOneLineComment
		}
		return nil
	}
	ls := lineStart(s.src, start)
	le := lineEnd(s.src, end)
	before := strings.TrimSpace(string(s.src[ls:start]))
	after := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(string(s.src[end:le])), ","))
	if before != "" || after != "" {
		return ErrItemSharesLine
	}
	return nil
}

// hasComment reports whether the expression source src holds a comment.
func hasComment(src []byte) bool {
	toks, _ := hclsyntax.LexExpression(src, "expr", hcl.InitialPos)
	for _, t := range toks {
		if t.Type == hclsyntax.TokenComment {
			return true
		}
	}
	return false
}

// Text renders the new source of the object. A one-line object stays on one
// line (and fails with ErrOneLineComment when it holds a comment); in a
// multi-line object removed items take their lines with them and added
// items go on lines of their own, indented like the existing items.
func (s *ObjectSplice) Text() (string, error) {
	src := s.src
	obj := s.obj
	start, end := obj.SrcRange.Start.Byte, obj.SrcRange.End.Byte
	itemText := func(i int) string {
		it := obj.Items[i]
		ks, vs, ve := it.KeyExpr.Range().Start.Byte, it.ValueExpr.Range().Start.Byte, it.ValueExpr.Range().End.Byte
		if nv, ok := s.Replace[i]; ok {
			return string(src[ks:vs]) + nv
		}
		return string(src[ks:ve])
	}
	if s.oneLine() {
		if hasComment(src[start:end]) {
			return "", ErrOneLineComment
		}
		var parts []string
		for i := range obj.Items {
			if !s.Remove[i] {
				parts = append(parts, itemText(i))
			}
		}
		for _, a := range s.Add {
			parts = append(parts, a.Name+" = "+a.Expr)
		}
		if len(parts) == 0 {
			return "{}", nil
		}
		return "{ " + strings.Join(parts, ", ") + " }", nil
	}

	type cut struct {
		start, end int
		text       string
	}
	var cuts []cut
	for i, it := range obj.Items {
		switch {
		case s.Remove[i]:
			cuts = append(cuts, cut{lineStart(src, it.KeyExpr.Range().Start.Byte), lineEnd(src, it.ValueExpr.Range().End.Byte), ""})
		case s.Replace[i] != "":
			r := it.ValueExpr.Range()
			cuts = append(cuts, cut{r.Start.Byte, r.End.Byte, s.Replace[i]})
		}
	}
	if len(s.Add) > 0 {
		attrIndent := lineIndent(src, s.attr.Range.Start.Byte)
		indent := attrIndent + "  "
		open := obj.OpenRange.End.Byte
		if len(obj.Items) > 0 {
			if first := obj.Items[0].KeyExpr.Range().Start.Byte; lineStart(src, first) > open {
				indent = lineIndent(src, first)
			}
		}
		lines := make([]string, len(s.Add))
		for i, a := range s.Add {
			lines[i] = indent + a.Name + " = " + a.Expr
		}
		block := strings.Join(lines, "\n")
		close := end - 1
		switch {
		case len(obj.Items) > 0 && !bytes.Contains(src[obj.Items[len(obj.Items)-1].ValueExpr.Range().End.Byte:close], []byte("\n")):
			// the closing brace shares its line with the last item
			cuts = append(cuts, cut{trimSpaceBefore(src, close), close + 1, "\n" + block + "\n" + attrIndent + "}"})
		case len(obj.Items) > 0:
			p := obj.Items[len(obj.Items)-1].ValueExpr.Range().End.Byte
			if src[p-1] != '\n' {
				p = lineEnd(src, p)
			}
			cuts = append(cuts, cut{p, p, block + "\n"})
		default:
			p := lineStart(src, close)
			cuts = append(cuts, cut{p, p, block + "\n"})
		}
	}
	sort.SliceStable(cuts, func(i, j int) bool { return cuts[i].start < cuts[j].start })
	var out strings.Builder
	last := start
	for _, c := range cuts {
		if c.start < last {
			return "", fmt.Errorf("overlapping edits of the object at %s", s.attr.Range)
		}
		out.Write(src[last:c.start])
		out.WriteString(c.text)
		last = c.end
	}
	out.Write(src[last:end])
	return out.String(), nil
}
