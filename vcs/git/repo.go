package git

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Repo is the cached clone of one remote. It is safe for concurrent use,
// also by several processes sharing CacheDir.
type Repo struct {
	s        settings
	name     string // cache name, from the URL
	gitDir   string // CacheDir/<name>.git, a bare repository
	lockPath string // CacheDir/<name>.lock
	run      *runner
}

// askpassName is the helper script's file name in CacheDir.
const askpassName = ".driftfix-git-askpass"

// Open returns the cached clone of opts.URL, cloning it into CacheDir the
// first time and fetching (with prune) afterwards. Whatever a crashed
// earlier run left in the cache is recovered first (see the package doc).
// The remote's default branch is read from its HEAD.
func Open(ctx context.Context, opts Options) (*Repo, error) {
	s, err := opts.settings()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(s.cacheDir, 0o700); err != nil {
		return nil, fmt.Errorf("git: cache dir: %w", err)
	}
	askpass := filepath.Join(s.cacheDir, askpassName)
	if err := writeFileIfChanged(askpass, []byte(askpassScript), 0o700); err != nil {
		return nil, fmt.Errorf("git: askpass helper: %w", err)
	}
	name := s.remote.cacheName()
	r := &Repo{
		s:        s,
		name:     name,
		gitDir:   filepath.Join(s.cacheDir, name+".git"),
		lockPath: filepath.Join(s.cacheDir, name+".lock"),
		run: &runner{
			bin: s.gitBin,
			env: buildEnv(os.Environ(), envSettings{
				askpass: askpass, username: s.username, token: s.token,
				author: s.author, committer: s.committer,
				drop: []string{s.tokenEnv},
			}),
			redact: newRedactor(s.username, s.token),
			log:    s.log,
			onExec: s.onExec,
		},
	}
	if err := r.open(ctx); err != nil {
		return nil, fmt.Errorf("git: open %s: %w", s.remote.redacted(), err)
	}
	return r, nil
}

// open clones or recovers and fetches, holding the cache's lock.
func (r *Repo) open(ctx context.Context) error {
	unlock, err := r.lock(ctx, exclusive)
	if err != nil {
		return err
	}
	defer unlock()
	r.removeLeftoverClones()
	if _, err := os.Lstat(r.gitDir); err == nil {
		why := r.cacheProblem(ctx)
		if err := ctx.Err(); err != nil {
			return err // a check cut short says nothing about the cache
		}
		if why != "" {
			r.s.log.Warn("git cache cannot be trusted; cloning again", "dir", r.gitDir, "reason", why)
			if err := os.RemoveAll(r.gitDir); err != nil {
				return fmt.Errorf("remove untrusted cache: %w", err)
			}
		}
	}
	if _, err := os.Lstat(r.gitDir); errors.Is(err, fs.ErrNotExist) {
		return r.clone(ctx)
	}
	if err := r.recover(ctx); err != nil {
		return err
	}
	return r.fetch(ctx, r.gitDir)
}

// lock takes the cache's lock (shared or exclusive).
func (r *Repo) lock(ctx context.Context, mode int) (func(), error) {
	return lockFile(ctx, r.lockPath, mode)
}

// cacheCall is a git command on the bare cache (never discovering another
// repository from the working directory).
func (r *Repo) cacheCall(args ...string) call {
	return r.gitDirCall(r.gitDir, args...)
}

func (r *Repo) gitDirCall(gitDir string, args ...string) call {
	return call{dir: gitDir, args: append([]string{"--git-dir=" + gitDir}, args...)}
}

// clone makes the cache in a temporary directory and renames it into
// place once complete, so that a crash never leaves a half-made clone
// where Open looks.
func (r *Repo) clone(ctx context.Context) (err error) {
	tmp, err := os.MkdirTemp(r.s.cacheDir, "."+r.name+".tmp-")
	if err != nil {
		return fmt.Errorf("clone: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	steps := [][]string{
		{"init", "--bare", "--quiet", "--template=", tmp},
		{"--git-dir=" + tmp, "remote", "add", "origin", r.s.remote.clean},
		{"--git-dir=" + tmp, "config", "remote.origin.tagOpt", "--no-tags"},
	}
	for _, args := range steps {
		if _, err := r.run.run(ctx, call{dir: tmp, args: args}); err != nil {
			return fmt.Errorf("clone: %w", err)
		}
	}
	if err := r.fetch(ctx, tmp); err != nil {
		return fmt.Errorf("clone: %w", err)
	}
	if err := os.Rename(tmp, r.gitDir); err != nil {
		return fmt.Errorf("clone: %w", err)
	}
	return nil
}

// fetch brings gitDir's origin/* up to date (pruning deleted branches)
// and points origin/HEAD at the remote's default branch.
func (r *Repo) fetch(ctx context.Context, gitDir string) error {
	args := []string{"fetch", "--quiet", "--prune", "--no-tags", "--no-write-fetch-head"}
	if !r.s.fullClone {
		args = append(args, "--filter=blob:none")
	}
	args = append(args, "origin")
	if _, err := r.run.run(ctx, r.gitDirCall(gitDir, args...)); err != nil {
		return fmt.Errorf("fetch: %w", err)
	}
	if _, err := r.run.run(ctx, r.gitDirCall(gitDir, "remote", "set-head", "origin", "--auto")); err != nil {
		return fmt.Errorf("default branch of origin: %w", err)
	}
	return nil
}

// removeLeftoverClones removes the temporary directories of clones that
// never finished.
func (r *Repo) removeLeftoverClones() {
	matches, _ := filepath.Glob(filepath.Join(r.s.cacheDir, "."+r.name+".tmp-*"))
	for _, m := range matches {
		r.s.log.Warn("removing an unfinished clone", "dir", m)
		os.RemoveAll(m)
	}
}

// cacheProblem says why the cache is not what clone makes, or "".
func (r *Repo) cacheProblem(ctx context.Context) string {
	bare, err := r.run.output(ctx, r.cacheCall("rev-parse", "--is-bare-repository"))
	switch {
	case err != nil:
		return "not a git repository: " + err.Error()
	case bare != "true":
		return "not a bare repository (it has a work tree)"
	}
	if _, err := r.run.output(ctx, r.cacheCall("symbolic-ref", "--quiet", "HEAD")); err != nil {
		return "detached HEAD"
	}
	url, err := r.run.output(ctx, r.cacheCall("config", "--get", "remote.origin.url"))
	switch {
	case err != nil:
		return "no origin remote"
	case url != r.s.remote.clean:
		return "origin is " + r.run.redact.text(url) + ", not " + r.s.remote.redacted()
	}
	if _, err := r.run.output(ctx, r.cacheCall("rev-parse", "--verify", "--quiet", "refs/remotes/origin/HEAD^{commit}")); err != nil {
		return "origin/HEAD does not resolve to a commit (an unfinished fetch?)"
	}
	return ""
}

// writeFileIfChanged writes data to path atomically (a temporary file in
// the same directory, renamed over it) unless path already holds it.
func writeFileIfChanged(path string, data []byte, perm fs.FileMode) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		if fi, err := os.Stat(path); err == nil && fi.Mode().Perm() == perm {
			return nil
		}
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// trimRef removes prefix from ref, reporting whether it was there.
func trimRef(ref, prefix string) (string, bool) {
	if !strings.HasPrefix(ref, prefix) {
		return "", false
	}
	return ref[len(prefix):], true
}
