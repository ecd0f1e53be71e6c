// Package storetest writes a small, known run history into a real store,
// through the store's own API, for the tests of what reads it: the report,
// /metrics and the dashboard.
//
// The history covers three days, Day0 (2026-11-01, UTC) to End, of two
// projects, web and data:
//
//	day 0 10:00  run 1 web  succeeded, auto-apply (commit 0123abc); observes
//	                        A web-a aws_s3_bucket.logs    high     versioning          priority 70
//	                        B web-b aws_instance.app      low      tags                priority 20
//	                        D web-d aws_security_group.web medium tags (drift)        priority 50
//	                        1 drifted resource; the apply is recorded and verified
//	day 1 09:00  run 2 data succeeded, review, pull request …/pull/7; observes
//	                        E data-e aws_db_instance.main critical encryption-at-rest priority 90
//	day 1 10:00  run 3 web  succeeded, review, pull request …/pull/8; observes B and D:
//	                        A is resolved, auto-applied (time to fix 24h); 1 drifted resource
//	day 2 10:00  run 4 web  failed ("terraform plan: exit status 1"); observes
//	                        C web-c aws_security_group.web critical network-exposure priority 95
//	                        B is resolved by the merged pull request (48h), D by hand (48h)
//	day 2 10:05  run 5 web  skipped: a run of web was still going
//	day 2 12:00  the fix of A (run 1) is reverted in git: an override
//
// So over [Day0, End): three findings resolved, MTTR median and p90 48h,
// auto-fix rate 1/3, override rate 1/1, review rate 2/3, PR merge rate
// 1/2, two critical findings open (C and E), runs succeeded 3, failed 1,
// skipped 1; per day: resolved 0, 1, 2; auto-applied 0, 1, 0; median time
// to fix –, 24h, 48h; drifted resources 1, 1, 0.
package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/driftfix/driftfix/store"
)

// Day0 is midnight (UTC) of the history's first day; End is midnight after
// its third day.
var (
	Day0 = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	End  = Day0.Add(72 * time.Hour)
)

// Clock is a clock a test sets by hand, for store.WithClock.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock that reads t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Seed opens the store dsn names (creating a SQLite file) and writes the
// history into it.
func Seed(ctx context.Context, dsn string) error {
	clock := NewClock(Day0)
	st, err := store.Open(ctx, dsn, store.WithClock(clock.Now))
	if err != nil {
		return err
	}
	if err := SeedStore(ctx, st, clock); err != nil {
		st.Close()
		return err
	}
	return st.Close()
}

// The findings of the history.
var (
	FindingA = store.Observation{Fingerprint: "web-a", Rule: "aws-s3-versioning", Severity: "high", Class: "versioning",
		Address: "aws_s3_bucket.logs", File: "main.tf", Line: 3, Kind: store.KindMisconfiguration,
		Priority: 70, PriorityReasons: []string{"environment prod"}}
	FindingB = store.Observation{Fingerprint: "web-b", Rule: "aws-required-tags", Severity: "low", Class: "tags",
		Address: "aws_instance.app", File: "main.tf", Line: 20, Kind: store.KindMisconfiguration, Priority: 20}
	FindingC = store.Observation{Fingerprint: "web-c", Rule: "aws-sg-open-ingress", Severity: "critical", Class: "network-exposure",
		Address: "aws_security_group.web", File: "network.tf", Line: 8, Kind: store.KindMisconfiguration,
		Priority: 95, PriorityReasons: []string{"internet-facing: 0.0.0.0/0 ingress", "environment prod"}}
	FindingD = store.Observation{Fingerprint: "web-d", Rule: "drift", Severity: "medium", Class: "tags",
		Address: "aws_security_group.web", File: "network.tf", Line: 1, Kind: store.KindDrift, Priority: 50}
	FindingE = store.Observation{Fingerprint: "data-e", Rule: "aws-rds-encryption", Severity: "critical", Class: "encryption-at-rest",
		Address: "aws_db_instance.main", File: "db.tf", Line: 1, Kind: store.KindMisconfiguration,
		Priority: 90, PriorityReasons: []string{"sensitive data: data-classification=confidential"}}
)

// Pull request URLs of the history's review runs.
const (
	DataPullRequest = "https://github.example/acme/infra/pull/7"
	WebPullRequest  = "https://github.example/acme/infra/pull/8"
)

// step is one step of a seeded run.
type step struct {
	name    store.StepName
	status  store.Status
	summary string
}

// seededRun is one run of the history.
type seededRun struct {
	at          time.Duration // after Day0
	project     string
	steps       []step
	observed    []store.Observation
	resolutions map[string]store.Resolution
	result      store.RunResult
}

func ok(name store.StepName, summary string) step {
	return step{name: name, status: store.StatusSucceeded, summary: summary}
}

