package schedules

import "time"

// Reason says why a tick did not run.
type Reason string

// The reasons a tick is skipped.
const (
	// ReasonOverlap: the job's previous run was still going at the tick.
	ReasonOverlap Reason = "overlap"
	// ReasonLimit: the tick waited for a free slot under
	// Options.MaxConcurrent until the job's next tick, which took its place.
	ReasonLimit Reason = "concurrency limit"
	// ReasonTakenElsewhere: Options.Acquire said another replica runs this
	// tick.
	ReasonTakenElsewhere Reason = "taken elsewhere"
	// ReasonGuardFailed: Options.Acquire returned an error (passed along).
	ReasonGuardFailed Reason = "guard failed"
	// ReasonStopping: the scheduler was stopping before the run began (the
	// tick was waiting for a slot, or Stop came while Acquire ran).
	ReasonStopping Reason = "stopping"
)

// Observer hears what the scheduler does, so the runner can record it (a
// skipped tick is a row in the store). Nil fields are not called. The
// functions may be called from several goroutines at once; they must return
// quickly and must not call the Scheduler's methods.
//
// A tick is the job's nominal time from its schedule, without jitter: the
// same on every replica, and the key a distributed guard uses.
type Observer struct {
	// OnStart is called just before a job's Run is called for tick.
	OnStart func(job string, tick time.Time)
	// OnFinish is called after that Run returned, with what it returned (a
	// panic in Run becomes an error). By then the run no longer holds its
	// job or its slot: a tick coming now would start a new run.
	OnFinish func(job string, tick time.Time, err error)
	// OnSkip is called when tick does not run, saying why; err is the guard's
	// error for ReasonGuardFailed and nil otherwise.
	OnSkip func(job string, tick time.Time, reason Reason, err error)
}

// skip is an OnSkip call collected under the scheduler's lock and made
// after it is released.
type skip struct {
	job    string
	tick   time.Time
	reason Reason
	err    error
}

func (o Observer) started(job string, tick time.Time) {
	if o.OnStart != nil {
		o.OnStart(job, tick)
	}
}

func (o Observer) finished(job string, tick time.Time, err error) {
	if o.OnFinish != nil {
		o.OnFinish(job, tick, err)
	}
}

func (o Observer) skipped(skips ...skip) {
	if o.OnSkip == nil {
		return
	}
	for _, s := range skips {
		o.OnSkip(s.job, s.tick, s.reason, s.err)
	}
}
