-- Runs and their steps, findings, overrides and applies.
-- Times are UTC text in the fixed-width form 2006-01-02T15:04:05.000000Z,
-- so comparing the text compares the times. Lists are JSON arrays of strings.

CREATE TABLE runs (
	id                INTEGER PRIMARY KEY,
	project           TEXT    NOT NULL,
	triggered_by      TEXT    NOT NULL,
	status            TEXT    NOT NULL,
	started_at        TEXT    NOT NULL,
	finished_at       TEXT,
	decision          TEXT    NOT NULL DEFAULT 'none',
	decision_reasons  TEXT    NOT NULL DEFAULT '[]',
	dry_run           INTEGER NOT NULL DEFAULT 0,
	commit_sha        TEXT    NOT NULL DEFAULT '',
	pull_request_url  TEXT    NOT NULL DEFAULT '',
	error             TEXT    NOT NULL DEFAULT '',
	skip_reason       TEXT    NOT NULL DEFAULT '',
	observed_findings INTEGER,
	drifted_resources INTEGER
) STRICT;
CREATE INDEX runs_by_project ON runs (project, started_at);
CREATE INDEX runs_by_start ON runs (started_at);

CREATE TABLE steps (
	id          INTEGER PRIMARY KEY,
	run_id      INTEGER NOT NULL REFERENCES runs (id),
	name        TEXT    NOT NULL,
	status      TEXT    NOT NULL,
	started_at  TEXT    NOT NULL,
	finished_at TEXT,
	summary     TEXT    NOT NULL DEFAULT '',
	detail      TEXT
) STRICT;
CREATE INDEX steps_by_run ON steps (run_id);

CREATE TABLE findings (
	project          TEXT    NOT NULL,
	fingerprint      TEXT    NOT NULL,
	rule             TEXT    NOT NULL,
	severity         TEXT    NOT NULL,
	class            TEXT    NOT NULL,
	address          TEXT    NOT NULL,
	file             TEXT    NOT NULL,
	line             INTEGER NOT NULL,
	kind             TEXT    NOT NULL,
	priority         INTEGER NOT NULL,
	priority_reasons TEXT    NOT NULL,
	first_seen_at    TEXT    NOT NULL,
	last_seen_at     TEXT    NOT NULL,
	opened_at        TEXT    NOT NULL,
	first_run_id     INTEGER NOT NULL REFERENCES runs (id),
	last_run_id      INTEGER NOT NULL REFERENCES runs (id),
	reopened         INTEGER NOT NULL DEFAULT 0,
	resolved_at      TEXT,
	resolution       TEXT    NOT NULL DEFAULT '',
	resolved_run_id  INTEGER REFERENCES runs (id),
	PRIMARY KEY (project, fingerprint)
) STRICT;
CREATE INDEX findings_by_resolution ON findings (resolved_at);

CREATE TABLE overrides (
	id          INTEGER PRIMARY KEY,
	project     TEXT    NOT NULL,
	fingerprint TEXT    NOT NULL,
	class       TEXT    NOT NULL,
	fix_run_id  INTEGER NOT NULL REFERENCES runs (id),
	detected_at TEXT    NOT NULL,
	how         TEXT    NOT NULL,
	UNIQUE (project, fingerprint, fix_run_id)
) STRICT;
CREATE INDEX overrides_by_detection ON overrides (detected_at);

CREATE TABLE applies (
	id                   INTEGER PRIMARY KEY,
	run_id               INTEGER NOT NULL REFERENCES runs (id),
	project              TEXT    NOT NULL,
	plan_sha256          TEXT    NOT NULL,
	decision             TEXT    NOT NULL,
	changes              INTEGER NOT NULL,
	applied_at           TEXT    NOT NULL,
	verified             INTEGER NOT NULL DEFAULT 0,
	verified_at          TEXT,
	unverified_addresses TEXT    NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX applies_by_time ON applies (applied_at);
