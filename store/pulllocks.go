package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// PullRequestLock is a project directory and workspace of a repository,
// held by the pull request that planned it first: another pull request's
// plan or apply of the same directory and workspace waits until the holder
// is merged or closed, or someone comments `driftfix unlock` on it.
type PullRequestLock struct {
	// Repository ("owner/name"), Dir (the project's directory, relative
	// to the repository root, slash-separated) and Workspace are the key.
	Repository string
	Dir        string
	Workspace  string
	// Project names the project block, for messages.
	Project string
	// PullRequest is the holder's number, URL its address and Author who
	// opened it.
	PullRequest int
	URL         string
	Author      string
	LockedAt    time.Time
}

func (l PullRequestLock) valid() error {
	err := errors.Join(required("repository", l.Repository), required("dir", l.Dir), required("workspace", l.Workspace),
		required("project", l.Project))
	if l.PullRequest <= 0 {
		err = errors.Join(err, fmt.Errorf("%w: pull request %d", ErrInvalid, l.PullRequest))
	}
	return err
}

// LockForPullRequest takes the lock of l's repository, directory and
// workspace for l's pull request and returns the lock as it stands: held
// by l.PullRequest (ok true: taken now, or held already, its project,
// URL and author brought up to date) or by another pull request (ok false;
// the holder is returned). Of pull requests racing for one lock exactly
// one gets it: the check and the write are one statement.
func (s *Store) LockForPullRequest(ctx context.Context, l PullRequestLock) (PullRequestLock, bool, error) {
	if err := l.valid(); err != nil {
		return PullRequestLock{}, false, fmt.Errorf("lock %s %s/%s: %w", l.Repository, l.Dir, l.Workspace, err)
	}
	for {
		now := s.now()
		_, err := s.exec(ctx, s.db, `INSERT INTO pull_request_locks (repository, dir, workspace, project, pull_request, url, author, locked_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (repository, dir, workspace) DO UPDATE SET
				project = excluded.project, url = excluded.url, author = excluded.author
			WHERE pull_request_locks.pull_request = excluded.pull_request`,
			l.Repository, l.Dir, l.Workspace, l.Project, l.PullRequest, l.URL, l.Author, s.t(now))
		if err != nil {
			return PullRequestLock{}, false, fmt.Errorf("lock %s %s/%s for #%d: %w", l.Repository, l.Dir, l.Workspace, l.PullRequest, err)
		}
		held, err := s.pullRequestLock(ctx, l.Repository, l.Dir, l.Workspace)
		if errors.Is(err, ErrNotFound) {
			continue // the holder released it between the two statements: try again
		}
		if err != nil {
			return PullRequestLock{}, false, err
		}
		return held, held.PullRequest == l.PullRequest, nil
	}
}

// pullRequestLock reads the lock of one directory and workspace.
func (s *Store) pullRequestLock(ctx context.Context, repository, dir, workspace string) (PullRequestLock, error) {
	locks, err := s.pullRequestLocks(ctx, `WHERE repository = ? AND dir = ? AND workspace = ?`, repository, dir, workspace)
	switch {
	case err != nil:
		return PullRequestLock{}, err
	case len(locks) == 0:
		// released between the write and this read: the caller tries again
		return PullRequestLock{}, fmt.Errorf("lock %s %s/%s: %w", repository, dir, workspace, ErrNotFound)
	}
	return locks[0], nil
}

// PullRequestLocks lists the locks pull request number of repository
// holds, by directory and workspace.
func (s *Store) PullRequestLocks(ctx context.Context, repository string, number int) ([]PullRequestLock, error) {
	return s.pullRequestLocks(ctx, `WHERE repository = ? AND pull_request = ?`, repository, number)
}

// UnlockPullRequest releases every lock pull request number of repository
// holds, and returns them.
func (s *Store) UnlockPullRequest(ctx context.Context, repository string, number int) ([]PullRequestLock, error) {
	var released []PullRequestLock
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		locks, err := s.pullRequestLocksIn(ctx, tx, `WHERE repository = ? AND pull_request = ?`, repository, number)
		if err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM pull_request_locks WHERE repository = ? AND pull_request = ?`, repository, number); err != nil {
			return err
		}
		released = locks
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("unlock %s#%d: %w", repository, number, err)
	}
	return released, nil
}

func (s *Store) pullRequestLocks(ctx context.Context, where string, args ...any) ([]PullRequestLock, error) {
	return s.pullRequestLocksIn(ctx, s.db, where, args...)
}

func (s *Store) pullRequestLocksIn(ctx context.Context, q querier, where string, args ...any) ([]PullRequestLock, error) {
	rows, err := s.query(ctx, q, `SELECT repository, dir, workspace, project, pull_request, url, author, locked_at
		FROM pull_request_locks `+where+` ORDER BY dir, workspace`, args...)
	if err != nil {
		return nil, fmt.Errorf("pull request locks: %w", err)
	}
	defer rows.Close()
	var out []PullRequestLock
	for rows.Next() {
		var l PullRequestLock
		if err := rows.Scan(&l.Repository, &l.Dir, &l.Workspace, &l.Project, &l.PullRequest, &l.URL, &l.Author, dbTime{&l.LockedAt}); err != nil {
			return nil, fmt.Errorf("pull request locks: %w", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pull request locks: %w", err)
	}
	return out, nil
}
