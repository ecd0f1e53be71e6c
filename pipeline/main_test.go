package pipeline

import (
	"os"
	"testing"

	"github.com/driftfix/driftfix/internal/pgtest"
)

// TestMain stops the PostgreSQL cluster the replica tests start.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
