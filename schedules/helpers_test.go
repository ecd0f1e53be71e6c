package schedules

import (
	"context"
	"testing"

	"github.com/robfig/cron/v3"

	"github.com/driftfix/driftfix/config"
)

func everyHour(t *testing.T) cron.Schedule {
	t.Helper()
	s, err := config.ParseSchedule("0 * * * *")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func nopRun(context.Context, *Run) error { return nil }
