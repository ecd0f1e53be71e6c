//go:build !unix

package pgtest

import (
	"runtime"
	"testing"
)

// InstallHint says how to get the PostgreSQL server binaries.
const InstallHint = "the throwaway PostgreSQL of these tests runs on unix systems only"

// Main runs the tests of m: there is no cluster to stop here.
func Main(m *testing.M) int { return m.Run() }

// NewDatabase fails: the tests that need PostgreSQL run on unix systems.
func NewDatabase(t testing.TB) string {
	t.Helper()
	t.Fatalf("pgtest: %s (this is %s)", InstallHint, runtime.GOOS)
	return ""
}
