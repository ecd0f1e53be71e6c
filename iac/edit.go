package iac

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// NewAttr is an attribute to write: a name and an HCL expression in source form.
type NewAttr struct {
	Name string
	Expr string
}

// NewBlock is a block to write. Attributes keep their order.
type NewBlock struct {
	Type   string
	Labels []string
	Attrs  []NewAttr
	Blocks []NewBlock
}

// Editor collects exact edits to a module's files: every byte outside the
// edited ranges is kept. New nodes are rendered and formatted with hclwrite.
// A file that was canonically formatted before is formatted as a whole after
// the edit; any other file keeps its layout and only the new text is formatted.
type Editor struct {
	m     *Module
	edits map[string][]edit
	seq   int
}

type edit struct {
	start, end int // byte offsets; start == end inserts
	text       string
	owner      string
	key        string // what the edit sets, to spot two owners setting one thing
	seq        int
	line       int
	block      bool // inserts a block: goes after attributes inserted at the same offset
}

// NewEditor returns an editor for the files of m.
func NewEditor(m *Module) *Editor {
	return &Editor{m: m, edits: map[string][]edit{}}
}

// Empty reports whether no edit was recorded.
func (e *Editor) Empty() bool { return len(e.edits) == 0 }

// SetAttr sets attribute name of block b to the expression expr, replacing the
// value when the attribute exists and adding a line when it does not.
func (e *Editor) SetAttr(owner string, b *Block, name, expr string) error {
	if err := checkExpr(expr); err != nil {
		return fmt.Errorf("%s: attribute %s: %w", b.Range, name, err)
	}
	if b.File == nil || b.File.JSON {
		return ErrJSONNotEditable
	}
	key := b.Range.String() + "#" + name
	if a := b.Attrs[name]; a != nil {
		r := a.Expr.Range()
		return e.add(b.File, edit{start: r.Start.Byte, end: r.End.Byte, text: expr, owner: owner, key: key, line: r.Start.Line})
	}
	return e.insertLines(owner, b, key, name+" = "+expr, false)
}

// AddBlock adds nested block nb at the end of block b.
func (e *Editor) AddBlock(owner string, b *Block, nb NewBlock) error {
	if b.File == nil || b.File.JSON {
		return ErrJSONNotEditable
	}
	text, err := Render(nb)
	if err != nil {
		return err
	}
	return e.insertLines(owner, b, b.Range.String()+"#"+nb.Type+"{}", strings.TrimRight(text, "\n"), true)
}

// AddBlockAfter adds top-level block nb after block after, separated by a blank line.
func (e *Editor) AddBlockAfter(owner string, after *Block, nb NewBlock) error {
	f := after.File
	if f == nil || f.JSON {
		return ErrJSONNotEditable
	}
	text, err := Render(nb)
	if err != nil {
		return err
	}
	pos := lineEnd(f.Src, after.Range.End.Byte)
	prefix := "\n"
	if pos == len(f.Src) && (pos == 0 || f.Src[pos-1] != '\n') {
		prefix = "\n\n"
	}
	indent := lineIndent(f.Src, after.Range.Start.Byte)
	return e.add(f, edit{start: pos, end: pos, text: prefix + indentLines(text, indent), owner: owner, key: "after:" + after.Range.String() + "#" + nb.Type + strings.Join(nb.Labels, "."), line: after.Range.End.Line})
}

// insertLines inserts text (one or more lines, no trailing newline) into the
// body of b: attributes after the last attribute, blocks before the closing brace.
func (e *Editor) insertLines(owner string, b *Block, key, text string, isBlock bool) error {
	f := b.File
	src := f.Src
	open, close := b.OpenBrace.End.Byte, b.CloseBrace.Start.Byte
	if open <= 0 || close < open || close > len(src) {
		return fmt.Errorf("%s: block has no body range", b.Range)
	}
	blockIndent := lineIndent(src, b.Range.Start.Byte)
	inner := bodyIndent(b, src, blockIndent)

	if !bytes.Contains(src[open:close], []byte("\n")) {
		// A one-line block: lay it out on several lines.
		existing := strings.TrimSpace(string(src[open:close]))
		var sb strings.Builder
		sb.WriteString("\n")
		if existing != "" {
			sb.WriteString(inner + existing + "\n")
		}
		sb.WriteString(indentLines(text, inner) + "\n" + blockIndent)
		return e.add(f, edit{start: open, end: close, text: sb.String(), owner: owner, key: key, line: b.Range.Start.Line})
	}
	if !isBlock {
		if last := lastAttrEnd(b); last > 0 {
			pos := lineEnd(src, last)
			return e.add(f, edit{start: pos, end: pos, text: indentLines(text, inner) + "\n", owner: owner, key: key, line: b.Range.Start.Line})
		}
		pos := lineEnd(src, open)
		return e.add(f, edit{start: pos, end: pos, text: indentLines(text, inner) + "\n", owner: owner, key: key, line: b.Range.Start.Line})
	}
	pos := lineStart(src, close)
	if strings.TrimSpace(string(src[pos:close])) != "" {
		// closing brace shares its line with content
		return e.add(f, edit{start: close, end: close, text: "\n" + indentLines(text, inner) + "\n" + blockIndent, owner: owner, key: key, line: b.Range.End.Line})
	}
	sep := ""
	if prev := strings.TrimSpace(string(src[open:pos])); prev != "" {
		if !strings.HasSuffix(string(src[:pos]), "\n\n") {
			sep = "\n"
		}
	}
	return e.add(f, edit{start: pos, end: pos, text: sep + indentLines(text, inner) + "\n", owner: owner, key: key, line: b.Range.End.Line, block: true})
}

