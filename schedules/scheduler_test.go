package schedules

import (
	"slices"
	"testing"
	"time"
)

// step is one thing a scenario does: move the clock to at ("15:04" on the
// scenario's day), or let job finish's run return; then it expects exactly
// the events want.
type step struct {
	at     string
	finish string
	want   []string
}

func TestScenarios(t *testing.T) {
	hourly := func(names ...string) []testJob {
		var js []testJob
		for _, n := range names {
			js = append(js, testJob{name: n, spec: "0 * * * *"})
		}
		return js
	}
	tests := []struct {
		name     string
		start    string
		limit    int
		jobs     []testJob
		steps    []step
		stopWant []string // events of Stop at the end
	}{
		{
			name:  "runs on each tick and not between",
			start: "09:30",
			jobs:  hourly("a"),
			steps: []step{
				{at: "09:59:59"},
				{at: "10:00", want: []string{"start a 10:00"}},
				{finish: "a", want: []string{"finish a 10:00: ok"}},
				{at: "10:59"},
				{at: "11:00", want: []string{"start a 11:00"}},
				{finish: "a", want: []string{"finish a 11:00: ok"}},
			},
		},
		{
			name:  "a tick while the run goes is skipped as overlap",
			start: "09:30",
			jobs:  hourly("a"),
			steps: []step{
				{at: "10:00", want: []string{"start a 10:00"}},
				{at: "11:00", want: []string{"skip a 11:00: overlap"}},
				{at: "12:00", want: []string{"skip a 12:00: overlap"}},
				{finish: "a", want: []string{"finish a 10:00: ok"}},
				{at: "13:00", want: []string{"start a 13:00"}},
			},
			stopWant: []string{"finish a 13:00: scheduler stopped"},
		},
		{
			name:  "one job's overlap does not hold back another",
			start: "09:30",
			jobs:  hourly("a", "b"),
			steps: []step{
				{at: "10:00", want: []string{"start a 10:00", "start b 10:00"}},
				{finish: "b", want: []string{"finish b 10:00: ok"}},
				{at: "11:00", want: []string{"skip a 11:00: overlap", "start b 11:00"}},
			},
			stopWant: []string{"finish a 10:00: scheduler stopped", "finish b 11:00: scheduler stopped"},
		},
		{
			name:  "at the limit a tick waits for a slot",
			start: "09:30",
			limit: 1,
			jobs:  hourly("a", "b"),
			steps: []step{
				{at: "10:00", want: []string{"start a 10:00"}},
				{finish: "a", want: []string{"finish a 10:00: ok", "start b 10:00"}},
				{finish: "b", want: []string{"finish b 10:00: ok"}},
			},
		},
		{
			name:  "slots go to waiting ticks in the order they came",
			start: "09:30",
			limit: 2,
			jobs: []testJob{
				{name: "a", spec: "0 * * * *"},
				{name: "b", spec: "0 * * * *"},
				{name: "c", spec: "5 * * * *"},
				{name: "d", spec: "0 * * * *"},
			},
			steps: []step{
				// a and b take the slots; d waits, then c
				{at: "10:00", want: []string{"start a 10:00", "start b 10:00"}},
				{at: "10:05"},
				{finish: "b", want: []string{"finish b 10:00: ok", "start d 10:00"}},
				{finish: "a", want: []string{"finish a 10:00: ok", "start c 10:05"}},
				{finish: "c", want: []string{"finish c 10:05: ok"}},
				{finish: "d", want: []string{"finish d 10:00: ok"}},
			},
		},
		{
			name:  "a tick still waiting at the job's next tick is skipped for it",
			start: "09:50",
			limit: 1,
			jobs: []testJob{
				{name: "a", spec: "0 * * * *"},
				{name: "b", spec: "*/20 * * * *"},
			},
			steps: []step{
				{at: "10:00", want: []string{"start a 10:00"}}, // b waits
				{at: "10:20", want: []string{"skip b 10:00: concurrency limit"}},
				{at: "10:40", want: []string{"skip b 10:20: concurrency limit"}},
				{finish: "a", want: []string{"finish a 10:00: ok", "start b 10:40"}},
				{at: "11:00", want: []string{"skip b 11:00: overlap"}}, // a waits
				{finish: "b", want: []string{"finish b 10:40: ok", "start a 11:00"}},
			},
			stopWant: []string{"finish a 11:00: scheduler stopped"},
		},
		{
			name:  "after a clock jump the latest due tick runs once",
			start: "09:30",
			jobs:  hourly("a"),
			steps: []step{
				{at: "13:30", want: []string{"start a 13:00"}},
				{finish: "a", want: []string{"finish a 13:00: ok"}},
				{at: "14:00", want: []string{"start a 14:00"}},
			},
			stopWant: []string{"finish a 14:00: scheduler stopped"},
		},
		{
			name:  "@every counts from start",
			start: "09:10",
			jobs:  []testJob{{name: "a", spec: "@every 90m"}},
			steps: []step{
				{at: "10:39"},
				{at: "10:40", want: []string{"start a 10:40"}},
				{finish: "a", want: []string{"finish a 10:40: ok"}},
				{at: "12:10", want: []string{"start a 12:10"}},
			},
			stopWant: []string{"finish a 12:10: scheduler stopped"},
		},
		{
			name:  "descriptors and ranges",
			start: "09:30",
			jobs: []testJob{
				{name: "daily", spec: "@daily"},
				{name: "hourly", spec: "@hourly"},
				{name: "weekdays", spec: "15 9-17/4 * * 1-5"}, // 2024-01-01 is a Monday
			},
			steps: []step{
				{at: "10:00", want: []string{"start hourly 10:00"}},
				{finish: "hourly", want: []string{"finish hourly 10:00: ok"}},
				{at: "13:15", want: []string{"start hourly 13:00", "start weekdays 13:15"}},
				{finish: "hourly", want: []string{"finish hourly 13:00: ok"}},
				{finish: "weekdays", want: []string{"finish weekdays 13:15: ok"}},
				// the jump passes hourly's 14:00 to 23:00 and weekdays' 17:15
				{at: "23:59", want: []string{"start hourly 23:00", "start weekdays 17:15"}},
				{finish: "hourly", want: []string{"finish hourly 23:00: ok"}},
				{finish: "weekdays", want: []string{"finish weekdays 17:15: ok"}},
				{at: "Jan 2 00:00", want: []string{"start daily Jan 2 00:00", "start hourly Jan 2 00:00"}},
			},
			stopWant: []string{
				"finish daily Jan 2 00:00: scheduler stopped",
				"finish hourly Jan 2 00:00: scheduler stopped",
			},
		},
		{
			name:  "stop skips the ticks waiting for a slot",
			start: "09:30",
			limit: 1,
			jobs:  hourly("a", "b"),
			steps: []step{
				{at: "10:00", want: []string{"start a 10:00"}},
			},
			stopWant: []string{"finish a 10:00: scheduler stopped", "skip b 10:00: stopping"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, clockAt(t, tt.start))
			h.start(Options{MaxConcurrent: tt.limit}, tt.jobs...)
			for _, st := range tt.steps {
				if st.at != "" {
					h.advance(clockAt(t, st.at))
				}
				if st.finish != "" {
					h.finish(st.finish)
				}
				h.expect(st.want...)
			}
			h.stop(tt.stopWant...)
		})
	}
}

