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
// edited ranges is kept. New nodes are rendered and formatted like
// terraform fmt (formatHCL). A top-level block that was formatted like
// terraform fmt before is formatted as a whole after the edit (so
// alignment around the edit stays canonical, and a canonical file stays
// canonical); any other block keeps its layout and only the new text is
// formatted, indented the way the surrounding body is (spaces or tabs),
// with the file's line endings (LF or CRLF). Only the edited blocks are
// formatted, so the cost of an edit does not grow with the size of the
// file.
type Editor struct {
	m      *Module
	edits  map[string][]edit
	index  map[string]*editIndex // by path: where the file's edits are
	seq    int
	parsed map[string]*hcl.File

	// What checking and laying out an expression gave, by its text: the
	// fixes of one file set the same few values thousands of times.
	exprErrs map[string]error
	attrs    map[attrKey]string
	units    map[string]string // by path: fileIndentUnit
}

// attrKey is an attribute as formatAttr lays it out.
type attrKey struct{ name, expr, unit string }

type edit struct {
	start, end int // byte offsets; start == end inserts
	text       string
	owner      string
	key        string // what the edit sets, to spot two owners setting one thing
	seq        int
	line       int
	block      bool // inserts a block: goes after attributes inserted at the same offset

	// layout, when set, gives the edit's final text; text is then the
	// unformatted block (with its leading newlines), which says as much
	// for spotting duplicates. Formatting new blocks is most of the cost
	// of a large fix, so Apply lays them all out in parallel.
	layout func() (string, error)

	// group is set for an item added to a one-line block ({} or { a = 1 }):
	// every such item of one block shares the group, which lays the block
	// out on several lines once, so that several items can be added.
	group *oneLine
}

// oneLine is a one-line block being laid out on several lines.
type oneLine struct {
	existing    string // the block's content, trimmed
	blockIndent string
	inner       string
}

// NewEditor returns an editor for the files of m.
func NewEditor(m *Module) *Editor {
	return &Editor{m: m, edits: map[string][]edit{}, index: map[string]*editIndex{}, exprErrs: map[string]error{}, attrs: map[attrKey]string{}, units: map[string]string{}}
}

// Parsed returns the syntax of the files the last Apply produced, by path:
// Apply parses each to check it, and a loader given them (Overlay.Parsed)
// need not parse them again.
func (e *Editor) Parsed() map[string]*hcl.File { return e.parsed }

// Owners returns, for each file with edits, the owners (rules) of its
// edits, sorted.
func (e *Editor) Owners() map[string][]string {
	out := make(map[string][]string, len(e.edits))
	for p, eds := range e.edits {
		seen := map[string]bool{}
		for _, ed := range eds {
			seen[ed.owner] = true
		}
		out[p] = strings.Split(joinKeys(seen), ", ")
	}
	return out
}

// Empty reports whether no edit was recorded.
func (e *Editor) Empty() bool { return len(e.edits) == 0 }

// editable checks that block b can be edited in place.
func editable(b *Block) error {
	if b == nil {
		return fmt.Errorf("no block to edit")
	}
	if b.Dynamic {
		return fmt.Errorf("%s: %w", b.Range, ErrDynamicBlock)
	}
	if b.File == nil || b.File.JSON {
		return ErrJSONNotEditable
	}
	return nil
}

// SetAttr sets attribute name of block b to the expression expr, replacing the
// value when the attribute exists and adding a line when it does not.
func (e *Editor) SetAttr(owner string, b *Block, name, expr string) error {
	if err := editable(b); err != nil {
		return err
	}
	if !hclsyntax.ValidIdentifier(name) {
		return fmt.Errorf("%s: invalid attribute name %q", b.Range, name)
	}
	if err := e.checkExpr(expr); err != nil {
		return fmt.Errorf("%s: attribute %s: %w", b.Range, name, err)
	}
	src := b.File.Src
	key := b.Range.String() + "#" + name
	if a := b.Attrs[name]; a != nil {
		r := a.Expr.Range()
		if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
			return fmt.Errorf("%s: attribute %s has no source range", b.Range, name)
		}
		indent := lineIndent(src, a.Range.Start.Byte)
		text := valueOf(e.formatAttr(name, expr, indentUnit(b, src, e.fileUnit(b.File))), indent)
		switch {
		case r.End.Byte > 0 && src[r.End.Byte-1] == '\n':
			text += "\n" // the old value was a heredoc, which ends its line
		case endsInHeredoc(text) && len(bytes.TrimSpace(src[r.End.Byte:lineEnd(src, r.End.Byte)])) > 0:
			text += "\n" + indent // a heredoc's marker must end its line
		}
		return e.add(b.File, edit{start: r.Start.Byte, end: r.End.Byte, text: text, owner: owner, key: key, line: r.Start.Line})
	}
	return e.insertLines(owner, b, key, e.formatAttr(name, expr, indentUnit(b, src, e.fileUnit(b.File))), false)
}

