package git

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Worktree is one run's work tree on the cached clone: a fresh directory,
// separate from every other run's, that Close removes. It is used by one
// goroutine at a time.
type Worktree struct {
	repo    *Repo
	dir     string // the work tree
	admin   string // <cache>/worktrees/<id>
	base    string // the commit it started at
	branch  string // made by NewBranch; "" while detached
	release func() // the owner lock

	closeOnce sync.Once
	closeErr  error
	closed    bool
}

// Worktree checks out a fresh work tree, detached at base:
//   - "" is the tip of the remote's default branch;
//   - a branch name ("main", "feature/x" or "refs/heads/x") is the tip of
//     that branch on the remote, as last fetched;
//   - a full commit id (a pull request's head) or another ref
//     ("refs/pull/7/head") is fetched from the remote when the cache does
//     not have it.
//
// Close removes it, with the branch NewBranch made in it.
func (r *Repo) Worktree(ctx context.Context, base string) (*Worktree, error) {
	unlock, err := r.lock(ctx, exclusive)
	if err != nil {
		return nil, err
	}
	defer unlock()
	sha, err := r.resolveLocked(ctx, base)
	if err != nil {
		return nil, fmt.Errorf("git: work tree at %q: %w", base, err)
	}
	if err := os.MkdirAll(r.s.workDir, 0o700); err != nil {
		return nil, fmt.Errorf("git: work dir: %w", err)
	}
	dir, err := os.MkdirTemp(r.s.workDir, worktreePrefix+r.name+"-")
	if err != nil {
		return nil, fmt.Errorf("git: work tree: %w", err)
	}
	if _, err := r.run.run(ctx, r.cacheCall("worktree", "add", "--detach", "--quiet", dir, sha)); err != nil {
		r.discardWorktree(ctx, dir)
		return nil, fmt.Errorf("git: work tree at %q: %w", base, err)
	}
	admin, err := adminDirOf(dir)
	if err != nil {
		r.discardWorktree(ctx, dir)
		return nil, fmt.Errorf("git: work tree: %w", err)
	}
	release, ok, err := tryLockFile(filepath.Join(admin, ownerFile))
	if err == nil && !ok {
		err = fmt.Errorf("owner lock %s is held by another", filepath.Join(admin, ownerFile))
	}
	if err != nil {
		r.discardWorktree(ctx, dir)
		return nil, fmt.Errorf("git: work tree: %w", err)
	}
	return &Worktree{repo: r, dir: dir, admin: admin, base: sha, release: release}, nil
}

// discardWorktree undoes a work tree that was not handed out. The caller
// holds the cache's lock.
func (r *Repo) discardWorktree(ctx context.Context, dir string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), closeTimeout)
	defer cancel()
	if _, err := r.run.run(ctx, r.cacheCall("worktree", "remove", "--force", "--force", dir)); err != nil {
		os.RemoveAll(dir)
	}
	r.run.run(ctx, r.cacheCall("worktree", "prune"))
}

// adminDirOf reads a linked work tree's .git file ("gitdir: <admin>").
func adminDirOf(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, ".git"))
	if err != nil {
		return "", err
	}
	p, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir: ")
	if !ok || !filepath.IsAbs(p) {
		return "", fmt.Errorf("%s: not a linked work tree's .git file", filepath.Join(dir, ".git"))
	}
	return p, nil
}

// Dir is the work tree's directory.
func (w *Worktree) Dir() string { return w.dir }

// Base is the commit the work tree started at.
func (w *Worktree) Base() string { return w.base }

// call is a git command in the work tree, with its git directory named so
// that git never finds another repository.
func (w *Worktree) call(args ...string) call {
	return call{dir: w.dir, args: append([]string{"--git-dir=" + w.admin, "--work-tree=" + w.dir}, args...)}
}

func (w *Worktree) usable() error {
	if w.closed {
		return fmt.Errorf("git: %s: %w", w.dir, ErrClosed)
	}
	return nil
}

// closeTimeout bounds Close, which runs even when ctx is cancelled (a run
// stopped by a signal still cleans up).
const closeTimeout = time.Minute

// Close removes the work tree and the branch NewBranch made in it (push
// first what should be kept). It runs even when ctx is already cancelled.
// If it fails, the next Open removes what is left, since the work tree's
// owner lock is released either way. Closing twice does nothing.
func (w *Worktree) Close(ctx context.Context) error {
	w.closeOnce.Do(func() {
		w.closed = true
		defer w.release()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), closeTimeout)
		defer cancel()
		r := w.repo
		unlock, err := r.lock(ctx, exclusive)
		if err != nil {
			w.closeErr = err
			return
		}
		defer unlock()
		if _, err := r.run.run(ctx, r.cacheCall("worktree", "remove", "--force", "--force", w.dir)); err != nil {
			w.closeErr = fmt.Errorf("git: remove work tree: %w", err)
			os.RemoveAll(w.dir)
		}
		if _, err := r.run.run(ctx, r.cacheCall("worktree", "prune")); err != nil && w.closeErr == nil {
			w.closeErr = fmt.Errorf("git: remove work tree: %w", err)
		}
		if w.branch != "" {
			if _, err := r.run.run(ctx, r.cacheCall("update-ref", "-d", "refs/heads/"+w.branch)); err != nil && w.closeErr == nil {
				w.closeErr = fmt.Errorf("git: remove branch %s: %w", w.branch, err)
			}
		}
	})
	return w.closeErr
}
