package schedules

import "time"

// Clock is where the scheduler reads the time and waits for it. The real
// one (used when Options.Clock is nil) is the system clock; tests pass a
// clock they advance by hand, so they never sleep.
type Clock interface {
	// Now is the current time. A schedule without CRON_TZ= is read in the
	// location of this time (time.Local for the system clock).
	Now() time.Time
	// NewTimer returns a timer that delivers the time on its channel once d
	// has passed (at once if d <= 0).
	NewTimer(d time.Duration) Timer
}

// Timer is a one-shot timer made by a Clock.
type Timer interface {
	// C delivers the time once, when the timer fires.
	C() <-chan time.Time
	// Stop prevents the timer from firing; it reports whether it did so.
	Stop() bool
}

// systemClock is the Clock of time.Now and time.NewTimer.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTimer(d time.Duration) Timer { return systemTimer{time.NewTimer(d)} }

type systemTimer struct{ t *time.Timer }

func (t systemTimer) C() <-chan time.Time { return t.t.C }

func (t systemTimer) Stop() bool { return t.t.Stop() }
