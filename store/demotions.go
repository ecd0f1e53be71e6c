package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Demotion is a fix class sent to review for one project: the learning
// gate demotes a class when people override its automatic fixes too often,
// and the demotion holds until a person promotes the class again.
type Demotion struct {
	ID         int64
	Project    string
	Class      string
	Reason     string
	DemotedAt  time.Time
	PromotedAt time.Time // zero while the demotion holds
	PromotedBy string
}

// demoteAttempts bounds how often Demote retries when the demotion it
// collided with was promoted before it could read it.
const demoteAttempts = 3

// Demote demotes class to review for project, now, and reports whether it
// did. When the class is already demoted for the project nothing is
// recorded: inserted is false and the demotion that holds is returned. At
// most one demotion of a class holds per project, which the database
// enforces, so processes demoting at once record one demotion between them.
func (s *Store) Demote(ctx context.Context, project, class, reason string) (Demotion, bool, error) {
	if err := errors.Join(required("project", project), required("fix class", class), required("demotion reason", reason)); err != nil {
		return Demotion{}, false, fmt.Errorf("demote: %w", err)
	}
	for range demoteAttempts {
		d, err := scanDemotion(s.queryRow(ctx, s.db, `INSERT INTO demotions (project, class, reason, demoted_at)
			VALUES (?, ?, ?, ?)
			ON CONFLICT (project, class) WHERE promoted_at IS NULL DO NOTHING
			RETURNING `+demotionColumns, project, class, reason, s.t(s.now())))
		if err == nil {
			return d, true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return Demotion{}, false, fmt.Errorf("demote %s in %s: %w", class, project, err)
		}
		d, err = s.activeDemotion(ctx, project, class)
		if err == nil {
			return d, false, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return Demotion{}, false, fmt.Errorf("demote %s in %s: %w", class, project, err)
		}
		// The demotion in the way was promoted in between: try again.
	}
	return Demotion{}, false, fmt.Errorf("demote %s in %s: it was demoted and promoted again %d times while demoting", class, project, demoteAttempts)
}

// Promote ends the demotion of class for project, now, as by (the person
// who promoted it), and returns it. ErrNotDemoted when the class is not
// demoted for the project.
func (s *Store) Promote(ctx context.Context, project, class, by string) (Demotion, error) {
	if err := errors.Join(required("project", project), required("fix class", class), required("promoted by", by)); err != nil {
		return Demotion{}, fmt.Errorf("promote: %w", err)
	}
	d, err := scanDemotion(s.queryRow(ctx, s.db, `UPDATE demotions SET promoted_at = ?, promoted_by = ?
		WHERE project = ? AND class = ? AND promoted_at IS NULL
		RETURNING `+demotionColumns, s.t(s.now()), by, project, class))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Demotion{}, fmt.Errorf("promote %s in %s: %w", class, project, ErrNotDemoted)
	case err != nil:
		return Demotion{}, fmt.Errorf("promote %s in %s: %w", class, project, err)
	}
	return d, nil
}

// ActiveDemotions returns the demotions that hold for project (for every
// project when project is ""), by project, then class.
func (s *Store) ActiveDemotions(ctx context.Context, project string) ([]Demotion, error) {
	rows, err := s.query(ctx, s.db, "SELECT "+demotionColumns+` FROM demotions
		WHERE promoted_at IS NULL AND (? = '' OR project = ?)
		ORDER BY project, class`, project, project)
	if err != nil {
		return nil, fmt.Errorf("active demotions: %w", err)
	}
	var out []Demotion
	err = eachRow(rows, func() error {
		d, err := scanDemotion(rows)
		out = append(out, d)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("active demotions: %w", err)
	}
	return out, nil
}

// LastPromotion returns when class was last promoted for project, or the
// zero time when it never was: the learning gate counts overrides only
// after it, so that a promoted class starts with a clean slate.
func (s *Store) LastPromotion(ctx context.Context, project, class string) (time.Time, error) {
	if err := errors.Join(required("project", project), required("fix class", class)); err != nil {
		return time.Time{}, fmt.Errorf("last promotion: %w", err)
	}
	var at time.Time
	if err := s.queryRow(ctx, s.db, "SELECT MAX(promoted_at) FROM demotions WHERE project = ? AND class = ?",
		project, class).Scan(dbTime{&at}); err != nil {
		return time.Time{}, fmt.Errorf("last promotion of %s in %s: %w", class, project, err)
	}
	return at, nil
}

// activeDemotion reads the demotion of class that holds for project;
// sql.ErrNoRows when none does.
func (s *Store) activeDemotion(ctx context.Context, project, class string) (Demotion, error) {
	return scanDemotion(s.queryRow(ctx, s.db, "SELECT "+demotionColumns+` FROM demotions
		WHERE project = ? AND class = ? AND promoted_at IS NULL`, project, class))
}

const demotionColumns = "id, project, class, reason, demoted_at, promoted_at, promoted_by"

func scanDemotion(row interface{ Scan(...any) error }) (Demotion, error) {
	var d Demotion
	err := row.Scan(&d.ID, &d.Project, &d.Class, &d.Reason, dbTime{&d.DemotedAt}, dbTime{&d.PromotedAt}, &d.PromotedBy)
	return d, err
}
