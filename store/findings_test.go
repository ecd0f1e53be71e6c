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

var (
	bucketVersioning = store.Observation{Fingerprint: "s3_versioning|aws_s3_bucket.logs|versioning", Rule: "s3_versioning",
		Severity: "medium", Class: "versioning", Address: "aws_s3_bucket.logs", File: "main.tf", Line: 12,
		Kind: store.KindMisconfiguration, Priority: 40, PriorityReasons: []string{"severity medium"}}
	openIngress = store.Observation{Fingerprint: "sg_open|aws_security_group.web|ingress", Rule: "sg_open",
		Severity: "high", Class: "network-exposure", Address: "aws_security_group.web", File: "net.tf", Line: 3,
		Kind: store.KindMisconfiguration, Priority: 90, PriorityReasons: []string{"severity high", "internet-facing"}}
	tagDrift = store.Observation{Fingerprint: "drift|aws_instance.app|tags", Rule: "drift_changed",
		Severity: "low", Class: "tags", Address: "aws_instance.app", Kind: store.KindDrift, Priority: 10}
	sizeDrift = store.Observation{Fingerprint: "drift|aws_instance.app|instance_type", Rule: "drift_changed",
		Severity: "medium", Class: "unknown", Address: "aws_instance.app", Kind: store.KindDrift, Priority: 30}
	volumeDrift = store.Observation{Fingerprint: "drift|aws_ebs_volume.data|size", Rule: "drift_changed",
		Severity: "medium", Class: "unknown", Address: "aws_ebs_volume.data", Kind: store.KindDrift, Priority: 30}
)

func fingerprints(fs []store.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Fingerprint)
	}
	return out
}

