package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/store"
)

// fixOf is the fix of a finding, as a run of project records it.
func fixOf(project string, o store.Observation, applied bool, branch string) store.Fix {
	return store.Fix{Project: project, Fingerprint: o.Fingerprint, Rule: o.Rule, Class: o.Class, Address: o.Address,
		Kind: o.Kind, Applied: applied, Branch: branch}
}

func testFixes(t *testing.T, h *harness) {
	s := h.open(t)
	c := ctx(t)
	start := func(project string) int64 {
		t.Helper()
		run, err := s.StartRun(c, store.RunStart{Project: project, Trigger: store.TriggerSchedule})
		if err != nil {
			t.Fatal(err)
		}
		return run
	}
	record := func(run int64, fixes ...store.Fix) []store.Fix {
		t.Helper()
		if err := s.RecordFixes(c, run, fixes); err != nil {
			t.Fatal(err)
		}
		return fixes
	}
	tagCodified := tagDrift
	tagCodified.Class = "tags"

	// Run 1 applies the versioning and tag fixes and sends the ingress fix to review.
	t0 := stored(h.clock.Now())
	run1 := start("web")
	versioning1 := fixOf("web", bucketVersioning, true, "")
	tags1 := fixOf("web", tagCodified, true, "")
	ingress1 := fixOf("web", openIngress, false, "driftfix/web-1")
	record(run1, versioning1, tags1, ingress1)

	// Run 2, an hour later, fixes versioning and tags again (the fixes were undone).
	t1 := stored(h.clock.Advance(time.Hour))
	run2 := start("web")
	versioning2 := fixOf("web", bucketVersioning, false, "driftfix/web-2")
	tags2 := fixOf("web", tagCodified, true, "")
	record(run2, versioning2, tags2)

	// Run 3 records fixes with times of their own: versioning before run 2's
	// (so run 2's stays the latest), tags at the very time of run 2's (a tie
	// the later record wins).
	t2 := stored(h.clock.Advance(time.Hour))
	run3 := start("web")
	versioning3 := fixOf("web", bucketVersioning, true, "")
	versioning3.At = t0.Add(30 * time.Minute)
	tags3 := fixOf("web", tagCodified, false, "driftfix/web-3")
	tags3.At = t1.In(time.FixedZone("UTC-5", -5*60*60))
	record(run3, versioning3, tags3)

	// Another project fixes the same fingerprint.
	runDB := start("db")
	record(runDB, fixOf("db", bucketVersioning, true, ""))

	versioning2.RunID, versioning2.At = run2, t1
	tags3.RunID, tags3.At = run3, t1
	ingress1.RunID, ingress1.At = run1, t0
	got, err := s.LastFixes(c, "web", []string{bucketVersioning.Fingerprint, tagDrift.Fingerprint, openIngress.Fingerprint,
		sizeDrift.Fingerprint, bucketVersioning.Fingerprint})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]store.Fix{bucketVersioning.Fingerprint: versioning2, tagDrift.Fingerprint: tags3, openIngress.Fingerprint: ingress1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("last fixes of web =\n%+v\nwant\n%+v", got, want)
	}

	// The latest applied fix per address and class: run 3's versioning fix
	// (at t0+30m, after run 1's), run 2's tag fix (run 3's was not applied);
	// the ingress fix went to review, so the group has no applied fix.
	versioning3.RunID = run3
	tags2.RunID, tags2.At = run2, t1
	at, err := s.AppliedFixesAt(c, "web", []string{bucketVersioning.Address, tagDrift.Address, openIngress.Address, "aws_s3_bucket.none"})
	if err != nil {
		t.Fatal(err)
	}
	wantAt := map[string]map[string]store.Fix{
		bucketVersioning.Address: {"versioning": versioning3},
		tagDrift.Address:         {"tags": tags2},
	}
	if !reflect.DeepEqual(at, wantAt) {
		t.Errorf("applied fixes at =\n%+v\nwant\n%+v", at, wantAt)
	}

	// Many fingerprints, most never fixed: the one fixed is found wherever it is in the list.
	many := make([]string, 0, 1201)
	for i := range 1200 {
		many = append(many, fmt.Sprintf("never-fixed-%d", i))
	}
	many = append(many, openIngress.Fingerprint)
	if got, err := s.LastFixes(c, "web", many); err != nil || len(got) != 1 || got[openIngress.Fingerprint] != ingress1 {
		t.Errorf("last fixes among %d fingerprints = %+v, %v; want only the ingress fix", len(many), got, err)
	}
	if got, err := s.LastFixes(c, "web", nil); err != nil || got == nil || len(got) != 0 {
		t.Errorf("last fixes of no fingerprints = %#v, %v; want an empty map", got, err)
	}
	if got, err := s.LastFixes(c, "api", []string{bucketVersioning.Fingerprint}); err != nil || len(got) != 0 {
		t.Errorf("last fixes of a project without fixes = %+v, %v; want none", got, err)
	}

	for _, tc := range []struct {
		project string
		since   time.Time
		want    map[string]int
	}{
		{"web", t0, map[string]int{"versioning": 2, "tags": 2}},
		{"web", t0.Add(30 * time.Minute), map[string]int{"versioning": 1, "tags": 1}},
		{"web", t0.Add(30*time.Minute + time.Microsecond), map[string]int{"tags": 1}},
		{"web", t1.Add(time.Microsecond), map[string]int{}},
		{"db", t0, map[string]int{"versioning": 1}},
		{"", t0, map[string]int{"versioning": 3, "tags": 2}},
		{"", t2, map[string]int{"versioning": 1}},
		{"api", t0, map[string]int{}},
	} {
		if got, err := s.AppliedFixCounts(c, tc.project, tc.since); err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("AppliedFixCounts(%q, %v) = %v, %v; want %v", tc.project, tc.since, got, err, tc.want)
		}
	}

	// A run applies one fix and sends another to review; the pull request
	// it opens is the reviewed fix's, and the run's.
	runAPI := start("api")
	encryption := store.Fix{Project: "api", Fingerprint: "s3_sse|aws_s3_bucket.data|sse", Rule: "s3_sse",
		Class: "encryption-at-rest", Address: "aws_s3_bucket.data", Kind: store.KindMisconfiguration, Applied: true}
	imds := store.Fix{Project: "api", Fingerprint: "imds|aws_instance.api|metadata_options", Rule: "imds_v2",
		Class: "imds", Address: "aws_instance.api", Kind: store.KindMisconfiguration, Branch: "driftfix/api-1"}
	record(runAPI, encryption, imds)
	const pr = "https://github.com/acme/infra/pull/7"
	if err := s.SetPullRequest(c, runAPI, pr); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(c, runAPI, store.RunResult{Status: store.StatusSucceeded, Decision: store.DecisionReview}); err != nil {
		t.Fatal(err)
	}
	encryption.RunID, encryption.At = runAPI, t2
	imds.RunID, imds.At, imds.PullRequestURL = runAPI, t2, pr
	got, err = s.LastFixes(c, "api", []string{encryption.Fingerprint, imds.Fingerprint})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]store.Fix{encryption.Fingerprint: encryption, imds.Fingerprint: imds}; !reflect.DeepEqual(got, want) {
		t.Errorf("fixes after the pull request opened =\n%+v\nwant\n%+v", got, want)
	}
	if r, err := s.Run(c, runAPI); err != nil || r.PullRequestURL != pr {
		t.Errorf("run after SetPullRequest and FinishRun: pull request %q, %v; want %q", r.PullRequestURL, err, pr)
	}
	if got, _ := s.LastFixes(c, "web", []string{openIngress.Fingerprint}); got[openIngress.Fingerprint].PullRequestURL != "" {
		t.Errorf("another run's fix for review got the pull request: %+v", got[openIngress.Fingerprint])
	}
	if err := s.SetPullRequest(c, runAPI+1000, pr); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("pull request of a run that does not exist: %v, want ErrNotFound", err)
	}
	if err := s.SetPullRequest(c, runAPI, ""); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("empty pull request URL: %v, want ErrInvalid", err)
	}
}

