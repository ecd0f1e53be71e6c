package store_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/driftfix/driftfix/store"
)

func testOverrides(t *testing.T, h *harness) {
	s := h.open(t)
	c := ctx(t)
	fix, err := s.StartRun(c, store.RunStart{Project: "web", Trigger: store.TriggerSchedule})
	if err != nil {
		t.Fatal(err)
	}
	t0 := stored(h.clock.Now())
	revert := store.Override{Project: "web", Fingerprint: bucketVersioning.Fingerprint, Class: "versioning", FixRunID: fix, How: store.OverrideGitRevert}
	if inserted, err := s.RecordOverride(c, revert); err != nil || !inserted {
		t.Fatalf("RecordOverride = %v, %v; want inserted", inserted, err)
	}
	// Seen again by a later run: the same override, not a second one.
	h.clock.Advance(time.Hour)
	again := revert
	again.How = store.OverrideDriftBack
	if inserted, err := s.RecordOverride(c, again); err != nil || inserted {
		t.Fatalf("recording the same override again = %v, %v; want not inserted", inserted, err)
	}
	t1 := stored(h.clock.Advance(time.Hour))
	back := store.Override{Project: "web", Fingerprint: tagDrift.Fingerprint, Class: "tags", FixRunID: fix, How: store.OverrideDriftBack}
	other := store.Override{Project: "db", Fingerprint: tagDrift.Fingerprint, Class: "tags", FixRunID: fix, How: store.OverrideDriftBack,
		DetectedAt: t1.Add(time.Minute)}
	for _, o := range []store.Override{back, other} {
		if _, err := s.RecordOverride(c, o); err != nil {
			t.Fatal(err)
		}
	}

	got, err := s.Overrides(c, "web", t0, t1.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i].ID = 0
	}
	revert.DetectedAt, back.DetectedAt = t0, t1
	if want := []store.Override{revert, back}; !reflect.DeepEqual(got, want) {
		t.Errorf("overrides of web =\n%+v\nwant\n%+v", got, want)
	}
	for _, tc := range []struct {
		project  string
		from, to time.Time
		want     int
	}{
		{"", t0, t1.Add(time.Hour), 3},
		{"web", t0, t1, 1},
		{"web", t0.Add(time.Microsecond), t1.Add(time.Hour), 1},
		{"db", t0, t1.Add(time.Hour), 1},
	} {
		if got, err := s.Overrides(c, tc.project, tc.from, tc.to); err != nil || len(got) != tc.want {
			t.Errorf("Overrides(%q, %v, %v) = %d, %v; want %d", tc.project, tc.from, tc.to, len(got), err, tc.want)
		}
	}

	if _, err := s.RecordOverride(c, store.Override{Project: "web", Fingerprint: "x", FixRunID: fix + 1000, How: store.OverrideGitRevert}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("override of a fix run that does not exist: %v, want ErrNotFound", err)
	}
	if _, err := s.RecordOverride(c, store.Override{Project: "web", Fingerprint: "x", FixRunID: fix, How: "undo"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("override with an unknown how: %v, want ErrInvalid", err)
	}
}

func testApplies(t *testing.T, h *harness) {
	s := h.open(t)
	c := ctx(t)
	run, err := s.StartRun(c, store.RunStart{Project: "web", Trigger: store.TriggerSchedule})
	if err != nil {
		t.Fatal(err)
	}
	t0 := stored(h.clock.Now())
	good := store.Apply{RunID: run, Project: "web", PlanSHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Decision: store.DecisionAutoApply, Changes: 3}
	goodID, err := s.RecordApply(c, good)
	if err != nil {
		t.Fatal(err)
	}
	t1 := stored(h.clock.Advance(time.Minute))
	partial := good
	partial.Changes, partial.PlanSHA256 = 2, "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
	partialID, err := s.RecordApply(c, partial)
	if err != nil {
		t.Fatal(err)
	}

	unverified, err := s.Applies(c, "web", t0, t1.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if len(unverified) != 2 || unverified[0].Verified || !unverified[0].VerifiedAt.IsZero() {
		t.Fatalf("applies before verification = %+v, want two unverified", unverified)
	}

	t2 := stored(h.clock.Advance(time.Minute))
	if err := s.VerifyApply(c, goodID, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.VerifyApply(c, partialID, []string{"aws_s3_bucket.logs"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Applies(c, "web", t0, t1.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	good.ID, good.AppliedAt, good.Verified, good.VerifiedAt = goodID, t0, true, t2
	partial.ID, partial.AppliedAt, partial.VerifiedAt, partial.UnverifiedAddresses = partialID, t1, t2, []string{"aws_s3_bucket.logs"}
	if want := []store.Apply{good, partial}; !reflect.DeepEqual(got, want) {
		t.Errorf("applies =\n%+v\nwant\n%+v", got, want)
	}
	if got, _ := s.Applies(c, "web", t1, t2); len(got) != 1 || got[0].ID != partialID {
		t.Errorf("applies in [t1, t2) = %+v, want the second only", got)
	}
	if got, _ := s.Applies(c, "db", t0, t2); len(got) != 0 {
		t.Errorf("applies of db = %+v, want none", got)
	}

	if err := s.VerifyApply(c, partialID+1000, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("verifying an apply that does not exist: %v, want ErrNotFound", err)
	}
	if _, err := s.RecordApply(c, store.Apply{RunID: run + 1000, Project: "web", PlanSHA256: "x", Decision: store.DecisionAutoApply}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("apply of a run that does not exist: %v, want ErrNotFound", err)
	}
	if _, err := s.RecordApply(c, store.Apply{RunID: run, Project: "web", Decision: store.DecisionAutoApply}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("apply without a plan hash: %v, want ErrInvalid", err)
	}
}
