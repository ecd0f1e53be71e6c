package git

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenClonesThenFetches(t *testing.T) {
	ctx := context.Background()
	rem := newRemote(t)
	gone := rem.push(t, "to-be-deleted", map[string]string{"x.txt": "x\n"}, "branch to delete")
	opts := testOptions(t, rem.bare)

	r := openT(t, opts)
	if fi, err := os.Stat(r.gitDir); err != nil || !fi.IsDir() {
		t.Fatalf("no cache at %s after the first Open: %v", r.gitDir, err)
	}
	if got := gitT(t, r.gitDir, "rev-parse", "--is-bare-repository"); got != "true" {
		t.Errorf("the cache is not bare: %s", got)
	}
	if got := gitT(t, r.gitDir, "config", "remote.origin.partialclonefilter"); got != "blob:none" {
		t.Errorf("the cache is not a blobless clone: partialclonefilter=%q", got)
	}
	if got, want := gitT(t, r.gitDir, "rev-parse", "refs/remotes/origin/main"), rem.sha(t, "main"); got != want {
		t.Errorf("origin/main = %s after clone, want the remote's %s", got, want)
	}
	if got := gitT(t, r.gitDir, "rev-parse", "refs/remotes/origin/to-be-deleted"); got != gone {
		t.Errorf("origin/to-be-deleted = %s, want %s", got, gone)
	}
	if heads := gitT(t, r.gitDir, "for-each-ref", "refs/heads/", "refs/tags/"); heads != "" {
		t.Errorf("the cache has local branches or tags: %s", heads)
	}
	def, err := r.DefaultBranch(ctx)
	if err != nil || def != "main" {
		t.Errorf("DefaultBranch = %q, %v; want main", def, err)
	}

	// the remote moves on; the second Open fetches (and prunes) into the same cache
	newTip := rem.push(t, "main", map[string]string{"a.txt": "a2\n"}, "second")
	gitT(t, rem.bare, "branch", "-D", "to-be-deleted")
	marker := filepath.Join(r.gitDir, "driftfix-test-marker")
	if err := os.WriteFile(marker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r2 := openT(t, opts)
	if r2.gitDir != r.gitDir {
		t.Fatalf("second Open uses %s, first %s", r2.gitDir, r.gitDir)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("the second Open did not reuse the cache (fetch), it cloned again: %v", err)
	}
	if got, err := r2.Resolve(ctx, ""); err != nil || got != newTip {
		t.Errorf("Resolve(\"\") after fetch = %s, %v; want the new tip %s", got, err, newTip)
	}
	if _, err := gitTry(r.gitDir, "rev-parse", "--verify", "refs/remotes/origin/to-be-deleted"); err == nil {
		t.Errorf("fetch did not prune origin/to-be-deleted")
	}
}

func TestOpenFollowsDefaultBranchChange(t *testing.T) {
	ctx := context.Background()
	rem := newRemote(t)
	opts := testOptions(t, rem.bare)
	openT(t, opts)
	trunk := rem.push(t, "trunk", map[string]string{"t.txt": "t\n"}, "trunk")
	gitT(t, rem.bare, "symbolic-ref", "HEAD", "refs/heads/trunk")
	r := openT(t, opts)
	if def, err := r.DefaultBranch(ctx); err != nil || def != "trunk" {
		t.Errorf("DefaultBranch = %q, %v after the remote's HEAD moved to trunk", def, err)
	}
	w := worktreeT(t, r, "")
	if w.Base() != trunk {
		t.Errorf("a work tree at the default branch starts at %s, want trunk's %s", w.Base(), trunk)
	}
}

// TestOpenRecovers leaves the cache as a crashed or foreign run could, and
// checks that Open makes it usable again, and clean.
func TestOpenRecovers(t *testing.T) {
	tests := []struct {
		name string
		// damage changes the cache left by a first Open (gitDir); it
		// returns a path that must be gone afterwards, or "".
		damage  func(t *testing.T, rem *remote, r *Repo) string
		recline bool // the cache must have been cloned again
	}{
		{"stale lock files", func(t *testing.T, rem *remote, r *Repo) string {
			for _, f := range []string{"index.lock", "packed-refs.lock", "config.lock", "HEAD.lock", "refs/remotes/origin/main.lock", "refs/remotes/origin/HEAD.lock", "shallow.lock"} {
				if err := os.WriteFile(filepath.Join(r.gitDir, f), []byte("crashed"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			return ""
		}, false},
		{"crashed run: dirty work tree, half-staged index, index.lock, its branch", func(t *testing.T, rem *remote, r *Repo) string {
			w, err := r.Worktree(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			if err := w.NewBranch(context.Background(), "driftfix/crashed/20250101-dead"); err != nil {
				t.Fatal(err)
			}
			write(t, w.Dir(), map[string]string{"a.txt": "half\n", "new.txt": "new\n"})
			gitT(t, w.Dir(), "update-index", "--add", "new.txt")
			if err := os.WriteFile(filepath.Join(w.admin, "index.lock"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			w.release() // the process died: the kernel frees its owner lock, nothing else happens
			return w.Dir()
		}, false},
		{"crashed run: work tree directory already deleted", func(t *testing.T, rem *remote, r *Repo) string {
			w, err := r.Worktree(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			if err := w.NewBranch(context.Background(), "driftfix/tmpclean/20250101-gone"); err != nil {
				t.Fatal(err)
			}
			w.release()
			os.RemoveAll(w.Dir())
			return w.admin
		}, false},
		{"half-made clone next to the cache", func(t *testing.T, rem *remote, r *Repo) string {
			tmp := filepath.Join(r.s.cacheDir, "."+r.name+".tmp-12345")
			gitT(t, "", "init", "--quiet", "--bare", tmp)
			return tmp
		}, false},
		{"half-made clone in place of the cache", func(t *testing.T, rem *remote, r *Repo) string {
			os.RemoveAll(r.gitDir)
			gitT(t, "", "init", "--quiet", "--bare", r.gitDir)
			gitT(t, r.gitDir, "remote", "add", "origin", rem.bare)
			return ""
		}, true},
		{"not a repository", func(t *testing.T, rem *remote, r *Repo) string {
			os.RemoveAll(r.gitDir)
			write(t, r.gitDir, map[string]string{"junk": "junk"})
			return ""
		}, true},
		{"a clone with a work tree: dirty, detached HEAD, index.lock", func(t *testing.T, rem *remote, r *Repo) string {
			os.RemoveAll(r.gitDir)
			gitT(t, "", "clone", "--quiet", rem.bare, r.gitDir)
			gitT(t, r.gitDir, "checkout", "--quiet", "--detach")
			write(t, r.gitDir, map[string]string{"a.txt": "dirty\n"})
			os.WriteFile(filepath.Join(r.gitDir, ".git", "index.lock"), nil, 0o600)
			return ""
		}, true},
		{"detached HEAD in the cache", func(t *testing.T, rem *remote, r *Repo) string {
			gitT(t, r.gitDir, "update-ref", "--no-deref", "HEAD", rem.sha(t, "main"))
			return ""
		}, true},
		{"cache of another remote", func(t *testing.T, rem *remote, r *Repo) string {
			gitT(t, r.gitDir, "remote", "set-url", "origin", "/somewhere/else.git")
			return ""
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			rem := newRemote(t)
			opts := testOptions(t, rem.bare)
			first := openT(t, opts)
			marker := filepath.Join(first.gitDir, "objects", "driftfix-test-marker")
			os.MkdirAll(filepath.Dir(marker), 0o755)
			if err := os.WriteFile(marker, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			mustBeGone := tt.damage(t, rem, first)

			r := openT(t, opts)
			_, markerErr := os.Stat(marker)
			if recloned := markerErr != nil; recloned != tt.recline {
				t.Errorf("cloned again = %v, want %v", recloned, tt.recline)
			}
			if why := r.cacheProblem(ctx); why != "" {
				t.Errorf("the cache is still not right: %s", why)
			}
			if locks := lockFiles(t, r.s.cacheDir); len(locks) > 1 || len(locks) == 1 && locks[0] != r.lockPath {
				t.Errorf("lock files left in the cache: %q", locks)
			}
			if mustBeGone != "" {
				if _, err := os.Stat(mustBeGone); err == nil {
					t.Errorf("%s is still there", mustBeGone)
				}
			}
			if got := gitT(t, r.gitDir, "worktree", "list", "--porcelain"); strings.Count(got, "worktree ") != 1 {
				t.Errorf("work trees left in the cache:\n%s", got)
			}
			if heads := gitT(t, r.gitDir, "for-each-ref", "refs/heads/"); heads != "" {
				t.Errorf("branches left in the cache: %s", heads)
			}

			// and it works: a full run
			w := worktreeT(t, r, "")
			if got := status(t, w.Dir()); len(got) > 0 {
				t.Errorf("a fresh work tree is dirty: %q", got)
			}
			branch := BranchName("recovered", opts.Now(), "abc123")
			if err := w.NewBranch(ctx, branch); err != nil {
				t.Fatal(err)
			}
			write(t, w.Dir(), map[string]string{"a.txt": "fixed\n"})
			sha, err := w.Commit(ctx, []string{"a.txt"}, "fix a")
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Push(ctx, branch, PushOptions{}); err != nil {
				t.Fatal(err)
			}
			if got := rem.sha(t, "refs/heads/"+branch); got != sha {
				t.Errorf("remote %s = %q, want %s", branch, got, sha)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	rem := newRemote(t)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Open(cancelled, testOptions(t, rem.bare)); !errors.Is(err, context.Canceled) {
		t.Errorf("Open with a cancelled context = %v, want context.Canceled", err)
	}
	_, err := Open(context.Background(), testOptions(t, filepath.Join(t.TempDir(), "missing.git")))
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Args[1] != "fetch" || !strings.Contains(err.Error(), "missing.git") {
		t.Errorf("Open of a missing remote = %v, want the failed git fetch with its stderr", err)
	}
	for _, o := range []Options{{CacheDir: t.TempDir()}, {URL: rem.bare}} {
		if _, err := Open(context.Background(), o); err == nil {
			t.Errorf("Open(%+v) accepted incomplete options", o)
		}
	}
}

func TestCancelledLeavesNothing(t *testing.T) {
	rem := newRemote(t)
	opts := testOptions(t, rem.bare)
	r := openT(t, opts)
	w := worktreeT(t, r, "")
	write(t, w.Dir(), map[string]string{"a.txt": "x\n"})
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()

	if _, err := r.Worktree(cancelled, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("Worktree with a cancelled context = %v, want context.Canceled", err)
	}
	if _, err := w.Commit(cancelled, []string{"a.txt"}, "m"); !errors.Is(err, context.Canceled) {
		t.Errorf("Commit with a cancelled context = %v, want context.Canceled", err)
	}
	if head, _ := w.HeadSHA(context.Background()); head != w.Base() {
		t.Errorf("a cancelled commit moved HEAD to %s", head)
	}
	if out := gitT(t, r.gitDir, "worktree", "list", "--porcelain"); strings.Count(out, "worktree ") != 2 {
		t.Errorf("a cancelled Worktree left a work tree:\n%s", out)
	}

	// a run stopped by a signal still cleans up
	w2 := worktreeT(t, r, "")
	if err := w2.NewBranch(context.Background(), "driftfix/stopped/20250101-x"); err != nil {
		t.Fatal(err)
	}
	if err := w2.Close(cancelled); err != nil {
		t.Errorf("Close with a cancelled context: %v", err)
	}
	if _, err := os.Stat(w2.Dir()); err == nil {
		t.Errorf("Close with a cancelled context left %s", w2.Dir())
	}
	if heads := gitT(t, r.gitDir, "for-each-ref", "refs/heads/"); heads != "" {
		t.Errorf("Close with a cancelled context left the branch: %s", heads)
	}

	// another holder keeps the cache's lock: a cancelled Open gives up and says on what
	unlock, err := lockFile(context.Background(), r.lockPath, exclusive)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	_, err = Open(cancelled, opts)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), r.lockPath) {
		t.Errorf("Open while the cache is locked, cancelled = %v; want context.Canceled naming %s", err, r.lockPath)
	}
}
