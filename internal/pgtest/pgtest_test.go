//go:build unix

package pgtest_test

import (
	"database/sql"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/driftfix/driftfix/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func connect(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Each test gets its own empty database on a server that listens on a
// unix socket only.
func TestNewDatabase(t *testing.T) {
	first, second := pgtest.NewDatabase(t), pgtest.NewDatabase(t)
	if first == second {
		t.Fatalf("two databases share the DSN %s", first)
	}
	if !strings.HasPrefix(first, "postgres://") {
		t.Errorf("DSN %q is not a postgres:// URL", first)
	}
	a, b := connect(t, first), connect(t, second)
	if _, err := a.ExecContext(t.Context(), "CREATE TABLE only_in_first (x int)"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := b.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'only_in_first'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Error("a table made in one test database shows in the other")
	}
	var listen, socketDirs string
	if err := a.QueryRowContext(t.Context(), "SHOW listen_addresses").Scan(&listen); err != nil {
		t.Fatal(err)
	}
	if err := a.QueryRowContext(t.Context(), "SHOW unix_socket_directories").Scan(&socketDirs); err != nil {
		t.Fatal(err)
	}
	if listen != "" || !strings.Contains(socketDirs, os.TempDir()) {
		t.Errorf("server listens on %q with sockets in %q; want no TCP and a socket under %s", listen, socketDirs, os.TempDir())
	}
}

// A database is dropped when its test ends.
func TestDatabaseDroppedAfterTest(t *testing.T) {
	var dsn string
	t.Run("user", func(t *testing.T) {
		dsn = pgtest.NewDatabase(t)
		connect(t, dsn).PingContext(t.Context())
	})
	if err := connect(t, dsn).PingContext(t.Context()); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("connecting to a finished test's database: %v, want it not to exist", err)
	}
}
