package repotest

import (
	"debug/buildinfo"
	"debug/elf"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/internal/testenv"
)

// TestMakeBuildStatic: `make build` gives what the README promises, one
// static binary: no dynamic loader, no shared libraries, built without cgo,
// and it runs.
func TestMakeBuildStatic(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Fatalf("this test reads ELF binaries; run it on Linux (GOOS=%s)", runtime.GOOS)
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go is not on PATH: %v", err)
	}
	bin := t.TempDir()
	cmd := exec.Command("make", "-s", "-C", testenv.RepoRoot(), "build", "BIN="+bin, "GO="+goBin, "VERSION=v0.0.0-static-test")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make build: %v\n%s", err, out)
	}
	exe := filepath.Join(bin, "driftfix")

	f, err := elf.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s asks for a dynamic loader (PT_INTERP): not static", exe)
		}
	}
	if libs, err := f.ImportedLibraries(); err != nil || len(libs) > 0 {
		t.Errorf("%s needs shared libraries %v (%v)", exe, libs, err)
	}
	bi, err := buildinfo.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	cgo := ""
	for _, s := range bi.Settings {
		if s.Key == "CGO_ENABLED" {
			cgo = s.Value
		}
	}
	if cgo != "0" {
		t.Errorf("%s was built with CGO_ENABLED=%q, want 0", exe, cgo)
	}
	out, err := exec.Command(exe, "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "driftfix v0.0.0-static-test ") {
		t.Errorf("%s version: %v: %s", exe, err, out)
	}
}
