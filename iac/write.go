package iac

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// WriteFiles writes the changed files under root atomically: every file goes
// to a temporary file in its own directory first (fsync'd, with the original
// mode), and only when all of them are written are they renamed into place.
// On any error the temporary files are removed and no file is touched.
func WriteFiles(root string, files map[string][]byte) error {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	type staged struct{ tmp, dst string }
	var done []staged
	cleanup := func() {
		for _, s := range done {
			os.Remove(s.tmp)
		}
	}
	for _, p := range paths {
		dst := filepath.Join(root, filepath.FromSlash(p))
		tmp, err := stage(dst, files[p])
		if err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", p, err)
		}
		done = append(done, staged{tmp, dst})
	}
	for i, s := range done {
		if err := os.Rename(s.tmp, s.dst); err != nil {
			for _, r := range done[i:] {
				os.Remove(r.tmp)
			}
			return fmt.Errorf("write %s: %w", s.dst, err)
		}
		syncDir(filepath.Dir(s.dst))
	}
	return nil
}

// WriteFileAtomic writes one file atomically, keeping its mode.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := stage(path, data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

func stage(dst string, data []byte) (string, error) {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(dst); err == nil {
		mode = st.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".driftfix-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	fail := func(err error) (string, error) {
		f.Close()
		os.Remove(name)
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Chmod(mode); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
