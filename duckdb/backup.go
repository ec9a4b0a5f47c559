package duckdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"database/sql/driver"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/cityspend/cityspend"
)

// manifestFile names a backup and says what made it.
const manifestFile = "cityspend-backup.json"

// Manifest describes a backup.
type Manifest struct {
	Format    string    `json:"format"` // "duckdb-export-parquet"
	Schema    int       `json:"schema"` // the newest migration applied
	CreatedAt time.Time `json:"created_at"`
	Source    string    `json:"source"` // the database file
}

// sqlString quotes a string for SQL.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Backup writes a consistent snapshot of the whole database — every table,
// every audit record — to dir as Parquet files with the schema (DuckDB's
// EXPORT DATABASE, one transaction), while the store stays in use. The
// snapshot is written beside dir and renamed into place when complete; dir
// must not exist.
func (d *DB) Backup(ctx context.Context, dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return cityspend.Errorf(cityspend.ECONFLICT, "backup %s exists already: choose a new folder", dir)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	partial := dir + ".partial"
	os.RemoveAll(partial)
	var schema int
	if err := d.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&schema); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// A connection of its own: the pool's connections may hold temporary
	// staging tables, which are no part of the database.
	// (Wrapped so that closing it leaves the shared database open.)
	own := sql.OpenDB(keepOpen{d.connector})
	_, err := own.ExecContext(ctx, `EXPORT DATABASE `+sqlString(partial)+` (FORMAT PARQUET)`)
	if cerr := own.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(partial)
		return fmt.Errorf("backup: %w", err)
	}
	m, _ := json.MarshalIndent(Manifest{Format: "duckdb-export-parquet", Schema: schema, CreatedAt: time.Now().UTC(), Source: d.path}, "", "  ")
	if err := os.WriteFile(filepath.Join(partial, manifestFile), m, 0o644); err != nil {
		os.RemoveAll(partial)
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(partial, dir); err != nil {
		os.RemoveAll(partial)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// ReadManifest reads a backup's manifest.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if err != nil {
		return m, cityspend.Errorf(cityspend.EINVALID, "%s is not a cityspend backup (no %s)", dir, manifestFile)
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Format != "duckdb-export-parquet" {
		return m, cityspend.Errorf(cityspend.EINVALID, "%s: %s is not a backup manifest", dir, manifestFile)
	}
	return m, nil
}

// Restore builds a new database file at path from a backup folder: the
// file is written beside path and renamed into place when complete, and
// path must not exist (nothing is overwritten). A backup from a newer
// cityspend than this one is refused.
func Restore(ctx context.Context, dir, path string) error {
	m, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	if latest := latestMigration(); m.Schema > latest {
		return cityspend.Errorf(cityspend.EINVALID, "backup %s has schema %d; this cityspend knows up to %d: use a newer cityspend", dir, m.Schema, latest)
	}
	if _, err := os.Stat(path); err == nil {
		return cityspend.Errorf(cityspend.ECONFLICT, "%s exists: restore into a new file (--db)", path)
	}
	partial := path + ".restoring"
	os.Remove(partial)
	os.Remove(partial + ".wal")
	connector, err := duckdb.NewConnector(partial+"?autoinstall_known_extensions=false&autoload_known_extensions=false", nil)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	db := sql.OpenDB(connector)
	_, err = db.ExecContext(ctx, `IMPORT DATABASE `+sqlString(dir))
	if err == nil {
		_, err = db.ExecContext(ctx, `CHECKPOINT`)
	}
	err = errors.Join(err, db.Close(), connector.Close())
	if err != nil {
		os.Remove(partial)
		os.Remove(partial + ".wal")
		return fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(partial, path); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// keepOpen hides a connector's Close from a sql.DB over it.
type keepOpen struct{ driver.Connector }

// latestMigration is the newest embedded migration's version.
func latestMigration() int {
	ms, err := loadMigrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}
