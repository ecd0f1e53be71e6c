package iac

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// tree returns every file under dir (slash paths) with its content and mode.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			out[filepath.ToSlash(rel)] = "link->" + target
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = info.Mode().Perm().String() + " " + string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func writeTree(t *testing.T, dir string, files map[string]string, mode fs.FileMode) {
	t.Helper()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(full, mode); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"main.tf": "old main", "modules/a/a.tf": "old a"}, 0o600)
	if err := os.Chmod(filepath.Join(dir, "modules/a/a.tf"), 0o640); err != nil {
		t.Fatal(err)
	}
	err := WriteFiles(dir, map[string][]byte{
		"main.tf":        []byte("new main"),
		"modules/a/a.tf": []byte("new a"),
		"new.tf":         []byte("brand new"),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"main.tf":        "-rw------- new main",
		"modules/a/a.tf": "-rw-r----- new a",
		"new.tf":         "-rw-r--r-- brand new",
	}
	if got := tree(t, dir); !equalMaps(got, want) {
		t.Errorf("tree after write:\n got %q\nwant %q", got, want)
	}
}

func TestWriteFilesFailureLeavesOriginals(t *testing.T) {
	original := map[string]string{"a.tf": "old a", "b.tf": "old b", "plain": "a file, not a directory"}
	tests := []struct {
		name  string
		files map[string][]byte
		setup func(t *testing.T, dir string)
	}{
		{
			name:  "parent is a file",
			files: map[string][]byte{"a.tf": []byte("new a"), "plain/x.tf": []byte("x"), "z.tf": []byte("z")},
		},
		{
			name:  "destination is a directory",
			files: map[string][]byte{"a.tf": []byte("new a"), "b.tf": []byte("new b"), "sub": []byte("x")},
			setup: func(t *testing.T, dir string) {
				if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			name:  "read-only directory",
			files: map[string][]byte{"a.tf": []byte("new a"), "ro/c.tf": []byte("new c")},
			setup: func(t *testing.T, dir string) {
				if os.Geteuid() == 0 {
					t.Skip("root writes into read-only directories")
				}
				ro := filepath.Join(dir, "ro")
				writeTree(t, dir, map[string]string{"ro/c.tf": "old c"}, 0o644)
				if err := os.Chmod(ro, 0o555); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(ro, 0o755) })
			},
		},
		{
			name:  "a rename fails half-way",
			files: map[string][]byte{"a.tf": []byte("new a"), "b.tf": []byte("new b"), "c.tf": []byte("new c")},
			setup: func(t *testing.T, dir string) {
				old := rename
				t.Cleanup(func() { rename = old })
				rename = func(from, to string) error {
					if filepath.Base(to) == "c.tf" {
						return errors.New("injected failure")
					}
					return old(from, to)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, original, 0o600)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			before := tree(t, dir)
			err := WriteFiles(dir, tt.files)
			if err == nil {
				t.Fatal("WriteFiles succeeded")
			}
			if after := tree(t, dir); !equalMaps(after, before) {
				t.Errorf("files changed by a failed write:\n got %q\nwant %q", after, before)
			}
			if tmp := tempFiles(t, dir); len(tmp) > 0 {
				t.Errorf("temporary files left: %q", tmp)
			}
		})
	}
}

func TestWriteFilesThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"real/main.tf": "old"}, 0o600)
	if err := os.Symlink(filepath.Join("real", "main.tf"), filepath.Join(dir, "main.tf")); err != nil {
		t.Skip(err)
	}
	if err := WriteFiles(dir, map[string][]byte{"main.tf": []byte("new")}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"main.tf": "link->" + filepath.Join("real", "main.tf"), "real/main.tf": "-rw------- new"}
	if got := tree(t, dir); !equalMaps(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "main.tf")
	writeTree(t, dir, map[string]string{"main.tf": "old"}, 0o600)
	if err := WriteFileAtomic(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dir); !equalMaps(got, map[string]string{"main.tf": "-rw------- new"}) {
		t.Errorf("got %q", got)
	}

	// A path whose parent is a file: an error, nothing left behind.
	if err := WriteFileAtomic(filepath.Join(p, "x.tf"), []byte("x")); err == nil {
		t.Error("write under a file succeeded")
	}
	// A rename failure removes the temporary file.
	old := rename
	rename = func(string, string) error { return errors.New("injected failure") }
	err := WriteFileAtomic(p, []byte("newer"))
	rename = old
	if err == nil {
		t.Error("WriteFileAtomic ignored a rename failure")
	}
	if got := tree(t, dir); !equalMaps(got, map[string]string{"main.tf": "-rw------- new"}) {
		t.Errorf("after failures: %q", got)
	}
}

func tempFiles(t *testing.T, dir string) []string {
	var out []string
	for p := range tree(t, dir) {
		if strings.Contains(p, ".driftfix-") {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