func testFindingsLifecycle(t *testing.T, h *harness) {
	s := h.open(t)
	c := ctx(t)
	sync := func(project string, observed []store.Observation, resolutions map[string]store.Resolution) (int64, store.SyncResult) {
		t.Helper()
		run, err := s.StartRun(c, store.RunStart{Project: project, Trigger: store.TriggerSchedule})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.SyncFindings(c, project, run, observed, resolutions)
		if err != nil {
			t.Fatal(err)
		}
		return run, res
	}

	// Run 1 sees four findings, two of them drift on one resource.
	t1 := stored(h.clock.Now())
	run1, res := sync("web", []store.Observation{bucketVersioning, openIngress, tagDrift, sizeDrift}, nil)
	if want := (store.SyncResult{Opened: []string{sizeDrift.Fingerprint, tagDrift.Fingerprint, bucketVersioning.Fingerprint, openIngress.Fingerprint}}); !reflect.DeepEqual(res, want) {
		t.Errorf("first sync = %+v, want %+v", res, want)
	}
	// Another project with the same fingerprint is a finding of its own.
	sync("db", []store.Observation{bucketVersioning}, nil)

	// Run 2: versioning was auto-applied, the tag drift went away by hand,
	// the ingress rule is still there with a new priority, and a volume drifted.
	t2 := stored(h.clock.Advance(time.Hour))
	ingress2 := openIngress
	ingress2.Priority, ingress2.PriorityReasons, ingress2.Line = 95, []string{"severity high", "internet-facing", "prod"}, 4
	run2, res := sync("web", []store.Observation{ingress2, sizeDrift, volumeDrift},
		map[string]store.Resolution{bucketVersioning.Fingerprint: store.ResolutionAutoApplied, ingress2.Fingerprint: store.ResolutionIgnored})
	if want := (store.SyncResult{Opened: []string{volumeDrift.Fingerprint}, Resolved: []string{tagDrift.Fingerprint, bucketVersioning.Fingerprint}}); !reflect.DeepEqual(res, want) {
		t.Errorf("second sync = %+v, want %+v", res, want)
	}

	open, err := s.OpenFindings(c, "web")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fingerprints(open), []string{ingress2.Fingerprint, sizeDrift.Fingerprint, volumeDrift.Fingerprint}; !reflect.DeepEqual(got, want) {
		t.Errorf("open findings of web = %v, want %v (priority first, then oldest)", got, want)
	}
	wantIngress := store.Finding{Observation: ingress2, Project: "web", FirstSeenAt: t1, LastSeenAt: t2, OpenedAt: t1,
		FirstRunID: run1, LastRunID: run2}
	if !reflect.DeepEqual(open[0], wantIngress) {
		t.Errorf("a finding seen twice reads back as\n%+v\nwant\n%+v", open[0], wantIngress)
	}

	// Run 3: the versioning finding is back (someone reverted the fix).
	t3 := stored(h.clock.Advance(time.Hour))
	run3, res := sync("web", []store.Observation{bucketVersioning, ingress2, sizeDrift, volumeDrift}, nil)
	if want := (store.SyncResult{Reopened: []string{bucketVersioning.Fingerprint}}); !reflect.DeepEqual(res, want) {
		t.Errorf("third sync = %+v, want %+v", res, want)
	}
	open, err = s.OpenFindings(c, "web")
	if err != nil {
		t.Fatal(err)
	}
	var reopened store.Finding
	for _, f := range open {
		if f.Fingerprint == bucketVersioning.Fingerprint {
			reopened = f
		}
	}
	wantReopened := store.Finding{Observation: bucketVersioning, Project: "web", FirstSeenAt: t1, LastSeenAt: t3, OpenedAt: t3,
		FirstRunID: run1, LastRunID: run3, Reopened: 1}
	if !reflect.DeepEqual(reopened, wantReopened) {
		t.Errorf("a reopened finding reads back as\n%+v\nwant\n%+v", reopened, wantReopened)
	}

	// Run 4 sees nothing: everything open is resolved, by hand by default.
	t4 := stored(h.clock.Advance(time.Hour))
	run4, res := sync("web", nil, map[string]store.Resolution{ingress2.Fingerprint: store.ResolutionPRMerged})
	if len(res.Resolved) != 4 || len(res.Opened)+len(res.Reopened) != 0 {
		t.Errorf("empty sync = %+v, want the four open findings resolved", res)
	}
	if open, _ := s.OpenFindings(c, "web"); len(open) != 0 {
		t.Errorf("open findings of web after an empty sync: %v", fingerprints(open))
	}
	all, err := s.OpenFindings(c, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Project != "db" {
		t.Errorf("open findings of every project = %+v, want db's one", all)
	}

	type resolved struct {
		fingerprint string
		at          time.Time
		how         store.Resolution
		run         int64
		opened      time.Time
	}
	resolvedIn := func(project string, from, to time.Time) []resolved {
		t.Helper()
		fs, err := s.ResolvedFindings(c, project, from, to)
		if err != nil {
			t.Fatal(err)
		}
		var out []resolved
		for _, f := range fs {
			out = append(out, resolved{f.Fingerprint, f.ResolvedAt, f.Resolution, f.ResolvedRunID, f.OpenedAt})
		}
		return out
	}
	// The versioning fix's first resolution was overwritten by the reopening;
	// what stays is the last open period and how it ended.
	if got, want := resolvedIn("web", t1, t4.Add(time.Microsecond)), []resolved{
		{tagDrift.Fingerprint, t2, store.ResolutionFixedByHand, run2, t1},
		{volumeDrift.Fingerprint, t4, store.ResolutionFixedByHand, run4, t2},
		{sizeDrift.Fingerprint, t4, store.ResolutionFixedByHand, run4, t1},
		{bucketVersioning.Fingerprint, t4, store.ResolutionFixedByHand, run4, t3},
		{ingress2.Fingerprint, t4, store.ResolutionPRMerged, run4, t1},
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("resolved findings of web:\n%+v\nwant\n%+v", got, want)
	}
	if got := resolvedIn("web", t1, t4); len(got) != 1 || got[0].fingerprint != tagDrift.Fingerprint {
		t.Errorf("the window's end is exclusive: resolved in [t1, t4) = %+v, want only the tag drift", got)
	}
	if got := resolvedIn("db", t1, t4.Add(time.Hour)); len(got) != 0 {
		t.Errorf("resolved findings of db = %+v, want none", got)
	}

	// Drifted resources per run: run 1 saw two drift findings on one
	// resource, runs 2 and 3 two resources, run 4 none.
	points, err := s.DriftTrend(c, "web", t1, t4.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, p := range points {
		got = append(got, p.DriftedResources)
	}
	if want := []int{1, 2, 2, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("drifted resources per run = %v, want %v", got, want)
	}
	if points[0].RunID != run1 || points[0].StartedAt != t1 || points[0].Project != "web" {
		t.Errorf("first drift point = %+v, want run %d at %v", points[0], run1, t1)
	}
	if r, _ := s.Run(c, run1); r.ObservedFindings != 4 || r.DriftedResources != 1 {
		t.Errorf("run 1 counts: observed %d, drifted %d; want 4 and 1", r.ObservedFindings, r.DriftedResources)
	}
	// A run that never synced is not a point.
	if _, err := s.StartRun(c, store.RunStart{Project: "web", Trigger: store.TriggerManual}); err != nil {
		t.Fatal(err)
	}
	if points, _ := s.DriftTrend(c, "", t1, t4.Add(time.Second)); len(points) != 5 {
		t.Errorf("drift points of every project = %d, want 5 (4 of web, 1 of db)", len(points))
	}
}

func testFindingsValidation(t *testing.T, h *harness) {
	s := h.open(t)
	c := ctx(t)
	web, err := s.StartRun(c, store.RunStart{Project: "web", Trigger: store.TriggerManual})
	if err != nil {
		t.Fatal(err)
	}
	noKind := bucketVersioning
	noKind.Kind = ""
	for _, tc := range []struct {
		name        string
		project     string
		run         int64
		observed    []store.Observation
		resolutions map[string]store.Resolution
		wantErr     error
		wantMsg     string
	}{
		{"a fingerprint twice", "web", web, []store.Observation{bucketVersioning, bucketVersioning}, nil, store.ErrInvalid, "observed twice"},
		{"no fingerprint", "web", web, []store.Observation{{Kind: store.KindDrift}}, nil, store.ErrInvalid, "fingerprint is empty"},
		{"no kind", "web", web, []store.Observation{noKind}, nil, store.ErrInvalid, "finding kind"},
		{"unknown resolution", "web", web, nil, map[string]store.Resolution{"x": "shrugged"}, store.ErrInvalid, `resolution "shrugged"`},
		{"another project's run", "db", web, nil, nil, store.ErrInvalid, "is a run of web"},
		{"no such run", "web", web + 1000, nil, nil, store.ErrNotFound, "run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.SyncFindings(c, tc.project, tc.run, tc.observed, tc.resolutions)
			if !errors.Is(err, tc.wantErr) || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %v, want %v mentioning %q", err, tc.wantErr, tc.wantMsg)
			}
		})
	}
	if open, _ := s.OpenFindings(c, ""); len(open) != 0 {
		t.Errorf("refused syncs left findings: %v", fingerprints(open))
	}
}

