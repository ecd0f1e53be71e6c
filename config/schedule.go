package config

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// ParseSchedule parses a project's schedule the way the scheduler will: the
// standard five cron fields (minute hour day-of-month month day-of-week, as
// in "0 */6 * * *") or a descriptor (@hourly, @daily, @weekly, @monthly,
// @yearly, @every 90m). It rejects a schedule that never fires (30 February).
func ParseSchedule(spec string) (s cron.Schedule, err error) {
	defer func() {
		// robfig/cron v3.0.1 panics on some malformed input ("TZ=UTC")
		if recover() != nil {
			s, err = nil, fmt.Errorf("%q is not a valid cron expression", spec)
		}
	}()
	s, err = cron.ParseStandard(spec)
	if err != nil {
		return nil, err
	}
	// Next searches five years ahead and returns zero when nothing matches.
	if s.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return nil, fmt.Errorf("%q never fires", spec)
	}
	return s, nil
}
