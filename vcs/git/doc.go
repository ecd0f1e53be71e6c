// Package git keeps a cached clone of a remote repository and gives each
// driftfix run its own work tree on it, driving the real git CLI (git on
// PATH, through os/exec).
//
// The cache is a bare repository, CacheDir/<name>.git, with the remote's
// branches under refs/remotes/origin/ and no work tree of its own, so
// nothing is ever checked out in it. Open clones it the first time (a
// blobless partial clone, built in a temporary directory and renamed into
// place when complete) and fetches with prune afterwards. What a crashed
// earlier run left behind is recovered, never trusted: a half-made clone or
// a cache that is not what this package makes is cloned again, stale
// *.lock files are removed, and work trees and branches whose run is gone
// are removed.
//
// A run takes a Worktree (git worktree add into a fresh temporary
// directory, detached at the tip of the default branch or a given ref or
// commit), creates a branch named by BranchName, commits exactly the files
// it changed with Commit, pushes with Push (or PushDirect to the default
// branch, which the caller allows only after a verified auto-apply), and
// closes the work tree.
//
// Isolation: git runs with GIT_CONFIG_NOSYSTEM=1 and GIT_CONFIG_GLOBAL=/dev/null,
// the host's GIT_* variables removed (but for a few transport settings such
// as GIT_SSH_COMMAND), no terminal prompts, and author and committer from
// Options through GIT_AUTHOR_* and GIT_COMMITTER_*, so neither the user's
// configuration nor their environment can change what is committed.
//
// Credentials: a token read from an environment variable or a file (or the
// password of the URL, which is then removed from it) reaches git through
// the environment and a GIT_ASKPASS helper script that holds no secret. It
// is never on a command line, in the cache's configuration, in a log or in
// an error.
//
// Concurrency: one flock(2) per cached repository orders the processes and
// goroutines that share it. Open, Worktree and Close take it exclusively;
// the git commands of a run (commit, branch, push) take it shared, so runs
// proceed side by side. Each work tree holds a flock of its own for its
// lifetime, which the kernel releases when the process dies: that is how
// Open tells a crashed run's work tree from a live one.
package git
