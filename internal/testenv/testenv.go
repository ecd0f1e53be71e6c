// Package testenv finds what the tests need: the pinned Terraform binary
// on this machine (./bin first, then PATH) and the fixtures that tests of
// several packages share.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// TerraformVersion is the Terraform release the tests run against.
const TerraformVersion = "1.5.7"

var (
	once   sync.Once
	tfPath string
	tfErr  string
)

// Terraform returns the path of a terraform binary of TerraformVersion, or
// fails the test with the command that installs it. `make test` installs it.
func Terraform(t testing.TB) string {
	t.Helper()
	once.Do(find)
	if tfPath == "" {
		t.Fatalf("terraform %s not found (%s); run `make test`, or install it with: GOBIN=$PWD/bin go install github.com/hashicorp/terraform@v%s", TerraformVersion, tfErr, TerraformVersion)
	}
	return tfPath
}

// RepoRoot returns the repository root (the directory holding go.mod).
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// PlanFixtures is the directory of the plan fixtures that tests of several
// packages share: real Terraform plan and state JSON, one directory per
// scenario (testdata/plans at the repository root; its README says how
// each was made).
func PlanFixtures() string {
	return filepath.Join(RepoRoot(), "testdata", "plans")
}

func find() {
	var tried []string
	candidates := []string{}
	if p := os.Getenv("DRIFTFIX_TERRAFORM"); p != "" {
		candidates = append(candidates, p)
	}
	candidates = append(candidates, filepath.Join(RepoRoot(), "bin", "terraform"))
	if p, err := exec.LookPath("terraform"); err == nil {
		candidates = append(candidates, p)
	}
	for _, c := range candidates {
		out, err := exec.Command(c, "version").Output()
		if err != nil {
			tried = append(tried, c+": "+err.Error())
			continue
		}
		first := strings.SplitN(string(out), "\n", 2)[0]
		if strings.TrimSpace(first) == "Terraform v"+TerraformVersion {
			tfPath = c
			return
		}
		tried = append(tried, c+": "+strings.TrimSpace(first))
	}
	tfErr = "tried " + strings.Join(tried, "; ")
}
