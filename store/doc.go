// Package store is driftfix's memory: the runs it made and their steps, the
// findings it saw (with when each was first seen and how it was resolved),
// the fixes its runs made (applied or sent for review, and where to), the
// fixes people reverted (overrides), the fix classes the learning gate
// demoted to review until a person promotes them again, the applies and
// whether they were verified, the leases that let several replicas share
// the work, and the queue of webhook events waiting to be worked off.
//
// One Store serves two databases: SQLite (the default, one file, nothing to
// install) and PostgreSQL (for several replicas). Open picks by the DSN. The
// SQL is shared and written with ? placeholders; the few places where the
// dialects differ (column types, row locking) live in the migrations and in
// dialect.go.
//
// The store is a leaf: it owns its record types and imports none of
// driftfix's domain packages; the pipeline maps between the two. Every time
// it writes is UTC, truncated to the microsecond (what PostgreSQL keeps), and
// "now" comes from the store's clock (WithClock), so tests control it.
package store