// AddBlock adds nested block nb at the end of block b.
func (e *Editor) AddBlock(owner string, b *Block, nb NewBlock) error {
	if err := editable(b); err != nil {
		return err
	}
	var sb strings.Builder
	if err := renderBlock(&sb, nb, e.checkExpr); err != nil {
		return err
	}
	text, err := formatRendered(nb, sb.String())
	if err != nil {
		return err
	}
	text = reindent(strings.TrimRight(text, "\n"), indentUnit(b, b.File.Src, e.fileUnit(b.File)))
	return e.insertLines(owner, b, b.Range.String()+"#"+nb.Type+"{}", text, true)
}

// AddBlockAfter adds top-level block nb after block after, separated by a blank line.
func (e *Editor) AddBlockAfter(owner string, after *Block, nb NewBlock) error {
	if err := editable(after); err != nil {
		return err
	}
	f := after.File
	var sb strings.Builder
	if err := renderBlock(&sb, nb, e.checkExpr); err != nil {
		return err
	}
	raw := sb.String()
	pos := lineEnd(f.Src, after.Range.End.Byte)
	prefix := "\n"
	if pos == len(f.Src) && (pos == 0 || f.Src[pos-1] != '\n') {
		prefix = "\n\n" // end the last line first
		eds := e.edits[f.Path]
		for _, i := range e.indexOf(f).at(pos) {
			if o := eds[i]; o.start == pos && o.end == pos && strings.HasPrefix(o.text, "\n\n") {
				prefix = "\n" // an earlier block at the end did
			}
		}
	}
	indent := lineIndent(f.Src, after.Range.Start.Byte)
	unit := e.fileUnit(f)
	layout := func() (string, error) { // it holds no *File: the syntax tree can go before Apply parses
		text, err := formatRendered(nb, raw)
		if err != nil {
			return "", err
		}
		return prefix + indentLines(reindent(text, unit), indent), nil
	}
	return e.add(f, edit{start: pos, end: pos, text: prefix + raw, layout: layout, owner: owner, key: "after:" + after.Range.String() + "#" + nb.Type + "." + strings.Join(nb.Labels, "."), line: after.Range.End.Line})
}

// insertLines inserts text (one or more lines, no trailing newline, not yet
// indented) into the body of b: attributes after the last attribute, blocks
// before the closing brace.
func (e *Editor) insertLines(owner string, b *Block, key, text string, isBlock bool) error {
	f := b.File
	src := f.Src
	open, close := b.OpenBrace.End.Byte, b.CloseBrace.Start.Byte
	if open <= 0 || close < open || close > len(src) || src[open-1] != '{' || src[close] != '}' {
		return fmt.Errorf("%s: block has no body range", b.Range)
	}
	blockIndent := lineIndent(src, b.Range.Start.Byte)
	inner := bodyIndent(b, src, blockIndent, e.fileUnit(f))
	ed := edit{owner: owner, key: key, line: b.Range.Start.Line, block: isBlock}

	if !bytes.Contains(src[open:close], []byte("\n")) {
		// A one-line block: lay it out on several lines.
		ed.start, ed.end, ed.text = open, close, text
		ed.group = &oneLine{existing: strings.TrimSpace(string(src[open:close])), blockIndent: blockIndent, inner: inner}
		eds := e.edits[f.Path]
		for _, i := range e.indexOf(f).at(open) {
			if o := eds[i]; o.group != nil && o.start == open && o.end == close {
				ed.group = o.group
			}
		}
		return e.add(f, ed)
	}
	body := indentLines(text, inner) + "\n"
	if !isBlock {
		pos := lineEnd(src, open)
		if last := lastAttrEnd(b); last > 0 {
			pos = last
			if src[pos-1] != '\n' { // a heredoc value already ends its line
				pos = lineEnd(src, pos)
			}
		}
		ed.start, ed.end, ed.text = pos, pos, body
		if pos > close { // the closing brace shares its line with content
			ed.start, ed.end, ed.text = close, close, "\n"+body+blockIndent
			for ed.start > 0 && (src[ed.start-1] == ' ' || src[ed.start-1] == '\t') {
				ed.start--
			}
		}
		return e.add(f, ed)
	}
	ed.line = b.Range.End.Line
	pos := lineStart(src, close)
	if strings.TrimSpace(string(src[pos:close])) != "" {
		// The closing brace shares its line with content (a comment).
		start := close
		for start > pos && (src[start-1] == ' ' || src[start-1] == '\t') {
			start--
		}
		ed.start, ed.end, ed.text = start, close, "\n"+body+blockIndent
		return e.add(f, ed)
	}
	sep := ""
	if pos > open && strings.TrimSpace(string(src[open:pos])) != "" && !blankLineBefore(src, pos) {
		sep = "\n"
	}
	ed.start, ed.end, ed.text = pos, pos, sep+body
	return e.add(f, ed)
}

