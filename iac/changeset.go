package iac

import (
	"sort"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
)

// FileChange is the content of one file before and after a set of edits.
type FileChange struct {
	Path   string // slash path relative to the module directory
	Before []byte
	After  []byte
}

// ChangeSet is the set of files a fix changes, sorted by path.
type ChangeSet []FileChange

// NewChangeSet builds a change set from original contents and new contents.
func NewChangeSet(before map[string][]byte, after map[string][]byte) ChangeSet {
	var cs ChangeSet
	for p, a := range after {
		b := before[p]
		if string(a) == string(b) {
			continue
		}
		cs = append(cs, FileChange{Path: p, Before: b, After: a})
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Path < cs[j].Path })
	return cs
}

// Files returns the new contents by path.
func (cs ChangeSet) Files() map[string][]byte {
	out := make(map[string][]byte, len(cs))
	for _, c := range cs {
		out[c.Path] = c.After
	}
	return out
}

// Diff renders the change set as a unified diff (a/ and b/ prefixes, as
// git). The line diff (go-udiff, the Go tools' algorithm) takes time close
// to linear in the size of the files, so that a diff of a large file with
// thousands of edits stays fast; a last line without a newline gets git's
// "\ No newline at end of file" marker, so that the diff applies with git
// apply and patch.
func (cs ChangeSet) Diff() string {
	var sb strings.Builder
	for _, c := range cs {
		d := udiff.Unified("a/"+c.Path, "b/"+c.Path, string(c.Before), string(c.After))
		sb.WriteString(d)
		if d != "" && !strings.HasSuffix(d, "\n") {
			sb.WriteString("\n")
		}
	}
	return sb.String()
}
