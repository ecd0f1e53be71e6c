package git

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCommitOnlyListedFiles(t *testing.T) {
	ctx := context.Background()
	rem := newRemote(t)
	r := openT(t, testOptions(t, rem.bare))
	w := worktreeT(t, r, "")
	write(t, w.Dir(), map[string]string{
		"a.txt":             "fixed\n",     // listed: modified
		"new/c.tf":          "resource\n",  // listed: added
		"d/b.txt":           "",            // listed: deleted
		"keep.txt":          "unrelated\n", // not listed: dirty tracked file
		"untracked.txt":     "stray\n",     // not listed: untracked
		"staged-by-someone": "staged\n",    // not listed: staged before the commit
	})
	gitT(t, w.Dir(), "update-index", "--add", "staged-by-someone")

	sha, err := w.Commit(ctx, []string{"a.txt", "new/c.tf", "d/b.txt"}, Message("driftfix: fix prod", "- a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sorted(changedIn(t, r.gitDir, sha)), []string{"a.txt", "d/b.txt", "new/c.tf"}; !reflect.DeepEqual(got, want) {
		t.Errorf("the commit changed %q, want exactly %q", got, want)
	}
	if head, _ := w.HeadSHA(ctx); head != sha {
		t.Errorf("HEAD = %s, want the commit %s", head, sha)
	}
	if got := gitT(t, r.gitDir, "cat-file", "blob", sha+":a.txt"); got != "fixed" {
		t.Errorf("a.txt in the commit = %q", got)
	}
	if got := gitT(t, r.gitDir, "log", "-1", "--format=%P", sha); got != w.Base() {
		t.Errorf("parent = %s, want the base %s", got, w.Base())
	}
	if got := gitT(t, r.gitDir, "log", "-1", "--format=%B", sha); got != "driftfix: fix prod\n\n- a.txt" {
		t.Errorf("message = %q", got)
	}
	// the listed files are clean now; the others are as they were
	want := sorted([]string{"A  staged-by-someone", " M keep.txt", "?? untracked.txt"})
	if got := status(t, w.Dir()); !reflect.DeepEqual(got, want) {
		t.Errorf("status after commit: %q, want the unlisted changes only: %q", got, want)
	}
}

func TestCommitIdentity(t *testing.T) {
	at := time.Date(2025, 3, 4, 5, 6, 7, 0, time.FixedZone("", 2*3600))
	tests := []struct {
		name                 string
		author, committer    Signature
		wantAuthor, wantComm string
	}{
		{"own committer", testAuthor, testCommitter,
			"Drift Fixer <bot@driftfix.example> 1741057567 +0200", "Driftfix CI <ci@driftfix.example> 1741057567 +0200"},
		{"committer defaults to author", testAuthor, Signature{},
			"Drift Fixer <bot@driftfix.example> 1741057567 +0200", "Drift Fixer <bot@driftfix.example> 1741057567 +0200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rem := newRemote(t)
			opts := testOptions(t, rem.bare)
			opts.Author, opts.Committer = tt.author, tt.committer
			opts.Now = func() time.Time { return at }
			w := worktreeT(t, openT(t, opts), "")
			write(t, w.Dir(), map[string]string{"a.txt": "x\n"})
			sha, err := w.Commit(context.Background(), []string{"a.txt"}, "m")
			if err != nil {
				t.Fatal(err)
			}
			headers := gitT(t, w.Dir(), "cat-file", "commit", sha)
			if !strings.Contains(headers, "\nauthor "+tt.wantAuthor+"\n") || !strings.Contains(headers, "\ncommitter "+tt.wantComm+"\n") {
				t.Errorf("commit headers:\n%s\nwant author %s and committer %s", headers, tt.wantAuthor, tt.wantComm)
			}
		})
	}
}

// TestCommitRefuses checks every refusal, and that each leaves HEAD, the
// index and the work tree as they were.
func TestCommitRefuses(t *testing.T) {
	tests := []struct {
		name    string
		files   []string
		message string
		noIdent bool
		wantErr error
	}{
		{"no files", nil, "m", false, ErrNothingToCommit},
		{"listed file unchanged", []string{"keep.txt"}, "m", false, ErrNothingToCommit},
		{"only an unlisted file changed", []string{"a.txt"}, "m", false, ErrNothingToCommit},
		{"outside the work tree", []string{"../x"}, "m", false, ErrInvalidPath},
		{"absolute", []string{"/etc/hostname"}, "m", false, ErrInvalidPath},
		{"into .git", []string{".git/config"}, "m", false, ErrInvalidPath},
		{"names nothing", []string{"keep.txt", "no-such-file"}, "m", false, ErrInvalidPath},
		{"a directory", []string{"d"}, "m", false, ErrInvalidPath},
		{"no identity", []string{"dirty.txt"}, "m", true, ErrNoIdentity},
		{"empty message", []string{"dirty.txt"}, " \n", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rem := newRemote(t)
			opts := testOptions(t, rem.bare)
			if tt.noIdent {
				opts.Author, opts.Committer = Signature{}, Signature{}
			}
			w := worktreeT(t, openT(t, opts), "")
			write(t, w.Dir(), map[string]string{"dirty.txt": "dirty\n", "staged.txt": "staged\n"})
			gitT(t, w.Dir(), "update-index", "--add", "staged.txt")
			before := status(t, w.Dir())
			indexBefore := gitT(t, w.Dir(), "ls-files", "--stage")

			sha, err := w.Commit(context.Background(), tt.files, tt.message)
			if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Fatalf("Commit = %q, %v; want error %v", sha, err, tt.wantErr)
			}
			if head, _ := w.HeadSHA(context.Background()); head != w.Base() {
				t.Errorf("HEAD moved to %s", head)
			}
			if after := status(t, w.Dir()); !reflect.DeepEqual(after, before) {
				t.Errorf("status changed: before %q, after %q", before, after)
			}
			if after := gitT(t, w.Dir(), "ls-files", "--stage"); after != indexBefore {
				t.Errorf("the index changed")
			}
			if left, _ := filepath.Glob(filepath.Join(w.admin, "driftfix-index-*")); len(left) > 0 {
				t.Errorf("temporary index left: %q", left)
			}
		})
	}
}

