package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// driftfixCmd returns a command that runs this test binary as the driftfix
// binary (testscript.Main dispatches on the program's name).
func driftfixCmd(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "driftfix")
	if err := os.Symlink(self, bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

// SIGINT or SIGTERM stops fix at once and writes nothing while it computes;
// once the write has begun, the write is finished. Either way the exit code
// is an error's and stderr says what happened — never success.
func TestFixSignals(t *testing.T) {
	tests := []struct {
		name    string
		env     string // the pause to interrupt
		sig     syscall.Signal
		wantErr string
		written bool
	}{
		// The pause is far longer than the test waits: exiting at all shows
		// that the computation was abandoned, not waited for.
		{"SIGINT while computing", "DRIFTFIX_TEST_PAUSE_AFTER_COMPUTE=10m", syscall.SIGINT, "driftfix: interrupted: nothing written\n", false},
		{"SIGTERM while computing", "DRIFTFIX_TEST_PAUSE_AFTER_COMPUTE=10m", syscall.SIGTERM, "driftfix: interrupted: nothing written\n", false},
		{"SIGINT during the write", "DRIFTFIX_TEST_PAUSE_AFTER_RENAMES=1:2s", syscall.SIGINT, "driftfix: interrupted during the write: the write finished (2 files written: a.tf, b.tf), but the run did not; check the result and run fix again\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			src := map[string]string{
				"a.tf": "resource \"aws_kms_key\" \"a\" {\n  description = \"a\"\n}\n",
				"b.tf": "resource \"aws_kms_key\" \"b\" {\n  description = \"b\"\n}\n",
			}
			for name, s := range src {
				os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644)
			}
			cmd := driftfixCmd(t, []string{tt.env}, "fix", "--rule", "aws-kms-key-rotation", dir)
			var stdout bytes.Buffer
			cmd.Stdout = &stdout
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var rest bytes.Buffer
			r := bufio.NewReader(stderr)
			for {
				line, err := r.ReadString('\n')
				if strings.HasPrefix(line, "driftfix-test: paused") {
					break
				}
				rest.WriteString(line)
				if err != nil {
					cmd.Process.Kill()
					t.Fatalf("the fix never paused: %v\n%s", err, rest.String())
				}
			}
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() {
				io.Copy(&rest, r)
				exited <- cmd.Wait()
			}()
			select {
			case err = <-exited:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatal("the fix did not stop after the signal")
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != ExitError {
				t.Errorf("exit: %v, want code %d", err, ExitError)
			}
			if rest.String() != tt.wantErr {
				t.Errorf("stderr = %q, want %q", rest.String(), tt.wantErr)
			}
			if stdout.Len() > 0 {
				t.Errorf("reported on stdout: %q", stdout.String())
			}
			for name, s := range src {
				data, _ := os.ReadFile(filepath.Join(dir, name))
				if fixed := strings.Contains(string(data), "enable_key_rotation"); fixed != tt.written {
					t.Errorf("%s written = %v, want %v", name, fixed, tt.written)
				}
				if !tt.written && string(data) != s {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
}
