package store_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/store"
)

func testRunsAndSteps(t *testing.T, h *harness) {
	s := h.open(t)
	c := ctx(t)

	start := stored(h.clock.Now())
	id, err := s.StartRun(c, store.RunStart{Project: "web", Trigger: store.TriggerSchedule, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	checkout, err := s.StartStep(c, id, store.StepCheckout)
	if err != nil {
		t.Fatal(err)
	}
	stepEnd := stored(h.clock.Advance(2 * time.Second))
	detail := json.RawMessage(`{"commit":"abc123","files":["main.tf"]}`)
	if err := s.FinishStep(c, checkout, store.StepResult{Status: store.StatusSucceeded, Summary: "cloned at abc123", Detail: detail}); err != nil {
		t.Fatal(err)
	}
	plan, err := s.StartStep(c, id, store.StepPlan)
	if err != nil {
		t.Fatal(err)
	}

	// While going, the run and its unfinished step say so.
	running, err := s.Run(c, id)
	if err != nil {
		t.Fatal(err)
	}
	if running.Status != store.StatusRunning || !running.FinishedAt.IsZero() || len(running.Steps) != 2 ||
		running.Steps[1].Status != store.StatusRunning || !running.Steps[1].FinishedAt.IsZero() {
		t.Fatalf("a running run reads back as %+v", running)
	}

	end := stored(h.clock.Advance(3 * time.Second))
	if err := s.FinishStep(c, plan, store.StepResult{Status: store.StatusFailed, Summary: "terraform plan: exit 1"}); err != nil {
		t.Fatal(err)
	}
	result := store.RunResult{
		Status:          store.StatusFailed,
		Decision:        store.DecisionReview,
		DecisionReasons: []string{"aws_security_group.web: network-exposure is high risk", "3 changes"},
		PullRequestURL:  "https://github.com/acme/infra/pull/7",
		CommitSHA:       "0123456789abcdef0123456789abcdef01234567",
		Error:           "plan failed",
	}
	if err := s.FinishRun(c, id, result); err != nil {
		t.Fatal(err)
	}

	want := store.Run{
		ID: id, Project: "web", Trigger: store.TriggerSchedule, Status: store.StatusFailed,
		StartedAt: start, FinishedAt: end, Decision: store.DecisionReview, DecisionReasons: result.DecisionReasons,
		DryRun: true, CommitSHA: result.CommitSHA, PullRequestURL: result.PullRequestURL, Error: "plan failed",
		Steps: []store.Step{
			{ID: checkout, RunID: id, Name: store.StepCheckout, Status: store.StatusSucceeded, StartedAt: start,
				FinishedAt: stepEnd, Summary: "cloned at abc123", Detail: detail},
			{ID: plan, RunID: id, Name: store.StepPlan, Status: store.StatusFailed, StartedAt: stepEnd,
				FinishedAt: end, Summary: "terraform plan: exit 1"},
		},
	}
	got, err := s.Run(c, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("run reads back as\n%+v\nwant\n%+v", got, want)
	}
	if got.StartedAt.Location() != time.UTC {
		t.Errorf("times come back in %v, want UTC", got.StartedAt.Location())
	}

	// A skipped run, then runs of another project; recent runs are newest
	// first, per project or all, limited.
	h.clock.Advance(time.Minute)
	skipped, err := s.SkipRun(c, "web", store.TriggerSchedule, "run 1 of web is still going")
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Minute)
	other, err := s.StartRun(c, store.RunStart{Project: "db", Trigger: store.TriggerComment})
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Minute)
	manual, err := s.StartRun(c, store.RunStart{Project: "web", Trigger: store.TriggerManual})
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		project string
		limit   int
		want    []int64
	}{
		{"web", 10, []int64{manual, skipped, id}},
		{"web", 2, []int64{manual, skipped}},
		{"db", 10, []int64{other}},
		{"", 10, []int64{manual, other, skipped, id}},
		{"none", 10, nil},
		{"web", 0, nil},
	} {
		runs, err := s.RecentRuns(c, tc.project, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range runs {
			ids = append(ids, r.ID)
		}
		if !reflect.DeepEqual(ids, tc.want) {
			t.Errorf("RecentRuns(%q, %d) = %v, want %v", tc.project, tc.limit, ids, tc.want)
		}
		for _, r := range runs {
			if r.ID == id && !reflect.DeepEqual(r, want) {
				t.Errorf("RecentRuns(%q) gives run %d as %+v, want %+v", tc.project, id, r, want)
			}
		}
	}

	for _, tc := range []struct {
		project  string
		from, to time.Time
		want     []int64
	}{
		{"web", start, start.Add(time.Hour), []int64{id, skipped, manual}},
		{"", start, start.Add(time.Hour), []int64{id, skipped, other, manual}},
		{"", start.Add(time.Microsecond), start.Add(2*time.Minute + 6*time.Second), []int64{skipped, other}},
		{"db", start, start.Add(2*time.Minute + 6*time.Second), []int64{other}},
	} {
		runs, err := s.RunsBetween(c, tc.project, tc.from, tc.to)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range runs {
			ids = append(ids, r.ID)
			if r.Steps != nil {
				t.Errorf("RunsBetween gives run %d with steps", r.ID)
			}
			if r.ID == id && (r.Decision != store.DecisionReview || !reflect.DeepEqual(r.DecisionReasons, result.DecisionReasons)) {
				t.Errorf("RunsBetween gives run %d as %+v", id, r)
			}
		}
		if !reflect.DeepEqual(ids, tc.want) {
			t.Errorf("RunsBetween(%q, %v, %v) = %v, want %v", tc.project, tc.from, tc.to, ids, tc.want)
		}
	}

	sk, err := s.Run(c, skipped)
	if err != nil {
		t.Fatal(err)
	}
	if sk.Status != store.StatusSkipped || sk.SkipReason != "run 1 of web is still going" || sk.FinishedAt.IsZero() ||
		sk.Decision != store.DecisionNone || len(sk.Steps) != 0 {
		t.Errorf("skipped run reads back as %+v", sk)
	}
}

