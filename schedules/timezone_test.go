package schedules

import (
	"testing"
	"time"
)

// TestTimeZones runs zoned schedules across daylight-saving changes on a
// UTC clock: the runs keep their local time, so their UTC time moves by an
// hour; a local time the change skips does not run that day, one it
// repeats runs twice (robfig's Next); without a zone the clock's location
// (here UTC) applies.
func TestTimeZones(t *testing.T) {
	tests := []struct {
		name  string
		spec  string
		start string   // RFC 3339
		want  []string // the runs' ticks in UTC, "2006-01-02 15:04"
	}{
		{
			name:  "CRON_TZ New York, spring forward on March 10",
			spec:  "CRON_TZ=America/New_York 0 9 * * *",
			start: "2024-03-08T15:00:00Z",
			want:  []string{"2024-03-09 14:00", "2024-03-10 13:00", "2024-03-11 13:00"},
		},
		{
			name:  "TZ New York, fall back on November 3",
			spec:  "TZ=America/New_York 0 9 * * *",
			start: "2024-11-01T15:00:00Z",
			want:  []string{"2024-11-02 13:00", "2024-11-03 14:00", "2024-11-04 14:00"},
		},
		{
			name:  "Berlin 02:30 does not exist on March 31",
			spec:  "CRON_TZ=Europe/Berlin 30 2 * * *",
			start: "2024-03-29T12:00:00Z",
			want:  []string{"2024-03-30 01:30", "2024-04-01 00:30", "2024-04-02 00:30"},
		},
		{
			name:  "Berlin 02:30 happens twice on October 27",
			spec:  "CRON_TZ=Europe/Berlin 30 2 * * *",
			start: "2024-10-25T12:00:00Z",
			want:  []string{"2024-10-26 00:30", "2024-10-27 00:30", "2024-10-27 01:30", "2024-10-28 01:30"},
		},
		{
			name:  "Berlin hourly across spring forward stays hourly in UTC",
			spec:  "CRON_TZ=Europe/Berlin 0 * * * *",
			start: "2024-03-30T23:30:00Z",
			want:  []string{"2024-03-31 00:00", "2024-03-31 01:00", "2024-03-31 02:00"},
		},
		{
			name:  "no zone: the clock's, UTC, which has no change",
			spec:  "0 9 * * *",
			start: "2024-03-08T15:00:00Z",
			want:  []string{"2024-03-09 09:00", "2024-03-10 09:00", "2024-03-11 09:00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, err := time.Parse(time.RFC3339, tt.start)
			if err != nil {
				t.Fatal(err)
			}
			h := newHarness(t, start)
			h.start(Options{}, testJob{name: "app", spec: tt.spec})
			for _, w := range tt.want {
				at, err := time.Parse("2006-01-02 15:04", w)
				if err != nil {
					t.Fatal(err)
				}
				h.advance(at.Add(-time.Second))
				h.expectNone()
				h.advance(at)
				h.expect("start app " + h.when(at))
				h.finish("app")
				h.expect("finish app " + h.when(at) + ": ok")
			}
			h.stop()
		})
	}
}