func testFindingsByFingerprint(t *testing.T, h *harness) {
	s := h.open(t)
	c := ctx(t)
	sync := func(project string, observed ...store.Observation) int64 {
		t.Helper()
		run, err := s.StartRun(c, store.RunStart{Project: project, Trigger: store.TriggerSchedule})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SyncFindings(c, project, run, observed, nil); err != nil {
			t.Fatal(err)
		}
		return run
	}
	t1 := stored(h.clock.Now())
	run1 := sync("web", bucketVersioning, openIngress)
	sync("db", tagDrift)
	t2 := stored(h.clock.Advance(time.Hour))
	run2 := sync("web", openIngress) // the versioning finding is resolved

	got, err := s.FindingsByFingerprint(c, "web", []string{bucketVersioning.Fingerprint, openIngress.Fingerprint,
		tagDrift.Fingerprint, "never-seen", openIngress.Fingerprint})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]store.Finding{
		bucketVersioning.Fingerprint: {Observation: bucketVersioning, Project: "web", FirstSeenAt: t1, LastSeenAt: t1, OpenedAt: t1,
			FirstRunID: run1, LastRunID: run1, ResolvedAt: t2, Resolution: store.ResolutionFixedByHand, ResolvedRunID: run2},
		openIngress.Fingerprint: {Observation: openIngress, Project: "web", FirstSeenAt: t1, LastSeenAt: t2, OpenedAt: t1,
			FirstRunID: run1, LastRunID: run2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings of web by fingerprint =\n%+v\nwant\n%+v", got, want)
	}

	many := make([]string, 0, 1201)
	for i := range 1200 {
		many = append(many, fmt.Sprintf("never-seen-%d", i))
	}
	many = append(many, bucketVersioning.Fingerprint)
	if got, err := s.FindingsByFingerprint(c, "web", many); err != nil || len(got) != 1 || got[bucketVersioning.Fingerprint].ResolvedRunID != run2 {
		t.Errorf("findings among %d fingerprints = %+v, %v; want the versioning finding only", len(many), got, err)
	}
	if got, err := s.FindingsByFingerprint(c, "web", nil); err != nil || got == nil || len(got) != 0 {
		t.Errorf("findings of no fingerprints = %#v, %v; want an empty map", got, err)
	}
	if got, err := s.FindingsByFingerprint(c, "db", []string{tagDrift.Fingerprint}); err != nil || got[tagDrift.Fingerprint].Project != "db" {
		t.Errorf("findings of db = %+v, %v; want its tag drift", got, err)
	}
	if _, err := s.FindingsByFingerprint(c, "", []string{openIngress.Fingerprint}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("findings without a project: %v, want ErrInvalid", err)
	}
}
