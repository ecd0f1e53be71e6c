package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/driftfix/driftfix/store"
)

func testEventQueue(t *testing.T, h *harness) {
	s := h.open(t)
	c := ctx(t)
	const ttl = time.Minute
	t0 := stored(h.clock.Now())

	// Received out of order: the queue goes by received time.
	payload := []byte("{\"action\":\"opened\"}\x00\xff")
	for _, e := range []struct {
		delivery string
		at       time.Time
		payload  []byte
	}{
		{"d-late", t0.Add(2 * time.Second), []byte(`{"late":true}`)},
		{"d-early", t0, payload},
		{"d-empty", t0.Add(time.Second), nil},
	} {
		if ok, err := s.SaveEvent(c, e.delivery, "pull_request", e.payload, e.at); err != nil || !ok {
			t.Fatalf("SaveEvent(%s) = %v, %v; want inserted", e.delivery, ok, err)
		}
	}
	// A redelivery is refused, and the first payload stays.
	if ok, err := s.SaveEvent(c, "d-early", "issue_comment", []byte("other"), t0.Add(time.Hour)); err != nil || ok {
		t.Fatalf("SaveEvent of a redelivery = %v, %v; want refused", ok, err)
	}
	if n, err := s.PendingEvents(c); err != nil || n != 3 {
		t.Errorf("PendingEvents = %d, %v; want 3", n, err)
	}

	claim := func(worker string) (store.Event, bool) {
		t.Helper()
		e, ok, err := s.ClaimEvent(c, worker, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return e, ok
	}
	first, ok := claim("worker-1")
	want := store.Event{ID: first.ID, DeliveryID: "d-early", Type: "pull_request", Payload: payload, ReceivedAt: t0,
		Attempts: 1, ClaimedBy: "worker-1", ClaimExpiresAt: t0.Add(ttl)}
	if !ok || !reflect.DeepEqual(first, want) {
		t.Fatalf("first claim = %+v, %v; want %+v", first, ok, want)
	}
	second, _ := claim("worker-2")
	third, _ := claim("worker-2")
	if second.DeliveryID != "d-empty" || len(second.Payload) != 0 || third.DeliveryID != "d-late" {
		t.Fatalf("claims went %s, %s, %s; want d-early, d-empty, d-late", first.DeliveryID, second.DeliveryID, third.DeliveryID)
	}
	if e, ok := claim("worker-3"); ok {
		t.Fatalf("claimed %s while every event was claimed", e.DeliveryID)
	}

	// worker-2 finishes its events, one with an error; worker-1 crashes.
	h.clock.Advance(10 * time.Second)
	if err := s.MarkEventDone(c, second.ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkEventDone(c, third.ID, "plan failed: exit 1"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkEventDone(c, third.ID, "second outcome"); err != nil {
		t.Errorf("marking an event done twice: %v", err)
	}
	got, err := s.Event(c, third.ID)
	if err != nil || got.Error != "plan failed: exit 1" || got.ProcessedAt != t0.Add(10*time.Second) {
		t.Errorf("done event = %+v, %v; want processed at %v with the first error", got, err, t0.Add(10*time.Second))
	}
	if _, ok := claim("worker-3"); ok {
		t.Fatal("claimed an event before worker-1's claim lapsed")
	}

	// worker-1's claim lapses and another worker takes the event over.
	h.clock.Advance(ttl)
	retry, ok := claim("worker-3")
	if !ok || retry.ID != first.ID || retry.Attempts != 2 || retry.ClaimedBy != "worker-3" {
		t.Fatalf("claim after the lapse = %+v, %v; want d-early, second attempt, by worker-3", retry, ok)
	}
	if err := s.MarkEventDone(c, retry.ID, ""); err != nil {
		t.Fatal(err)
	}
	if e, ok := claim("worker-3"); ok {
		t.Fatalf("claimed %s with every event done", e.DeliveryID)
	}
	if n, err := s.PendingEvents(c); err != nil || n != 0 {
		t.Errorf("PendingEvents = %d, %v; want 0", n, err)
	}

	if err := s.MarkEventDone(c, third.ID+1000, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("marking an unknown event: %v, want ErrNotFound", err)
	}
	if _, err := s.Event(c, third.ID+1000); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("reading an unknown event: %v, want ErrNotFound", err)
	}
	if _, err := s.SaveEvent(c, "", "push", nil, t0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("saving an event without delivery id: %v, want ErrInvalid", err)
	}
	if _, _, err := s.ClaimEvent(c, "worker", 0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("claiming without ttl: %v, want ErrInvalid", err)
	}
}

// Two processes save the same deliveries at once and then work the queue
// off with three workers each: every delivery is stored once and claimed
// once.
func testEventQueueRace(t *testing.T, h *harness) {
	handles := []*store.Store{h.open(t), h.open(t)}
	c := ctx(t)
	const events = 60
	t0 := h.clock.Now()

	var mu sync.Mutex
	inserted := map[string]int{}
	var wg sync.WaitGroup
	for _, s := range handles {
		wg.Go(func() {
			for i := range events {
				id := fmt.Sprintf("delivery-%03d", i)
				ok, err := s.SaveEvent(c, id, "issue_comment", []byte(id), t0.Add(time.Duration(i)*time.Millisecond))
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					mu.Lock()
					inserted[id]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if len(inserted) != events {
		t.Fatalf("%d deliveries stored, want %d", len(inserted), events)
	}
	for id, n := range inserted {
		if n != 1 {
			t.Errorf("%s stored %d times", id, n)
		}
	}

	claimed := map[string][]string{}
	for w := range 6 {
		s, worker := handles[w%2], fmt.Sprintf("worker-%d", w)
		wg.Go(func() {
			for {
				e, ok, err := s.ClaimEvent(c, worker, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if !ok {
					return
				}
				if string(e.Payload) != e.DeliveryID {
					t.Errorf("%s carries payload %q", e.DeliveryID, e.Payload)
				}
				mu.Lock()
				claimed[e.DeliveryID] = append(claimed[e.DeliveryID], worker)
				mu.Unlock()
				if err := s.MarkEventDone(c, e.ID, ""); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	var twice []string
	for id, workers := range claimed {
		if len(workers) != 1 {
			twice = append(twice, fmt.Sprintf("%s by %v", id, workers))
		}
	}
	sort.Strings(twice)
	if len(claimed) != events || len(twice) > 0 {
		t.Errorf("%d of %d events claimed; claimed more than once: %v", len(claimed), events, twice)
	}
}
