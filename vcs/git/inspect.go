package git

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// DefaultBranch is the remote's default branch ("main"), as its HEAD said
// at the last Open.
func (r *Repo) DefaultBranch(ctx context.Context) (string, error) {
	ref, err := r.run.output(ctx, r.cacheCall("symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"))
	if err != nil {
		return "", fmt.Errorf("git: default branch: %w", err)
	}
	name, ok := trimRef(ref, "refs/remotes/origin/")
	if !ok || name == "" {
		return "", fmt.Errorf("git: default branch: origin/HEAD points at %s", ref)
	}
	return name, nil
}

// Resolve returns the commit id that ref names, in the forms Worktree
// takes ("" for the default branch's tip, a branch name, a full commit id
// or a ref such as refs/pull/7/head), fetching it when the cache lacks it.
func (r *Repo) Resolve(ctx context.Context, ref string) (string, error) {
	sha, fetchable, err := r.lookup(ctx, ref)
	if err != nil || sha != "" {
		return sha, err
	}
	if !fetchable {
		return "", fmt.Errorf("git: resolve %q: no such branch on origin", ref)
	}
	unlock, err := r.lock(ctx, exclusive)
	if err != nil {
		return "", err
	}
	defer unlock()
	sha, err = r.resolveLocked(ctx, ref)
	if err != nil {
		return "", fmt.Errorf("git: resolve %q: %w", ref, err)
	}
	return sha, nil
}

// resolveLocked is Resolve for a caller holding the cache's lock
// exclusively (it may write FETCH_HEAD).
func (r *Repo) resolveLocked(ctx context.Context, ref string) (string, error) {
	sha, fetchable, err := r.lookup(ctx, ref)
	if err != nil || sha != "" {
		return sha, err
	}
	if !fetchable {
		return "", errors.New("no such branch on origin")
	}
	args := []string{"fetch", "--quiet", "--no-tags"}
	if !r.s.fullClone {
		args = append(args, "--filter=blob:none")
	}
	if _, err := r.run.run(ctx, r.cacheCall(append(args, "origin", ref)...)); err != nil {
		return "", err
	}
	target := "FETCH_HEAD"
	if isCommitID(ref) {
		target = ref
	}
	return r.run.output(ctx, r.cacheCall("rev-parse", "--verify", target+"^{commit}"))
}

// lookup finds ref in the cache: its commit id, or "" and whether
// fetching it from the remote could find it.
func (r *Repo) lookup(ctx context.Context, ref string) (sha string, fetchable bool, err error) {
	if ref != "" {
		if strings.HasPrefix(ref, "-") {
			return "", false, fmt.Errorf("git: ref %q starts with '-'", ref)
		}
		if why := refFormatProblem(ref); why != "" {
			return "", false, fmt.Errorf("git: ref %q %s", ref, why)
		}
	}
	var candidate string
	switch {
	case ref == "" || ref == "HEAD":
		candidate = "refs/remotes/origin/HEAD"
	case isCommitID(ref):
		candidate, fetchable = ref, true
	case strings.HasPrefix(ref, "refs/heads/"):
		candidate = "refs/remotes/origin/" + strings.TrimPrefix(ref, "refs/heads/")
	case strings.HasPrefix(ref, "refs/"):
		return "", true, nil // another namespace (a pull request's head): always fetched, it moves
	default:
		candidate = "refs/remotes/origin/" + ref
	}
	out, err := r.run.output(ctx, r.cacheCall("rev-parse", "--verify", "--quiet", candidate+"^{commit}"))
	if err != nil {
		var ce *CommandError
		if errors.As(err, &ce) && ce.Stderr == "" && ctx.Err() == nil {
			return "", fetchable, nil // --quiet: not found
		}
		return "", false, err
	}
	return out, false, nil
}

// isCommitID reports whether s is a full SHA-1 or SHA-256 object id.
func isCommitID(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// ChangedFiles lists the paths (relative to the repository root, sorted)
// that differ between two commits: added, modified and deleted; a renamed
// file is listed under its old and its new path. base and head take the
// forms of Resolve. For a pull request, pass the merge base of its base
// branch and its head (MergeBase) to see only the pull request's changes.
func (r *Repo) ChangedFiles(ctx context.Context, base, head string) ([]string, error) {
	from, err := r.Resolve(ctx, base)
	if err != nil {
		return nil, err
	}
	to, err := r.Resolve(ctx, head)
	if err != nil {
		return nil, err
	}
	out, err := r.run.run(ctx, r.cacheCall("diff-tree", "-r", "-z", "--name-only", "--no-renames", "--no-commit-id", from, to))
	if err != nil {
		return nil, fmt.Errorf("git: changed files: %w", err)
	}
	seen := map[string]bool{}
	var paths []string
	for _, p := range strings.Split(string(out), "\x00") {
		if p != "" && !seen[p] {
			seen[p] = true
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	return paths, nil
}

// MergeBase returns the best common ancestor of a and b (forms of
// Resolve).
func (r *Repo) MergeBase(ctx context.Context, a, b string) (string, error) {
	x, err := r.Resolve(ctx, a)
	if err != nil {
		return "", err
	}
	y, err := r.Resolve(ctx, b)
	if err != nil {
		return "", err
	}
	out, err := r.run.output(ctx, r.cacheCall("merge-base", x, y))
	if err != nil {
		return "", fmt.Errorf("git: merge base of %s and %s: %w", a, b, err)
	}
	return out, nil
}

// HeadSHA is the commit the work tree's HEAD is at.
func (w *Worktree) HeadSHA(ctx context.Context) (string, error) {
	if err := w.usable(); err != nil {
		return "", err
	}
	out, err := w.repo.run.output(ctx, w.call("rev-parse", "--verify", "HEAD"))
	if err != nil {
		return "", fmt.Errorf("git: HEAD of %s: %w", w.dir, err)
	}
	return out, nil
}
