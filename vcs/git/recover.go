package git

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ownerFile, in a work tree's administrative directory
// (<cache>/worktrees/<id>/), is flocked by the Worktree for its lifetime.
// A lock that can be taken means the run that made the work tree is gone.
const ownerFile = "driftfix-owner"

// worktreePrefix starts the name of every work tree directory.
const worktreePrefix = "driftfix-wt-"

// recover removes what crashed runs left in the cache: stale lock files,
// the work trees of runs that are gone, and branches no live work tree has
// checked out. The caller holds the cache's lock exclusively, so no git
// command of this package is running on the cache and every *.lock file
// in it is stale.
func (r *Repo) recover(ctx context.Context) error {
	r.removeStaleLocks()
	if err := r.removeOrphanWorktrees(ctx); err != nil {
		return err
	}
	if _, err := r.run.run(ctx, r.cacheCall("worktree", "prune")); err != nil {
		return fmt.Errorf("recover: %w", err)
	}
	return r.removeStrayBranches(ctx)
}

func (r *Repo) removeStaleLocks() {
	objects := filepath.Join(r.gitDir, "objects")
	filepath.WalkDir(r.gitDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && p == objects {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".lock") {
			r.s.log.Warn("removing a stale git lock file", "file", p)
			os.Remove(p)
		}
		return nil
	})
}

// removeOrphanWorktrees removes each work tree whose owner lock is free.
func (r *Repo) removeOrphanWorktrees(ctx context.Context) error {
	admins, err := os.ReadDir(filepath.Join(r.gitDir, "worktrees"))
	if err != nil {
		return nil // none
	}
	for _, e := range admins {
		if !e.IsDir() {
			continue
		}
		admin := filepath.Join(r.gitDir, "worktrees", e.Name())
		unlock, free, err := tryLockFile(filepath.Join(admin, ownerFile))
		if err != nil {
			return fmt.Errorf("recover: %w", err)
		}
		if !free {
			continue // a live run's
		}
		dir := worktreeDirOf(admin)
		r.s.log.Warn("removing the work tree of a run that is gone", "dir", dir)
		if dir == "" {
			os.RemoveAll(admin)
		} else if _, err := r.run.run(ctx, r.cacheCall("worktree", "remove", "--force", "--force", dir)); err != nil {
			if strings.HasPrefix(filepath.Base(dir), worktreePrefix) {
				os.RemoveAll(dir)
			}
			os.RemoveAll(admin)
		}
		unlock()
	}
	return nil
}

// worktreeDirOf reads where a work tree is from its administrative
// directory's gitdir file (which names <dir>/.git).
func worktreeDirOf(admin string) string {
	b, err := os.ReadFile(filepath.Join(admin, "gitdir"))
	if err != nil {
		return ""
	}
	p := strings.TrimSpace(string(b))
	if p == "" || !filepath.IsAbs(p) {
		return ""
	}
	return filepath.Dir(p)
}

// removeStrayBranches deletes the local branches that no work tree has
// checked out. The cache's own branches live under refs/remotes/origin/;
// every refs/heads/ branch was made by a run, and once its work tree is
// gone nothing needs it (a pushed branch is on the remote).
func (r *Repo) removeStrayBranches(ctx context.Context) error {
	live, err := r.checkedOutBranches(ctx)
	if err != nil {
		return err
	}
	out, err := r.run.output(ctx, r.cacheCall("for-each-ref", "--format=%(refname)", "refs/heads/"))
	if err != nil {
		return fmt.Errorf("recover: %w", err)
	}
	var tx strings.Builder
	for _, ref := range strings.Fields(out) {
		if !live[ref] {
			r.s.log.Warn("removing a branch left by a run that is gone", "branch", strings.TrimPrefix(ref, "refs/heads/"))
			fmt.Fprintf(&tx, "delete %s\n", ref)
		}
	}
	if tx.Len() == 0 {
		return nil
	}
	c := r.cacheCall("update-ref", "--stdin")
	c.stdin = []byte(tx.String())
	if _, err := r.run.run(ctx, c); err != nil {
		return fmt.Errorf("recover: %w", err)
	}
	return nil
}

// checkedOutBranches returns the refs that some work tree has checked out.
func (r *Repo) checkedOutBranches(ctx context.Context) (map[string]bool, error) {
	out, err := r.run.run(ctx, r.cacheCall("worktree", "list", "--porcelain"))
	if err != nil {
		return nil, fmt.Errorf("recover: %w", err)
	}
	live := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if ref, ok := strings.CutPrefix(sc.Text(), "branch "); ok {
			live[ref] = true
		}
	}
	return live, nil
}
