package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Override is a fix that a person later undid: the finding Fingerprint of
// Project, fixed by run FixRunID, came back because the fix commit was
// reverted or the cloud drifted back.
type Override struct {
	ID          int64
	Project     string
	Fingerprint string
	Class       string
	FixRunID    int64
	DetectedAt  time.Time // set to now by RecordOverride when zero
	How         OverrideHow
}

// RecordOverride records o once: the same fix (project, fingerprint, fix
// run) overridden again is not recorded twice, and inserted is false.
func (s *Store) RecordOverride(ctx context.Context, o Override) (inserted bool, err error) {
	if err := errors.Join(required("project", o.Project), required("fingerprint", o.Fingerprint),
		oneOf("override how", o.How, knownOverrideHows)); err != nil {
		return false, fmt.Errorf("record override: %w", err)
	}
	if o.DetectedAt.IsZero() {
		o.DetectedAt = s.now()
	}
	var id int64
	err = s.queryRow(ctx, s.db, `INSERT INTO overrides (project, fingerprint, class, fix_run_id, detected_at, how)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (project, fingerprint, fix_run_id) DO NOTHING RETURNING id`,
		o.Project, o.Fingerprint, o.Class, o.FixRunID, s.t(o.DetectedAt), o.How).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows): // recorded before
		return false, nil
	case err != nil && !s.exists(ctx, "runs", o.FixRunID):
		return false, fmt.Errorf("record override of %s: fix run %d: %w", o.Fingerprint, o.FixRunID, ErrNotFound)
	case err != nil:
		return false, fmt.Errorf("record override of %s: %w", o.Fingerprint, err)
	}
	return true, nil
}

// Overrides returns the overrides of project (of every project when project
// is "") detected in [from, to), oldest first.
func (s *Store) Overrides(ctx context.Context, project string, from, to time.Time) ([]Override, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, project, fingerprint, class, fix_run_id, detected_at, how
		FROM overrides WHERE detected_at >= ? AND detected_at < ? AND (? = '' OR project = ?)
		ORDER BY detected_at, id`, s.t(from), s.t(to), project, project)
	if err != nil {
		return nil, fmt.Errorf("overrides: %w", err)
	}
	var out []Override
	err = eachRow(rows, func() error {
		var o Override
		err := rows.Scan(&o.ID, &o.Project, &o.Fingerprint, &o.Class, &o.FixRunID, dbTime{&o.DetectedAt}, &o.How)
		out = append(out, o)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("overrides: %w", err)
	}
	return out, nil
}
