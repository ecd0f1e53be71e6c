package schedules

import (
	"sync"
	"time"
)

// fakeClock is a Clock that moves only when the test sets it. Every timer
// the scheduler arms is announced on armed, so a test knows when the
// scheduler has handled a tick and is waiting again.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
	armed  chan time.Time // the deadline of each timer made
}

type fakeTimer struct {
	clock *fakeClock
	at    time.Time
	c     chan time.Time
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, armed: make(chan time.Time, 100)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTimer(d time.Duration) Timer {
	c.mu.Lock()
	t := &fakeTimer{clock: c, at: c.now.Add(d), c: make(chan time.Time, 1)}
	if d <= 0 {
		t.c <- c.now
	} else {
		c.timers = append(c.timers, t)
	}
	c.mu.Unlock()
	c.armed <- t.at
	return t
}

// set moves the clock to now and fires the timers that are due; it returns
// how many fired.
func (c *fakeClock) set(now time.Time) int {
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

// pending is how many timers are armed and not yet fired or stopped.
func (c *fakeClock) pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

func (t *fakeTimer) C() <-chan time.Time { return t.c }

func (t *fakeTimer) Stop() bool {
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
