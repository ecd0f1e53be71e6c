package schedules

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestAcquire checks the distributed guard: it is asked for each tick with
// the job's name and nominal tick (without jitter); its answer decides
// whether the run goes ahead or the tick is skipped, and its release is
// called after the run has been reported.
func TestAcquire(t *testing.T) {
	const maxJitter = 10 * time.Minute
	offset := Jitter("a", maxJitter)
	h := newHarness(t, clockAt(t, "09:30"))
	answers := map[string]struct {
		ok      bool
		err     error
		release bool
	}{
		"10:00": {ok: true, release: true},
		"11:00": {ok: false},
		"12:00": {err: errors.New("lease store down")},
		"13:00": {ok: true},
	}
	h.start(Options{MaxJitter: maxJitter, Acquire: func(ctx context.Context, job string, tick time.Time) (func(), bool, error) {
		h.record("acquire %s %s", job, h.when(tick))
		a := answers[h.when(tick)]
		if !a.release {
			return nil, a.ok, a.err
		}
		return func() { h.record("release %s %s", job, h.when(tick)) }, a.ok, a.err
	}}, testJob{name: "a", spec: "0 * * * *"})

	steps := []struct {
		at     string // the tick; the clock goes to it plus a's jitter
		finish bool   // the run started and the test lets it finish
		want   []string
	}{
		{at: "10:00", want: []string{"acquire a 10:00", "start a 10:00"}},
		{finish: true, want: []string{"finish a 10:00: ok", "release a 10:00"}},
		{at: "11:00", want: []string{"acquire a 11:00", "skip a 11:00: taken elsewhere"}},
		{at: "12:00", want: []string{"acquire a 12:00", "skip a 12:00: guard failed: lease store down"}},
		{at: "13:00", want: []string{"acquire a 13:00", "start a 13:00"}},
		{finish: true, want: []string{"finish a 13:00: ok"}},
	}
	for _, st := range steps {
		if st.at != "" {
			at := clockAt(t, st.at).Add(offset)
			h.advance(at.Add(-time.Second))
			h.expectNone()
			h.advance(at)
		}
		if st.finish {
			h.finish("a")
		}
		h.expectInOrder(st.want...)
	}
}

// TestTakenElsewhereFreesTheSlot checks that a tick another replica has
// gives its slot to the next waiting tick at once.
func TestTakenElsewhereFreesTheSlot(t *testing.T) {
	h := newHarness(t, clockAt(t, "09:30"))
	h.start(Options{MaxConcurrent: 1, Acquire: func(ctx context.Context, job string, tick time.Time) (func(), bool, error) {
		return nil, job != "a", nil
	}}, testJob{name: "a", spec: "0 * * * *"}, testJob{name: "b", spec: "0 * * * *"})
	h.advance(clockAt(t, "10:00"))
	h.expect("skip a 10:00: taken elsewhere", "start b 10:00")
	h.stop("finish b 10:00: scheduler stopped")
}
