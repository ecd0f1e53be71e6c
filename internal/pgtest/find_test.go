//go:build unix

package pgtest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fakeBinaries(t *testing.T, dir string, names ...string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFindBinaries(t *testing.T) {
	root := t.TempDir()
	debian := filepath.Join(root, "usr/lib/postgresql")
	fakeBinaries(t, filepath.Join(debian, "9/bin"), "initdb", "pg_ctl", "postgres")
	fakeBinaries(t, filepath.Join(debian, "15/bin"), "initdb", "pg_ctl", "postgres")
	fakeBinaries(t, filepath.Join(debian, "16/bin"), "initdb", "pg_ctl") // no server: not a candidate
	onPath := filepath.Join(root, "opt/pg/bin")
	fakeBinaries(t, onPath, "initdb", "pg_ctl", "postgres")
	clientOnly := filepath.Join(root, "client/bin")
	fakeBinaries(t, clientOnly, "psql")
	linked := filepath.Join(root, "local/bin")
	if err := os.MkdirAll(linked, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"initdb", "pg_ctl", "postgres"} {
		if err := os.Symlink(filepath.Join(onPath, n), filepath.Join(linked, n)); err != nil {
			t.Fatal(err)
		}
	}
	glob := filepath.Join(debian, "*/bin")

	for _, tc := range []struct {
		name, path, want string
	}{
		{"on PATH first", clientOnly + string(os.PathListSeparator) + onPath, onPath},
		{"a symlink on PATH resolves to its installation", linked, onPath},
		{"else the newest complete Debian version", clientOnly, filepath.Join(debian, "15/bin")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := findBinaries(tc.path, glob)
			if err != nil || got != tc.want {
				t.Errorf("findBinaries = %q, %v; want %q", got, err, tc.want)
			}
		})
	}

	// Nothing installed: the error says how to install it.
	_, err := findBinaries(clientOnly, filepath.Join(root, "nowhere/*/bin"))
	if !errors.Is(err, errNoBinaries) || !strings.Contains(err.Error(), "apt-get install postgresql") {
		t.Errorf("without binaries: %v, want an error with the apt-get install hint", err)
	}
}
