package store

import "errors"

// ErrNotFound is returned (wrapped) when a run, step, event or lease asked
// for by its key does not exist.
var ErrNotFound = errors.New("not found")

// ErrInvalid is returned (wrapped) when a record is refused before it reaches
// the database: an unknown enum value, a missing project, detail that is not
// JSON, two observations with one fingerprint.
var ErrInvalid = errors.New("invalid")

// ErrNotDemoted is returned (wrapped) by Promote when the class is not
// demoted for the project.
var ErrNotDemoted = errors.New("not demoted")