func (e *Editor) add(f *File, ed edit) error {
	e.seq++
	ed.seq = e.seq
	for _, o := range e.edits[f.Path] {
		if o.start == ed.start && o.end == ed.end && o.text == ed.text {
			return nil // the same edit twice (e.g. one per resource instance)
		}
		overlaps := ed.start < o.end && o.start < ed.end ||
			(ed.start == ed.end && o.start < ed.start && ed.start < o.end) ||
			(o.start == o.end && ed.start < o.start && o.start < ed.end) ||
			(o.key == ed.key && o.text != ed.text)
		if overlaps {
			return &ConflictError{File: f.Path, Line: ed.line, Owner: ed.owner, Other: o.owner}
		}
	}
	e.edits[f.Path] = append(e.edits[f.Path], ed)
	return nil
}

// Apply returns the new content of every edited file. It fails, naming the
// file, when an edited file would not parse.
func (e *Editor) Apply() (map[string][]byte, error) {
	out := map[string][]byte{}
	paths := make([]string, 0, len(e.edits))
	for p := range e.edits {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		f := e.m.Files[p]
		eds := append([]edit(nil), e.edits[p]...)
		sort.SliceStable(eds, func(i, j int) bool {
			if eds[i].start != eds[j].start {
				return eds[i].start < eds[j].start
			}
			if eds[i].block != eds[j].block {
				return !eds[i].block
			}
			return eds[i].seq < eds[j].seq
		})
		var buf bytes.Buffer
		last := 0
		for _, ed := range eds {
			buf.Write(f.Src[last:ed.start])
			buf.WriteString(ed.text)
			last = ed.end
		}
		buf.Write(f.Src[last:])
		res := FormatIfCanonical(f.Src, buf.Bytes())
		if _, diags := hclsyntax.ParseConfig(res, p, hcl.InitialPos); diags.HasErrors() {
			owners := map[string]bool{}
			for _, ed := range eds {
				owners[ed.owner] = true
			}
			return nil, fmt.Errorf("%s: edits by %s would not parse: %s", p, joinKeys(owners), diags.Error())
		}
		if !bytes.Equal(res, f.Src) {
			out[p] = res
		}
	}
	return out, nil
}

func joinKeys(m map[string]bool) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

// Render renders a new block, formatted like terraform fmt, with a trailing newline.
func Render(nb NewBlock) (string, error) {
	var sb strings.Builder
	if err := renderBlock(&sb, nb); err != nil {
		return "", err
	}
	src := []byte(sb.String())
	if _, diags := hclsyntax.ParseConfig(src, "new.tf", hcl.InitialPos); diags.HasErrors() {
		return "", fmt.Errorf("new %s block does not parse: %s", nb.Type, diags.Error())
	}
	return string(hclwrite.Format(src)), nil
}

func renderBlock(sb *strings.Builder, nb NewBlock) error {
	sb.WriteString(nb.Type)
	for _, l := range nb.Labels {
		fmt.Fprintf(sb, " %q", l)
	}
	sb.WriteString(" {\n")
	for _, a := range nb.Attrs {
		if err := checkExpr(a.Expr); err != nil {
			return fmt.Errorf("attribute %s: %w", a.Name, err)
		}
		fmt.Fprintf(sb, "%s = %s\n", a.Name, a.Expr)
	}
	for i, c := range nb.Blocks {
		if i > 0 || len(nb.Attrs) > 0 {
			sb.WriteString("\n")
		}
		if err := renderBlock(sb, c); err != nil {
			return err
		}
	}
	sb.WriteString("}\n")
	return nil
}

func checkExpr(expr string) error {
	if _, diags := hclsyntax.ParseExpression([]byte(expr), "expr", hcl.InitialPos); diags.HasErrors() {
		return fmt.Errorf("invalid expression %q: %s", expr, diags.Error())
	}
	return nil
}

// lastAttrEnd is the end offset of the last attribute of b, or 0.
func lastAttrEnd(b *Block) int {
	last := 0
	for _, a := range b.Attrs {
		if a.Range.End.Byte > last {
			last = a.Range.End.Byte
		}
	}
	return last
}

// bodyIndent is the indentation of the body's items, from the first item,
// or the block's indentation plus two spaces.
func bodyIndent(b *Block, src []byte, blockIndent string) string {
	first := -1
	for _, a := range b.Attrs {
		if first < 0 || a.Range.Start.Byte < first {
			first = a.Range.Start.Byte
		}
	}
	for _, c := range b.Blocks {
		if first < 0 || c.Range.Start.Byte < first {
			first = c.Range.Start.Byte
		}
	}
	if first >= 0 && lineStart(src, first) > b.OpenBrace.Start.Byte {
		return lineIndent(src, first)
	}
	return blockIndent + "  "
}

func lineStart(src []byte, pos int) int {
	if pos > len(src) {
		pos = len(src)
	}
	i := bytes.LastIndexByte(src[:pos], '\n')
	return i + 1
}

// lineEnd is the offset just after the newline that ends the line holding pos.
func lineEnd(src []byte, pos int) int {
	if pos >= len(src) {
		return len(src)
	}
	i := bytes.IndexByte(src[pos:], '\n')
	if i < 0 {
		return len(src)
	}
	return pos + i + 1
}

func lineIndent(src []byte, pos int) string {
	s := lineStart(src, pos)
	e := s
	for e < len(src) && (src[e] == ' ' || src[e] == '\t') {
		e++
	}
	return string(src[s:e])
}

func indentLines(text, indent string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = indent + l
		}
	}
	return strings.Join(lines, "\n")
}
