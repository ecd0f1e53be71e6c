package iac

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// commitFixture writes a directory with a.tf, b.tf (0640) and mod/c.tf and
// returns it with the Commit that rewrites a.tf and b.tf.
func commitFixture(t *testing.T) (string, Commit) {
	t.Helper()
	root := t.TempDir()
	for p, src := range map[string]string{"a.tf": "a = 1\n", "b.tf": "b = 1\n", "mod/c.tf": "c = 1\n"} {
		path := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(root, "b.tf"), 0o640); err != nil {
		t.Fatal(err)
	}
	return root, Commit{
		Root:     root,
		StateDir: filepath.Join(root, ".driftfix", "fix"),
		Read:     map[string][]byte{"a.tf": []byte("a = 1\n"), "b.tf": []byte("b = 1\n"), "mod/c.tf": []byte("c = 1\n")},
		Write:    map[string][]byte{"a.tf": []byte("a = 2\n"), "b.tf": []byte("b = 2\n")},
	}
}

// project returns the files of root outside .driftfix, with modes.
func project(t *testing.T, root string) map[string]string {
	t.Helper()
	out := tree(t, root)
	for p := range out {
		if strings.HasPrefix(p, ".driftfix/") {
			delete(out, p)
		}
	}
	return out
}

var (
	oldFiles = map[string]string{"a.tf": "-rw-r--r-- a = 1\n", "b.tf": "-rw-r----- b = 1\n", "mod/c.tf": "-rw-r--r-- c = 1\n"}
	newFiles = map[string]string{"a.tf": "-rw-r--r-- a = 2\n", "b.tf": "-rw-r----- b = 2\n", "mod/c.tf": "-rw-r--r-- c = 1\n"}
)

// stateLeft lists what a commit left in its state directory besides the
// .gitignore (and the lock files a caller keeps there).
func stateLeft(t *testing.T, c Commit) []string {
	t.Helper()
	var out []string
	if _, err := os.Stat(c.StateDir); err != nil {
		return nil // never created: nothing left
	}
	for p := range tree(t, c.StateDir) {
		if p != ".gitignore" {
			out = append(out, p)
		}
	}
	return out
}

func TestCommit(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, root string, c *Commit, cancel context.CancelFunc)
		wantErr string
		want    map[string]string
	}{
		{name: "writes every file, keeping modes", want: newFiles},
		{
			name: "a file that was read changed: nothing written",
			prepare: func(t *testing.T, root string, c *Commit, _ context.CancelFunc) {
				os.WriteFile(filepath.Join(root, "mod/c.tf"), []byte("c = 3\n"), 0o644)
			},
			wantErr: "mod/c.tf changed since driftfix read it; nothing was written",
			want:    map[string]string{"a.tf": "-rw-r--r-- a = 1\n", "b.tf": "-rw-r----- b = 1\n", "mod/c.tf": "-rw-r--r-- c = 3\n"},
		},
		{
			name: "a file to replace changed: nothing written",
			prepare: func(t *testing.T, root string, c *Commit, _ context.CancelFunc) {
				os.WriteFile(filepath.Join(root, "b.tf"), []byte("b = 9\n"), 0o640)
			},
			wantErr: "b.tf changed since driftfix read it",
			want:    map[string]string{"a.tf": "-rw-r--r-- a = 1\n", "b.tf": "-rw-r----- b = 9\n", "mod/c.tf": "-rw-r--r-- c = 1\n"},
		},
		{
			name: "a file to create appeared: nothing written",
			prepare: func(t *testing.T, root string, c *Commit, _ context.CancelFunc) {
				c.Write["new.tf"] = []byte("n = 1\n")
				os.WriteFile(filepath.Join(root, "new.tf"), []byte("n = 0\n"), 0o644)
			},
			wantErr: "new.tf changed since driftfix read it",
			want:    map[string]string{"a.tf": "-rw-r--r-- a = 1\n", "b.tf": "-rw-r----- b = 1\n", "mod/c.tf": "-rw-r--r-- c = 1\n", "new.tf": "-rw-r--r-- n = 0\n"},
		},
		{
			name: "a read-only file: nothing written",
			prepare: func(t *testing.T, root string, c *Commit, _ context.CancelFunc) {
				os.Chmod(filepath.Join(root, "b.tf"), 0o444)
			},
			wantErr: "b.tf is read-only; nothing was written",
			want:    map[string]string{"a.tf": "-rw-r--r-- a = 1\n", "b.tf": "-r--r--r-- b = 1\n", "mod/c.tf": "-rw-r--r-- c = 1\n"},
		},
		{
			name: "interrupted before the write: nothing written",
			prepare: func(t *testing.T, root string, c *Commit, cancel context.CancelFunc) {
				cancel()
			},
			wantErr: "interrupted: nothing written",
			want:    oldFiles,
		},
		{
			name: "a symbolic link is written through",
			prepare: func(t *testing.T, root string, c *Commit, _ context.CancelFunc) {
				os.Rename(filepath.Join(root, "a.tf"), filepath.Join(root, "mod/real.tf"))
				os.Symlink("mod/real.tf", filepath.Join(root, "a.tf"))
			},
			want: map[string]string{"a.tf": "link->mod/real.tf", "mod/real.tf": "-rw-r--r-- a = 2\n", "b.tf": "-rw-r----- b = 2\n", "mod/c.tf": "-rw-r--r-- c = 1\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, c := commitFixture(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.prepare != nil {
				tt.prepare(t, root, &c, cancel)
			}
			err := c.Run(ctx)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Run: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Run = %v, want an error containing %q", err, tt.wantErr)
			}
			if got := project(t, root); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("files:\n got  %v\n want %v", got, tt.want)
			}
			if left := stateLeft(t, c); len(left) > 0 {
				t.Errorf("left in %s: %v", c.StateDir, left)
			}
		})
	}
}

