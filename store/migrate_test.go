package store_test

import (
	"io/fs"
	"reflect"
	"sync"
	"testing"

	"github.com/driftfix/driftfix/store"
)

func testReopen(t *testing.T, h *harness) {
	c := ctx(t)
	first := h.open(t)
	run, err := first.StartRun(c, store.RunStart{Project: "web", Trigger: store.TriggerManual})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.SyncFindings(c, "web", run, []store.Observation{openIngress}, nil); err != nil {
		t.Fatal(err)
	}
	applied, err := first.AppliedMigrations(c)
	if err != nil {
		t.Fatal(err)
	}
	known, err := store.KnownMigrations(first.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != known {
		t.Fatalf("applied migrations %v, want all %d", applied, known)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	second := h.open(t) // migrates again: nothing to do
	again, err := second.AppliedMigrations(c)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, applied) {
		t.Errorf("migrations after reopening = %v, want %v unchanged", again, applied)
	}
	if v, err := second.SchemaVersion(c); err != nil || v != known {
		t.Errorf("SchemaVersion = %d, %v; want %d", v, err, known)
	}
	r, err := second.Run(c, run)
	if err != nil || r.Project != "web" || r.ObservedFindings != 1 {
		t.Errorf("run after reopening = %+v, %v", r, err)
	}
	open, err := second.OpenFindings(c, "web")
	if err != nil || len(open) != 1 || open[0].Fingerprint != openIngress.Fingerprint {
		t.Errorf("open findings after reopening = %+v, %v", open, err)
	}
}

func testConcurrentMigrate(t *testing.T, h *harness) {
	const processes = 4
	var wg sync.WaitGroup
	stores := make([]*store.Store, processes)
	errs := make([]error, processes)
	for i := range processes {
		wg.Go(func() {
			stores[i], errs[i] = store.Open(ctx(t), h.dsn, store.WithClock(h.clock.Now))
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("store %d: %v", i, err)
			continue
		}
		t.Cleanup(func() { stores[i].Close() })
	}
	if t.Failed() {
		return
	}
	applied, err := stores[0].AppliedMigrations(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	known, _ := store.KnownMigrations(stores[0].Dialect())
	if len(applied) != known {
		t.Errorf("after %d concurrent opens the applied migrations are %v, want each of %d once", processes, applied, known)
	}
}

// Both dialects have the same migrations, by number and name.
func TestMigrationsInStep(t *testing.T) {
	names := func(dialect string) []string {
		entries, err := fs.ReadDir(store.Migrations, "migrations/"+dialect)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	sqlite, postgres := names("sqlite"), names("postgres")
	if len(sqlite) == 0 || !reflect.DeepEqual(sqlite, postgres) {
		t.Errorf("migrations differ: sqlite %v, postgres %v", sqlite, postgres)
	}
	for _, d := range []string{"sqlite", "postgres"} {
		if _, err := store.KnownMigrations(d); err != nil {
			t.Errorf("%s migrations: %v", d, err)
		}
	}
}
