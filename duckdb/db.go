// SPDX-License-Identifier: EUPL-1.2

// Package duckdb is the embedded store: one DuckDB database file holding
// buyers, ledger lines and everything derived from them. All SQL of the
// embedded store lives in this package.
package duckdb

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/cityspend/cityspend"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

var _ cityspend.Store = (*DB)(nil)

// DB is the embedded store on one DuckDB file.
type DB struct {
	db        *sql.DB
	connector *duckdb.Connector
	path      string
	log       *slog.Logger
	// serial orders read-check-write steps that snapshot isolation alone
	// would let overlap: a new challenge's id, an event's last place.
	serial sync.Mutex
	// lines, when set, holds the ledger lines (see LineSource).
	lines LineSource
	// dimsMu lets one import into the line source number new dimension
	// values at a time.
	dimsMu sync.Mutex
	// extracts keeps the last lines read from the line source.
	extracts lineCache
	// rollups keeps the last link rollups read from the line source.
	rollups rollupCache
}

// Options tune the database.
type Options struct {
	// MemoryLimit caps DuckDB's memory ("512MB"); "" keeps DuckDB's default
	// (80 % of RAM). Work beyond it spills to disk.
	MemoryLimit string
	// Threads caps DuckDB's worker threads; 0 keeps the default (all cores).
	Threads int
	// ReadOnly opens the file without taking the write lock.
	ReadOnly bool
	Logger   *slog.Logger
}

// Open opens (creating if needed) the database file at path and brings its
// schema up to date. path ":memory:" opens a private in-memory database.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	q := url.Values{}
	q.Set("autoinstall_known_extensions", "false")
	q.Set("autoload_known_extensions", "false")
	// The engine need not keep the order rows were inserted in, which lets
	// a parallel bulk load (an import) run in far less memory. The setting
	// is the database's, not a connection's: an import that set it changed
	// it for every query after it, so it is set here once, for all, and
	// every query that needs an order says ORDER BY.
	q.Set("preserve_insertion_order", "false")
	if opts.MemoryLimit != "" {
		q.Set("memory_limit", opts.MemoryLimit)
	}
	if opts.Threads > 0 {
		q.Set("threads", strconv.Itoa(opts.Threads))
	}
	if opts.ReadOnly {
		q.Set("access_mode", "read_only")
	}
	dsn := path
	if path == ":memory:" {
		dsn = ""
	}
	dsn += "?" + q.Encode()
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, openError(path, err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	d := &DB{db: sql.OpenDB(connector), connector: connector, path: path, log: log}
	if err := d.db.PingContext(ctx); err != nil {
		d.Close()
		return nil, openError(path, err)
	}
	if !opts.ReadOnly {
		if err := d.migrate(ctx); err != nil {
			d.Close()
			return nil, err
		}
		d.removeStaleStaging()
	} else if err := d.schemaCurrent(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// schemaCurrent refuses a file opened read-only whose schema is older than
// the migrations (which only a writable open applies).
func (d *DB) schemaCurrent(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	var have int
	if err := d.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil || have < ms[len(ms)-1].version {
		return cityspend.Errorf(cityspend.EINVALID, "%s has an older schema than this cityspend's (migration %d, want %d): open it once for writing to bring it up to date",
			d.path, have, ms[len(ms)-1].version)
	}
	return nil
}

// removeStaleStaging deletes staging files an interrupted import left behind.
// The database's write lock is held, so no other import can be using them.
func (d *DB) removeStaleStaging() {
	if d.path == ":memory:" {
		return
	}
	stale, _ := filepath.Glob(filepath.Join(d.tempDir(), d.stagingPattern()))
	for _, f := range stale {
		if err := os.Remove(f); err == nil {
			d.log.Info("removed the staging file of an interrupted import", "file", f)
		}
	}
}

// openError turns DuckDB's open errors into messages a user can act on.
func openError(path string, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "Could not set lock"), strings.Contains(msg, "Conflicting lock"):
		return cityspend.Errorf(cityspend.ECONFLICT,
			"database %s is in use by another cityspend process (is `cityspend serve` running?); stop it or use another --db", path)
	case strings.Contains(msg, "not a valid DuckDB database"), strings.Contains(msg, "database file with version"):
		return cityspend.Errorf(cityspend.EINVALID, "%s is not a cityspend database (DuckDB could not read it): %v", path, err)
	}
	return fmt.Errorf("open database %s: %w", path, err)
}

