package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/driftfix/driftfix/store"
)

// classes lists the project/class of each demotion.
func classes(ds []store.Demotion) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Project+"/"+d.Class)
	}
	return out
}

func testDemotions(t *testing.T, h *harness) {
	s := h.open(t)
	c := ctx(t)
	const reason = "3 of 5 automatic tags fixes overridden in 30 days (60% > 20%)"
	demote := func(project, class, reason string, wantInserted bool) store.Demotion {
		t.Helper()
		d, inserted, err := s.Demote(c, project, class, reason)
		if err != nil {
			t.Fatal(err)
		}
		if inserted != wantInserted {
			t.Fatalf("Demote(%s, %s) inserted = %v, want %v", project, class, inserted, wantInserted)
		}
		return d
	}
	lastPromotion := func(project, class string, want time.Time) {
		t.Helper()
		if got, err := s.LastPromotion(c, project, class); err != nil || !got.Equal(want) || got.Location() != want.Location() {
			t.Errorf("LastPromotion(%s, %s) = %v, %v; want %v", project, class, got, err, want)
		}
	}
	active := func(project string, want ...string) []store.Demotion {
		t.Helper()
		ds, err := s.ActiveDemotions(c, project)
		if err != nil {
			t.Fatal(err)
		}
		if got := classes(ds); !reflect.DeepEqual(got, want) {
			t.Errorf("active demotions of %q = %v, want %v", project, got, want)
		}
		return ds
	}

	t0 := stored(h.clock.Now())
	first := demote("web", "tags", reason, true)
	if want := (store.Demotion{ID: first.ID, Project: "web", Class: "tags", Reason: reason, DemotedAt: t0}); first.ID == 0 || first != want {
		t.Errorf("demotion = %+v, want %+v", first, want)
	}
	lastPromotion("web", "tags", time.Time{})

	// Demoting again while the demotion holds records nothing and returns it.
	h.clock.Advance(time.Minute)
	if again := demote("web", "tags", "a second opinion", false); again != first {
		t.Errorf("demoting a demoted class returned %+v, want the demotion that holds %+v", again, first)
	}
	demote("web", "versioning", reason, true)
	demote("api", "tags", reason, true)
	active("", "api/tags", "web/tags", "web/versioning")
	if ds := active("web", "web/tags", "web/versioning"); len(ds) > 0 && ds[0] != first {
		t.Errorf("active demotion of web/tags = %+v, want %+v", ds[0], first)
	}
	active("db")
	// The database itself refuses a second demotion that holds.
	if err := s.InsertDemotion(c, "web", "tags"); err == nil {
		t.Error("the database took a second active demotion of web/tags")
	}

	// A person promotes the class: the demotion ends, and the gate counts from then.
	t1 := stored(h.clock.Advance(time.Hour))
	promoted, err := s.Promote(c, "web", "tags", "alice")
	if err != nil {
		t.Fatal(err)
	}
	want := first
	want.PromotedAt, want.PromotedBy = t1, "alice"
	if promoted != want {
		t.Errorf("promoted demotion = %+v, want %+v", promoted, want)
	}
	active("web", "web/versioning")
	active("", "api/tags", "web/versioning")
	lastPromotion("web", "tags", t1)
	lastPromotion("api", "tags", time.Time{})
	if _, err := s.Promote(c, "web", "tags", "alice"); !errors.Is(err, store.ErrNotDemoted) {
		t.Errorf("promoting a promoted class: %v, want ErrNotDemoted", err)
	}
	if _, err := s.Promote(c, "db", "iam", "alice"); !errors.Is(err, store.ErrNotDemoted) || !strings.Contains(err.Error(), "iam in db") {
		t.Errorf("promoting a class never demoted: %v, want ErrNotDemoted naming iam in db", err)
	}

	// Overridden again: demoted again, a new demotion; promoted again later.
	t2 := stored(h.clock.Advance(24 * time.Hour))
	second := demote("web", "tags", "overridden again", true)
	if second.ID == first.ID || second.DemotedAt != t2 || !second.PromotedAt.IsZero() {
		t.Errorf("second demotion = %+v, want a new one demoted at %v", second, t2)
	}
	active("web", "web/tags", "web/versioning")
	lastPromotion("web", "tags", t1)
	t3 := stored(h.clock.Advance(time.Hour))
	if _, err := s.Promote(c, "web", "tags", "bob"); err != nil {
		t.Fatal(err)
	}
	lastPromotion("web", "tags", t3)
	active("web", "web/versioning")
}

func testDemoteRace(t *testing.T, h *harness) {
	const processes, rounds = 4, 5
	handles := make([]*store.Store, processes)
	for i := range handles {
		handles[i] = h.open(t)
	}
	c := ctx(t)
	for round := range rounds {
		class := fmt.Sprintf("class-%d", round)
		var wg sync.WaitGroup
		got := make([]store.Demotion, processes)
		inserted := make([]bool, processes)
		errs := make([]error, processes)
		start := make(chan struct{})
		for i, s := range handles {
			wg.Go(func() {
				<-start
				got[i], inserted[i], errs[i] = s.Demote(c, "web", class, fmt.Sprintf("process %d", i))
			})
		}
		close(start)
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		n := 0
		for i := range handles {
			if inserted[i] {
				n++
			}
			if got[i] != got[0] {
				t.Errorf("round %d: process %d got demotion %+v, process 0 %+v; want the same one", round, i, got[i], got[0])
			}
		}
		if n != 1 {
			t.Errorf("round %d: %d processes inserted a demotion, want exactly 1", round, n)
		}
	}
	ds, err := handles[0].ActiveDemotions(c, "web")
	if err != nil || len(ds) != rounds {
		t.Errorf("active demotions after %d rounds = %v, %v; want one per round", rounds, classes(ds), err)
	}
}

func testDemotionsValidation(t *testing.T, h *harness) {
	s := h.open(t)
	c := ctx(t)
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"demote without a project", func() error { _, _, err := s.Demote(c, "", "tags", "r"); return err }, "project is empty"},
		{"demote without a class", func() error { _, _, err := s.Demote(c, "web", "", "r"); return err }, "fix class is empty"},
		{"demote without a reason", func() error { _, _, err := s.Demote(c, "web", "tags", ""); return err }, "demotion reason is empty"},
		{"promote without a project", func() error { _, err := s.Promote(c, "", "tags", "alice"); return err }, "project is empty"},
		{"promote without a class", func() error { _, err := s.Promote(c, "web", "", "alice"); return err }, "fix class is empty"},
		{"promote by nobody", func() error { _, err := s.Promote(c, "web", "tags", ""); return err }, "promoted by is empty"},
		{"last promotion without a class", func() error { _, err := s.LastPromotion(c, "web", ""); return err }, "fix class is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want ErrInvalid mentioning %q", err, tc.want)
			}
		})
	}
	if ds, err := s.ActiveDemotions(c, ""); err != nil || len(ds) != 0 {
		t.Errorf("refused demotions left %v, %v", classes(ds), err)
	}
}
