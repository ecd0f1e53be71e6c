package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
)

// What driftfix keeps under .driftfix/ holds secrets in clear (the plan
// file, the approvals, the run log) or describes them: every file there is
// 0600 and every directory 0700, also when they already exist with wider
// modes (they are tightened), whatever the umask.

const (
	privateDirMode  os.FileMode = 0o700
	privateFileMode os.FileMode = 0o600
)

// privateStateDir creates dir with mode 0700, and tightens it and, when
// its parent is a .driftfix directory, the parent too.
func privateStateDir(dir string) error {
	if err := os.MkdirAll(dir, privateDirMode); err != nil {
		return err
	}
	dirs := []string{dir}
	if parent := filepath.Dir(dir); filepath.Base(parent) == ".driftfix" {
		dirs = append(dirs, parent)
	}
	for _, d := range dirs {
		if err := tighten(d, privateDirMode); err != nil {
			return err
		}
	}
	return nil
}

// tighten sets path's permission bits to mode unless they are already so.
func tighten(path string, mode os.FileMode) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.Mode().Perm() == mode {
		return nil
	}
	if err := os.Chmod(path, mode); err != nil {
		return fmt.Errorf("make %s private: %w", path, err)
	}
	return nil
}

// writePrivate replaces path atomically (a temporary file in the same
// directory, synced, then renamed) with data, mode 0600.
func writePrivate(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".driftfix-*")
	if err != nil {
		return err
	}
	fail := func(err error) error {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Chmod(privateFileMode); err != nil {
		return fail(err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// openPrivateAppend opens path for appending, creating it with mode 0600
// and tightening an existing file.
func openPrivateAppend(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, privateFileMode)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(privateFileMode); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
