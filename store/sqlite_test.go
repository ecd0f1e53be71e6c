package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/store"
)

func TestSQLite(t *testing.T) {
	runConformance(t, func(t *testing.T) string {
		return filepath.Join(t.TempDir(), "driftfix.db")
	})
}

// The SQLite file and the directory Open creates for it are private, and so
// are the WAL files SQLite makes beside it.
func TestSQLiteFileModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", ".driftfix")
	path := filepath.Join(dir, "driftfix.db")
	s, err := store.Open(t.Context(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.StartRun(t.Context(), store.RunStart{Project: "web", Trigger: store.TriggerManual}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want os.FileMode
	}{
		{filepath.Dir(dir), 0o700},
		{dir, 0o700},
		{path, 0o600},
		{path + "-wal", 0o600},
		{path + "-shm", 0o600},
	} {
		info, err := os.Stat(tc.path)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if got := info.Mode().Perm(); got != tc.want {
			t.Errorf("%s has mode %v, want %v", tc.path, got, tc.want)
		}
	}
}

// Open with no DSN uses .driftfix/driftfix.db under the working directory.
func TestSQLiteDefaultPath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s, err := store.Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(filepath.Join(dir, ".driftfix", "driftfix.db")); err != nil {
		t.Errorf("default database file: %v", err)
	}
}

func TestClassifyDSN(t *testing.T) {
	for _, tc := range []struct {
		dsn, kind, path string
	}{
		{"", "sqlite", store.DefaultPath},
		{"state/driftfix.db", "sqlite", "state/driftfix.db"},
		{"/var/lib/driftfix/driftfix.db", "sqlite", "/var/lib/driftfix/driftfix.db"},
		{"sqlite:state/d.db", "sqlite", "state/d.db"},
		{"sqlite:///var/lib/d.db", "sqlite", "/var/lib/d.db"},
		{"sqlite:", "sqlite", store.DefaultPath},
		{"./odd://name.db", "sqlite", "./odd://name.db"},
		{"postgres://u@db.internal/driftfix", "postgres", ""},
		{"postgresql://u@db.internal/driftfix", "postgres", ""},
		{"mysql://u@db/driftfix", "mysql", ""},
	} {
		kind, path := store.Classify(tc.dsn)
		if kind != tc.kind || path != tc.path {
			t.Errorf("classify(%q) = %q, %q; want %q, %q", tc.dsn, kind, path, tc.kind, tc.path)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, dsn string
		want      []string // in the message
		notWant   string
	}{
		{"unknown scheme", "mysql://u@db/driftfix", []string{`unsupported database URL scheme "mysql"`}, ""},
		{"directory in the way", filepath.Join(blocker, "driftfix.db"), []string{blocker}, ""},
		// Nothing listens on port 1; the message names the database but not the password.
		{"postgres unreachable", "postgres://driftfix:s3cr3t-pw@127.0.0.1:1/driftfix?connect_timeout=5", []string{"127.0.0.1:1/driftfix"}, "s3cr3t-pw"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := store.Open(t.Context(), tc.dsn)
			if err == nil {
				s.Close()
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if tc.notWant != "" && strings.Contains(err.Error(), tc.notWant) {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}
