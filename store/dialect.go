package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dialect holds what differs between SQLite and PostgreSQL once the schema
// exists. Queries are written with ? placeholders; PostgreSQL gets $1, $2…
type dialect struct {
	name       string // "sqlite" or "postgres": also the migrations folder
	numbered   bool   // placeholders are $1, $2, … instead of ?
	skipLocked string // appended to a SELECT that picks a row to claim
	textTimes  bool   // times are TEXT columns (SQLite) rather than timestamptz
}

var (
	sqliteDialect   = dialect{name: "sqlite", textTimes: true}
	postgresDialect = dialect{name: "postgres", numbered: true, skipLocked: " FOR UPDATE SKIP LOCKED"}
)

// rebind turns the ? placeholders of query into the dialect's own. The
// store's SQL never holds a ? inside a string literal.
func (d dialect) rebind(query string) string {
	if !d.numbered {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// timeLayout is how SQLite keeps a time: fixed width, so that comparing the
// text compares the times.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// normal is the form every stored time takes: UTC, microseconds.
func normal(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// timeArg is the query argument for t; the zero time is NULL.
func (d dialect) timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if d.textTimes {
		return normal(t).Format(timeLayout)
	}
	return normal(t)
}

// dbTime scans a time column of either dialect; NULL is the zero time.
type dbTime struct{ t *time.Time }

func (s dbTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = v.UTC()
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("time column holds %T", src)
	}
	return nil
}

func (s dbTime) parse(v string) error {
	t, err := time.Parse(timeLayout, v)
	if err != nil {
		return fmt.Errorf("time column: %w", err)
	}
	*s.t = t
	return nil
}

// dbStrings scans a JSON array of strings kept in a TEXT column.
type dbStrings struct{ s *[]string }

func (d dbStrings) Scan(src any) error {
	var raw []byte
	switch v := src.(type) {
	case nil:
		*d.s = nil
		return nil
	case string:
		raw = []byte(v)
	case []byte:
		raw = v
	default:
		return fmt.Errorf("string list column holds %T", src)
	}
	var out []string
	if err := json.Unmarshal(raw, &out); err != nil {
		return fmt.Errorf("string list column: %w", err)
	}
	if len(out) == 0 {
		out = nil
	}
	*d.s = out
	return nil
}

// stringsArg is the query argument for a string list: a JSON array, never NULL.
func stringsArg(s []string) string {
	if len(s) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(s) // a []string always marshals
	return string(b)
}

// dbID scans an optional row id; NULL is 0.
type dbID struct{ id *int64 }

func (d dbID) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*d.id = n.Int64
	return nil
}
