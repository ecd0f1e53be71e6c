package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/internal/testenv"
)

// The README's rule table is generated from the registry; regenerating it
// must change nothing.
func TestReadmeTableIsCurrent(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	updated, err := Splice(readme, Table(fixers.All()))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readme, updated) {
		t.Fatal("README.md rule table is out of date: run `go run ./tools/ruletable`")
	}
}