func testFixesValidation(t *testing.T, h *harness) {
	s := h.open(t)
	c := ctx(t)
	web, err := s.StartRun(c, store.RunStart{Project: "web", Trigger: store.TriggerManual})
	if err != nil {
		t.Fatal(err)
	}
	recorded := fixOf("web", bucketVersioning, true, "")
	if err := s.RecordFixes(c, web, []store.Fix{recorded}); err != nil {
		t.Fatal(err)
	}
	good := fixOf("web", openIngress, false, "driftfix/web-1")
	with := func(change func(f *store.Fix)) store.Fix {
		f := good
		change(&f)
		return f
	}
	for _, tc := range []struct {
		name    string
		run     int64
		fixes   []store.Fix
		wantErr error
		wantMsg string
	}{
		{"unknown kind", web, []store.Fix{with(func(f *store.Fix) { f.Kind = "typo" })}, store.ErrInvalid, `finding kind "typo"`},
		{"no project", web, []store.Fix{with(func(f *store.Fix) { f.Project = "" })}, store.ErrInvalid, "project is empty"},
		{"no class", web, []store.Fix{with(func(f *store.Fix) { f.Class = "" })}, store.ErrInvalid, "fix class is empty"},
		{"no fingerprint", web, []store.Fix{with(func(f *store.Fix) { f.Fingerprint = "" })}, store.ErrInvalid, "fix #1: invalid: fingerprint is empty"},
		{"a fingerprint twice", web, []store.Fix{good, good}, store.ErrInvalid, "fixed twice"},
		{"another run's fix", web, []store.Fix{with(func(f *store.Fix) { f.RunID = web + 1 })}, store.ErrInvalid, fmt.Sprintf("names run %d", web+1)},
		{"another project's fix", web, []store.Fix{good, with(func(f *store.Fix) { f.Project = "db"; f.Fingerprint = "x" })}, store.ErrInvalid, "is a run of web"},
		{"no such run", web + 1000, []store.Fix{good}, store.ErrNotFound, fmt.Sprintf("run %d", web+1000)},
		{"a fix the run recorded before", web, []store.Fix{good, recorded}, store.ErrInvalid, "already recorded for run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := s.RecordFixes(c, tc.run, tc.fixes)
			if !errors.Is(err, tc.wantErr) || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %v, want %v mentioning %q", err, tc.wantErr, tc.wantMsg)
			}
		})
	}
	// Refused calls record nothing, not even the good fixes beside a bad one.
	got, err := s.LastFixes(c, "web", []string{good.Fingerprint, recorded.Fingerprint, "x"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[recorded.Fingerprint].RunID != web {
		t.Errorf("fixes after refused calls = %+v, want only the one recorded first", got)
	}
	if _, err := s.LastFixes(c, "", []string{good.Fingerprint}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("last fixes without a project: %v, want ErrInvalid", err)
	}
	if err := s.RecordFixes(c, web+1000, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("no fixes of a run that does not exist: %v, want ErrNotFound", err)
	}
}
