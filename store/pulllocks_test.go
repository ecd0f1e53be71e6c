package store_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/driftfix/driftfix/store"
)

func prLock(dir string, number int) store.PullRequestLock {
	return store.PullRequestLock{
		Repository: "acme/infra", Dir: dir, Workspace: "default", Project: "p-" + dir,
		PullRequest: number, URL: fmt.Sprintf("https://github.test/acme/infra/pull/%d", number), Author: "dev",
	}
}

func testPullRequestLocks(t *testing.T, h *harness) {
	s := h.open(t)
	c := ctx(t)
	// #7 plans two projects; #8 wants one of them and a third.
	for _, l := range []store.PullRequestLock{prLock("net", 7), prLock("app", 7)} {
		held, ok, err := s.LockForPullRequest(c, l)
		if err != nil || !ok || held.PullRequest != 7 || !held.LockedAt.Equal(stored(h.clock.Now())) {
			t.Fatalf("lock %s for #7: %+v %v %v", l.Dir, held, ok, err)
		}
	}
	h.clock.Advance(5)
	held, ok, err := s.LockForPullRequest(c, prLock("app", 8))
	if err != nil || ok || held.PullRequest != 7 || held.URL != prLock("app", 7).URL || held.Project != "p-app" {
		t.Fatalf("#8 took #7's lock, or was not told the holder: %+v %v %v", held, ok, err)
	}
	if _, ok, err := s.LockForPullRequest(c, prLock("db", 8)); err != nil || !ok {
		t.Fatalf("#8 could not lock a free directory: %v %v", ok, err)
	}
	// the same directory in another workspace or repository is another lock
	other := prLock("app", 8)
	other.Workspace = "staging"
	if _, ok, err := s.LockForPullRequest(c, other); err != nil || !ok {
		t.Fatalf("another workspace: %v %v", ok, err)
	}
	other = prLock("app", 8)
	other.Repository = "acme/other"
	if _, ok, err := s.LockForPullRequest(c, other); err != nil || !ok {
		t.Fatalf("another repository: %v %v", ok, err)
	}
	// planning again keeps the first lock time
	before := stored(h.clock.Now())
	h.clock.Advance(1e9)
	held, ok, err = s.LockForPullRequest(c, prLock("app", 7))
	if err != nil || !ok || held.LockedAt.After(before) {
		t.Fatalf("re-lock by the holder: %+v %v %v", held, ok, err)
	}

	locks, err := s.PullRequestLocks(c, "acme/infra", 7)
	if err != nil || len(locks) != 2 || locks[0].Dir != "app" || locks[1].Dir != "net" {
		t.Fatalf("#7's locks: %+v %v", locks, err)
	}
	released, err := s.UnlockPullRequest(c, "acme/infra", 7)
	if err != nil || len(released) != 2 {
		t.Fatalf("unlock #7: %+v %v", released, err)
	}
	if locks, err := s.PullRequestLocks(c, "acme/infra", 7); err != nil || len(locks) != 0 {
		t.Fatalf("#7 still holds %+v %v", locks, err)
	}
	if _, ok, err := s.LockForPullRequest(c, prLock("app", 8)); err != nil || !ok {
		t.Fatalf("#8 after #7 released: %v %v", ok, err)
	}
	if released, err := s.UnlockPullRequest(c, "acme/infra", 99); err != nil || len(released) != 0 {
		t.Fatalf("unlock of a pull request holding nothing: %+v %v", released, err)
	}

	for _, bad := range []store.PullRequestLock{{}, {Repository: "a/b", Dir: ".", Workspace: "default", Project: "x"}} {
		if _, _, err := s.LockForPullRequest(c, bad); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("LockForPullRequest(%+v) = %v; want ErrInvalid", bad, err)
		}
	}
}

// Pull requests on two replicas race for one directory: exactly one holds it.
func testPullRequestLockRace(t *testing.T, h *harness) {
	handles := []*store.Store{h.open(t), h.open(t)}
	c := ctx(t)
	for round := range 20 {
		dir := fmt.Sprintf("dir%d", round)
		var wg sync.WaitGroup
		var mu sync.Mutex
		winners := map[int]bool{}
		holders := map[int]bool{}
		start := make(chan struct{})
		for i := range 8 {
			number := 100 + i
			wg.Go(func() {
				<-start
				held, ok, err := handles[i%2].LockForPullRequest(c, prLock(dir, number))
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					winners[number] = true
				}
				holders[held.PullRequest] = true
			})
		}
		close(start)
		wg.Wait()
		if len(winners) != 1 || len(holders) != 1 {
			t.Fatalf("round %d: winners %v, holders named %v; want one", round, winners, holders)
		}
	}
}
