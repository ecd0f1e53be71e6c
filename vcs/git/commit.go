package git

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Commit records exactly the listed files (paths relative to the work
// tree, with '/' or the OS separator): their content in the work tree, or
// their deletion when they are gone. Nothing else is staged, not even
// changes someone staged before. The commit goes on top of HEAD (the
// branch NewBranch made, or the detached HEAD), with author and committer
// from Options, and Commit returns its id.
//
// It refuses an empty commit (ErrNothingToCommit), a path outside the work
// tree or naming nothing (ErrInvalidPath) and an empty message. On any
// failure HEAD, the branch and the index are as they were.
//
// The commit is built on a temporary index (read-tree, update-index,
// write-tree, commit-tree, update-ref), so no hook runs and no half-staged
// index is ever left behind; the work tree's own index is then brought up
// to date for the listed files only.
func (w *Worktree) Commit(ctx context.Context, files []string, message string) (string, error) {
	if err := w.usable(); err != nil {
		return "", err
	}
	r := w.repo
	if !r.s.author.complete() || !r.s.committer.complete() {
		return "", fmt.Errorf("git: commit: %w: set Options.Author (name and email)", ErrNoIdentity)
	}
	msg, err := cleanMessage(message)
	if err != nil {
		return "", fmt.Errorf("git: commit: %w", err)
	}
	paths, err := cleanPaths(files)
	if err != nil {
		return "", fmt.Errorf("git: commit: %w", err)
	}
	unlock, err := r.lock(ctx, shared)
	if err != nil {
		return "", err
	}
	defer unlock()
	sha, err := w.commit(ctx, paths, msg)
	if err != nil {
		return "", fmt.Errorf("git: commit in %s: %w", w.dir, err)
	}
	return sha, nil
}

func (w *Worktree) commit(ctx context.Context, paths []string, msg string) (string, error) {
	run := w.repo.run
	head, err := run.output(ctx, w.call("rev-parse", "--verify", "HEAD"))
	if err != nil {
		return "", err
	}
	if err := w.checkPathsExist(ctx, head, paths); err != nil {
		return "", err
	}
	stdin := []byte(strings.Join(paths, "\x00") + "\x00")

	index, err := w.tempIndex()
	if err != nil {
		return "", err
	}
	defer os.Remove(index)
	withIndex := func(c call) call { c.env = append(c.env, "GIT_INDEX_FILE="+index); return c }
	if _, err := run.run(ctx, withIndex(w.call("read-tree", head))); err != nil {
		return "", err
	}
	stage := withIndex(w.call("update-index", "--add", "--remove", "-z", "--stdin"))
	stage.stdin = stdin
	if _, err := run.run(ctx, stage); err != nil {
		return "", err
	}
	tree, err := run.output(ctx, withIndex(w.call("write-tree")))
	if err != nil {
		return "", err
	}
	headTree, err := run.output(ctx, w.call("rev-parse", "--verify", head+"^{tree}"))
	if err != nil {
		return "", err
	}
	if tree == headTree {
		return "", fmt.Errorf("%s: %w", strings.Join(paths, ", "), ErrNothingToCommit)
	}
	mk := w.call("commit-tree", tree, "-p", head)
	mk.stdin = []byte(msg)
	if now := w.repo.s.now; now != nil {
		mk.env = dateEnv(now())
	}
	sha, err := run.output(ctx, mk)
	if err != nil {
		return "", err
	}
	// compare-and-swap: HEAD (and the branch it points to) moves only if
	// it is still where the commit was built
	if _, err := run.run(ctx, w.call("update-ref", "-m", "driftfix: commit", "HEAD", sha, head)); err != nil {
		return "", err
	}
	sync := w.call("update-index", "--add", "--remove", "-z", "--stdin")
	sync.stdin = stdin
	if _, err := run.run(ctx, sync); err != nil {
		// the index still has the old content of the files: make it HEAD's
		if _, err2 := run.run(ctx, w.call("read-tree", "HEAD")); err2 != nil {
			return sha, fmt.Errorf("committed %s, but the index is stale: %w", sha, errors.Join(err, err2))
		}
	}
	return sha, nil
}

// tempIndex names a fresh index file in the work tree's administrative
// directory (removed with the work tree if left behind).
func (w *Worktree) tempIndex() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return filepath.Join(w.admin, "driftfix-index-"+hex.EncodeToString(b[:])), nil
}

// checkPathsExist refuses a path that is neither in the work tree nor in
// head (a typo would otherwise be an empty "deletion"), and a directory.
func (w *Worktree) checkPathsExist(ctx context.Context, head string, paths []string) error {
	var missing []string
	for _, p := range paths {
		fi, err := os.Lstat(filepath.Join(w.dir, filepath.FromSlash(p)))
		switch {
		case err == nil && fi.IsDir():
			return fmt.Errorf("%w: %s is a directory; list its files", ErrInvalidPath, p)
		case errors.Is(err, fs.ErrNotExist):
			missing = append(missing, p)
		case err != nil:
			return fmt.Errorf("%w: %v", ErrInvalidPath, err)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	out, err := w.repo.run.run(ctx, w.call(append([]string{"ls-tree", "-z", "--name-only", "--full-tree", head, "--"}, missing...)...))
	if err != nil {
		return err
	}
	tracked := map[string]bool{}
	for _, p := range strings.Split(string(out), "\x00") {
		tracked[p] = true
	}
	for _, p := range missing {
		if !tracked[p] {
			return fmt.Errorf("%w: %s is neither in the work tree nor in HEAD", ErrInvalidPath, p)
		}
	}
	return nil
}

// cleanPaths checks and normalises the paths given to Commit: relative,
// inside the work tree, not in .git, each once.
func cleanPaths(files []string) ([]string, error) {
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: no files listed", ErrNothingToCommit)
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		if f == "" || strings.ContainsRune(f, 0) || strings.ContainsAny(f, "\r\n") {
			return nil, fmt.Errorf("%w: %q", ErrInvalidPath, f)
		}
		if filepath.IsAbs(f) || path.IsAbs(filepath.ToSlash(f)) {
			return nil, fmt.Errorf("%w: %s is absolute; give it relative to the work tree", ErrInvalidPath, f)
		}
		p := path.Clean(filepath.ToSlash(f))
		if p == "." || p == ".." || strings.HasPrefix(p, "../") {
			return nil, fmt.Errorf("%w: %s is outside the work tree", ErrInvalidPath, f)
		}
		for _, part := range strings.Split(p, "/") {
			if strings.EqualFold(part, ".git") {
				return nil, fmt.Errorf("%w: %s is inside .git", ErrInvalidPath, f)
			}
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out, nil
}