// The state directory ignores itself, so `git add -A` never picks up a
// commit's leftovers.
func TestCommitStateDirIgnored(t *testing.T) {
	_, c := commitFixture(t)
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(c.StateDir, ".gitignore"))
	if err != nil || !strings.Contains(string(data), "\n*\n") {
		t.Errorf(".gitignore = %q, %v; want one that ignores everything", data, err)
	}
	if st, err := os.Stat(c.StateDir); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("state dir mode: %v %v; want 0700", st.Mode(), err)
	}
}

// TestCommitCrashHelper is not a test: it is the process that
// TestCommitCrash kills half-way through a commit.
func TestCommitCrashHelper(t *testing.T) {
	root := os.Getenv("DRIFTFIX_COMMIT_HELPER_ROOT")
	if root == "" {
		return // run as a test: nothing to do
	}
	after, _ := strconv.Atoi(os.Getenv("DRIFTFIX_COMMIT_HELPER_AFTER"))
	c := Commit{
		Root:     root,
		StateDir: filepath.Join(root, ".driftfix", "fix"),
		Read:     map[string][]byte{"a.tf": []byte("a = 1\n"), "b.tf": []byte("b = 1\n"), "mod/c.tf": []byte("c = 1\n")},
		Write:    map[string][]byte{"a.tf": []byte("a = 2\n"), "b.tf": []byte("b = 2\n")},
		AfterRename: func(n int) {
			if n == after {
				os.Exit(3) // die as a killed process would: no cleanup
			}
		},
	}
	c.Run(context.Background())
	os.Exit(0)
}