// blankLineBefore reports whether the line just before offset pos (which
// starts a line) is blank.
func blankLineBefore(src []byte, pos int) bool {
	if pos == 0 {
		return false
	}
	prev := lineStart(src, pos-1)
	return len(bytes.TrimSpace(src[prev:pos])) == 0
}

// indexOf returns the index of f's edits.
func (e *Editor) indexOf(f *File) *editIndex {
	x := e.index[f.Path]
	if x == nil {
		x = newEditIndex(len(f.Src))
		e.index[f.Path] = x
	}
	return x
}

// add records edit ed of file f, unless the same edit is recorded already;
// it fails with a *ConflictError when ed overlaps an edit of another owner
// or sets, differently, what another sets. Only the edits the index finds
// near ed can clash with it, and they are checked in the order they were
// added, as if every edit were.
func (e *Editor) add(f *File, ed edit) error {
	e.seq++
	ed.seq = e.seq
	eds := e.edits[f.Path]
	x := e.indexOf(f)
	for _, i := range x.near(&ed) {
		o := eds[i]
		if ed.group != nil && o.group == ed.group {
			// Items of the same one-line block: a merge, unless both set one thing.
			if o.key == ed.key {
				if o.text == ed.text {
					return nil
				}
				return &ConflictError{File: f.Path, Line: ed.line, Owner: ed.owner, Other: o.owner}
			}
			continue
		}
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
	x.add(len(eds), &ed)
	e.edits[f.Path] = append(eds, ed)
	return nil
}

// Apply returns the new content of every edited file. It fails, naming the
// file, when an edited file would not parse.
//
// An Editor applies once: once the edits are spliced in, it lets go of the
// module, so that the module's syntax trees can be collected while the
// edited files are parsed (a fix of one large file would otherwise hold
// both); only Owners and Parsed may be called after it.
func (e *Editor) Apply() (map[string][]byte, error) {
	if e.m == nil {
		return nil, errApplied
	}
	paths := make([]string, 0, len(e.edits))
	for p := range e.edits {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	type result struct {
		src, res []byte // before and after
		err      error
		owners   string
		syn      *hcl.File
	}
	results := make([]result, len(paths))
	for i, p := range paths {
		r := &results[i]
		if f := e.m.Files[p]; f == nil {
			r.err = fmt.Errorf("%s: not a file of the module", p)
		} else {
			r.src = f.Src
			r.res, r.owners, r.err = e.splice(f, p)
		}
		if r.err != nil {
			results = results[:i+1] // an error: the files after it are not needed
			break
		}
	}
	e.m = nil
	parallel(len(results), func(i int) {
		r := &results[i]
		if r.err != nil {
			return
		}
		syn, diags := parseNative(r.res, paths[i])
		if diags.HasErrors() {
			r.err = fmt.Errorf("%s: edits by %s would not parse: %s", paths[i], r.owners, diags.Error())
			return
		}
		r.syn = syn
	})
	out := map[string][]byte{}
	for i, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		if e.parsed == nil {
			e.parsed = map[string]*hcl.File{}
		}
		e.parsed[paths[i]] = r.syn
		if !bytes.Equal(r.res, r.src) {
			out[paths[i]] = r.res
		}
	}
	return out, nil
}

// errApplied is returned by an Editor used after Apply.
var errApplied = errors.New("the editor was applied already")

// splice returns the content of file f (at path p) with its edits, laid
// out and formatted, and the owners of its edits.
func (e *Editor) splice(f *File, p string) ([]byte, string, error) {
	eds := append([]edit(nil), e.edits[p]...)
	sort.SliceStable(eds, func(i, j int) bool {
		if eds[i].start != eds[j].start {
			return eds[i].start < eds[j].start
		}
		// An insertion at an offset goes before a replacement starting there.
		if ins, jns := eds[i].start == eds[i].end, eds[j].start == eds[j].end; ins != jns {
			return ins
		}
		if eds[i].block != eds[j].block {
			return !eds[i].block
		}
		return eds[i].seq < eds[j].seq
	})
	owners := map[string]bool{}
	for _, ed := range eds {
		owners[ed.owner] = true
	}
	errs := make([]error, len(eds))
	parallel(len(eds), func(i int) {
		if eds[i].layout != nil {
			eds[i].text, errs[i] = eds[i].layout()
		}
	})
	for i, err := range errs {
		if err != nil {
			return nil, "", fmt.Errorf("%s: %s fix: %w", p, eds[i].owner, err)
		}
	}
	nl := newline(f.Src)
	var buf bytes.Buffer
	buf.Grow(len(f.Src) + len(f.Src)/8)
	last := 0
	groups := map[*oneLine][]edit{} // each one-line block's items, in order
	for _, ed := range eds {
		if ed.group != nil {
			groups[ed.group] = append(groups[ed.group], ed)
		}
	}
	done := map[*oneLine]bool{}
	var spliced []splice
	for _, ed := range eds {
		if ed.group != nil {
			if done[ed.group] {
				continue
			}
			done[ed.group] = true
			ed.text = ed.group.render(groups[ed.group])
		}
		if ed.start < last || ed.end > len(f.Src) {
			return nil, "", fmt.Errorf("%s: edits by %s overlap", p, ed.owner)
		}
		buf.Write(f.Src[last:ed.start])
		buf.WriteString(withNewlines(ed.text, nl))
		last = ed.end
		spliced = append(spliced, splice{start: ed.start, end: ed.end, shift: buf.Len() - last})
	}
	buf.Write(f.Src[last:])
	if f.VarFile {
		// top-level attributes, no blocks: a file that was formatted like
		// terraform fmt stays so (the alignment of its values)
		if bytes.Equal(formatHCL(f.Src), f.Src) {
			return formatHCL(buf.Bytes()), joinKeys(owners), nil
		}
		return buf.Bytes(), joinKeys(owners), nil
	}
	return formatTouched(f, buf.Bytes(), spliced), joinKeys(owners), nil
}

// splice is one edit as applied: its range in the old file, and by how
// much the new file's offsets exceed the old ones after it.
type splice struct{ start, end, shift int }

// formatTouched formats, like terraform fmt, every top-level block of f
// that an edit touched and that was formatted so before (on its own: its
// text equals its formatted text), so that alignment stays canonical around
// the edit. A block that was not keeps its layout (its new lines were
// formatted when rendered), and so does everything outside the touched
// blocks: the cost is that of the touched blocks, not of the file.
func formatTouched(f *File, res []byte, spliced []splice) []byte {
	body, ok := f.Syntax.Body.(*hclsyntax.Body)
	if !ok || len(spliced) == 0 {
		return res
	}
	// newPos maps an offset of the old file to the new one: the shift of
	// the last edit that ends at or before it (before: an insertion at a
	// block's start is outside the block; atEnd: one at its end is too).
	newPos := func(pos int, atEnd bool) int {
		i := sort.Search(len(spliced), func(i int) bool {
			sp := spliced[i]
			if atEnd {
				return sp.start >= pos
			}
			return sp.end > pos
		})
		if i == 0 {
			return pos
		}
		return pos + spliced[i-1].shift
	}
	// The touched blocks, in order; each is formatted on its own, so they
	// are formatted in parallel.
	type touched struct {
		s, e, ns, ne int
		formatted    []byte // nil: keep the block as it is
	}
	var blocks []touched
	k := 0
	for _, b := range body.Blocks {
		r := b.Range()
		s, e := r.Start.Byte, r.End.Byte
		for k < len(spliced) && spliced[k].end <= s {
			k++ // before the block (an insertion at its start too)
		}
		if k >= len(spliced) {
			break
		}
		if spliced[k].start >= e {
			continue // no edit inside the block (an insertion at its end is after it)
		}
		if lineStart(f.Src, s) != s {
			continue
		}
		blocks = append(blocks, touched{s: s, e: e, ns: newPos(s, false), ne: newPos(e, true)})
	}
	parallel(len(blocks), func(i int) {
		t := &blocks[i]
		if !bytes.Equal(formatHCL(f.Src[t.s:t.e]), f.Src[t.s:t.e]) {
			return // not formatted before: keep its layout
		}
		if formatted := formatHCL(res[t.ns:t.ne]); !bytes.Equal(formatted, res[t.ns:t.ne]) {
			t.formatted = formatted
		}
	})
	var out []byte
	copied := 0 // bytes of res already in out
	for _, t := range blocks {
		if t.formatted == nil {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(res)+len(res)/16)
		}
		out = append(out, res[copied:t.ns]...)
		out = append(out, t.formatted...)
		copied = t.ne
	}
	if out == nil {
		return res
	}
	return append(out, res[copied:]...)
}

