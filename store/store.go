package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// DefaultPath is where the SQLite database lives when the DSN is empty,
// relative to the working directory (the repository driftfix runs in).
const DefaultPath = ".driftfix/driftfix.db"

// Store is driftfix's run history, findings, leases and event queue in one
// database. It is safe for concurrent use; several Stores (in one process or
// many) may share one database.
type Store struct {
	db      *sql.DB
	dialect dialect
	clock   func() time.Time
	where   string // the database as error messages name it: a path or a URL without password
}

// Option changes how Open sets up a Store.
type Option func(*Store)

// WithClock makes the store read "now" from clock instead of time.Now. Leases
// and event claims expire by this clock, so replicas sharing a database need
// clocks that agree to well within the shortest lease.
func WithClock(clock func() time.Time) Option {
	return func(s *Store) { s.clock = clock }
}

// Open opens the database that dsn names and brings its schema up to date.
//
//   - postgres://… or postgresql://… is a PostgreSQL database (pgx's URL form);
//   - sqlite:PATH, or a plain file PATH, is a SQLite file, created (0600, in a
//     directory created 0700) when missing;
//   - "" is the SQLite file DefaultPath.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	s := &Store{clock: time.Now}
	for _, o := range opts {
		o(s)
	}
	var err error
	switch kind, rest := classify(dsn); kind {
	case "postgres":
		s.dialect, s.where = postgresDialect, redact(dsn)
		s.db, err = openPostgres(dsn)
	case "sqlite":
		s.dialect = sqliteDialect
		s.where, s.db, err = openSQLite(ctx, rest)
	default:
		return nil, fmt.Errorf("open store: unsupported database URL scheme %q (want postgres://, postgresql://, sqlite: or a file path)", kind)
	}
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", s.where, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("migrate store %s: %w", s.where, err)
	}
	return s, nil
}

// classify says which database dsn names: "postgres", "sqlite" (with the
// file path), or the unknown URL scheme.
func classify(dsn string) (kind, path string) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return "postgres", ""
	case strings.HasPrefix(dsn, "sqlite:"):
		path = strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
	case dsn == "":
		path = DefaultPath
	default:
		if scheme, _, ok := strings.Cut(dsn, "://"); ok && !strings.ContainsAny(scheme, `/\.`) {
			return scheme, ""
		}
		path = dsn
	}
	if path == "" {
		path = DefaultPath
	}
	return "sqlite", path
}

// redact renders a database URL without its password, for error messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres database (unparsable URL)"
	}
	return u.Redacted()
}

// Close closes the database.
func (s *Store) Close() error {
	return s.db.Close()
}

// Dialect names the database behind the store: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.name }

// now is the store's clock in the form it stores times.
func (s *Store) now() time.Time { return normal(s.clock()) }

// querier is what *sql.DB, *sql.Conn and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) exec(ctx context.Context, q querier, query string, args ...any) (sql.Result, error) {
	return q.ExecContext(ctx, s.dialect.rebind(query), args...)
}

func (s *Store) query(ctx context.Context, q querier, query string, args ...any) (*sql.Rows, error) {
	return q.QueryContext(ctx, s.dialect.rebind(query), args...)
}

func (s *Store) queryRow(ctx context.Context, q querier, query string, args ...any) *sql.Row {
	return q.QueryRowContext(ctx, s.dialect.rebind(query), args...)
}

// t is the query argument for a time.
func (s *Store) t(t time.Time) any { return s.dialect.timeArg(t) }

// inTx runs fn in a transaction (on SQLite one that takes the write lock at
// BEGIN, so that it never fails half-way for want of it) and commits it when
// fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, rollback(tx))
	}
	return tx.Commit()
}

func rollback(tx *sql.Tx) error {
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return err
	}
	return nil
}

// placeholders returns "?, ?, …" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
