//go:build unix

package git

import (
	"os/exec"
	"syscall"
)

// killGroupOnCancel starts cmd in a process group of its own and, when its
// context is done, stops the whole group: git's helpers (remote-https,
// ssh, upload-pack) too.
func killGroupOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }
}
