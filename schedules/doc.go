// Package schedules runs jobs on cron schedules: for driftfix, each
// project's cycle on the project's `schedule`. It knows nothing of what a
// run does; a Job is a name, a cron.Schedule and a Run function.
//
// # Times
//
// A job's ticks come from its schedule's Next (robfig/cron/v3), normally
// parsed by config.ParseSchedule: five cron fields or a descriptor
// (@hourly, @daily, @every 90m, …), with an optional CRON_TZ= or TZ=
// prefix naming the time zone the fields are read in. robfig's own Cron
// runner is not used, because its clock cannot be injected; the loop here
// waits on a Clock, which tests advance by hand. A schedule without a time
// zone is read in the clock's location (time.Local for the system clock).
// Across a daylight-saving change a zoned schedule keeps its local time, as
// robfig's Next computes it: a local time the change skips does not fire
// that day, and one the change repeats fires twice. An @every schedule
// counts from Start, so replicas started at different times do not share
// its ticks.
//
// Each job runs a fixed delay after each tick, its jitter: Jitter(name,
// MaxJitter), derived from a hash of the name, the same in every process,
// so that many projects on "0 * * * *" do not all start on the hour. The
// tick passed to Run, the observer and the guard is the nominal one,
// without jitter. If the clock jumps past several ticks of a job (a
// suspended machine), the latest of them runs once.
//
// # No overlap, a limit, a guard
//
// A tick that comes while the job's previous run is still going is skipped
// and reported to Observer.OnSkip with ReasonOverlap. With
// Options.MaxConcurrent set, a tick that finds every slot taken waits for a
// slot, first come first served; if the job's next tick comes before a
// slot does, the waiting tick is skipped (ReasonLimit) and the new one
// waits in its place, so a job never falls more than one tick behind.
// Options.Acquire, if set, is asked before each run whether this replica
// should run the tick; if not, the tick is skipped with
// ReasonTakenElsewhere.
//
// # Stopping
//
// Stop starts no new run and cancels the context of every run going, with
// cause ErrStopped. A run marks the part that must not be interrupted (for
// driftfix: from apply to the record) with Run.Protect: Stop waits for a
// protected section to return and only then cancels the run's context.
// Protect called after Stop returns ErrStopped without running its
// function. Stop returns when every run has returned.
package schedules
