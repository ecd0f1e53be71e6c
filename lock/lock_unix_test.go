//go:build unix

package lock

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// The lock directory and its files are private (0700, 0600) whatever the
// umask, and an existing directory with a wider mode is tightened.
func TestLockFilesPrivate(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "lock")
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, LockFile), nil, 0o666); err != nil {
		t.Fatal(err)
	}
	release, err := Acquire(t.Context(), dir, "test", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	for name, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, LockFile): 0o600, filepath.Join(dir, InfoFile): 0o600} {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %#o, want %#o", filepath.Base(name), fi.Mode().Perm(), want)
		}
	}
}
