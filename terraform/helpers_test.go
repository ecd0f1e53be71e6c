package terraform

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// copyFixture copies testdata/fixtures/<name> into a fresh temp dir and
// returns that dir.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("testdata", "fixtures", name)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// writeExec writes an executable script. Tests that write executables do
// not run in parallel: a concurrent fork can inherit the write descriptor
// and make exec fail with ETXTBSY.
func writeExec(t *testing.T, path, script string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// fakeVersionBinary writes dir/terraform that prints "Terraform v<ver>"
// for any arguments (so `version -json` falls back to the text form).
func fakeVersionBinary(t *testing.T, dir, ver string) string {
	t.Helper()
	return writeExec(t, filepath.Join(dir, "terraform"), "#!/bin/sh\necho 'Terraform v"+ver+"'\necho 'on linux_amd64'\n")
}

// setPath makes dirs the directories of $PATH for the rest of the test
// (none: an empty $PATH, so that Ensure finds nothing there).
func setPath(t *testing.T, dirs ...string) {
	t.Helper()
	t.Setenv("PATH", strings.Join(dirs, string(os.PathListSeparator)))
}

// syncBuffer is a goroutine-safe bytes.Buffer.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// notifyWriter closes ch the first time the text written contains want.
type notifyWriter struct {
	w    io.Writer
	want string
	ch   chan struct{}
	once sync.Once
	mu   sync.Mutex
	seen strings.Builder
}

func newNotifyWriter(w io.Writer, want string) *notifyWriter {
	return &notifyWriter{w: w, want: want, ch: make(chan struct{})}
}

func (n *notifyWriter) Write(p []byte) (int, error) {
	n.mu.Lock()
	n.seen.Write(p)
	hit := strings.Contains(n.seen.String(), n.want)
	n.mu.Unlock()
	if hit {
		n.once.Do(func() { close(n.ch) })
	}
	return n.w.Write(p)
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
