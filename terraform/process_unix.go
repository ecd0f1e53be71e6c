//go:build unix

package terraform

import (
	"errors"
	"os"
	"syscall"
)

// processRuns reports whether a process with this pid exists (signal 0).
func processRuns(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