// SetMemoryLimit changes the cap on the engine's memory ("1GB") for what
// the process does next: an import's follow-up classifies a city's items
// under a cap of its own. "" restores the engine's default (80 % of the
// machine's memory).
//
// The default is set by value, not by RESET alone: DuckDB 1.5.6's RESET
// memory_limit shows the default in current_setting but leaves the
// buffer pool at the cap it had (TestSetMemoryLimitDefault), so a
// statement retried "with the default" ran out of the same cap again.
// The value is the one RESET shows ("18.8 GiB", cut to a tenth of its
// unit), set a twentieth of the unit higher: not below the default, and
// shown the same.
func (d *DB) SetMemoryLimit(ctx context.Context, limit string) error {
	if limit == "" {
		if _, err := d.db.ExecContext(ctx, `RESET memory_limit`); err != nil {
			return fmt.Errorf("memory limit: %w", err)
		}
		var shown string
		if err := d.db.QueryRowContext(ctx, `SELECT current_setting('memory_limit')`).Scan(&shown); err != nil {
			return fmt.Errorf("memory limit: %w", err)
		}
		n, unit, ok := strings.Cut(shown, " ")
		v, err := strconv.ParseFloat(n, 64)
		if !ok || err != nil {
			return fmt.Errorf("memory limit: the engine's default %q is not a size", shown)
		}
		limit = strconv.FormatFloat(v+0.05, 'f', 2, 64) + " " + unit
	}
	if _, err := d.db.ExecContext(ctx, `SET memory_limit = '`+strings.ReplaceAll(limit, "'", "")+`'`); err != nil {
		return fmt.Errorf("memory limit %s: %w", limit, err)
	}
	return nil
}

// OutOfMemory reports whether err is the engine's: a statement needed
// more than its memory cap allows (the statement's transaction is rolled
// back; a larger cap may succeed).
func OutOfMemory(err error) bool {
	var e *duckdb.Error
	return errors.As(err, &e) && e.Type == duckdb.ErrorTypeOutOfMemory
}

// Close closes the database.
func (d *DB) Close() error {
	d.extracts.forget(true)
	err := d.db.Close()
	if cerr := d.connector.Close(); err == nil {
		err = cerr
	}
	return err
}

// SQL returns the underlying handle for the benchmark harness, which compares
// the importer with DuckDB's own CSV reader in the same database.
func (d *DB) SQL() *sql.DB { return d.db }

// Path returns the database file.
func (d *DB) Path() string { return d.path }

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNN_name.sql", e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{v, strings.TrimSuffix(name, ".sql"), string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// migrate applies the embedded migrations not yet recorded, each in its own
// transaction.
func (d *DB) migrate(ctx context.Context) error {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	ms, err := loadMigrations()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	applied := map[int]bool{}
	rows, err := d.db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("migrate: %w", err)
		}
		applied[v] = true
	}
	rows.Close()
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		if err := d.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, ?, ?)`, m.version, m.name, time.Now().UTC())
			return err
		}); err != nil {
			return fmt.Errorf("migrate %03d_%s: %w", m.version, m.name, err)
		}
		d.log.Debug("applied migration", "version", m.version, "name", m.name)
	}
	return nil
}

func (d *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

// nullStr maps "" to SQL NULL.
func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// inConnTx runs fn in a transaction on one connection, for work that uses
// the Appender (which needs the raw connection) besides SQL.
func (d *DB) inConnTx(ctx context.Context, fn func(*sql.Conn) error) error {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN TRANSACTION`); err != nil {
		return err
	}
	if err := fn(conn); err != nil {
		_, rerr := conn.ExecContext(context.Background(), `ROLLBACK`)
		return errors.Join(err, rerr)
	}
	_, err = conn.ExecContext(ctx, `COMMIT`)
	return err
}

// isConflict reports whether a write failed on a primary key or unique
// constraint: the row is there already (ECONFLICT to the caller).
func isConflict(err error) bool {
	s := err.Error()
	return strings.Contains(s, "Duplicate key") || strings.Contains(s, "PRIMARY KEY") || strings.Contains(s, "unique constraint")
}
