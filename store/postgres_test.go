package store_test

import (
	"os"
	"testing"

	"github.com/driftfix/driftfix/internal/pgtest"
)

// TestMain stops the PostgreSQL cluster that TestPostgres starts.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func TestPostgres(t *testing.T) {
	runConformance(t, func(t *testing.T) string { return pgtest.NewDatabase(t) })
}