// A process that dies between two renames leaves a journal and no staged
// file in the project; the next Recover completes the commit, or rolls it
// back when a staged file is gone, and leaves a file a person changed since
// as it is.
func TestCommitCrash(t *testing.T) {
	tests := []struct {
		name      string
		after     int                             // die after this many renames
		meddle    func(t *testing.T, root string) // between the crash and Recover
		wantCrash map[string]string
		action    string
		conflicts []string
		want      map[string]string
	}{
		{
			name: "completed", after: 1,
			wantCrash: map[string]string{"a.tf": "-rw-r--r-- a = 2\n", "b.tf": "-rw-r----- b = 1\n", "mod/c.tf": "-rw-r--r-- c = 1\n"},
			action:    "completed", want: newFiles,
		},
		{
			name: "rolled back when a staged file is gone", after: 1,
			meddle: func(t *testing.T, root string) {
				dirs, _ := filepath.Glob(filepath.Join(root, ".driftfix/fix/*/1.new"))
				if len(dirs) != 1 {
					t.Fatalf("staged file of b.tf: %v", dirs)
				}
				os.Remove(dirs[0])
			},
			wantCrash: map[string]string{"a.tf": "-rw-r--r-- a = 2\n", "b.tf": "-rw-r----- b = 1\n", "mod/c.tf": "-rw-r--r-- c = 1\n"},
			action:    "rolled back", want: oldFiles,
		},
		{
			name: "a file changed since is left alone", after: 1,
			meddle: func(t *testing.T, root string) {
				os.WriteFile(filepath.Join(root, "b.tf"), []byte("b = 7\n"), 0o640)
			},
			wantCrash: map[string]string{"a.tf": "-rw-r--r-- a = 2\n", "b.tf": "-rw-r----- b = 1\n", "mod/c.tf": "-rw-r--r-- c = 1\n"},
			action:    "rolled back", conflicts: []string{"b.tf"},
			want: map[string]string{"a.tf": "-rw-r--r-- a = 1\n", "b.tf": "-rw-r----- b = 7\n", "mod/c.tf": "-rw-r--r-- c = 1\n"},
		},
		{
			name: "died after the last rename", after: 2,
			wantCrash: newFiles, action: "completed", want: newFiles,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, c := commitFixture(t)
			cmd := exec.Command(os.Args[0], "-test.run=^TestCommitCrashHelper$")
			cmd.Env = append(os.Environ(), "DRIFTFIX_COMMIT_HELPER_ROOT="+root, "DRIFTFIX_COMMIT_HELPER_AFTER="+strconv.Itoa(tt.after))
			err := cmd.Run()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 3 {
				t.Fatalf("helper: %v, want exit 3", err)
			}
			if got := project(t, root); !reflect.DeepEqual(got, tt.wantCrash) {
				t.Errorf("after the crash:\n got  %v\n want %v", got, tt.wantCrash)
			}
			if _, err := os.Stat(filepath.Join(c.StateDir, JournalFile)); err != nil {
				t.Errorf("no journal after the crash: %v", err)
			}
			if tt.meddle != nil {
				tt.meddle(t, root)
			}
			rec, err := Recover(root, c.StateDir)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Action != tt.action || !reflect.DeepEqual(rec.Conflicts, tt.conflicts) {
				t.Errorf("Recover = %+v, want %s with conflicts %v", rec, tt.action, tt.conflicts)
			}
			if got := project(t, root); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("after Recover:\n got  %v\n want %v", got, tt.want)
			}
			if left := stateLeft(t, c); len(left) > 0 {
				t.Errorf("left in %s: %v", c.StateDir, left)
			}
			if again, err := Recover(root, c.StateDir); err != nil || again.Action != "" {
				t.Errorf("second Recover = %+v, %v; want nothing to do", again, err)
			}
		})
	}
}

// A journal left while staging (nothing renamed yet) is rolled back.
func TestRecoverStaging(t *testing.T) {
	root, c := commitFixture(t)
	if err := prepareStateDir(c.StateDir); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(c.StateDir, "0123456789ab"), 0o700)
	os.WriteFile(filepath.Join(c.StateDir, "0123456789ab", "0.new"), []byte("a = 2\n"), 0o600)
	j := journal{ID: "0123456789ab", State: stateStaging, Files: []journalEntry{{Target: "a.tf", Temp: ".driftfix/fix/0123456789ab/0.new", Existed: true, Before: sum([]byte("a = 1\n")), After: sum([]byte("a = 2\n"))}}}
	if err := c.writeJournal(j); err != nil {
		t.Fatal(err)
	}
	rec, err := Recover(root, c.StateDir)
	if err != nil || rec.Action != "rolled back" {
		t.Fatalf("Recover = %+v, %v", rec, err)
	}
	if got := project(t, root); !reflect.DeepEqual(got, oldFiles) {
		t.Errorf("files %v, want the old ones", got)
	}
	if left := stateLeft(t, c); len(left) > 0 {
		t.Errorf("left: %v", left)
	}
}
