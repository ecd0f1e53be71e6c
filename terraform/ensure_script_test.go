package terraform

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/internal/testenv"
)

// scripts/ensure-terraform.sh builds Terraform with go install when none
// fits; that took 22 silent minutes on a busy machine. While go install
// runs, the script says on stderr, every PROGRESS_INTERVAL seconds, that it
// is still building and for how long; stdout carries only the result.
func TestEnsureScriptProgress(t *testing.T) {
	script := filepath.Join(testenv.RepoRoot(), "scripts", "ensure-terraform.sh")
	tools, out, release := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "go-install-may-end")
	// A stand-in for go: go install blocks until the test has seen a
	// progress line, then leaves a terraform that reports v1.5.7 in $GOBIN.
	writeExec(t, filepath.Join(tools, "go"), `#!/bin/sh
while [ ! -e "`+release+`" ]; do sleep 0.05; done
printf '#!/bin/sh\necho Terraform v1.5.7\n' > "$GOBIN/terraform"
chmod +x "$GOBIN/terraform"
`)
	cmd := exec.Command("bash", script)
	cmd.Env = append(os.Environ(), "PATH="+tools+":/usr/bin:/bin", "TERRAFORM_BIN_DIR="+out, "PROGRESS_INTERVAL=1", "TERRAFORM_VERSION=1.5.7")
	var stdout strings.Builder
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if strings.Contains(sc.Text(), "still building") {
			os.WriteFile(release, nil, 0o644)
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("script: %v\nstderr:\n%s", err, strings.Join(lines, "\n"))
	}
	progress := ""
	for _, l := range lines {
		if strings.HasPrefix(l, "terraform v1.5.7: go install still building (") && strings.HasSuffix(l, "s elapsed)") {
			progress = l
		}
	}
	if progress == "" {
		t.Errorf("no progress line on stderr:\n%s", strings.Join(lines, "\n"))
	}
	if strings.Contains(stdout.String(), "still building") || !strings.Contains(stdout.String(), "terraform v1.5.7: "+filepath.Join(out, "terraform")) {
		t.Errorf("stdout = %q", stdout.String())
	}
}
