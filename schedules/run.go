package schedules

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrStopped is the cause of a run's context when the scheduler stops it
// (context.Cause(ctx) == ErrStopped), and what Protect returns once the
// scheduler is stopping.
var ErrStopped = errors.New("scheduler stopped")

// Run is one run of a job, handed to Job.Run with the run's context. Its
// Protect marks the part of the run that Stop must wait for instead of
// cancelling (for driftfix: apply, commit, push and record).
type Run struct {
	// Job is the job's name.
	Job string
	// Tick is the nominal time from the job's schedule that this run is for
	// (without jitter).
	Tick time.Time

	cancel context.CancelCauseFunc

	mu        sync.Mutex
	protected int  // Protect calls under way
	stopping  bool // Stop asked this run to end
}

// Protect runs fn, unless the scheduler is already stopping, in which case
// it returns ErrStopped without calling fn. While fn runs, Stop does not
// cancel the run's context: it waits for fn to return, and cancels the
// context then (with cause ErrStopped), so the rest of the run sees it. A
// run calls Protect once it is past the point where stopping cleanly means
// finishing, e.g.
//
//	if err := plan(ctx); err != nil { return err } // cancelled by Stop
//	return run.Protect(func() error { return apply(ctx) })
//
// Protect may be nested and called from several goroutines of the run.
func (r *Run) Protect(fn func() error) error {
	r.mu.Lock()
	if r.stopping {
		r.mu.Unlock()
		return ErrStopped
	}
	r.protected++
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.protected--
		if r.protected == 0 && r.stopping {
			r.cancel(ErrStopped)
		}
		r.mu.Unlock()
	}()
	return fn()
}

// stop cancels the run's context now, or when its protected section ends.
func (r *Run) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopping = true
	if r.protected == 0 {
		r.cancel(ErrStopped)
	}
}
