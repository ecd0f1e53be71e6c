package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Run is one cycle of driftfix for one project, with its steps.
type Run struct {
	ID              int64
	Project         string
	Trigger         Trigger
	Status          Status
	StartedAt       time.Time
	FinishedAt      time.Time // zero while the run is going
	Decision        Decision
	DecisionReasons []string
	DryRun          bool
	CommitSHA       string
	PullRequestURL  string
	Error           string
	SkipReason      string // why a skipped run did not start
	// What the run's findings sync saw (SyncFindings); both zero when the
	// run never got that far.
	ObservedFindings int
	DriftedResources int
	Steps            []Step // in the order they started
}

// Step is one stage of a run.
type Step struct {
	ID         int64
	RunID      int64
	Name       StepName
	Status     Status
	StartedAt  time.Time
	FinishedAt time.Time // zero while the step is going
	Summary    string
	Detail     json.RawMessage // whatever the step wants kept; nil when none
}

// RunStart is what a run starts with.
type RunStart struct {
	Project string
	Trigger Trigger
	DryRun  bool
}

// RunResult is how a run ended.
type RunResult struct {
	Status          Status // anything but StatusRunning
	Decision        Decision
	DecisionReasons []string
	CommitSHA       string
	PullRequestURL  string
	Error           string
}

// StepResult is how a step ended.
type StepResult struct {
	Status  Status // anything but StatusRunning
	Summary string
	Detail  json.RawMessage // must be JSON when set
}

// StartRun records a run that starts now and returns its id.
func (s *Store) StartRun(ctx context.Context, r RunStart) (int64, error) {
	if err := errors.Join(required("project", r.Project), oneOf("trigger", r.Trigger, knownTriggers)); err != nil {
		return 0, fmt.Errorf("start run: %w", err)
	}
	var id int64
	err := s.queryRow(ctx, s.db, `INSERT INTO runs (project, triggered_by, status, started_at, dry_run)
		VALUES (?, ?, ?, ?, ?) RETURNING id`,
		r.Project, r.Trigger, StatusRunning, s.t(s.now()), r.DryRun).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("start run of %s: %w", r.Project, err)
	}
	return id, nil
}