func testRunValidation(t *testing.T, h *harness) {
	s := h.open(t)
	c := ctx(t)
	id, err := s.StartRun(c, store.RunStart{Project: "web", Trigger: store.TriggerManual})
	if err != nil {
		t.Fatal(err)
	}
	step, err := s.StartStep(c, id, store.StepLoad)
	if err != nil {
		t.Fatal(err)
	}
	done := store.RunResult{Status: store.StatusSucceeded}

	for _, tc := range []struct {
		name    string
		do      func() error
		wantErr error  // errors.Is target; nil means any error
		wantMsg string // part of the message
	}{
		{"unknown trigger", func() error {
			_, err := s.StartRun(c, store.RunStart{Project: "web", Trigger: "cron"})
			return err
		}, store.ErrInvalid, `trigger "cron"`},
		{"no project", func() error {
			_, err := s.StartRun(c, store.RunStart{Trigger: store.TriggerManual})
			return err
		}, store.ErrInvalid, "project is empty"},
		{"skip without reason", func() error {
			_, err := s.SkipRun(c, "web", store.TriggerSchedule, "")
			return err
		}, store.ErrInvalid, "skip reason"},
		{"finish as running", func() error { return s.FinishRun(c, id, store.RunResult{Status: store.StatusRunning}) }, store.ErrInvalid, "running"},
		{"unknown decision", func() error {
			return s.FinishRun(c, id, store.RunResult{Status: store.StatusSucceeded, Decision: "yolo"})
		}, store.ErrInvalid, `decision "yolo"`},
		{"finish a run that does not exist", func() error { return s.FinishRun(c, id+1000, done) }, store.ErrNotFound, "run"},
		{"unknown step name", func() error {
			_, err := s.StartStep(c, id, "deploy")
			return err
		}, store.ErrInvalid, `step "deploy"`},
		{"step of a run that does not exist", func() error {
			_, err := s.StartStep(c, id+1000, store.StepLoad)
			return err
		}, store.ErrNotFound, "run"},
		{"step detail that is not JSON", func() error {
			return s.FinishStep(c, step, store.StepResult{Status: store.StatusSucceeded, Detail: json.RawMessage("{oops")})
		}, store.ErrInvalid, "not JSON"},
		{"finish a step that does not exist", func() error {
			return s.FinishStep(c, step+1000, store.StepResult{Status: store.StatusSucceeded})
		}, store.ErrNotFound, "step"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			if err == nil {
				t.Fatal("no error")
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("error %q is not %v", err, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %q does not mention %q", err, tc.wantMsg)
			}
		})
	}

	// A run and a step finish once.
	if err := s.FinishStep(c, step, store.StepResult{Status: store.StatusSucceeded}); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishStep(c, step, store.StepResult{Status: store.StatusFailed}); err == nil || !strings.Contains(err.Error(), "already finished") {
		t.Errorf("finishing a step twice: %v, want an error saying it already finished", err)
	}
	if err := s.FinishRun(c, id, done); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(c, id, store.RunResult{Status: store.StatusFailed}); err == nil || !strings.Contains(err.Error(), "already finished") {
		t.Errorf("finishing a run twice: %v, want an error saying it already finished", err)
	}
	if r, _ := s.Run(c, id); r.Status != store.StatusSucceeded {
		t.Errorf("a second FinishRun changed the status to %s", r.Status)
	}
	if _, err := s.Run(c, id+1000); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Run of an unknown id: %v, want ErrNotFound", err)
	}
}
