// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// fileExists reports whether a file is there.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
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

// ReadLedger reads the ledger core of a backup — its buyers, and each
// import batch with its lines in file order — for a move to another store
// (the ClickHouse store). visit gets each batch's lines as a RowReader.
func ReadLedger(ctx context.Context, dir string, visit func(b cityspend.Buyer, batch cityspend.ImportBatch, rows cityspend.RowReader) error) error {
	if _, err := ReadManifest(dir); err != nil {
		return err
	}
	connector, err := duckdb.NewConnector("?autoinstall_known_extensions=false&autoload_known_extensions=false", nil)
	if err != nil {
		return fmt.Errorf("read backup: %w", err)
	}
	defer connector.Close()
	db := sql.OpenDB(connector)
	defer db.Close()
	for _, t := range []string{"buyers", "import_batches", "payments", "payees", "accounts", "units"} {
		if _, err := db.ExecContext(ctx, `CREATE VIEW `+t+` AS SELECT * FROM read_parquet(`+sqlString(filepath.Join(dir, t+".parquet"))+`, hive_partitioning = false)`); err != nil {
			return fmt.Errorf("read backup %s: %s: %w", dir, t, err)
		}
	}
	// An undone batch has no lines to move (a backup made before undo
	// existed has no import_undos).
	loaded := ""
	if undos := filepath.Join(dir, "import_undos.parquet"); fileExists(undos) {
		loaded = ` AND id NOT IN (SELECT batch_id FROM read_parquet(` + sqlString(undos) + `, hive_partitioning = false))`
	}
	buyers, err := getBuyers(ctx, db)
	if err != nil {
		return err
	}
	for _, b := range buyers {
		batches, err := queryAll(ctx, db, "batches", `SELECT id, buyer_id, kind, file_name, sha256, bytes, rows_read, rows_loaded, rows_rejected,
			rows_duplicate, amount_loaded, currency, coalesce(rejects_file, ''), coalesce(details, ''), started_at, finished_at
			FROM import_batches WHERE buyer_id = ?`+loaded+` ORDER BY id`, []any{b.ID}, func(rows *sql.Rows, x *cityspend.ImportBatch) error {
			return rows.Scan(&x.ID, &x.BuyerID, &x.Kind, &x.FileName, &x.SHA256, &x.Bytes, &x.RowsRead, &x.RowsLoaded, &x.RowsRejected,
				&x.RowsDuplicate, &x.AmountLoaded, &x.Currency, &x.RejectsFile, &x.Details, &x.StartedAt, &x.FinishedAt)
		})
		if err != nil {
			return err
		}
		for _, batch := range batches {
			rows, err := db.QueryContext(ctx, `SELECT p.line, p.key_hi, p.key_lo, p.key_occ, coalesce(y.name, ''), coalesce(y.local_id, ''),
					coalesce(y.org_number, ''), coalesce(y.vat_number, ''), coalesce(y.country, ''), coalesce(y.postcode, ''),
					p.invoice_date, p.payment_date, p.amount, p.vat, p.currency, coalesce(a.code, ''), coalesce(a.text, ''),
					coalesce(u.org_unit, ''), coalesce(u.cost_centre, ''), coalesce(u.service_code, ''), coalesce(u.project, ''),
					coalesce(p.contract_ref, ''), coalesce(p.description, ''), coalesce(p.transaction_id, ''), coalesce(p.voucher_no, ''),
					coalesce(p.invoice_no, ''), coalesce(p.expenditure_type, ''), coalesce(p.cpv, ''), coalesce(p.unspsc, ''),
					coalesce(p.order_ref, ''), coalesce(CAST(p.quantity AS VARCHAR), ''), coalesce(p.unit_code, '')
				FROM payments p JOIN payees y ON y.buyer_id = p.buyer_id AND y.payee_id = p.payee_id
				JOIN accounts a ON a.buyer_id = p.buyer_id AND a.account_id = p.account_id
				JOIN units u ON u.buyer_id = p.buyer_id AND u.unit_id = p.unit_id
				WHERE p.batch_id = ? ORDER BY p.line, p.key_occ`, batch.ID)
			if err != nil {
				return fmt.Errorf("read backup: batch %d: %w", batch.ID, err)
			}
			err = visit(b, batch, &backupRows{rows: rows, buyer: b.ID})
			rows.Close()
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// backupRows reads a batch's lines from a backup, a thousand at a time.
type backupRows struct {
	rows  *sql.Rows
	buyer string
}

func (r *backupRows) Read(ctx context.Context) ([]cityspend.ImportRow, error) {
	var out []cityspend.ImportRow
	for len(out) < 1000 && r.rows.Next() {
		p := &cityspend.Payment{BuyerID: r.buyer}
		var inv, paid sql.NullTime
		var amount int64
		var vat sql.NullInt64
		if err := r.rows.Scan(&p.Line, &p.Key.Hi, &p.Key.Lo, &p.Occurrence, &p.Supplier.Name, &p.Supplier.LocalID, &p.Supplier.OrgNumber, &p.Supplier.VATNumber,
			&p.Supplier.Country, &p.Supplier.Postcode, &inv, &paid, &amount, &vat, &p.Currency, &p.AccountCode, &p.AccountText, &p.OrgUnit,
			&p.CostCentre, &p.ServiceCode, &p.Project, &p.ContractRef, &p.Description, &p.TransactionID, &p.VoucherNo, &p.InvoiceNo,
			&p.ExpenditureType, &p.CPV, &p.UNSPSC, &p.OrderRef, &p.Quantity, &p.UnitCode); err != nil {
			return nil, fmt.Errorf("read backup: %w", err)
		}
		p.InvoiceDate, p.PaymentDate, p.Amount = utcDate(inv), utcDate(paid), cityspend.Amount(amount)
		p.VAT, p.HasVAT = cityspend.Amount(vat.Int64), vat.Valid
		out = append(out, cityspend.ImportRow{Payment: p})
	}
	if err := r.rows.Err(); err != nil {
		return nil, fmt.Errorf("read backup: %w", err)
	}
	if len(out) == 0 {
		return nil, io.EOF
	}
	return out, nil
}
