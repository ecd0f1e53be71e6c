-- Leases that let one of several replicas do a job, and the durable queue
-- of webhook events.

CREATE TABLE leases (
	name        TEXT NOT NULL PRIMARY KEY,
	holder      TEXT NOT NULL,
	acquired_at TEXT NOT NULL,
	expires_at  TEXT NOT NULL
) STRICT;

CREATE TABLE events (
	id               INTEGER PRIMARY KEY,
	delivery_id      TEXT    NOT NULL UNIQUE,
	event_type       TEXT    NOT NULL,
	payload          BLOB    NOT NULL,
	received_at      TEXT    NOT NULL,
	attempts         INTEGER NOT NULL DEFAULT 0,
	claimed_by       TEXT    NOT NULL DEFAULT '',
	claim_expires_at TEXT,
	processed_at     TEXT,
	error            TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX events_pending ON events (received_at, id) WHERE processed_at IS NULL;
