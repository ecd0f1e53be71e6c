package iac

import (
	"bytes"
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// removal returns the bytes to remove to take attribute name out of b with
// the lines it is on, or why it cannot be: the attribute must start its
// line, and only white space or a comment may follow it on its last line.
func removal(b *Block, name string) (start, end int, err error) {
	if err := editable(b); err != nil {
		return 0, 0, err
	}
	a := b.Attrs[name]
	if a == nil {
		return 0, 0, fmt.Errorf("%s: no attribute %s", b.Range, name)
	}
	src := b.File.Src
	s, e := a.Range.Start.Byte, a.Range.End.Byte
	if s < 0 || e > len(src) || s > e {
		return 0, 0, fmt.Errorf("%s: attribute %s has no source range", b.Range, name)
	}
	start = lineStart(src, s)
	if len(bytes.TrimSpace(src[start:s])) > 0 {
		return 0, 0, fmt.Errorf("%s: attribute %s shares its line with other code", a.Range, name)
	}
	end = e
	if e == 0 || src[e-1] != '\n' { // a heredoc value ends its line already
		end = lineEnd(src, e)
		rest := bytes.TrimSpace(src[e:end])
		if len(rest) > 0 && rest[0] != '#' && !bytes.HasPrefix(rest, []byte("//")) {
			return 0, 0, fmt.Errorf("%s: attribute %s shares its line with other code", a.Range, name)
		}
	}
	// A blank line that would be left alone before the closing brace, or
	// at the end of a file, goes too.
	if start > 0 {
		prev := lineStart(src, start-1)
		next := src[end:lineEnd(src, end)]
		if len(bytes.TrimSpace(src[prev:start])) == 0 && (end == len(src) || bytes.Equal(bytes.TrimSpace(next), []byte("}")) && b.CloseBrace.Start.Byte >= end) {
			start = prev
		}
	}
	return start, end, nil
}

// Removable reports whether RemoveAttr can remove attribute name of b.
func Removable(b *Block, name string) bool {
	_, _, err := removal(b, name)
	return err == nil
}

// RemoveAttr removes attribute name of block b — or, for a variable file,
// of its Body — with the lines it is on, its trailing comment included. The
// attribute must start its line and end it (but for a comment); see
// Removable. Comments above it stay.
func (e *Editor) RemoveAttr(owner string, b *Block, name string) error {
	start, end, err := removal(b, name)
	if err != nil {
		return err
	}
	return e.add(b.File, edit{start: start, end: end, owner: owner, key: "remove:" + b.Range.String() + "#" + name, line: b.Attrs[name].Range.Start.Line})
}

// ReplaceRange replaces the bytes of rng in file f with text: an
// expression, or a part of a template (a literal replaced by a reference).
// Apply checks that the edited file still parses.
func (e *Editor) ReplaceRange(owner string, f *File, rng hcl.Range, text string) error {
	if f == nil || f.JSON {
		return ErrJSONNotEditable
	}
	s, end := rng.Start.Byte, rng.End.Byte
	if s < 0 || end > len(f.Src) || s > end {
		return fmt.Errorf("%s: not a range of %s", rng, f.Path)
	}
	return e.add(f, edit{start: s, end: end, text: text, owner: owner, key: "replace:" + rng.String(), line: rng.Start.Line})
}
