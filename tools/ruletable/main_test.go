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

// Every rule's page opens with the generated table of its facts (severity,
// class, what a fix touches and each path's safe value, the trivy and
// checkov IDs), and regenerating it must change nothing.
func TestRulePagesAreCurrent(t *testing.T) {
	stale, err := pages(testenv.RepoRoot(), fixers.All(), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(stale) > 0 {
		t.Fatalf("out of date (run `go run ./tools/ruletable`): %v", stale)
	}
}