var history = []seededRun{
	{
		at: 10 * time.Hour, project: "web",
		steps: []step{ok(store.StepCheckout, "main at 0badc0de"), ok(store.StepDrift, "1 drifted resource"),
			ok(store.StepCheck, "3 findings"), ok(store.StepPlan, "1 change"), ok(store.StepGate, "auto-apply"),
			ok(store.StepApply, "applied and verified")},
		observed: []store.Observation{FindingA, FindingB, FindingD},
		result: store.RunResult{Status: store.StatusSucceeded, Decision: store.DecisionAutoApply, CommitSHA: "0123abc",
			DecisionReasons: []string{"every change is in a class allowed to auto-apply: versioning"}},
	},
	{
		at: 33 * time.Hour, project: "data",
		steps:    []step{ok(store.StepCheck, "1 finding"), ok(store.StepPlan, "1 change"), ok(store.StepGate, "review")},
		observed: []store.Observation{FindingE},
		result: store.RunResult{Status: store.StatusSucceeded, Decision: store.DecisionReview, PullRequestURL: DataPullRequest,
			DecisionReasons: []string{"aws_db_instance.main would be replaced"}},
	},
	{
		at: 34 * time.Hour, project: "web",
		steps:       []step{ok(store.StepDrift, "1 drifted resource"), ok(store.StepGate, "review"), ok(store.StepPullRequest, "opened #8")},
		observed:    []store.Observation{FindingB, FindingD},
		resolutions: map[string]store.Resolution{"web-a": store.ResolutionAutoApplied},
		result: store.RunResult{Status: store.StatusSucceeded, Decision: store.DecisionReview, PullRequestURL: WebPullRequest,
			DecisionReasons: []string{"tags on aws_security_group.web: reverting drift needs review"}},
	},
	{
		at: 58 * time.Hour, project: "web",
		steps: []step{ok(store.StepDrift, "no drift"), ok(store.StepCheck, "1 finding"),
			{name: store.StepPlan, status: store.StatusFailed, summary: "terraform plan: exit status 1"}},
		observed:    []store.Observation{FindingC},
		resolutions: map[string]store.Resolution{"web-b": store.ResolutionPRMerged},
		result:      store.RunResult{Status: store.StatusFailed, Error: "terraform plan: exit status 1"},
	},
}

// SeedStore writes the history into st, which must read the time from
// clock (store.WithClock(clock.Now)); clock ends at End.
func SeedStore(ctx context.Context, st *store.Store, clock *Clock) error {
	var ids []int64
	for _, r := range history {
		id, err := seedRun(ctx, st, clock, r)
		if err != nil {
			return fmt.Errorf("seed run of %s at %v: %w", r.project, Day0.Add(r.at), err)
		}
		ids = append(ids, id)
	}
	clock.Set(Day0.Add(58*time.Hour + 5*time.Minute))
	if _, err := st.SkipRun(ctx, "web", store.TriggerSchedule, "a run of web was still going"); err != nil {
		return err
	}
	if _, err := st.RecordOverride(ctx, store.Override{Project: "web", Fingerprint: "web-a", Class: "versioning",
		FixRunID: ids[0], DetectedAt: Day0.Add(60 * time.Hour), How: store.OverrideGitRevert}); err != nil {
		return err
	}
	clock.Set(End)
	return nil
}

func seedRun(ctx context.Context, st *store.Store, clock *Clock, r seededRun) (int64, error) {
	at := Day0.Add(r.at)
	clock.Set(at)
	id, err := st.StartRun(ctx, store.RunStart{Project: r.project, Trigger: store.TriggerSchedule})
	if err != nil {
		return 0, err
	}
	for i, s := range r.steps {
		clock.Set(at.Add(time.Duration(i) * time.Second))
		sid, err := st.StartStep(ctx, id, s.name)
		if err != nil {
			return 0, err
		}
		detail, _ := json.Marshal(map[string]string{"summary": s.summary})
		if err := st.FinishStep(ctx, sid, store.StepResult{Status: s.status, Summary: s.summary, Detail: detail}); err != nil {
			return 0, err
		}
	}
	clock.Set(at.Add(time.Minute))
	if _, err := st.SyncFindings(ctx, r.project, id, r.observed, r.resolutions); err != nil {
		return 0, err
	}
	if r.result.Decision == store.DecisionAutoApply {
		aid, err := st.RecordApply(ctx, store.Apply{RunID: id, Project: r.project, PlanSHA256: "5eed", Decision: store.DecisionAutoApply, Changes: 1})
		if err != nil {
			return 0, err
		}
		if err := st.VerifyApply(ctx, aid, nil); err != nil {
			return 0, err
		}
	}
	clock.Set(at.Add(2 * time.Minute))
	return id, st.FinishRun(ctx, id, r.result)
}
