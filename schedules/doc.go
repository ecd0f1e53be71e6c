// Package schedules will run each project's driftfix cycle on its cron
// schedule (robfig/cron/v3: no overlap, jitter, graceful stop), as
// DESIGN.md describes. The schedule of a project is already parsed and
// validated by config.ParseSchedule; the runner lands with `driftfix serve`.
package schedules
