package iac

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// rename is os.Rename; tests replace it to fail half-way.
var rename = os.Rename

// WriteFiles writes the changed files under root atomically: every file goes
// to a temporary file in its own directory first (fsync'd, with the original
// mode), and only when all of them are written are they renamed into place.
// When staging fails nothing is touched; when a rename fails the files
// already renamed are put back. Either way no temporary file is left.
// A path that is a symbolic link is written through the link.
func WriteFiles(root string, files map[string][]byte) error {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var done []*staged
	cleanup := func(from int) {
		for _, s := range done[from:] {
			os.Remove(s.tmp)
		}
	}
	for _, p := range paths {
		s, err := stage(filepath.Join(root, filepath.FromSlash(p)), files[p], true)
		if err != nil {
			cleanup(0)
			return fmt.Errorf("write %s: %w", p, err)
		}
		done = append(done, s)
	}
	for i, s := range done {
		if err := rename(s.tmp, s.dst); err != nil {
			cleanup(i)
			restore(done[:i])
			return fmt.Errorf("write %s: %w", s.dst, err)
		}
		syncDir(filepath.Dir(s.dst))
	}
	return nil
}

// WriteFileAtomic writes one file atomically, keeping its mode.
func WriteFileAtomic(path string, data []byte) error {
	s, err := stage(path, data, false)
	if err != nil {
		return err
	}
	if err := rename(s.tmp, s.dst); err != nil {
		os.Remove(s.tmp)
		return err
	}
	syncDir(filepath.Dir(s.dst))
	return nil
}

// staged is a file written to a temporary name next to its destination.
type staged struct {
	tmp, dst string
	existed  bool
	mode     fs.FileMode
	original []byte // the destination's content, to restore it
}

// stage writes data to a temporary file in dst's directory with dst's mode
// (0644 for a new file). keep reads dst's current content for restore.
func stage(dst string, data []byte, keep bool) (*staged, error) {
	if real, err := filepath.EvalSymlinks(dst); err == nil {
		dst = real
	}
	s := &staged{dst: dst, mode: 0o644}
	st, err := os.Stat(dst)
	switch {
	case err == nil && !st.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file", dst)
	case err == nil:
		s.existed, s.mode = true, st.Mode().Perm()
		if keep {
			if s.original, err = os.ReadFile(dst); err != nil {
				return nil, err
			}
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".driftfix-*")
	if err != nil {
		return nil, err
	}
	s.tmp = f.Name()
	fail := func(err error) (*staged, error) {
		f.Close()
		os.Remove(s.tmp)
		return nil, err
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Chmod(s.mode); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(s.tmp)
		return nil, err
	}
	return s, nil
}

// restore puts back the files that were already renamed into place: the
// original content where there was a file, nothing where there was none.
func restore(done []*staged) {
	for _, s := range done {
		if !s.existed {
			os.Remove(s.dst)
			continue
		}
		if b, err := stage(s.dst, s.original, false); err == nil {
			if rename(b.tmp, b.dst) != nil {
				os.Remove(b.tmp)
			}
		}
	}
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
