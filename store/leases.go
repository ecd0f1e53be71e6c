package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Lease is a named, expiring right to do something that only one process
// may do at a time, such as running one project's scheduled job when
// several replicas share the database.
type Lease struct {
	Name       string
	Holder     string
	AcquiredAt time.Time
	ExpiresAt  time.Time
}

// AcquireLease makes holder the holder of lease name until now+ttl, and
// reports whether it is: it is when nobody held the lease, when the lease
// had expired (a crashed holder's lease is taken over), or when holder
// already held it (the lease is then extended). Exactly one holder wins
// among processes racing for it: the check and the write are one statement.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	if err := validLease(name, holder, ttl); err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	now := s.now()
	var got string
	err := s.queryRow(ctx, s.db, `INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET
			holder = excluded.holder,
			acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END,
			expires_at = excluded.expires_at
		WHERE leases.holder = excluded.holder OR leases.expires_at <= ?
		RETURNING holder`,
		name, holder, s.t(now), s.t(now.Add(ttl)), s.t(now)).Scan(&got)
	switch {
	case errors.Is(err, sql.ErrNoRows): // someone else holds it
		return false, nil
	case err != nil:
		return false, fmt.Errorf("acquire lease %s for %s: %w", name, holder, err)
	}
	return true, nil
}

// RenewLease extends holder's lease name to now+ttl and reports whether
// holder still held it. False means the lease was lost (it expired, and
// may since have been taken): whatever the lease guarded must stop.
func (s *Store) RenewLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	if err := validLease(name, holder, ttl); err != nil {
		return false, fmt.Errorf("renew lease %s: %w", name, err)
	}
	now := s.now()
	res, err := s.exec(ctx, s.db, `UPDATE leases SET expires_at = ?
		WHERE name = ? AND holder = ? AND expires_at > ?`,
		s.t(now.Add(ttl)), name, holder, s.t(now))
	if err != nil {
		return false, fmt.Errorf("renew lease %s for %s: %w", name, holder, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("renew lease %s for %s: %w", name, holder, err)
	}
	return n == 1, nil
}

// ReleaseLease gives up holder's lease name. Releasing a lease that holder
// does not hold (any more) does nothing.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := s.exec(ctx, s.db, "DELETE FROM leases WHERE name = ? AND holder = ?", name, holder); err != nil {
		return fmt.Errorf("release lease %s for %s: %w", name, holder, err)
	}
	return nil
}

// CurrentLease returns who holds lease name now, or ErrNotFound when
// nobody does (never taken, released, or expired).
func (s *Store) CurrentLease(ctx context.Context, name string) (Lease, error) {
	l := Lease{Name: name}
	err := s.queryRow(ctx, s.db, `SELECT holder, acquired_at, expires_at FROM leases
		WHERE name = ? AND expires_at > ?`, name, s.t(s.now())).
		Scan(&l.Holder, dbTime{&l.AcquiredAt}, dbTime{&l.ExpiresAt})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Lease{}, fmt.Errorf("lease %s: %w", name, ErrNotFound)
	case err != nil:
		return Lease{}, fmt.Errorf("lease %s: %w", name, err)
	}
	return l, nil
}

func validLease(name, holder string, ttl time.Duration) error {
	return errors.Join(required("lease name", name), required("holder", holder), positive("lease ttl", ttl))
}

// positive refuses a duration shorter than the store's time resolution.
func positive(field string, d time.Duration) error {
	if d < time.Microsecond {
		return fmt.Errorf("%w: %s %v is not positive", ErrInvalid, field, d)
	}
	return nil
}
