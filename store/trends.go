package store

import (
	"context"
	"fmt"
	"time"
)

// DriftPoint is how many distinct resources had drifted in one run.
type DriftPoint struct {
	RunID            int64
	Project          string
	StartedAt        time.Time
	DriftedResources int
}

// DriftTrend returns, for each run of project (of every project when
// project is "") started in [from, to) that synced its findings, how many
// resources had drifted, oldest first.
func (s *Store) DriftTrend(ctx context.Context, project string, from, to time.Time) ([]DriftPoint, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, project, started_at, drifted_resources FROM runs
		WHERE drifted_resources IS NOT NULL AND started_at >= ? AND started_at < ? AND (? = '' OR project = ?)
		ORDER BY started_at, id`, s.t(from), s.t(to), project, project)
	if err != nil {
		return nil, fmt.Errorf("drift trend: %w", err)
	}
	var out []DriftPoint
	err = eachRow(rows, func() error {
		var p DriftPoint
		err := rows.Scan(&p.RunID, &p.Project, dbTime{&p.StartedAt}, &p.DriftedResources)
		out = append(out, p)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("drift trend: %w", err)
	}
	return out, nil
}
