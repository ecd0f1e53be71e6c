//go:build unix

// Package pgtest gives tests a real PostgreSQL: one throwaway cluster per
// test binary, started on first use in a temporary directory, listening on
// a unix socket only (no TCP port), with one fresh database per test.
//
// Use it from TestMain, so that the cluster stops when the tests end:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
//	func TestSomething(t *testing.T) {
//		dsn := pgtest.NewDatabase(t) // postgres://…
//	}
//
// The server binaries (initdb, pg_ctl, postgres) are looked up on PATH, then
// under /usr/lib/postgresql/*/bin (Debian's layout, newest version first).
// When they are missing the test fails and says how to install them; it
// never skips. PostgreSQL refuses to run as root, so under root (as in CI)
// the cluster runs as the postgres user, or nobody when there is none.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// InstallHint says how to get the PostgreSQL server binaries.
const InstallHint = "install PostgreSQL's server binaries: apt-get install postgresql (Debian/Ubuntu), or put a directory holding initdb, pg_ctl and postgres on PATH"

var (
	mainRunning atomic.Bool
	startOnce   sync.Once
	shared      *cluster
	startErr    error
	admin       *sql.DB // connected to the cluster's "postgres" database
	databases   atomic.Int64
)

// Main runs the tests of m and afterwards stops the cluster, if a test
// started one, and removes its directory. It returns m.Run's exit code.
func Main(m *testing.M) int {
	mainRunning.Store(true)
	code := m.Run()
	if shared != nil {
		if admin != nil {
			admin.Close()
		}
		if err := shared.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// NewDatabase creates an empty database for t on the test binary's cluster,
// starting the cluster on first use, and returns its DSN (a postgres:// URL
// that reaches the server over its unix socket). The database is dropped
// when t ends; close connections to it before then (t.Cleanup functions
// registered after NewDatabase run before its own).
func NewDatabase(t testing.TB) string {
	t.Helper()
	if !mainRunning.Load() {
		t.Fatal("pgtest: call pgtest.Main from TestMain, so that the cluster is stopped when the tests end: func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }")
	}
	startOnce.Do(func() {
		shared, startErr = start()
		if startErr == nil {
			admin, startErr = sql.Open("pgx", shared.dsn("postgres"))
		}
	})
	if startErr != nil {
		t.Fatalf("pgtest: %v", startErr)
	}
	name := fmt.Sprintf("t%d_%s", databases.Add(1), dbName(t.Name()))
	ctx := context.WithoutCancel(t.Context())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return shared.dsn(name)
}

var notName = regexp.MustCompile(`[^a-z0-9_]+`)

// dbName turns a test name into the tail of a database name: lower case
// letters, digits and _, short enough for PostgreSQL's 63-byte limit.
func dbName(test string) string {
	s := notName.ReplaceAllString(strings.ToLower(test), "_")
	if len(s) > 48 {
		s = s[len(s)-48:]
	}
	return strings.Trim(s, "_")
}

// dsn is the URL of database name on the cluster, over its unix socket.
func (c *cluster) dsn(name string) string {
	q := url.Values{"host": {c.socketDir}, "port": {fmt.Sprint(port)}, "sslmode": {"disable"}}
	return (&url.URL{Scheme: "postgres", User: url.User(superuser), Path: "/" + name, RawQuery: q.Encode()}).String()
}

// errNoBinaries is the failure when PostgreSQL is not installed.
var errNoBinaries = errors.New("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH or under /usr/lib/postgresql/*/bin; " + InstallHint)
