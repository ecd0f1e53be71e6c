package git

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
)

// PushOptions tune Push.
type PushOptions struct {
	// ForceWithLease lets the push replace the remote branch (a re-run
	// rewriting its own branch) only if the remote branch is still where
	// this clone last saw it, or still absent if it never saw it;
	// otherwise the push fails with ErrRemoteMoved.
	ForceWithLease bool
}

// Push pushes the local branch to the branch of the same name on origin.
// A rejection because the remote branch moved is a *PushRejectedError
// matching ErrRemoteMoved, and the remote is unchanged (git updates one
// ref atomically or not at all). Pushing the default branch is refused
// (ErrDefaultBranch): use PushDirect.
func (w *Worktree) Push(ctx context.Context, branch string, opts PushOptions) error {
	if err := ValidateBranchName(branch); err != nil {
		return err
	}
	if err := w.usable(); err != nil {
		return err
	}
	r := w.repo
	def, err := r.DefaultBranch(ctx)
	if err != nil {
		return err
	}
	if branch == def {
		return fmt.Errorf("git: push %s: %w", branch, ErrDefaultBranch)
	}
	unlock, err := r.lock(ctx, shared)
	if err != nil {
		return err
	}
	defer unlock()
	ref := "refs/heads/" + branch
	if _, err := r.run.output(ctx, w.call("rev-parse", "--verify", ref)); err != nil {
		return fmt.Errorf("git: push %s: no such local branch: %w", branch, err)
	}
	args := []string{"push", "--porcelain", "--no-verify"}
	if opts.ForceWithLease {
		// expect what origin/<branch> says, or no branch at all
		expect, _ := r.run.output(ctx, w.call("rev-parse", "--verify", "--quiet", "refs/remotes/origin/"+branch))
		args = append(args, "--force-with-lease="+ref+":"+expect)
	}
	args = append(args, "origin", ref+":"+ref)
	if err := w.push(ctx, ref, args); err != nil {
		return fmt.Errorf("git: push %s: %w", branch, err)
	}
	return nil
}

// PushDirect pushes HEAD to the remote's default branch, as a
// fast-forward only. The caller decides whether a direct commit is allowed
// (driftfix allows it only after a verified auto-apply). If the default
// branch moved since the work tree was made, it fails with ErrRemoteMoved
// and the remote is unchanged.
func (w *Worktree) PushDirect(ctx context.Context) error {
	if err := w.usable(); err != nil {
		return err
	}
	r := w.repo
	def, err := r.DefaultBranch(ctx)
	if err != nil {
		return err
	}
	unlock, err := r.lock(ctx, shared)
	if err != nil {
		return err
	}
	defer unlock()
	ref := "refs/heads/" + def
	if err := w.push(ctx, ref, []string{"push", "--porcelain", "--no-verify", "origin", "HEAD:" + ref}); err != nil {
		return fmt.Errorf("git: push to default branch %s: %w", def, err)
	}
	return nil
}

// push runs a push of one ref and turns git's porcelain status into an
// error: a *PushRejectedError for a rejected ref, the command's error for
// anything else.
func (w *Worktree) push(ctx context.Context, ref string, args []string) error {
	out, err := w.repo.run.run(ctx, w.call(args...))
	if rej := pushRejection(string(out), ref); rej != nil {
		var ce *CommandError
		errors.As(err, &ce)
		rej.Cmd = ce
		return rej
	}
	return err
}

// pushRejection finds the porcelain status line of ref and returns the
// rejection it reports, or nil. A line reads
// "!\t<src>:<dst>\t[rejected] (non-fast-forward)".
func pushRejection(porcelain, ref string) *PushRejectedError {
	sc := bufio.NewScanner(strings.NewReader(porcelain))
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 3 || fields[0] != "!" {
			continue
		}
		_, dst, _ := strings.Cut(fields[1], ":")
		if dst != ref {
			continue
		}
		status, reason, _ := strings.Cut(fields[2], " (")
		return &PushRejectedError{Ref: ref, Status: status, Reason: strings.TrimSuffix(reason, ")")}
	}
	return nil
}