// SkipRun records a run of project that did not start, and why (for
// example: a run of the project was still going when the schedule fired).
func (s *Store) SkipRun(ctx context.Context, project string, trigger Trigger, reason string) (int64, error) {
	if err := errors.Join(required("project", project), oneOf("trigger", trigger, knownTriggers), required("skip reason", reason)); err != nil {
		return 0, fmt.Errorf("skip run: %w", err)
	}
	now := s.t(s.now())
	var id int64
	err := s.queryRow(ctx, s.db, `INSERT INTO runs (project, triggered_by, status, started_at, finished_at, skip_reason)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		project, trigger, StatusSkipped, now, now, reason).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record skipped run of %s: %w", project, err)
	}
	return id, nil
}

// FinishRun records how the running run id ended. A run finishes once. An
// empty PullRequestURL keeps the one SetPullRequest recorded.
func (s *Store) FinishRun(ctx context.Context, id int64, r RunResult) error {
	if r.Decision == "" {
		r.Decision = DecisionNone
	}
	if err := errors.Join(finished("run status", r.Status), oneOf("decision", r.Decision, knownDecisions)); err != nil {
		return fmt.Errorf("finish run %d: %w", id, err)
	}
	res, err := s.exec(ctx, s.db, `UPDATE runs SET status = ?, finished_at = ?, decision = ?, decision_reasons = ?,
		commit_sha = ?, pull_request_url = COALESCE(NULLIF(?, ''), pull_request_url), error = ?
		WHERE id = ? AND status = ?`,
		r.Status, s.t(s.now()), r.Decision, stringsArg(r.DecisionReasons), r.CommitSHA, r.PullRequestURL, r.Error,
		id, StatusRunning)
	if err != nil {
		return fmt.Errorf("finish run %d: %w", id, err)
	}
	return s.updatedOne(ctx, res, "runs", id, "finish run")
}

// StartStep records that step name of run runID starts now and returns the
// step's id.
func (s *Store) StartStep(ctx context.Context, runID int64, name StepName) (int64, error) {
	if err := oneOf("step", name, knownSteps); err != nil {
		return 0, fmt.Errorf("start step of run %d: %w", runID, err)
	}
	var id int64
	err := s.queryRow(ctx, s.db, `INSERT INTO steps (run_id, name, status, started_at)
		VALUES (?, ?, ?, ?) RETURNING id`, runID, name, StatusRunning, s.t(s.now())).Scan(&id)
	if err != nil {
		if !s.exists(ctx, "runs", runID) {
			return 0, fmt.Errorf("start step %s: run %d: %w", name, runID, ErrNotFound)
		}
		return 0, fmt.Errorf("start step %s of run %d: %w", name, runID, err)
	}
	return id, nil
}

// FinishStep records how the running step id ended. A step finishes once.
func (s *Store) FinishStep(ctx context.Context, id int64, r StepResult) error {
	if err := finished("step status", r.Status); err != nil {
		return fmt.Errorf("finish step %d: %w", id, err)
	}
	var detail any
	if len(r.Detail) > 0 {
		if !json.Valid(r.Detail) {
			return fmt.Errorf("finish step %d: %w: detail is not JSON", id, ErrInvalid)
		}
		detail = string(r.Detail)
	}
	res, err := s.exec(ctx, s.db, `UPDATE steps SET status = ?, finished_at = ?, summary = ?, detail = ?
		WHERE id = ? AND status = ?`,
		r.Status, s.t(s.now()), r.Summary, detail, id, StatusRunning)
	if err != nil {
		return fmt.Errorf("finish step %d: %w", id, err)
	}
	return s.updatedOne(ctx, res, "steps", id, "finish step")
}

// finished refuses an unknown status and "running" as the end of something.
func finished(field string, st Status) error {
	if err := oneOf(field, st, knownStatuses); err != nil {
		return err
	}
	if st == StatusRunning {
		return fmt.Errorf("%w %s %q: a finished thing is not running", ErrInvalid, field, st)
	}
	return nil
}

// updatedOne turns an UPDATE of the running row id that changed nothing into
// ErrNotFound or an "already finished" error.
func (s *Store) updatedOne(ctx context.Context, res sql.Result, table string, id int64, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s %d: %w", what, id, err)
	}
	if n == 1 {
		return nil
	}
	if !s.exists(ctx, table, id) {
		return fmt.Errorf("%s %d: %w", what, id, ErrNotFound)
	}
	return fmt.Errorf("%s %d: it already finished", what, id)
}

// exists reports whether table has a row with id; table is one of ours.
func (s *Store) exists(ctx context.Context, table string, id int64) bool {
	var n int
	err := s.queryRow(ctx, s.db, "SELECT COUNT(*) FROM "+table+" WHERE id = ?", id).Scan(&n)
	return err == nil && n > 0
}

const runColumns = `id, project, triggered_by, status, started_at, finished_at, decision, decision_reasons,
	dry_run, commit_sha, pull_request_url, error, skip_reason,
	COALESCE(observed_findings, 0), COALESCE(drifted_resources, 0)`

func scanRun(rows interface{ Scan(...any) error }) (Run, error) {
	var r Run
	err := rows.Scan(&r.ID, &r.Project, &r.Trigger, &r.Status, dbTime{&r.StartedAt}, dbTime{&r.FinishedAt},
		&r.Decision, dbStrings{&r.DecisionReasons}, &r.DryRun, &r.CommitSHA, &r.PullRequestURL, &r.Error,
		&r.SkipReason, &r.ObservedFindings, &r.DriftedResources)
	return r, err
}

// Run returns run id with its steps.
func (s *Store) Run(ctx context.Context, id int64) (Run, error) {
	r, err := scanRun(s.queryRow(ctx, s.db, "SELECT "+runColumns+" FROM runs WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, fmt.Errorf("run %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Run{}, fmt.Errorf("run %d: %w", id, err)
	}
	runs := []Run{r}
	if err := s.attachSteps(ctx, runs); err != nil {
		return Run{}, err
	}
	return runs[0], nil
}

// RecentRuns returns the latest limit runs of project (of every project
// when project is ""), newest first, each with its steps.
func (s *Store) RecentRuns(ctx context.Context, project string, limit int) ([]Run, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := s.query(ctx, s.db, "SELECT "+runColumns+` FROM runs
		WHERE (? = '' OR project = ?) ORDER BY started_at DESC, id DESC LIMIT ?`, project, project, limit)
	if err != nil {
		return nil, fmt.Errorf("recent runs: %w", err)
	}
	var runs []Run
	err = eachRow(rows, func() error {
		r, err := scanRun(rows)
		runs = append(runs, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("recent runs: %w", err)
	}
	if err := s.attachSteps(ctx, runs); err != nil {
		return nil, err
	}
	return runs, nil
}

// RunsBetween returns the runs of project (of every project when project
// is "") started in [from, to), oldest first, without their steps: what
// the review, apply and failure rates are counted from.
func (s *Store) RunsBetween(ctx context.Context, project string, from, to time.Time) ([]Run, error) {
	rows, err := s.query(ctx, s.db, "SELECT "+runColumns+` FROM runs
		WHERE started_at >= ? AND started_at < ? AND (? = '' OR project = ?)
		ORDER BY started_at, id`, s.t(from), s.t(to), project, project)
	if err != nil {
		return nil, fmt.Errorf("runs between %v and %v: %w", from, to, err)
	}
	var runs []Run
	err = eachRow(rows, func() error {
		r, err := scanRun(rows)
		runs = append(runs, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("runs between %v and %v: %w", from, to, err)
	}
	return runs, nil
}

// attachSteps loads the steps of runs into them.
func (s *Store) attachSteps(ctx context.Context, runs []Run) error {
	if len(runs) == 0 {
		return nil
	}
	ids := make([]any, len(runs))
	index := make(map[int64]int, len(runs))
	for i, r := range runs {
		ids[i] = r.ID
		index[r.ID] = i
	}
	rows, err := s.query(ctx, s.db, `SELECT id, run_id, name, status, started_at, finished_at, summary, detail
		FROM steps WHERE run_id IN (`+placeholders(len(ids))+`) ORDER BY started_at, id`, ids...)
	if err != nil {
		return fmt.Errorf("steps of runs: %w", err)
	}
	err = eachRow(rows, func() error {
		var st Step
		var detail sql.NullString
		if err := rows.Scan(&st.ID, &st.RunID, &st.Name, &st.Status, dbTime{&st.StartedAt}, dbTime{&st.FinishedAt},
			&st.Summary, &detail); err != nil {
			return err
		}
		if detail.Valid {
			st.Detail = json.RawMessage(detail.String)
		}
		i := index[st.RunID]
		runs[i].Steps = append(runs[i].Steps, st)
		return nil
	})
	if err != nil {
		return fmt.Errorf("steps of runs: %w", err)
	}
	return nil
}

// eachRow calls fn for each row and closes rows.
func eachRow(rows *sql.Rows, fn func() error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(); err != nil {
			return err
		}
	}
	return rows.Err()
}
