package schedules

import (
	"context"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// Job is one thing to run on a schedule; for driftfix, one project's cycle.
type Job struct {
	// Name identifies the job (the project's name). It must be unique: it
	// seeds the job's jitter and, with the tick, keys the distributed guard.
	Name string
	// Schedule gives the job's ticks, normally parsed from the project's
	// `schedule` by config.ParseSchedule (five cron fields or a descriptor,
	// with an optional CRON_TZ= or TZ= prefix).
	Schedule cron.Schedule
	// Run does one run. ctx is cancelled (cause ErrStopped) when the
	// scheduler stops, except while the run is inside run.Protect.
	Run func(ctx context.Context, run *Run) error
}

// Options tune a Scheduler; the zero value runs every job on its exact
// ticks, without a concurrency limit or a guard, on the system clock.
type Options struct {
	// MaxConcurrent is the most runs going at once; 0 means no limit. A
	// tick that finds every slot taken waits for one, in the order the ticks
	// came; if the job's next tick comes first, the waiting tick is skipped
	// (ReasonLimit) and the new one waits in its place.
	MaxConcurrent int
	// MaxJitter bounds each job's fixed delay after its ticks (see Jitter);
	// 0 means none.
	MaxJitter time.Duration
	// Acquire, if set, is called before each run, from the run's goroutine
	// and with its context, so that across replicas each tick runs once
	// (driftfix backs it with store leases keyed by job and tick). ok false
	// skips the tick (ReasonTakenElsewhere); an error skips it too
	// (ReasonGuardFailed). When ok is true and release is not nil, release
	// is called once the run has returned and Observer.OnFinish has been
	// called (or the tick was skipped because Stop came during Acquire).
	Acquire func(ctx context.Context, job string, tick time.Time) (release func(), ok bool, err error)
	// Observer hears about runs and skipped ticks.
	Observer Observer
	// Clock is where time comes from; nil is the system clock.
	Clock Clock
}

// validate checks the jobs and options New was given.
func validate(jobs []Job, opts Options) error {
	if opts.MaxConcurrent < 0 {
		return fmt.Errorf("schedules: MaxConcurrent is %d; want 0 (no limit) or more", opts.MaxConcurrent)
	}
	if opts.MaxJitter < 0 {
		return fmt.Errorf("schedules: MaxJitter is %s; want 0 (none) or more", opts.MaxJitter)
	}
	seen := make(map[string]bool, len(jobs))
	for i, j := range jobs {
		switch {
		case j.Name == "":
			return fmt.Errorf("schedules: job %d has no name", i+1)
		case seen[j.Name]:
			return fmt.Errorf("schedules: job %q is given twice", j.Name)
		case j.Schedule == nil:
			return fmt.Errorf("schedules: job %q has no schedule", j.Name)
		case j.Run == nil:
			return fmt.Errorf("schedules: job %q has no Run function", j.Name)
		}
		seen[j.Name] = true
	}
	return nil
}
