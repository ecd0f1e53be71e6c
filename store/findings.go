package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Observation is a finding as one run saw it. The caller computes the
// Fingerprint (rule + address + attribute) so that the same problem keeps
// the same fingerprint from run to run; the store treats it as opaque.
type Observation struct {
	Fingerprint     string
	Rule            string
	Severity        string
	Class           string
	Address         string
	File            string
	Line            int
	Kind            Kind
	Priority        int
	PriorityReasons []string
}

// Finding is an observation with its history in one project. A finding is
// open while ResolvedAt is zero. When a resolved finding is observed again
// it is reopened: FirstSeenAt stays, OpenedAt moves to the reopening, and
// Reopened counts how often that happened. Time to fix is ResolvedAt minus
// OpenedAt.
type Finding struct {
	Observation
	Project       string
	FirstSeenAt   time.Time
	LastSeenAt    time.Time
	OpenedAt      time.Time // start of the current (or last) open period
	FirstRunID    int64
	LastRunID     int64 // the last run that observed it
	Reopened      int
	ResolvedAt    time.Time // zero while open
	Resolution    Resolution
	ResolvedRunID int64
}

// SyncResult says what a SyncFindings call changed, by fingerprint (sorted).
type SyncResult struct {
	Opened   []string // observed for the first time
	Reopened []string // observed again after being resolved
	Resolved []string // open before, not observed now
}

// SyncFindings records that run runID of project observed exactly the
// findings observed, now:
//   - a new fingerprint becomes an open finding first seen now;
//   - a known one gets its details and last seen time updated (first seen
//     kept); a resolved one is reopened;
//   - an open finding of project that is not observed is resolved by runID,
//     with resolutions[fingerprint] when given, else ResolutionFixedByHand.
//
// A resolution given for a fingerprint that is still observed is ignored.
// The run also keeps how many findings it observed and how many distinct
// resources drifted. Everything happens in one transaction.
func (s *Store) SyncFindings(ctx context.Context, project string, runID int64, observed []Observation, resolutions map[string]Resolution) (SyncResult, error) {
	if err := s.validSync(project, observed, resolutions); err != nil {
		return SyncResult{}, fmt.Errorf("sync findings of %s: %w", project, err)
	}
	var result SyncResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		result, err = s.syncFindings(ctx, tx, project, runID, observed, resolutions)
		return err
	})
	if err != nil {
		return SyncResult{}, fmt.Errorf("sync findings of %s in run %d: %w", project, runID, err)
	}
	return result, nil
}

func (s *Store) validSync(project string, observed []Observation, resolutions map[string]Resolution) error {
	errs := []error{required("project", project)}
	seen := make(map[string]bool, len(observed))
	for _, o := range observed {
		errs = append(errs, required("fingerprint", o.Fingerprint), oneOf("finding kind", o.Kind, knownKinds))
		if seen[o.Fingerprint] {
			errs = append(errs, fmt.Errorf("%w: fingerprint %q observed twice", ErrInvalid, o.Fingerprint))
		}
		seen[o.Fingerprint] = true
	}
	for fp, r := range resolutions {
		if err := oneOf("resolution", r, knownResolutions); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", fp, err))
		}
	}
	return errors.Join(errs...)
}

func (s *Store) syncFindings(ctx context.Context, tx *sql.Tx, project string, runID int64, observed []Observation, resolutions map[string]Resolution) (SyncResult, error) {
	var runProject string
	err := s.queryRow(ctx, tx, "SELECT project FROM runs WHERE id = ?", runID).Scan(&runProject)
	if errors.Is(err, sql.ErrNoRows) {
		return SyncResult{}, fmt.Errorf("run %d: %w", runID, ErrNotFound)
	}
	if err != nil {
		return SyncResult{}, err
	}
	if runProject != project {
		return SyncResult{}, fmt.Errorf("%w: run %d is a run of %s", ErrInvalid, runID, runProject)
	}

	open := map[string]bool{} // every known fingerprint of project: open or not
	rows, err := s.query(ctx, tx, "SELECT fingerprint, resolved_at IS NULL FROM findings WHERE project = ?", project)
	if err != nil {
		return SyncResult{}, err
	}
	err = eachRow(rows, func() error {
		var fp string
		var isOpen bool
		err := rows.Scan(&fp, &isOpen)
		open[fp] = isOpen
		return err
	})
	if err != nil {
		return SyncResult{}, err
	}

	var result SyncResult
	now := s.t(s.now())
	drifted := map[string]bool{}
	for _, o := range observed {
		if o.Kind == KindDrift {
			drifted[o.Address] = true
		}
		isOpen, known := open[o.Fingerprint]
		switch {
		case !known:
			result.Opened = append(result.Opened, o.Fingerprint)
		case !isOpen:
			result.Reopened = append(result.Reopened, o.Fingerprint)
		}
		if _, err := s.exec(ctx, tx, upsertFinding,
			project, o.Fingerprint, o.Rule, o.Severity, o.Class, o.Address, o.File, o.Line, o.Kind,
			o.Priority, stringsArg(o.PriorityReasons), now, now, now, runID, runID); err != nil {
			return SyncResult{}, fmt.Errorf("finding %s: %w", o.Fingerprint, err)
		}
		delete(open, o.Fingerprint)
	}
	for fp, isOpen := range open {
		if !isOpen {
			continue
		}
		how := resolutions[fp]
		if how == "" {
			how = ResolutionFixedByHand
		}
		if _, err := s.exec(ctx, tx, `UPDATE findings SET resolved_at = ?, resolution = ?, resolved_run_id = ?
			WHERE project = ? AND fingerprint = ? AND resolved_at IS NULL`,
			now, how, runID, project, fp); err != nil {
			return SyncResult{}, fmt.Errorf("resolve finding %s: %w", fp, err)
		}
		result.Resolved = append(result.Resolved, fp)
	}
	if _, err := s.exec(ctx, tx, "UPDATE runs SET observed_findings = ?, drifted_resources = ? WHERE id = ?",
		len(observed), len(drifted), runID); err != nil {
		return SyncResult{}, err
	}
	sort.Strings(result.Opened)
	sort.Strings(result.Reopened)
	sort.Strings(result.Resolved)
	return result, nil
}

