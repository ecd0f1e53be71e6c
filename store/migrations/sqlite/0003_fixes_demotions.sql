-- Fixes (what a run fixed in the code, so that a later run knows how a
-- finding was resolved and whether an automatic fix was undone) and
-- demotions (a fix class sent to review for one project by the learning
-- gate, until a person promotes it again).

CREATE TABLE fixes (
	id               INTEGER PRIMARY KEY,
	run_id           INTEGER NOT NULL REFERENCES runs (id),
	project          TEXT    NOT NULL,
	fingerprint      TEXT    NOT NULL,
	rule             TEXT    NOT NULL,
	class            TEXT    NOT NULL,
	address          TEXT    NOT NULL,
	kind             TEXT    NOT NULL,
	applied          INTEGER NOT NULL DEFAULT 0,
	branch           TEXT    NOT NULL DEFAULT '',
	pull_request_url TEXT    NOT NULL DEFAULT '',
	fixed_at         TEXT    NOT NULL,
	UNIQUE (run_id, fingerprint)
) STRICT;
CREATE INDEX fixes_by_fingerprint ON fixes (project, fingerprint, fixed_at);
CREATE INDEX fixes_by_time ON fixes (project, fixed_at);

CREATE TABLE demotions (
	id          INTEGER PRIMARY KEY,
	project     TEXT    NOT NULL,
	class       TEXT    NOT NULL,
	reason      TEXT    NOT NULL,
	demoted_at  TEXT    NOT NULL,
	promoted_at TEXT,
	promoted_by TEXT    NOT NULL DEFAULT ''
) STRICT;
-- At most one demotion of a class holds per project at a time.
CREATE UNIQUE INDEX demotions_active ON demotions (project, class) WHERE promoted_at IS NULL;
CREATE INDEX demotions_by_class ON demotions (project, class, promoted_at);