// render lays out a one-line block with its new items: the existing item
// first, then new attributes, then new blocks, each on its own line.
func (g *oneLine) render(eds []edit) string {
	var attrs, blocks []string
	for _, ed := range eds {
		if ed.group != g {
			continue
		}
		if ed.block {
			blocks = append(blocks, ed.text)
		} else {
			attrs = append(attrs, ed.text)
		}
	}
	var sb strings.Builder
	sb.WriteString("\n")
	wrote := false
	if g.existing != "" {
		sb.WriteString(g.inner + g.existing + "\n")
		wrote = true
	}
	for _, a := range attrs {
		sb.WriteString(indentLines(a, g.inner) + "\n")
		wrote = true
	}
	for _, b := range blocks {
		if wrote {
			sb.WriteString("\n")
		}
		sb.WriteString(indentLines(b, g.inner) + "\n")
		wrote = true
	}
	sb.WriteString(g.blockIndent)
	return sb.String()
}

func joinKeys(m map[string]bool) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

// formatRendered formats raw, the text renderBlock made of nb, like
// terraform fmt. Each expression in it was checked to parse, and Apply
// parses the whole edited file, naming the rule when it does not.
func formatRendered(nb NewBlock, raw string) (string, error) {
	return string(formatHCL([]byte(raw))), nil
}

