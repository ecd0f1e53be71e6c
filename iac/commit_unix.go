//go:build unix

package iac

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// mayWrite reports whether this process may write path (access(2)).
func mayWrite(path string) bool { return unix.Access(path, unix.W_OK) == nil }

// device returns the number of the device that holds path.
func device(path string) (uint64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Dev), nil
	}
	return 0, errors.New("no device number")
}
