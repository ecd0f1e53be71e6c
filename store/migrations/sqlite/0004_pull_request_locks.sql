-- The locks of `driftfix serve`'s pull-request workflow: one project
-- directory and workspace of one repository is held by the pull request
-- that planned it first, until that pull request is merged or closed or
-- someone comments `driftfix unlock`.

CREATE TABLE pull_request_locks (
	repository   TEXT    NOT NULL,
	dir          TEXT    NOT NULL,
	workspace    TEXT    NOT NULL,
	project      TEXT    NOT NULL,
	pull_request INTEGER NOT NULL,
	url          TEXT    NOT NULL DEFAULT '',
	author       TEXT    NOT NULL DEFAULT '',
	locked_at    TEXT    NOT NULL,
	PRIMARY KEY (repository, dir, workspace)
) STRICT;
CREATE INDEX pull_request_locks_by_pull ON pull_request_locks (repository, pull_request);