// renderBlock writes nb to sb, one item a line, unindented; check checks
// each expression (an Editor's checkExpr, which remembers its answers).
func renderBlock(sb *strings.Builder, nb NewBlock, check func(string) error) error {
	if !hclsyntax.ValidIdentifier(nb.Type) {
		return fmt.Errorf("invalid block type %q", nb.Type)
	}
	sb.WriteString(nb.Type)
	for _, l := range nb.Labels {
		fmt.Fprintf(sb, " %s", Quote(l))
	}
	sb.WriteString(" {\n")
	for _, a := range nb.Attrs {
		if !hclsyntax.ValidIdentifier(a.Name) {
			return fmt.Errorf("invalid attribute name %q", a.Name)
		}
		if err := check(a.Expr); err != nil {
			return fmt.Errorf("attribute %s: %w", a.Name, err)
		}
		fmt.Fprintf(sb, "%s = %s\n", a.Name, a.Expr)
	}
	for i, c := range nb.Blocks {
		if i > 0 || len(nb.Attrs) > 0 {
			sb.WriteString("\n")
		}
		if err := renderBlock(sb, c, check); err != nil {
			return err
		}
	}
	sb.WriteString("}\n")
	return nil
}

// checkExpr is checkExpr, remembering what it said of each expression.
func (e *Editor) checkExpr(expr string) error {
	err, ok := e.exprErrs[expr]
	if !ok {
		err = checkExpr(expr)
		e.exprErrs[expr] = err
	}
	return err
}

// formatAttr is formatAttr, remembering its result.
func (e *Editor) formatAttr(name, expr, unit string) string {
	k := attrKey{name, expr, unit}
	text, ok := e.attrs[k]
	if !ok {
		text = formatAttr(name, expr, unit)
		e.attrs[k] = text
	}
	return text
}

// checkExpr checks that expr is one HCL expression.
func checkExpr(expr string) error {
	if strings.TrimSpace(expr) == "" {
		return fmt.Errorf("empty expression")
	}
	// A heredoc's closing marker must end its line.
	if _, diags := hclsyntax.ParseExpression([]byte(expr+"\n"), "expr", hcl.InitialPos); diags.HasErrors() {
		return fmt.Errorf("invalid expression %q: %s", expr, diags.Error())
	}
	return nil
}

// formatAttr renders "name = expr" the way terraform fmt lays it out, with
// continuation lines indented in steps of unit.
func formatAttr(name, expr, unit string) string {
	out := strings.TrimRight(string(formatHCL([]byte(name+" = "+strings.TrimSpace(expr)+"\n"))), "\n")
	return reindent(out, unit)
}

