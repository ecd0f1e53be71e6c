package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Apply is one terraform apply of a saved plan, and whether reading the
// cloud afterwards showed the change in place.
type Apply struct {
	ID         int64
	RunID      int64
	Project    string
	PlanSHA256 string // of the saved plan file that was classified and applied
	Decision   Decision
	Changes    int
	AppliedAt  time.Time // set to now by RecordApply when zero
	// Verification: VerifiedAt is zero until VerifyApply ran; Verified says
	// whether every change was found in the cloud, and UnverifiedAddresses
	// lists the resources where it was not.
	Verified            bool
	VerifiedAt          time.Time
	UnverifiedAddresses []string
}

// RecordApply records a (until VerifyApply: unverified) apply and returns its id.
func (s *Store) RecordApply(ctx context.Context, a Apply) (int64, error) {
	if err := errors.Join(required("project", a.Project), required("plan sha256", a.PlanSHA256),
		oneOf("decision", a.Decision, knownDecisions)); err != nil {
		return 0, fmt.Errorf("record apply: %w", err)
	}
	if a.AppliedAt.IsZero() {
		a.AppliedAt = s.now()
	}
	var id int64
	err := s.queryRow(ctx, s.db, `INSERT INTO applies (run_id, project, plan_sha256, decision, changes, applied_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		a.RunID, a.Project, a.PlanSHA256, a.Decision, a.Changes, s.t(a.AppliedAt)).Scan(&id)
	if err != nil {
		if !s.exists(ctx, "runs", a.RunID) {
			return 0, fmt.Errorf("record apply: run %d: %w", a.RunID, ErrNotFound)
		}
		return 0, fmt.Errorf("record apply of run %d: %w", a.RunID, err)
	}
	return id, nil
}

// VerifyApply records the verification of apply id, done now: it is
// verified when unverified (the addresses whose change the cloud does not
// show) is empty.
func (s *Store) VerifyApply(ctx context.Context, id int64, unverified []string) error {
	res, err := s.exec(ctx, s.db, `UPDATE applies SET verified = ?, verified_at = ?, unverified_addresses = ?
		WHERE id = ?`, len(unverified) == 0, s.t(s.now()), stringsArg(unverified), id)
	if err != nil {
		return fmt.Errorf("verify apply %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("verify apply %d: %w", id, errors.Join(ErrNotFound, err))
	}
	return nil
}

// Applies returns the applies of project (of every project when project is
// "") made in [from, to), oldest first.
func (s *Store) Applies(ctx context.Context, project string, from, to time.Time) ([]Apply, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, run_id, project, plan_sha256, decision, changes, applied_at,
		verified, verified_at, unverified_addresses
		FROM applies WHERE applied_at >= ? AND applied_at < ? AND (? = '' OR project = ?)
		ORDER BY applied_at, id`, s.t(from), s.t(to), project, project)
	if err != nil {
		return nil, fmt.Errorf("applies: %w", err)
	}
	var out []Apply
	err = eachRow(rows, func() error {
		var a Apply
		err := rows.Scan(&a.ID, &a.RunID, &a.Project, &a.PlanSHA256, &a.Decision, &a.Changes,
			dbTime{&a.AppliedAt}, &a.Verified, dbTime{&a.VerifiedAt}, dbStrings{&a.UnverifiedAddresses})
		out = append(out, a)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("applies: %w", err)
	}
	return out, nil
}
