package schedules

import (
	"strings"
	"testing"
	"time"
)

func TestNewRejects(t *testing.T) {
	sched := everyHour(t)
	ok := Job{Name: "app", Schedule: sched, Run: nopRun}
	tests := []struct {
		name string
		jobs []Job
		opts Options
		want string
	}{
		{"no name", []Job{ok, {Schedule: sched, Run: nopRun}}, Options{}, "job 2 has no name"},
		{"same name twice", []Job{ok, ok}, Options{}, `job "app" is given twice`},
		{"no schedule", []Job{{Name: "app", Run: nopRun}}, Options{}, `job "app" has no schedule`},
		{"no run", []Job{{Name: "app", Schedule: sched}}, Options{}, `job "app" has no Run function`},
		{"negative limit", []Job{ok}, Options{MaxConcurrent: -1}, "MaxConcurrent is -1"},
		{"negative jitter", []Job{ok}, Options{MaxJitter: -time.Second}, "MaxJitter is -1s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.jobs, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	if _, err := New(nil, Options{}); err != nil {
		t.Errorf("New with no jobs: %v", err)
	}
}
