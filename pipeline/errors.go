package pipeline

import "errors"

var (
	// ErrNoPlan: apply found no classified plan for the project.
	ErrNoPlan = errors.New("no classified plan: run driftfix plan first")
	// ErrStale: the code or the state changed since the plan was made.
	ErrStale = errors.New("the plan is stale")
	// ErrNeedsApproval: the decision is review and --approve was not given.
	ErrNeedsApproval = errors.New("the plan needs review")
	// ErrDestroy: the plan deletes or replaces something and --allow-destroy was not given.
	ErrDestroy = errors.New("the plan destroys resources")
	// ErrApplied: the saved plan was applied already.
	ErrApplied = errors.New("the saved plan was already applied")
)