// valueOf returns the value of line, an attribute as formatAttr laid it
// out, as the new value of an attribute on a line indented by indent:
// continuation lines are indented to match.
func valueOf(line, indent string) string {
	_, value, _ := strings.Cut(line, "=")
	value = strings.TrimLeft(value, " ")
	if !strings.Contains(value, "\n") {
		return value
	}
	skip := heredocLines(value)
	lines := strings.Split(value, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" && !skip[i] {
			lines[i] = indent + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// endsInHeredoc reports whether text's last line closes a heredoc.
func endsInHeredoc(text string) bool {
	return heredocLines(text)[strings.Count(text, "\n")]
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
// or the block's indentation plus the file's indentation unit fileUnit.
func bodyIndent(b *Block, src []byte, blockIndent, fileUnit string) string {
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
	if first >= 0 && first <= len(src) && lineStart(src, first) > b.OpenBrace.Start.Byte {
		return lineIndent(src, first)
	}
	return blockIndent + fileUnit
}

// indentUnit is one level of indentation inside block b: its body's
// indentation minus its own, or the file's unit fileUnit.
func indentUnit(b *Block, src []byte, fileUnit string) string {
	blockIndent := lineIndent(src, b.Range.Start.Byte)
	inner := bodyIndent(b, src, blockIndent, fileUnit)
	if u, ok := strings.CutPrefix(inner, blockIndent); ok && u != "" {
		return u
	}
	return fileUnit
}

// fileUnit is fileIndentUnit of f, worked out once: a file that indents
// nothing is read to its end each time.
func (e *Editor) fileUnit(f *File) string {
	u, ok := e.units[f.Path]
	if !ok {
		u = fileIndentUnit(f.Src)
		e.units[f.Path] = u
	}
	return u
}

// fileIndentUnit guesses a file's indentation unit from its first indented
// line: a tab, or that many spaces. Two spaces when nothing is indented.
func fileIndentUnit(src []byte) string {
	for pos := 0; pos < len(src); {
		end := lineEnd(src, pos)
		line := src[pos:end]
		pos = end
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		switch line[0] {
		case '\t':
			return "\t"
		case ' ':
			n := len(line) - len(bytes.TrimLeft(line, " "))
			if n > 8 {
				n = 8
			}
			return strings.Repeat(" ", n)
		}
	}
	return "  "
}

// reindent turns the two-space indentation hclwrite.Format produces into
// steps of unit. Lines inside heredocs are left alone.
func reindent(text, unit string) string {
	if unit == "  " {
		return text
	}
	skip := heredocLines(text)
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if skip[i] {
			continue
		}
		trimmed := strings.TrimLeft(l, " ")
		n := (len(l) - len(trimmed)) / 2
		lines[i] = strings.Repeat(unit, n) + trimmed
	}
	return strings.Join(lines, "\n")
}

// heredocLines returns the (0-based) lines of text that belong to a heredoc
// body or its closing marker, which indentation must not touch.
func heredocLines(text string) map[int]bool {
	if !strings.Contains(text, "<<") {
		return nil
	}
	tokens, _ := hclsyntax.LexConfig([]byte(text+"\n"), "new.tf", hcl.InitialPos)
	out := map[int]bool{}
	open := 0
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenOHeredoc:
			open = t.Range.End.Line // the line after the marker is the first body line
		case hclsyntax.TokenCHeredoc:
			if open > 0 {
				for l := open; l <= t.Range.Start.Line; l++ {
					out[l-1] = true
				}
				open = 0
			}
		}
	}
	return out
}

// newline returns the file's line ending: "\r\n" when its first line ends so.
func newline(src []byte) string {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// withNewlines converts the "\n" line endings of generated text to nl.
func withNewlines(text, nl string) string {
	if nl == "\n" || !strings.Contains(text, "\n") {
		return text
	}
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", nl)
}

func lineStart(src []byte, pos int) int {
	if pos > len(src) {
		pos = len(src)
	}
	if pos < 0 {
		return 0
	}
	i := bytes.LastIndexByte(src[:pos], '\n')
	return i + 1
}

// lineEnd is the offset just after the newline that ends the line holding pos.
func lineEnd(src []byte, pos int) int {
	if pos >= len(src) {
		return len(src)
	}
	if pos < 0 {
		pos = 0
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
	skip := heredocLines(text)
	for i, l := range lines {
		if l != "" && !skip[i] {
			lines[i] = indent + l
		}
	}
	return strings.Join(lines, "\n")
}