// upsertFinding inserts an observed finding or updates the known one. The
// right-hand sides of SET read the row as it was, so a resolved finding
// (resolved_at not NULL) counts one more reopening and a new open period.
const upsertFinding = `INSERT INTO findings (project, fingerprint, rule, severity, class, address, file, line, kind,
	priority, priority_reasons, first_seen_at, last_seen_at, opened_at, first_run_id, last_run_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (project, fingerprint) DO UPDATE SET
	rule = excluded.rule, severity = excluded.severity, class = excluded.class,
	address = excluded.address, file = excluded.file, line = excluded.line, kind = excluded.kind,
	priority = excluded.priority, priority_reasons = excluded.priority_reasons,
	last_seen_at = excluded.last_seen_at, last_run_id = excluded.last_run_id,
	opened_at = CASE WHEN findings.resolved_at IS NULL THEN findings.opened_at ELSE excluded.opened_at END,
	reopened = findings.reopened + CASE WHEN findings.resolved_at IS NULL THEN 0 ELSE 1 END,
	resolved_at = NULL, resolution = '', resolved_run_id = NULL`

const findingColumns = `project, fingerprint, rule, severity, class, address, file, line, kind, priority,
	priority_reasons, first_seen_at, last_seen_at, opened_at, first_run_id, last_run_id, reopened,
	resolved_at, resolution, resolved_run_id`

func (s *Store) findings(ctx context.Context, what, query string, args ...any) ([]Finding, error) {
	rows, err := s.query(ctx, s.db, "SELECT "+findingColumns+" FROM findings WHERE "+query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	var out []Finding
	err = eachRow(rows, func() error {
		var f Finding
		err := rows.Scan(&f.Project, &f.Fingerprint, &f.Rule, &f.Severity, &f.Class, &f.Address, &f.File,
			&f.Line, &f.Kind, &f.Priority, dbStrings{&f.PriorityReasons}, dbTime{&f.FirstSeenAt},
			dbTime{&f.LastSeenAt}, dbTime{&f.OpenedAt}, &f.FirstRunID, &f.LastRunID, &f.Reopened,
			dbTime{&f.ResolvedAt}, &f.Resolution, dbID{&f.ResolvedRunID})
		out = append(out, f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// OpenFindings returns the open findings of project (of every project when
// project is ""), highest priority first, then oldest first.
func (s *Store) OpenFindings(ctx context.Context, project string) ([]Finding, error) {
	return s.findings(ctx, "open findings",
		`resolved_at IS NULL AND (? = '' OR project = ?)
		ORDER BY priority DESC, opened_at, project, fingerprint`, project, project)
}

// ResolvedFindings returns the findings of project (of every project when
// project is "") resolved in [from, to), in the order they were resolved:
// what time to fix and the auto-fix rate are computed from.
func (s *Store) ResolvedFindings(ctx context.Context, project string, from, to time.Time) ([]Finding, error) {
	return s.findings(ctx, "resolved findings",
		`resolved_at >= ? AND resolved_at < ? AND (? = '' OR project = ?)
		ORDER BY resolved_at, project, fingerprint`, s.t(from), s.t(to), project, project)
}

// FindingsByFingerprint returns the findings of project, open or resolved,
// that fingerprints name, by fingerprint. Fingerprints the project never
// had are absent; no fingerprints is an empty map.
func (s *Store) FindingsByFingerprint(ctx context.Context, project string, fingerprints []string) (map[string]Finding, error) {
	if err := required("project", project); err != nil {
		return nil, fmt.Errorf("findings by fingerprint: %w", err)
	}
	out := make(map[string]Finding, len(fingerprints))
	err := inChunks(fingerprints, func(list []any) error {
		found, err := s.findings(ctx, "findings of "+project+" by fingerprint",
			"project = ? AND fingerprint IN ("+placeholders(len(list))+")", append([]any{project}, list...)...)
		for _, f := range found {
			out[f.Fingerprint] = f
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
