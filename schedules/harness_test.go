package schedules

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	_ "time/tzdata" // the CRON_TZ tests must not depend on the machine's zoneinfo

	"github.com/driftfix/driftfix/config"
)

// hang bounds every wait for something the scheduler does at once; only a
// hang ever reaches it.
const hang = 10 * time.Second

// day is the date the scenario clocks start on: January 1st, so a time
// without a date parses onto it by adding the year.
var day = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// clockAt is "15:04" or "15:04:05" on day, or "Jan 2 15:04" in day's year.
func clockAt(t *testing.T, when string) time.Time {
	t.Helper()
	for _, layout := range []string{"15:04", "15:04:05", "Jan 2 15:04"} {
		if c, err := time.Parse(layout, when); err == nil {
			return c.AddDate(day.Year(), 0, 0) // year 0, January 1st unless given
		}
	}
	t.Fatalf("bad clock time %q", when)
	return time.Time{}
}

// testJob is a job for the harness: its schedule is parsed by
// config.ParseSchedule, as the runner does. Without a run function it runs
// until the test calls finish (or its context ends).
type testJob struct {
	name, spec string
	run        func(ctx context.Context, r *Run) error
}

// harness drives a Scheduler on a fake clock and records what its observer
// hears, as lines like "start a 10:00", "finish a 10:00: ok",
// "skip a 11:00: overlap": an error by its first line, times in UTC, the
// date only when it is not that of the clock's start.
type harness struct {
	t      *testing.T
	clock  *ManualClock
	s      *Scheduler
	day    time.Time
	events chan string
	gates  map[string]chan error
}

func newHarness(t *testing.T, start time.Time) *harness {
	return &harness{
		t:      t,
		clock:  NewManualClock(start),
		day:    start.UTC().Truncate(24 * time.Hour),
		events: make(chan string, 1000),
		gates:  map[string]chan error{},
	}
}

// when formats a time for an event line.
func (h *harness) when(t time.Time) string {
	t = t.UTC()
	if t.Truncate(24 * time.Hour).Equal(h.day) {
		return t.Format("15:04")
	}
	return t.Format("Jan 2 15:04")
}

func (h *harness) record(format string, args ...any) {
	h.events <- fmt.Sprintf(format, args...)
}

// start makes the scheduler with opts (its clock and observer are the
// harness's), starts it and waits until it waits for its first tick.
func (h *harness) start(opts Options, jobs ...testJob) *Scheduler {
	h.t.Helper()
	var js []Job
	for _, j := range jobs {
		sched, err := config.ParseSchedule(j.spec)
		if err != nil {
			h.t.Fatalf("ParseSchedule(%q): %v", j.spec, err)
		}
		run := j.run
		if run == nil {
			gate := make(chan error)
			h.gates[j.name] = gate
			run = func(ctx context.Context, r *Run) error {
				select {
				case err := <-gate:
					return err
				case <-ctx.Done():
					return context.Cause(ctx)
				}
			}
		}
		js = append(js, Job{Name: j.name, Schedule: sched, Run: run})
	}
	opts.Clock = h.clock
	opts.Observer = Observer{
		OnStart: func(job string, tick time.Time) { h.record("start %s %s", job, h.when(tick)) },
		OnFinish: func(job string, tick time.Time, err error) {
			result := "ok"
			if err != nil {
				result, _, _ = strings.Cut(err.Error(), "\n") // a panic's stack follows
			}
			h.record("finish %s %s: %s", job, h.when(tick), result)
		},
		OnSkip: func(job string, tick time.Time, reason Reason, err error) {
			if err != nil {
				h.record("skip %s %s: %s: %v", job, h.when(tick), reason, err)
				return
			}
			h.record("skip %s %s: %s", job, h.when(tick), reason)
		},
	}
	s, err := New(js, opts)
	if err != nil {
		h.t.Fatal(err)
	}
	h.s = s
	h.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), hang)
		defer cancel()
		if err := s.Stop(ctx); err != nil {
			h.t.Errorf("Stop at cleanup: %v", err)
		}
	})
	s.Start()
	h.waitArmed()
	return s
}

// waitArmed waits until the scheduler arms its next timer: it has handled
// everything due and reported every skip of it.
func (h *harness) waitArmed() {
	h.t.Helper()
	select {
	case <-h.clock.Armed:
	case <-time.After(hang):
		h.t.Fatal("the scheduler did not wait for its next tick")
	}
}

// advance moves the clock to t and, if that fired the scheduler's timer,
// waits until it is waiting again. It returns how many timers fired.
func (h *harness) advance(t time.Time) int {
	h.t.Helper()
	fired := h.clock.Set(t)
	if fired > 0 {
		h.waitArmed()
	}
	return fired
}

// finish lets the run of job that is going return nil.
func (h *harness) finish(job string) {
	h.t.Helper()
	gate, ok := h.gates[job]
	if !ok {
		h.t.Fatalf("job %s has no gate", job)
	}
	select {
	case gate <- nil:
	case <-time.After(hang):
		h.t.Fatalf("no run of %s is going", job)
	}
}

// expect waits for exactly the events want, in any order, and fails on
// any other event already recorded.
func (h *harness) expect(want ...string) {
	h.t.Helper()
	got := h.collect(len(want))
	got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		h.t.Fatalf("events:\n got %q\nwant %q", got, want)
	}
	h.expectNone()
}

// expectInOrder is expect where the order matters (events of one run).
func (h *harness) expectInOrder(want ...string) {
	h.t.Helper()
	if got := h.collect(len(want)); !slices.Equal(got, want) {
		h.t.Fatalf("events:\n got %q\nwant %q", got, want)
	}
	h.expectNone()
}

func (h *harness) collect(n int) []string {
	h.t.Helper()
	var got []string
	timeout := time.After(hang)
	for len(got) < n {
		select {
		case e := <-h.events:
			got = append(got, e)
		case <-timeout:
			h.t.Fatalf("after %s, got only %q; want %d events", hang, got, n)
		}
	}
	return got
}

// expectNone fails if an event has been recorded.
func (h *harness) expectNone() {
	h.t.Helper()
	select {
	case e := <-h.events:
		h.t.Fatalf("unexpected event %q", e)
	default:
	}
}

// stop stops the scheduler, expects it to return within hang and the
// events want.
func (h *harness) stop(want ...string) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hang)
	defer cancel()
	if err := h.s.Stop(ctx); err != nil {
		h.t.Fatalf("Stop: %v", err)
	}
	h.expect(want...)
}
