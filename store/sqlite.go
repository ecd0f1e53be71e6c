package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// sqliteParams are set on every SQLite connection: WAL so readers never
// block the writer, a busy timeout so writers from other connections and
// processes wait their turn instead of failing, foreign keys on, and
// transactions that take the write lock at BEGIN (BEGIN IMMEDIATE).
const sqliteParams = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate"

// openSQLite opens (creating when missing) the SQLite file at path. A
// directory it creates is 0700 and a file it creates 0600; SQLite gives its
// -wal and -shm files the database file's mode.
func openSQLite(ctx context.Context, path string) (where string, db *sql.DB, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path, nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return abs, nil, err
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return abs, nil, err
	}
	if err := f.Close(); err != nil {
		return abs, nil, err
	}
	if info, err := os.Stat(abs); err == nil && !info.Mode().IsRegular() {
		return abs, nil, fmt.Errorf("not a regular file: %w", fs.ErrInvalid)
	}
	dsn := "file:" + (&url.URL{Path: abs}).EscapedPath() + "?" + sqliteParams
	db, err = sql.Open("sqlite", dsn)
	if err != nil {
		return abs, nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		return abs, nil, errors.Join(err, db.Close())
	}
	return abs, db, nil
}
