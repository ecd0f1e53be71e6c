package iac

import (
	"strings"
	"testing"
)

// The unified diff marks a last line without newline the way git does, and
// adds no phantom blank line, so `git apply` and `patch` accept it.
func TestDiffNewlineAtEOF(t *testing.T) {
	cs := ChangeSet{
		{Path: "a.tf", Before: []byte("x = 1\n"), After: []byte("x = 2\n")},
		{Path: "b.tf", Before: []byte("y = 1"), After: []byte("y = 2")},
	}
	want := "--- a/a.tf\n+++ b/a.tf\n@@ -1 +1 @@\n-x = 1\n+x = 2\n" +
		"--- a/b.tf\n+++ b/b.tf\n@@ -1 +1 @@\n-y = 1\n\\ No newline at end of file\n+y = 2\n\\ No newline at end of file\n"
	if got := cs.Diff(); got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(cs.Diff(), "\n+\n") {
		t.Error("phantom blank line")
	}
}
