package store_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/driftfix/driftfix/store"
)

const lease = "schedule:web"

func testLeaseExpiry(t *testing.T, h *harness) {
	a, b := h.open(t), h.open(t) // two processes
	c := ctx(t)
	const ttl = 30 * time.Second

	step := 0
	expect := func(what string, got bool, err error, want bool) {
		t.Helper()
		step++
		if err != nil {
			t.Fatalf("step %d, %s: %v", step, what, err)
		}
		if got != want {
			t.Fatalf("step %d, %s = %v, want %v", step, what, got, want)
		}
	}
	holder := func(want string) {
		t.Helper()
		l, err := b.CurrentLease(c, lease)
		if want == "" {
			if !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("CurrentLease = %+v, %v; want nobody", l, err)
			}
			return
		}
		if err != nil || l.Holder != want {
			t.Fatalf("CurrentLease = %+v, %v; want held by %s", l, err, want)
		}
	}

	t0 := stored(h.clock.Now())
	ok, err := a.AcquireLease(c, lease, "replica-a", ttl)
	expect("a acquires a free lease", ok, err, true)
	ok, err = b.AcquireLease(c, lease, "replica-b", ttl)
	expect("b acquires a's lease", ok, err, false)
	holder("replica-a")
	ok, err = a.AcquireLease(c, "schedule:db", "replica-b", ttl)
	expect("another lease is independent", ok, err, true)

	h.clock.Advance(ttl - time.Second)
	ok, err = b.AcquireLease(c, lease, "replica-b", ttl)
	expect("b acquires a second before expiry", ok, err, false)
	ok, err = a.RenewLease(c, lease, "replica-a", ttl) // now expires at t0+59s
	expect("a renews in time", ok, err, true)

	h.clock.Advance(ttl - time.Second) // t0+58s
	ok, err = b.AcquireLease(c, lease, "replica-b", ttl)
	expect("b acquires before the renewed expiry", ok, err, false)
	ok, err = a.AcquireLease(c, lease, "replica-a", ttl) // re-acquiring extends: expires at t0+88s
	expect("a acquires its own lease again", ok, err, true)
	l, err := a.CurrentLease(c, lease)
	if err != nil || l.AcquiredAt != t0 || l.ExpiresAt != t0.Add(88*time.Second) {
		t.Fatalf("lease = %+v, %v; want acquired at %v, expiring at %v", l, err, t0, t0.Add(88*time.Second))
	}

	h.clock.Advance(30 * time.Second) // t0+88s: expired exactly now
	holder("")
	ok, err = a.RenewLease(c, lease, "replica-a", ttl)
	expect("a renews an expired lease", ok, err, false)
	ok, err = b.AcquireLease(c, lease, "replica-b", ttl)
	expect("b takes over the expired lease", ok, err, true)
	holder("replica-b")
	ok, err = a.RenewLease(c, lease, "replica-a", ttl)
	expect("a renews a lease b took over", ok, err, false)
	ok, err = a.AcquireLease(c, lease, "replica-a", ttl)
	expect("a acquires b's lease", ok, err, false)

	if err := a.ReleaseLease(c, lease, "replica-a"); err != nil {
		t.Fatal(err)
	}
	holder("replica-b") // a's release does not free b's lease
	if err := b.ReleaseLease(c, lease, "replica-b"); err != nil {
		t.Fatal(err)
	}
	holder("")
	ok, err = a.AcquireLease(c, lease, "replica-a", ttl)
	expect("a acquires the released lease at once", ok, err, true)

	for _, tc := range []struct {
		name, lease, holder string
		ttl                 time.Duration
	}{
		{"no name", "", "a", ttl},
		{"no holder", lease, "", ttl},
		{"no ttl", lease, "a", 0},
	} {
		if _, err := a.AcquireLease(c, tc.lease, tc.holder, tc.ttl); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s: AcquireLease error %v, want ErrInvalid", tc.name, err)
		}
	}
}

// Two processes, four goroutines each, race for one lease: in every round
// exactly one wins, and while free-running nobody ever shares it.
func testLeaseRace(t *testing.T, h *harness) {
	handles := []*store.Store{h.open(t), h.open(t)}
	c := ctx(t)
	const perHandle, rounds = 4, 25
	contenders := perHandle * len(handles)
	contend := func(i int) (*store.Store, string) {
		return handles[i%len(handles)], fmt.Sprintf("replica-%d", i)
	}

	for round := range rounds {
		var wg sync.WaitGroup
		var mu sync.Mutex
		var winners []string
		var errs []error
		start := make(chan struct{})
		for i := range contenders {
			s, holder := contend(i)
			wg.Go(func() {
				<-start
				ok, err := s.AcquireLease(c, lease, holder, time.Hour)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				}
				if ok {
					winners = append(winners, holder)
				}
			})
		}
		close(start)
		wg.Wait()
		if len(errs) > 0 {
			t.Fatalf("round %d: %v", round, errors.Join(errs...))
		}
		if len(winners) != 1 {
			t.Fatalf("round %d: %d holders at once: %v", round, len(winners), winners)
		}
		s, _ := contend(0)
		if err := s.ReleaseLease(c, lease, winners[0]); err != nil {
			t.Fatal(err)
		}
	}

	// Free-running: acquire, hold, release, again; holding is counted in
	// this process, so two holders at once would show.
	var holding, acquired atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, contenders)
	for i := range contenders {
		s, holder := contend(i)
		wg.Go(func() {
			for range 15 {
				ok, err := s.AcquireLease(c, lease, holder, time.Hour)
				if err != nil {
					errs <- err
					return
				}
				if !ok {
					continue
				}
				acquired.Add(1)
				if n := holding.Add(1); n != 1 {
					errs <- fmt.Errorf("%s holds the lease with %d others", holder, n-1)
				}
				holding.Add(-1)
				if err := s.ReleaseLease(c, lease, holder); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if acquired.Load() == 0 {
		t.Error("nobody ever acquired the lease")
	}
}
