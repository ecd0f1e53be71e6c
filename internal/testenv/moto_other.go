//go:build !unix

package testenv

import (
	"os"
	"testing"
)

// Moto starts moto_server for the test; the tests against moto run on
// unix systems only (the server is stopped as a process group).
func Moto(t testing.TB) string {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal("the tests against moto run on unix systems only, and CI must run them")
	}
	t.Skip("MOTO NOT AVAILABLE: the tests against moto run on unix systems only")
	return ""
}
