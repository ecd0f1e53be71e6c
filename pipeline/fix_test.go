package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
)

// fixDir writes two files that the KMS rotation rule fixes and returns the
// directory.
func fixDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range map[string]string{
		"a.tf": "resource \"aws_kms_key\" \"a\" {\n  description = \"a\"\n}\n",
		"b.tf": "resource \"aws_kms_key\" \"b\" {\n  description = \"b\"\n}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range []string{"a.tf", "b.tf"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = string(data)
	}
	return out
}

func kmsRule(t *testing.T) []fixers.Rule {
	t.Helper()
	for _, fx := range fixers.All() {
		if fx.ID == "aws-kms-key-rotation" {
			return []fixers.Rule{fx}
		}
	}
	t.Fatal("no aws-kms-key-rotation rule")
	return nil
}

// What happens between computing the fixes and writing them: a person's
// editor saving a file, Ctrl-C before the write, Ctrl-C during it.
func TestFixBetweenComputeAndWrite(t *testing.T) {
	tests := []struct {
		name         string
		afterCompute func(dir string, cancel context.CancelFunc)
		afterRename  func(n int, cancel context.CancelFunc)
		wantErr      string
		wantWritten  bool   // both files fixed
		wantB        string // b.tf's content when not written; "" = unchanged
	}{
		{name: "nothing happens", wantWritten: true},
		{
			name: "a file saved meanwhile: nothing written, the file named",
			afterCompute: func(dir string, _ context.CancelFunc) {
				os.WriteFile(filepath.Join(dir, "b.tf"), []byte("resource \"aws_kms_key\" \"b\" {\n  description = \"edited\"\n}\n"), 0o644)
			},
			wantErr: "b.tf changed since driftfix read it; nothing was written",
			wantB:   "resource \"aws_kms_key\" \"b\" {\n  description = \"edited\"\n}\n",
		},
		{
			name:         "interrupted before the write: nothing written",
			afterCompute: func(_ string, cancel context.CancelFunc) { cancel() },
			wantErr:      "interrupted: nothing written",
		},
		{
			name:        "interrupted during the write: the write finishes, the error says so",
			afterRename: func(n int, cancel context.CancelFunc) { cancel() },
			wantErr:     "interrupted during the write: the write finished (2 files written: a.tf, b.tf)",
			wantWritten: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixDir(t)
			before := readAll(t, dir)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			FixHooks.AfterCompute, FixHooks.AfterRename = nil, nil
			defer func() { FixHooks.AfterCompute, FixHooks.AfterRename = nil, nil }()
			if tt.afterCompute != nil {
				FixHooks.AfterCompute = func() { tt.afterCompute(dir, cancel) }
			}
			if tt.afterRename != nil {
				FixHooks.AfterRename = func(n int) { tt.afterRename(n, cancel) }
			}
			out, err := fixTree(ctx, fixJob{Dir: dir, FS: os.DirFS(dir), FSDir: ".", Rules: kmsRule(t), Now: time.Now()})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Fix: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Fix = %v, want an error containing %q", err, tt.wantErr)
			}
			got := readAll(t, dir)
			for name, src := range got {
				fixed := strings.Contains(src, "enable_key_rotation = true")
				if fixed != tt.wantWritten {
					t.Errorf("%s fixed = %v, want %v:\n%s", name, fixed, tt.wantWritten, src)
				}
			}
			if !tt.wantWritten {
				want := before
				if tt.wantB != "" {
					want["b.tf"] = tt.wantB
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("files changed: %q, want %q", got, want)
				}
			}
			if tt.wantWritten && err == nil && !reflect.DeepEqual(out.Written, []string{"a.tf", "b.tf"}) {
				t.Errorf("Written = %v", out.Written)
			}
			_, intentErr := os.Stat(filepath.Join(dir, IntentFile))
			if wantIntent := tt.wantWritten && err == nil; wantIntent != (intentErr == nil) {
				t.Errorf("intent recorded = %v, want %v", intentErr == nil, wantIntent)
			}
		})
	}
}

// A dry run writes nothing and takes no lock, and refuses to preview files
// an interrupted fix left half-written.
func TestFixDryRun(t *testing.T) {
	dir := fixDir(t)
	before := readAll(t, dir)
	out, err := fixTree(context.Background(), fixJob{Dir: dir, FS: os.DirFS(dir), FSDir: ".", Rules: kmsRule(t), DryRun: true})
	if err != nil || len(out.Result.Changes) != 2 || len(out.Written) != 0 {
		t.Fatalf("dry run: %v, %+v", err, out)
	}
	if !reflect.DeepEqual(readAll(t, dir), before) {
		t.Error("a dry run changed files")
	}
	if _, err := os.Stat(filepath.Join(dir, ".driftfix")); err == nil {
		t.Error("a dry run created .driftfix")
	}
	os.MkdirAll(filepath.Join(dir, FixStateDir), 0o700)
	os.WriteFile(filepath.Join(dir, FixStateDir, iac.JournalFile), []byte("{}"), 0o600)
	if _, err := fixTree(context.Background(), fixJob{Dir: dir, FS: os.DirFS(dir), FSDir: ".", Rules: kmsRule(t), DryRun: true}); err == nil || !strings.Contains(err.Error(), "interrupted fix") {
		t.Errorf("dry run over a journal = %v, want an error", err)
	}
}

// A fix that does not load writes nothing and returns the diagnostics.
func TestFixLoadErrors(t *testing.T) {
	dir := fixDir(t)
	os.WriteFile(filepath.Join(dir, "c.tf"), []byte("resourse \"x\" \"y\" {\n}\n"), 0o644)
	before := readAll(t, dir)
	out, err := fixTree(context.Background(), fixJob{Dir: dir, FS: os.DirFS(dir), FSDir: ".", Rules: kmsRule(t)})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Diagnostics.HasErrors() || !strings.Contains(out.Diagnostics.Error(), "c.tf:1,1-9: Unsupported block type") {
		t.Errorf("diagnostics = %v", out.Diagnostics)
	}
	if !reflect.DeepEqual(readAll(t, dir), before) || len(out.Written) > 0 {
		t.Error("files written despite the load error")
	}
	if errors.Is(err, ErrInterrupted) {
		t.Error("not interrupted")
	}
}
