package store

import (
	"database/sql"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// postgresMaxConns bounds one Store's connections, so that a few replicas
// stay well inside PostgreSQL's default max_connections (100).
const postgresMaxConns = 10

// openPostgres opens the PostgreSQL database that the URL dsn names.
func openPostgres(dsn string) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(postgresMaxConns)
	return db, nil
}
