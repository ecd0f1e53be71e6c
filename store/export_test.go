package store

import "context"

// AppliedMigrations lists the versions recorded in schema_migrations, so
// that tests can see a second migration run added nothing.
func (s *Store) AppliedMigrations(ctx context.Context) ([]int, error) {
	rows, err := s.query(ctx, s.db, "SELECT version FROM schema_migrations ORDER BY version")
	if err != nil {
		return nil, err
	}
	var out []int
	err = eachRow(rows, func() error {
		var v int
		err := rows.Scan(&v)
		out = append(out, v)
		return err
	})
	return out, err
}

// KnownMigrations is the number of migrations of the dialect.
func KnownMigrations(dialect string) (int, error) {
	all, err := loadMigrations(dialect)
	return len(all), err
}

// Classify exposes the DSN classification.
var Classify = classify

// Migrations is the embedded migrations folder.
var Migrations = migrations

// InsertDemotion inserts a demotion that holds with a plain INSERT, without
// the ON CONFLICT clause Demote uses, so that tests see whether the
// database itself refuses a second one.
func (s *Store) InsertDemotion(ctx context.Context, project, class string) error {
	_, err := s.exec(ctx, s.db, "INSERT INTO demotions (project, class, reason, demoted_at) VALUES (?, ?, ?, ?)",
		project, class, "inserted by a test", s.t(s.now()))
	return err
}