func TestCommitWeirdPathIsLiteral(t *testing.T) {
	rem := newRemote(t)
	w := worktreeT(t, openT(t, testOptions(t, rem.bare)), "")
	write(t, w.Dir(), map[string]string{"*": "star\n", "a.txt": "not listed\n", ":(glob)x": "magic\n"})
	sha, err := w.Commit(context.Background(), []string{"*", ":(glob)x"}, "m")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sorted(changedIn(t, w.repo.gitDir, sha)), []string{"*", ":(glob)x"}; !reflect.DeepEqual(got, want) {
		t.Errorf("the commit changed %q, want only the literal paths %q", got, want)
	}
}

func TestWorktreeIsolationAndClose(t *testing.T) {
	ctx := context.Background()
	rem := newRemote(t)
	r := openT(t, testOptions(t, rem.bare))
	w1 := worktreeT(t, r, "")
	w2 := worktreeT(t, r, "")
	if w1.Dir() == w2.Dir() {
		t.Fatal("two work trees share a directory")
	}
	write(t, w1.Dir(), map[string]string{"a.txt": "only in w1\n"})
	if got := status(t, w2.Dir()); len(got) > 0 {
		t.Errorf("a change in one work tree shows in the other: %q", got)
	}
	if err := w1.NewBranch(ctx, "driftfix/p/20250101-one"); err != nil {
		t.Fatal(err)
	}
	if err := w1.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w1.Close(ctx); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := gitTry("", "-C", w1.Dir(), "status"); err == nil {
		t.Errorf("the work tree %s is still there after Close", w1.Dir())
	}
	if heads := gitT(t, r.gitDir, "for-each-ref", "refs/heads/"); heads != "" {
		t.Errorf("the branch is left after Close: %s", heads)
	}
	if _, err := w1.Commit(ctx, []string{"a.txt"}, "m"); !errors.Is(err, ErrClosed) {
		t.Errorf("Commit after Close = %v, want ErrClosed", err)
	}
	if err := w2.NewBranch(ctx, "driftfix/p/20250101-one"); err != nil {
		t.Errorf("the closed work tree's branch name is not free again: %v", err)
	}
	if err := w2.NewBranch(ctx, "bad..name"); !errors.Is(err, ErrInvalidBranchName) {
		t.Errorf("NewBranch(bad..name) = %v", err)
	}
}

func TestWorktreeBases(t *testing.T) {
	ctx := context.Background()
	rem := newRemote(t)
	feature := rem.push(t, "feature/x", map[string]string{"f.txt": "f\n"}, "feature")
	r := openT(t, testOptions(t, rem.bare))
	// pushed after Open: only the remote has them
	pr := rem.push(t, "pr-head", map[string]string{"pr.txt": "pr\n"}, "pull request head")
	gitT(t, rem.bare, "update-ref", "refs/pull/7/head", pr)
	gitT(t, rem.bare, "update-ref", "-d", "refs/heads/pr-head")

	tests := []struct {
		base, want string
	}{
		{"", rem.sha(t, "main")},
		{"main", rem.sha(t, "main")},
		{"feature/x", feature},
		{"refs/heads/feature/x", feature},
		{pr, pr},                 // a commit id the cache lacks: fetched
		{"refs/pull/7/head", pr}, // a ref outside refs/heads: fetched
	}
	for _, tt := range tests {
		w := worktreeT(t, r, tt.base)
		if w.Base() != tt.want {
			t.Errorf("Worktree(%q).Base() = %s, want %s", tt.base, w.Base(), tt.want)
		}
		if head, _ := w.HeadSHA(ctx); head != tt.want {
			t.Errorf("Worktree(%q) HEAD = %s, want %s", tt.base, head, tt.want)
		}
	}
	for _, bad := range []string{"no-such-branch", "-x", "a..b", "main:refs/heads/evil", strings.Repeat("0", 40)} {
		if w, err := r.Worktree(ctx, bad); err == nil {
			w.Close(ctx)
			t.Errorf("Worktree(%q) succeeded", bad)
		}
	}
	if out := gitT(t, r.gitDir, "worktree", "list", "--porcelain"); strings.Count(out, "worktree ") != 1+len(tests) {
		t.Errorf("failed Worktree calls left work trees behind:\n%s", out)
	}
}
