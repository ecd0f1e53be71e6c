package git

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// The identities tests commit as.
var (
	testAuthor    = Signature{Name: "Drift Fixer", Email: "bot@driftfix.example"}
	testCommitter = Signature{Name: "Driftfix CI", Email: "ci@driftfix.example"}
	seedIdentity  = Signature{Name: "Someone Else", Email: "someone@example.com"}
)

// testEnv is the environment of the git commands tests run themselves:
// the host's without GIT_* variables, isolated from the host's config.
func testEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			env = append(env, kv)
		}
	}
	return append(env, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "LC_ALL=C",
		"GIT_AUTHOR_NAME="+seedIdentity.Name, "GIT_AUTHOR_EMAIL="+seedIdentity.Email,
		"GIT_COMMITTER_NAME="+seedIdentity.Name, "GIT_COMMITTER_EMAIL="+seedIdentity.Email)
}

// gitT runs git in dir (a repository, or "" for none) for a test's own
// setup and checks, and returns its trimmed stdout.
func gitT(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, err := gitTry(dir, args...)
	if err != nil {
		t.Fatalf("git %s (in %s): %v", strings.Join(args, " "), dir, err)
	}
	return out
}

func gitTry(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = testEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", &CommandError{Args: args, Dir: dir, Stderr: strings.TrimSpace(stderr.String()), Err: err}
	}
	return strings.TrimSpace(stdout.String()), nil
}

// status is the work tree's `git status --porcelain` (untracked files
// listed one by one), one entry per line, untrimmed.
func status(t testing.TB, dir string) []string {
	t.Helper()
	cmd := exec.Command("git", "status", "--porcelain", "-z", "--untracked-files=all")
	cmd.Dir, cmd.Env = dir, testEnv()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git status in %s: %v", dir, err)
	}
	var entries []string
	for _, e := range strings.Split(string(out), "\x00") {
		if e != "" {
			entries = append(entries, e)
		}
	}
	sort.Strings(entries)
	return entries
}

// remote is a bare repository on disk standing for the hosted one, with a
// normal clone ("seed") through which someone else pushes to it.
type remote struct {
	bare string
	seed string
}

// newRemote makes a bare remote whose main branch holds a.txt, d/b.txt
// and keep.txt. It serves partial clones and fetches by commit id, as
// GitHub does.
func newRemote(t testing.TB) *remote {
	t.Helper()
	root := t.TempDir()
	r := &remote{bare: filepath.Join(root, "remote.git"), seed: filepath.Join(root, "seed")}
	gitT(t, "", "init", "--quiet", "--bare", "-b", "main", r.bare)
	gitT(t, r.bare, "config", "uploadpack.allowFilter", "true")
	gitT(t, r.bare, "config", "uploadpack.allowAnySHA1InWant", "true")
	gitT(t, r.bare, "config", "http.receivepack", "true")
	gitT(t, "", "clone", "--quiet", r.bare, r.seed)
	r.push(t, "main", map[string]string{"a.txt": "a\n", "d/b.txt": "b\n", "keep.txt": "keep\n"}, "initial")
	return r
}

// push commits files (content "" deletes) on branch in the seed clone,
// starting from the remote's branch when it exists, and pushes it.
// It returns the commit id.
func (r *remote) push(t testing.TB, branch string, files map[string]string, msg string) string {
	t.Helper()
	if _, err := gitTry(r.seed, "fetch", "--quiet", "origin"); err != nil {
		t.Fatal(err)
	}
	if r.sha(t, "refs/heads/"+branch) != "" {
		gitT(t, r.seed, "checkout", "--quiet", "-B", branch, "origin/"+branch)
	} else if r.sha(t, "refs/heads/main") != "" {
		gitT(t, r.seed, "checkout", "--quiet", "-B", branch, "origin/main")
	}
	for name, content := range files {
		p := filepath.Join(r.seed, name)
		if content == "" {
			gitT(t, r.seed, "rm", "--quiet", name)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		gitT(t, r.seed, "add", name)
	}
	gitT(t, r.seed, "commit", "--quiet", "-m", msg)
	gitT(t, r.seed, "push", "--quiet", "origin", "HEAD:refs/heads/"+branch)
	return gitT(t, r.seed, "rev-parse", "HEAD")
}

// sha is the commit ref points at on the remote, or "".
func (r *remote) sha(t testing.TB, ref string) string {
	t.Helper()
	out, err := gitTry(r.bare, "rev-parse", "--verify", "--quiet", ref)
	if err != nil {
		return ""
	}
	return out
}

// refs lists every ref of the remote with its commit, to compare before
// and after an operation that must leave it untouched.
func (r *remote) refs(t testing.TB) string {
	t.Helper()
	return gitT(t, r.bare, "for-each-ref", "--format=%(refname) %(objectname)")
}

// file is path's content in commit sha on the remote.
func (r *remote) file(t testing.TB, sha, path string) string {
	t.Helper()
	return gitT(t, r.bare, "cat-file", "blob", sha+":"+path)
}

// changedIn lists the paths commit sha changed against its parent.
func changedIn(t testing.TB, gitDir, sha string) []string {
	t.Helper()
	out := gitT(t, gitDir, "diff-tree", "--no-commit-id", "--name-only", "-r", "--no-renames", sha)
	return strings.Fields(out)
}

// testOptions are the Options of a test: the remote, a cache and a work
// dir of the test's own, the test identities, and a fixed clock.
func testOptions(t testing.TB, url string) Options {
	t.Helper()
	root := t.TempDir()
	return Options{
		URL:       url,
		CacheDir:  filepath.Join(root, "cache"),
		WorkDir:   filepath.Join(root, "work"),
		Author:    testAuthor,
		Committer: testCommitter,
		Now:       func() time.Time { return time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC) },
	}
}

func openT(t testing.TB, opts Options) *Repo {
	t.Helper()
	r, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return r
}

func worktreeT(t testing.TB, r *Repo, base string) *Worktree {
	t.Helper()
	w, err := r.Worktree(context.Background(), base)
	if err != nil {
		t.Fatalf("Worktree(%q): %v", base, err)
	}
	t.Cleanup(func() { w.Close(context.Background()) })
	return w
}

// write sets files in the work tree (content "" deletes).
func write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if content == "" {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// lockFiles lists the *.lock files under dir.
func lockFiles(t testing.TB, dir string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".lock") {
			found = append(found, p)
		}
		return nil
	})
	return found
}

// execLog records every argv and environment a Repo builds.
type execLog struct {
	mu   sync.Mutex
	argv [][]string
	env  [][]string
}

func (l *execLog) record(argv, env []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.argv = append(l.argv, append([]string(nil), argv...))
	l.env = append(l.env, append([]string(nil), env...))
}

func sorted(s []string) []string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	return s
}
