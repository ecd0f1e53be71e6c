package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Fix is one finding a run fixed in the code: what a later run reads to
// know how the finding was resolved, and whether an automatic fix was
// undone.
type Fix struct {
	RunID       int64
	Project     string
	Fingerprint string
	Rule        string
	Class       string
	Address     string
	Kind        Kind // misconfiguration, or drift codified into the code
	// Applied is true when the run applied the fix itself (auto-apply,
	// verified).
	Applied bool
	// Branch and PullRequestURL say where a fix for review went ("" when
	// none).
	Branch         string
	PullRequestURL string
	At             time.Time // set to now by RecordFixes when zero
}

// RecordFixes records the fixes that run runID made, all in one
// transaction: either every fix is recorded or none is. The run must exist
// and be a run of each fix's Project; a fix's RunID is runID or 0. A run
// fixes a fingerprint once: a fix already recorded for the run is refused.
func (s *Store) RecordFixes(ctx context.Context, runID int64, fixes []Fix) error {
	if err := validFixes(runID, fixes); err != nil {
		return fmt.Errorf("record fixes of run %d: %w", runID, err)
	}
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var project string
		err := s.queryRow(ctx, tx, "SELECT project FROM runs WHERE id = ?", runID).Scan(&project)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("run %d: %w", runID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		for _, f := range fixes {
			if f.Project != project {
				return fmt.Errorf("%w: fix of %s is for project %s, but run %d is a run of %s",
					ErrInvalid, f.Fingerprint, f.Project, runID, project)
			}
			if f.At.IsZero() {
				f.At = now
			}
			var id int64
			err := s.queryRow(ctx, tx, `INSERT INTO fixes (run_id, project, fingerprint, rule, class, address, kind,
				applied, branch, pull_request_url, fixed_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (run_id, fingerprint) DO NOTHING RETURNING id`,
				runID, f.Project, f.Fingerprint, f.Rule, f.Class, f.Address, f.Kind,
				f.Applied, f.Branch, f.PullRequestURL, s.t(f.At)).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("%w: the fix of %s is already recorded for run %d", ErrInvalid, f.Fingerprint, runID)
			}
			if err != nil {
				return fmt.Errorf("fix of %s: %w", f.Fingerprint, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record fixes of run %d: %w", runID, err)
	}
	return nil
}

// validFixes refuses fixes that name no project, fingerprint or class, that
// have an unknown kind, that belong to another run, or that fix one
// fingerprint twice.
func validFixes(runID int64, fixes []Fix) error {
	var errs []error
	seen := make(map[string]bool, len(fixes))
	for i, f := range fixes {
		name := f.Fingerprint
		if name == "" {
			name = fmt.Sprintf("#%d", i+1)
		}
		err := errors.Join(required("project", f.Project), required("fingerprint", f.Fingerprint),
			required("fix class", f.Class), oneOf("finding kind", f.Kind, knownKinds))
		if f.RunID != 0 && f.RunID != runID {
			err = errors.Join(err, fmt.Errorf("%w: it names run %d", ErrInvalid, f.RunID))
		}
		if f.Fingerprint != "" && seen[f.Fingerprint] {
			err = errors.Join(err, fmt.Errorf("%w: fixed twice", ErrInvalid))
		}
		seen[f.Fingerprint] = true
		if err != nil {
			errs = append(errs, fmt.Errorf("fix %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

// LastFixes returns, for each of fingerprints of project that was ever
// fixed, its latest fix (by At, then by the order of recording).
// Fingerprints never fixed are absent; no fingerprints is an empty map.
func (s *Store) LastFixes(ctx context.Context, project string, fingerprints []string) (map[string]Fix, error) {
	if err := required("project", project); err != nil {
		return nil, fmt.Errorf("last fixes: %w", err)
	}
	out := make(map[string]Fix, len(fingerprints))
	err := inChunks(fingerprints, func(list []any) error {
		rows, err := s.query(ctx, s.db, `SELECT run_id, project, fingerprint, rule, class, address, kind,
			applied, branch, pull_request_url, fixed_at
			FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY fingerprint ORDER BY fixed_at DESC, id DESC) AS recency
				FROM fixes WHERE project = ? AND fingerprint IN (`+placeholders(len(list))+`)) AS ranked
			WHERE recency = 1`, append([]any{project}, list...)...)
		if err != nil {
			return err
		}
		return eachRow(rows, func() error {
			var f Fix
			err := rows.Scan(&f.RunID, &f.Project, &f.Fingerprint, &f.Rule, &f.Class, &f.Address, &f.Kind,
				&f.Applied, &f.Branch, &f.PullRequestURL, dbTime{&f.At})
			out[f.Fingerprint] = f
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("last fixes of %s: %w", project, err)
	}
	return out, nil
}

// AppliedFixesAt returns, for each of addresses, the latest fix a run of
// project applied itself there, per fix class (keyed address, then class):
// what a drift back to the old value is checked against. Addresses with no
// applied fix are absent.
func (s *Store) AppliedFixesAt(ctx context.Context, project string, addresses []string) (map[string]map[string]Fix, error) {
	if err := required("project", project); err != nil {
		return nil, fmt.Errorf("applied fixes: %w", err)
	}
	out := map[string]map[string]Fix{}
	err := inChunks(addresses, func(list []any) error {
		rows, err := s.query(ctx, s.db, `SELECT run_id, project, fingerprint, rule, class, address, kind,
			applied, branch, pull_request_url, fixed_at
			FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY address, class ORDER BY fixed_at DESC, id DESC) AS recency
				FROM fixes WHERE project = ? AND applied = ? AND address IN (`+placeholders(len(list))+`)) AS ranked
			WHERE recency = 1`, append([]any{project, true}, list...)...)
		if err != nil {
			return err
		}
		return eachRow(rows, func() error {
			var f Fix
			err := rows.Scan(&f.RunID, &f.Project, &f.Fingerprint, &f.Rule, &f.Class, &f.Address, &f.Kind,
				&f.Applied, &f.Branch, &f.PullRequestURL, dbTime{&f.At})
			if out[f.Address] == nil {
				out[f.Address] = map[string]Fix{}
			}
			out[f.Address][f.Class] = f
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("applied fixes of %s: %w", project, err)
	}
	return out, nil
}

// AppliedFixCounts returns, by fix class, how many fixes runs of project
// (of every project when project is "") applied themselves at or after
// since: what the learning gate sets overrides against. Classes with no
// applied fix are absent.
func (s *Store) AppliedFixCounts(ctx context.Context, project string, since time.Time) (map[string]int, error) {
	rows, err := s.query(ctx, s.db, `SELECT class, COUNT(*) FROM fixes
		WHERE applied = ? AND fixed_at >= ? AND (? = '' OR project = ?)
		GROUP BY class`, true, s.t(since), project, project)
	if err != nil {
		return nil, fmt.Errorf("applied fix counts of %s: %w", project, err)
	}
	out := map[string]int{}
	err = eachRow(rows, func() error {
		var class string
		var n int
		err := rows.Scan(&class, &n)
		out[class] = n
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("applied fix counts of %s: %w", project, err)
	}
	return out, nil
}

// SetPullRequest records that the pull request at url was opened for run
// runID: the run's PullRequestURL and that of each of its fixes that went
// to review (every fix the run did not apply itself) become url.
func (s *Store) SetPullRequest(ctx context.Context, runID int64, url string) error {
	if err := required("pull request url", url); err != nil {
		return fmt.Errorf("set pull request of run %d: %w", runID, err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, "UPDATE runs SET pull_request_url = ? WHERE id = ?", url, runID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(fmt.Errorf("run %d: %w", runID, ErrNotFound), err)
		}
		_, err = s.exec(ctx, tx, "UPDATE fixes SET pull_request_url = ? WHERE run_id = ? AND applied = ?", url, runID, false)
		return err
	})
	if err != nil {
		return fmt.Errorf("set pull request of run %d: %w", runID, err)
	}
	return nil
}

// maxInList bounds the values of one IN (…) list, well inside the number
// of query parameters either database allows.
const maxInList = 500

// inChunks calls fn with the distinct values of list as query arguments, at
// most maxInList at a time; not at all when list is empty.
func inChunks(list []string, fn func(args []any) error) error {
	seen := make(map[string]bool, len(list))
	var chunk []any
	for _, v := range list {
		if seen[v] {
			continue
		}
		seen[v] = true
		chunk = append(chunk, v)
		if len(chunk) == maxInList {
			if err := fn(chunk); err != nil {
				return err
			}
			chunk = nil
		}
	}
	if len(chunk) == 0 {
		return nil
	}
	return fn(chunk)
}
