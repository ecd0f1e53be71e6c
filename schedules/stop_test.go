package schedules

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// TestStopCancelsBeforeApplyAndWaitsForApply stops the scheduler while one
// run is before its protected section and another is inside it: the first
// is cancelled with ErrStopped at once, the second's context stays live
// until its section returns, Stop waits for it, and afterwards Protect
// refuses and nothing starts.
func TestStopCancelsBeforeApplyAndWaitsForApply(t *testing.T) {
	inApply := make(chan context.Context)
	leaveApply := make(chan struct{})
	var applied atomic.Bool

	h := newHarness(t, clockAt(t, "09:30"))
	s := h.start(Options{},
		testJob{name: "planning", spec: "0 * * * *", run: func(ctx context.Context, r *Run) error {
			<-ctx.Done() // still planning when Stop comes
			if cause := context.Cause(ctx); !errors.Is(cause, ErrStopped) {
				return fmt.Errorf("cancelled with cause %v, want ErrStopped", cause)
			}
			return r.Protect(func() error { return errors.New("apply ran after Stop") })
		}},
		testJob{name: "applying", spec: "0 * * * *", run: func(ctx context.Context, r *Run) error {
			err := r.Protect(func() error {
				inApply <- ctx
				<-leaveApply
				if ctx.Err() != nil {
					return fmt.Errorf("context cancelled inside the protected section: %v", context.Cause(ctx))
				}
				applied.Store(true)
				return nil
			})
			if err != nil {
				return err
			}
			if cause := context.Cause(ctx); !errors.Is(cause, ErrStopped) {
				return fmt.Errorf("after the section the context has cause %v, want ErrStopped", cause)
			}
			if err := r.Protect(func() error { return errors.New("second section ran after Stop") }); !errors.Is(err, ErrStopped) {
				return fmt.Errorf("Protect after Stop = %v, want ErrStopped", err)
			}
			return nil
		}},
	)
	h.advance(clockAt(t, "10:00"))
	h.expect("start applying 10:00", "start planning 10:00")
	var applyCtx context.Context
	select {
	case applyCtx = <-inApply:
	case <-time.After(hang):
		t.Fatal("applying never entered its protected section")
	}

	stopped := make(chan error, 1)
	go func() { stopped <- s.Stop(context.Background()) }()

	// Stop cancels both runs under one lock, so once planning has ended,
	// applying has been asked to stop as well
	h.expect("finish planning 10:00: scheduler stopped")
	if err := applyCtx.Err(); err != nil {
		t.Fatalf("Stop cancelled the run inside its protected section: %v", err)
	}
	select {
	case err := <-stopped:
		t.Fatalf("Stop returned (%v) while a protected section was running", err)
	default:
	}

	close(leaveApply)
	select {
	case err := <-stopped:
		if err != nil {
			t.Fatalf("Stop: %v", err)
		}
	case <-time.After(hang):
		t.Fatal("Stop did not return after the protected section ended")
	}
	if !applied.Load() {
		t.Error("Stop returned before the protected section finished")
	}
	h.expect("finish applying 10:00: ok")

	if fired := h.advance(clockAt(t, "11:00")); fired != 0 {
		t.Errorf("%d timers fired after Stop", fired)
	}
	h.expectNone()
}

// TestStopDeadline checks that Stop gives up waiting when its context ends,
// without cutting the protected section short, and a later Stop waits for
// the rest.
func TestStopDeadline(t *testing.T) {
	inApply := make(chan struct{})
	leaveApply := make(chan struct{})
	h := newHarness(t, clockAt(t, "09:30"))
	s := h.start(Options{}, testJob{name: "a", spec: "0 * * * *", run: func(ctx context.Context, r *Run) error {
		return r.Protect(func() error {
			close(inApply)
			<-leaveApply
			return ctx.Err()
		})
	}})
	h.advance(clockAt(t, "10:00"))
	h.expect("start a 10:00")
	<-inApply

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Stop(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Stop with an ended context = %v, want context.Canceled", err)
	}
	h.expectNone()
	close(leaveApply)
	h.stop("finish a 10:00: ok")
}

// TestStopDuringAcquire checks that the guard gets the run's context: Stop
// cancels it, and the tick is reported as skipped for stopping, not as a
// guard failure; a lease granted all the same is released.
func TestStopDuringAcquire(t *testing.T) {
	tests := []struct {
		name  string
		grant bool // the guard grants the tick although its context ended
		want  []string
	}{
		{"guard gives up", false, []string{"skip a 10:00: stopping"}},
		{"guard grants late", true, []string{"skip a 10:00: stopping", "release a 10:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acquiring := make(chan struct{})
			h := newHarness(t, clockAt(t, "09:30"))
			h.start(Options{Acquire: func(ctx context.Context, job string, tick time.Time) (func(), bool, error) {
				close(acquiring)
				<-ctx.Done()
				if !tt.grant {
					return nil, false, ctx.Err()
				}
				return func() { h.record("release %s %s", job, h.when(tick)) }, true, nil
			}}, testJob{name: "a", spec: "0 * * * *"})
			h.advance(clockAt(t, "10:00"))
			<-acquiring
			h.stop(tt.want...)
		})
	}
}

func TestPanicIsReportedAsError(t *testing.T) {
	h := newHarness(t, clockAt(t, "09:30"))
	h.start(Options{}, testJob{name: "a", spec: "0 * * * *", run: func(context.Context, *Run) error {
		panic("boom")
	}})
	h.advance(clockAt(t, "10:00"))
	h.expect("start a 10:00", `finish a 10:00: job "a" panicked: boom`)
	// the scheduler goes on
	h.advance(clockAt(t, "11:00"))
	h.expect("start a 11:00", `finish a 11:00: job "a" panicked: boom`)
}
