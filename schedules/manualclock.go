package schedules

import (
	"sync"
	"time"
)

// ManualClock is a Clock that moves only when it is Set: tests of
// whatever runs a Scheduler (the server, the runner) drive it with one
// instead of sleeping. Every timer the scheduler arms is announced on
// Armed, so a test knows when the scheduler has handled a tick and is
// waiting again.
type ManualClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*manualTimer
	// Armed receives the deadline of each timer made (buffered; a test
	// that does not read it must not arm more than 100 timers).
	Armed chan time.Time
}

type manualTimer struct {
	clock *ManualClock
	at    time.Time
	c     chan time.Time
}

// NewManualClock returns a clock stopped at now.
func NewManualClock(now time.Time) *ManualClock {
	return &ManualClock{now: now, Armed: make(chan time.Time, 100)}
}

// Now is the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NewTimer arms a timer that fires when the clock is Set at or past d from now.
func (c *ManualClock) NewTimer(d time.Duration) Timer {
	c.mu.Lock()
	t := &manualTimer{clock: c, at: c.now.Add(d), c: make(chan time.Time, 1)}
	if d <= 0 {
		t.c <- c.now
	} else {
		c.timers = append(c.timers, t)
	}
	c.mu.Unlock()
	c.Armed <- t.at
	return t
}

// Set moves the clock to now and fires the timers that are due; it returns
// how many fired.
func (c *ManualClock) Set(now time.Time) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = now
	fired := 0
	pending := c.timers[:0]
	for _, t := range c.timers {
		if t.at.After(now) {
			pending = append(pending, t)
			continue
		}
		t.c <- now
		fired++
	}
	c.timers = pending
	return fired
}

// Pending is how many timers are armed and not yet fired or stopped.
func (c *ManualClock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

func (t *manualTimer) C() <-chan time.Time { return t.c }

func (t *manualTimer) Stop() bool {
	c := t.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, p := range c.timers {
		if p == t {
			c.timers = append(c.timers[:i], c.timers[i+1:]...)
			return true
		}
	}
	return false
}
