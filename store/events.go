package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Event is a webhook delivery waiting in, or worked off, the event queue.
type Event struct {
	ID             int64
	DeliveryID     string // the sender's id for the delivery (X-GitHub-Delivery)
	Type           string // the sender's event type (X-GitHub-Event)
	Payload        []byte
	ReceivedAt     time.Time
	Attempts       int       // how often a worker claimed it
	ClaimedBy      string    // the last worker that claimed it
	ClaimExpiresAt time.Time // when that claim lapses, unless the event is done first
	ProcessedAt    time.Time // zero until MarkEventDone
	Error          string    // why processing failed; "" when it succeeded
}

// SaveEvent stores a received event before it is acknowledged, and reports
// whether it was new (a zero receivedAt is now): a delivery id already stored (a redelivery) is
// refused, inserted is false and the stored event stays as it was.
func (s *Store) SaveEvent(ctx context.Context, deliveryID, eventType string, payload []byte, receivedAt time.Time) (inserted bool, err error) {
	if err := errors.Join(required("delivery id", deliveryID), required("event type", eventType)); err != nil {
		return false, fmt.Errorf("save event: %w", err)
	}
	if payload == nil {
		payload = []byte{}
	}
	if receivedAt.IsZero() {
		receivedAt = s.now()
	}
	var id int64
	err = s.queryRow(ctx, s.db, `INSERT INTO events (delivery_id, event_type, payload, received_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (delivery_id) DO NOTHING RETURNING id`,
		deliveryID, eventType, payload, s.t(receivedAt)).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("save event %s: %w", deliveryID, err)
	}
	return true, nil
}

// ClaimEvent gives worker the oldest event that is neither done nor
// claimed (a claim lapses ttl after it was made, so the events of a worker
// that crashed are worked off by another), and reports whether there was
// one. Each event goes to one worker at a time: the pick and the claim are
// one statement, and on PostgreSQL concurrent claimers skip each other's
// rows. The caller reads Attempts to give up on an event that keeps failing.
func (s *Store) ClaimEvent(ctx context.Context, worker string, ttl time.Duration) (Event, bool, error) {
	if err := errors.Join(required("worker", worker), positive("claim ttl", ttl)); err != nil {
		return Event{}, false, fmt.Errorf("claim event: %w", err)
	}
	now := s.now()
	claimable := "processed_at IS NULL AND (claim_expires_at IS NULL OR claim_expires_at <= ?)"
	e, err := scanEvent(s.queryRow(ctx, s.db, `UPDATE events SET claimed_by = ?, claim_expires_at = ?, attempts = attempts + 1
		WHERE id = (SELECT id FROM events WHERE `+claimable+` ORDER BY received_at, id LIMIT 1`+s.dialect.skipLocked+`)
		AND `+claimable+`
		RETURNING `+eventColumns,
		worker, s.t(now.Add(ttl)), s.t(now), s.t(now)))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Event{}, false, nil
	case err != nil:
		return Event{}, false, fmt.Errorf("claim event for %s: %w", worker, err)
	}
	return e, true, nil
}

// MarkEventDone records that event id was processed, successfully when
// errText is "", and takes it off the queue for good (a failed event is not
// retried; a crashed worker's is). When it is marked twice the first
// outcome stands.
func (s *Store) MarkEventDone(ctx context.Context, id int64, errText string) error {
	res, err := s.exec(ctx, s.db, `UPDATE events SET processed_at = ?, error = ?, claim_expires_at = NULL
		WHERE id = ? AND processed_at IS NULL`, s.t(s.now()), errText, id)
	if err != nil {
		return fmt.Errorf("mark event %d done: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("mark event %d done: %w", id, err)
	} else if n == 0 && !s.exists(ctx, "events", id) {
		return fmt.Errorf("mark event %d done: %w", id, ErrNotFound)
	}
	return nil
}

// Event returns event id as the queue holds it.
func (s *Store) Event(ctx context.Context, id int64) (Event, error) {
	e, err := scanEvent(s.queryRow(ctx, s.db, "SELECT "+eventColumns+" FROM events WHERE id = ?", id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Event{}, fmt.Errorf("event %d: %w", id, ErrNotFound)
	case err != nil:
		return Event{}, fmt.Errorf("event %d: %w", id, err)
	}
	return e, nil
}

// PendingEvents counts the events not done yet, claimed or not.
func (s *Store) PendingEvents(ctx context.Context) (int, error) {
	var n int
	if err := s.queryRow(ctx, s.db, "SELECT COUNT(*) FROM events WHERE processed_at IS NULL").Scan(&n); err != nil {
		return 0, fmt.Errorf("pending events: %w", err)
	}
	return n, nil
}

const eventColumns = `id, delivery_id, event_type, payload, received_at, attempts, claimed_by, claim_expires_at,
	processed_at, error`

func scanEvent(row *sql.Row) (Event, error) {
	var e Event
	err := row.Scan(&e.ID, &e.DeliveryID, &e.Type, &e.Payload, dbTime{&e.ReceivedAt}, &e.Attempts, &e.ClaimedBy,
		dbTime{&e.ClaimExpiresAt}, dbTime{&e.ProcessedAt}, &e.Error)
	return e, err
}