// TestAfterStopNothingStarts checks that Stop ends the scheduling: the
// timer is gone, the clock passing ticks starts nothing, and Start does
// not restart it.
func TestAfterStopNothingStarts(t *testing.T) {
	h := newHarness(t, clockAt(t, "09:30"))
	s := h.start(Options{}, testJob{name: "a", spec: "0 * * * *"})
	h.stop()
	if n := h.clock.Pending(); n != 0 {
		t.Errorf("%d timers still armed after Stop", n)
	}
	s.Start()
	for _, at := range []string{"10:00", "11:00", "23:00"} {
		if fired := h.advance(clockAt(t, at)); fired != 0 {
			t.Errorf("at %s after Stop %d timers fired", at, fired)
		}
	}
	h.expectNone()
	if up := s.Upcoming(); len(up) != 0 {
		t.Errorf("Upcoming after Stop = %v, want none", up)
	}
	h.stop() // a second Stop returns at once
}

// TestStopBeforeStart checks that a scheduler stopped before it started
// never arms a timer.
func TestStopBeforeStart(t *testing.T) {
	clock := NewManualClock(clockAt(t, "09:30"))
	sched := everyHour(t)
	s, err := New([]Job{{Name: "a", Schedule: sched, Run: nopRun}}, Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(t.Context()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	s.Start()
	select {
	case at := <-clock.Armed:
		t.Fatalf("a stopped scheduler armed a timer for %s", at)
	default:
	}
}

func TestUpcoming(t *testing.T) {
	h := newHarness(t, clockAt(t, "09:30"))
	s := h.start(Options{MaxJitter: 10 * time.Minute},
		testJob{name: "hourly", spec: "0 * * * *"},
		testJob{name: "early", spec: "45 9 * * *"},
		testJob{name: "daily", spec: "@daily"},
	)
	var got []string
	for _, u := range s.Upcoming() {
		if want := u.Tick.Add(Jitter(u.Job, 10*time.Minute)); !u.At.Equal(want) {
			t.Errorf("%s: At = %s, want tick + jitter = %s", u.Job, u.At, want)
		}
		got = append(got, u.Job+" "+h.when(u.Tick))
	}
	want := []string{"early 09:45", "hourly 10:00", "daily Jan 2 00:00"}
	if !slices.Equal(got, want) {
		t.Errorf("Upcoming = %q, want %q", got, want)
	}
}

// The more urgent job runs first: when ticks fall due together and when
// they wait for a slot.
func TestPriorityOrdersRuns(t *testing.T) {
	h := newHarness(t, clockAt(t, "09:30"))
	s := h.start(Options{MaxConcurrent: 1},
		testJob{name: "a", spec: "0 * * * *"}, testJob{name: "b", spec: "0 * * * *"}, testJob{name: "c", spec: "0 * * * *"})
	s.SetPriority("b", 50)
	s.SetPriority("c", 90)
	s.SetPriority("nobody", 99) // ignored
	h.advance(clockAt(t, "10:00"))
	h.expectInOrder("start c 10:00") // a and b wait
	// the freed slot starts the next run before the finished one is
	// reported, so the two events may come in either order; which job
	// starts is what priority decides
	h.finish("c")
	h.expect("finish c 10:00: ok", "start b 10:00")
	h.finish("b")
	h.expect("finish b 10:00: ok", "start a 10:00")
	h.finish("a")
	h.expectInOrder("finish a 10:00: ok")
	h.stop()
}
