package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
)

// migrations holds one folder of numbered SQL files per dialect
// (migrations/<dialect>/NNNN_what.sql). Both folders hold the same numbers
// and names; a test keeps them in step.
//
//go:embed migrations
var migrations embed.FS

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string // file name, for messages
	sql     string
}

// migrationLock is the PostgreSQL advisory lock key that serialises
// migrating across processes ("driftfix" in ASCII).
const migrationLock = 0x6472696674666978

// loadMigrations reads the dialect's migrations in order and checks that
// they are numbered 1, 2, 3… without gaps or repeats.
func loadMigrations(dialect string) ([]migration, error) {
	dir := path.Join("migrations", dialect)
	entries, err := migrations.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s/%s: name does not start with its number", dir, e.Name())
		}
		body, err := migrations.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s/%s: want number %d", dir, m.name, i+1)
		}
	}
	return out, nil
}

// migrate applies the migrations the database lacks, each in its own
// transaction, and records each in schema_migrations. Two processes may
// migrate one database at once: on SQLite each transaction holds the write
// lock from BEGIN (BEGIN IMMEDIATE); on PostgreSQL each first takes a
// transaction-scoped advisory lock, released by its commit or rollback, so no
// crashed or cancelled migrator can leave it held. Either way the second
// process finds the version recorded once it gets its turn, and skips it.
func (s *Store) migrate(ctx context.Context) error {
	all, err := loadMigrations(s.dialect.name)
	if err != nil {
		return err
	}
	for _, m := range all {
		if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.applyMigration(ctx, tx, m, len(all)) }); err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, tx *sql.Tx, m migration, known int) error {
	if s.dialect.name == "postgres" {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrationLock)); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return err
	}
	var newest int
	if err := s.queryRow(ctx, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&newest); err != nil {
		return err
	}
	if newest > known {
		return fmt.Errorf("the database is at schema version %d, newer than this driftfix knows (%d): upgrade driftfix", newest, known)
	}
	var applied int
	if err := s.queryRow(ctx, tx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&applied); err != nil {
		return err
	}
	if applied > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	_, err := s.exec(ctx, tx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, s.now().Format(timeLayout))
	return err
}

// SchemaVersion is the newest migration applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.queryRow(ctx, s.db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}
