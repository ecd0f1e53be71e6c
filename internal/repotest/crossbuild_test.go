package repotest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/internal/testenv"
)

// TestCrossBuild: the module builds for other systems than the one the
// tests run on, so that no package leans on one system's calls without a
// build-tagged file for the others (flock in lock, access(2) in iac,
// kill(2) in terraform).
func TestCrossBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles the module twice; skipped with -short")
	}
	goBin := goOfGOROOT(t)
	for _, target := range []struct{ goos, goarch string }{
		{"windows", "amd64"},
		{"darwin", "arm64"},
	} {
		t.Run(target.goos+"/"+target.goarch, func(t *testing.T) {
			cmd := exec.Command(goBin, "build", "./...")
			cmd.Dir = testenv.RepoRoot()
			cmd.Env = append(os.Environ(), "GOOS="+target.goos, "GOARCH="+target.goarch, "CGO_ENABLED=0")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("GOOS=%s GOARCH=%s go build ./...: %v\n%s", target.goos, target.goarch, err, out)
			}
		})
	}
}

// goOfGOROOT is the go command of the toolchain that `go env GOROOT` names.
func goOfGOROOT(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "bin", "go")
}
