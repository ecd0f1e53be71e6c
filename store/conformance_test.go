package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/driftfix/driftfix/store"
)

// freshDSN returns the DSN of a new, empty database that only the calling
// test uses.
type freshDSN func(t *testing.T) string

// conformance is the one suite every database behind store.Open must pass.
var conformance = []struct {
	name string
	test func(t *testing.T, h *harness)
}{
	{"runs and steps", testRunsAndSteps},
	{"run validation", testRunValidation},
	{"findings lifecycle", testFindingsLifecycle},
	{"findings validation", testFindingsValidation},
	{"findings by fingerprint", testFindingsByFingerprint},
	{"overrides", testOverrides},
	{"applies", testApplies},
	{"fixes: latest per finding, applied counts, pull requests", testFixes},
	{"fixes validation", testFixesValidation},
	{"demote, promote and demote again", testDemotions},
	{"two processes demote one class at once", testDemoteRace},
	{"demotions validation", testDemotionsValidation},
	{"reopen keeps data and migrating again is a no-op", testReopen},
	{"two processes migrate one database at once", testConcurrentMigrate},
	{"lease expiry and takeover", testLeaseExpiry},
	{"two processes race for a lease", testLeaseRace},
	{"pull request locks", testPullRequestLocks},
	{"pull requests race for one lock", testPullRequestLockRace},
	{"event queue", testEventQueue},
	{"two processes share the event queue", testEventQueueRace},
}

// runConformance runs the conformance suite, each test on its own fresh database.
func runConformance(t *testing.T, fresh freshDSN) {
	for _, tc := range conformance {
		t.Run(tc.name, func(t *testing.T) {
			tc.test(t, &harness{dsn: fresh(t), clock: newClock()})
		})
	}
}

// harness opens stores on one test's database, all reading one fake clock.
type harness struct {
	dsn   string
	clock *fakeClock
}

// open opens another store handle (its own connection pool) on the test's
// database, closed when the test ends.
func (h *harness) open(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(t.Context(), h.dsn, store.WithClock(h.clock.Now))
	if err != nil {
		t.Fatalf("open %s: %v", h.dsn, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fakeClock is a settable clock; it starts at a time in a zone that is not
// UTC and with nanoseconds, which the store must normalise.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock {
	zone := time.FixedZone("UTC+2", 2*60*60)
	return &fakeClock{now: time.Date(2026, 3, 14, 9, 26, 53, 589793238, zone)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// stored is t as the store gives it back: UTC, whole microseconds.
func stored(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func ctx(t *testing.T) context.Context { return t.Context() }
