package git

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// runFix is what one driftfix run does: a work tree at base, a branch
// (unless branch is ""), a change to a.txt, a commit. It returns the work
// tree and the commit.
func runFix(t *testing.T, r *Repo, base, branch, content string) (*Worktree, string) {
	t.Helper()
	ctx := context.Background()
	w := worktreeT(t, r, base)
	if branch != "" {
		if err := w.NewBranch(ctx, branch); err != nil {
			t.Fatal(err)
		}
	}
	write(t, w.Dir(), map[string]string{"a.txt": content})
	sha, err := w.Commit(ctx, []string{"a.txt"}, Message("driftfix: "+content))
	if err != nil {
		t.Fatal(err)
	}
	return w, sha
}

func TestPushBranch(t *testing.T) {
	ctx := context.Background()
	rem := newRemote(t)
	opts := testOptions(t, rem.bare)
	r := openT(t, opts)
	branch := BranchName("envs/prod", opts.Now(), "a1b2c3")
	w, sha := runFix(t, r, "", branch, "fixed\n")
	if err := w.Push(ctx, branch, PushOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := rem.sha(t, "refs/heads/driftfix/envs-prod/20250304-a1b2c3"); got != sha {
		t.Fatalf("the remote has %s = %q, want %s", branch, got, sha)
	}
	if got := rem.file(t, sha, "a.txt"); got != "fixed" {
		t.Errorf("a.txt on the remote = %q", got)
	}
	if got := gitT(t, r.gitDir, "rev-parse", "refs/remotes/origin/"+branch); got != sha {
		t.Errorf("origin/%s in the cache = %s, want %s", branch, got, sha)
	}
	// pushing again with nothing new is fine
	if err := w.Push(ctx, branch, PushOptions{}); err != nil {
		t.Errorf("second push: %v", err)
	}
}

func TestPushDirect(t *testing.T) {
	rem := newRemote(t)
	r := openT(t, testOptions(t, rem.bare))
	w, sha := runFix(t, r, "", "", "direct\n")
	if err := w.PushDirect(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := rem.sha(t, "main"); got != sha {
		t.Errorf("remote main = %s, want the direct commit %s", got, sha)
	}
}

// TestPushRefusals: every refused push names why, and leaves the remote
// exactly as it was.
func TestPushRefusals(t *testing.T) {
	const branch = "driftfix/prod/20250304-abc"
	tests := []struct {
		name string
		// push sets up the race and makes the push under test
		push    func(t *testing.T, rem *remote, r *Repo, snap func()) error
		wantErr error
	}{
		{"direct: main moved", func(t *testing.T, rem *remote, r *Repo, snap func()) error {
			w, _ := runFix(t, r, "", "", "ours\n")
			rem.push(t, "main", map[string]string{"keep.txt": "theirs\n"}, "someone else")
			snap()
			return w.PushDirect(context.Background())
		}, ErrRemoteMoved},
		{"branch: someone pushed to it", func(t *testing.T, rem *remote, r *Repo, snap func()) error {
			w, _ := runFix(t, r, "", branch, "ours\n")
			if err := w.Push(context.Background(), branch, PushOptions{}); err != nil {
				t.Fatal(err)
			}
			rem.push(t, branch, map[string]string{"keep.txt": "theirs\n"}, "someone else")
			write(t, w.Dir(), map[string]string{"a.txt": "ours again\n"})
			if _, err := w.Commit(context.Background(), []string{"a.txt"}, "again"); err != nil {
				t.Fatal(err)
			}
			snap()
			return w.Push(context.Background(), branch, PushOptions{})
		}, ErrRemoteMoved},
		{"branch with lease: someone pushed to it", func(t *testing.T, rem *remote, r *Repo, snap func()) error {
			w, _ := runFix(t, r, "", branch, "ours\n")
			if err := w.Push(context.Background(), branch, PushOptions{}); err != nil {
				t.Fatal(err)
			}
			rem.push(t, branch, map[string]string{"keep.txt": "theirs\n"}, "someone else")
			write(t, w.Dir(), map[string]string{"a.txt": "ours again\n"})
			if _, err := w.Commit(context.Background(), []string{"a.txt"}, "again"); err != nil {
				t.Fatal(err)
			}
			snap()
			return w.Push(context.Background(), branch, PushOptions{ForceWithLease: true})
		}, ErrRemoteMoved},
		{"branch with lease: someone made it first", func(t *testing.T, rem *remote, r *Repo, snap func()) error {
			w, _ := runFix(t, r, "", branch, "ours\n")
			rem.push(t, branch, map[string]string{"keep.txt": "theirs\n"}, "someone else")
			snap()
			return w.Push(context.Background(), branch, PushOptions{ForceWithLease: true})
		}, ErrRemoteMoved},
		{"re-run without lease: rewriting our own branch", func(t *testing.T, rem *remote, r *Repo, snap func()) error {
			first, _ := runFix(t, r, "", branch, "first run\n")
			if err := first.Push(context.Background(), branch, PushOptions{}); err != nil {
				t.Fatal(err)
			}
			first.Close(context.Background())
			again, _ := runFix(t, r, "", branch, "second run\n")
			snap()
			return again.Push(context.Background(), branch, PushOptions{})
		}, ErrRemoteMoved},
		{"Push to the default branch", func(t *testing.T, rem *remote, r *Repo, snap func()) error {
			w, _ := runFix(t, r, "", "main", "sneaky\n")
			snap()
			return w.Push(context.Background(), "main", PushOptions{ForceWithLease: true})
		}, ErrDefaultBranch},
		{"no such local branch", func(t *testing.T, rem *remote, r *Repo, snap func()) error {
			w, _ := runFix(t, r, "", "", "detached\n")
			snap()
			return w.Push(context.Background(), branch, PushOptions{})
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rem := newRemote(t)
			r := openT(t, testOptions(t, rem.bare))
			var before string
			err := tt.push(t, rem, r, func() { before = rem.refs(t) })
			if before == "" {
				t.Fatal("the case took no snapshot of the remote before its push")
			}
			if err == nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("push = %v, want %v", err, tt.wantErr)
			}
			if after := rem.refs(t); after != before {
				t.Errorf("the remote changed:\nbefore\n%s\nafter\n%s", before, after)
			}
			var rej *PushRejectedError
			if errors.Is(err, ErrRemoteMoved) && (!errors.As(err, &rej) || rej.Cmd == nil || !strings.Contains(rej.Cmd.Error(), "git --git-dir=")) {
				t.Errorf("a moved remote is not a *PushRejectedError with the git command: %#v", err)
			}
		})
	}
}

func TestPushRewriteOwnBranchWithLease(t *testing.T) {
	ctx := context.Background()
	const branch = "driftfix/prod/20250304-abc"
	rem := newRemote(t)
	r := openT(t, testOptions(t, rem.bare))
	first, _ := runFix(t, r, "", branch, "first run\n")
	if err := first.Push(ctx, branch, PushOptions{ForceWithLease: true}); err != nil {
		t.Fatal(err)
	}
	first.Close(ctx)
	again, sha := runFix(t, r, "", branch, "second run\n")
	if err := again.Push(ctx, branch, PushOptions{ForceWithLease: true}); err != nil {
		t.Fatalf("a re-run rewriting its own branch with a lease: %v", err)
	}
	if got := rem.sha(t, "refs/heads/"+branch); got != sha {
		t.Errorf("remote %s = %s, want the re-run's %s", branch, got, sha)
	}
}

func TestChangedFiles(t *testing.T) {
	ctx := context.Background()
	rem := newRemote(t)
	base := rem.sha(t, "main")
	rem.push(t, "main", map[string]string{"envs/prod/main.tf": "a\n", "old/name.tf": "n\n"}, "add")
	head := rem.push(t, "main", map[string]string{"a.txt": "changed\n", "d/b.txt": "", "modules/vpc/main.tf": "v\n"}, "change")
	r := openT(t, testOptions(t, rem.bare))
	// a pull request opened after Open, on top of head, renaming a file
	os.MkdirAll(filepath.Join(rem.seed, "new"), 0o755)
	gitT(t, rem.seed, "mv", "old/name.tf", "new/name.tf")
	gitT(t, rem.seed, "commit", "--quiet", "-m", "rename")
	gitT(t, rem.seed, "push", "--quiet", "origin", "HEAD:refs/pull/1/head")
	prHead := gitT(t, rem.seed, "rev-parse", "HEAD")

	tests := []struct {
		base, head string
		want       []string
	}{
		{base, head, []string{"a.txt", "d/b.txt", "envs/prod/main.tf", "modules/vpc/main.tf", "old/name.tf"}},
		{head, head, nil},
		{head, prHead, []string{"new/name.tf", "old/name.tf"}},
		{"main", "refs/pull/1/head", []string{"new/name.tf", "old/name.tf"}},
	}
	for _, tt := range tests {
		got, err := r.ChangedFiles(ctx, tt.base, tt.head)
		if err != nil {
			t.Errorf("ChangedFiles(%s, %s): %v", tt.base, tt.head, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ChangedFiles(%s, %s) = %q, want %q", tt.base, tt.head, got, tt.want)
		}
	}
	if mb, err := r.MergeBase(ctx, "main", prHead); err != nil || mb != head {
		t.Errorf("MergeBase(main, pr head) = %s, %v; want %s", mb, err, head)
	}
	if _, err := r.ChangedFiles(ctx, base, "no-such-branch"); err == nil {
		t.Errorf("ChangedFiles with a missing branch succeeded")
	}
}
