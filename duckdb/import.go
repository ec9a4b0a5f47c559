package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/cityspend/cityspend"
)

// stagingDDL is the shape of the payments table without the occurrence
// number, which is computed when the staged rows move into payments.
const stagingDDL = `CREATE OR REPLACE TEMP TABLE staging_payments AS
	SELECT * EXCLUDE (key_occ) FROM payments LIMIT 0`

// ImportPayments implements cityspend.Store. All rows go into a temporary
// staging table through the Appender inside one transaction; then the rows
// whose (key, occurrence) is new for the buyer move into payments, the batch
// is recorded, and the transaction commits. A crash at any point leaves the
// database as it was.
func (d *DB) ImportPayments(ctx context.Context, batch *cityspend.ImportBatch, rows cityspend.RowReader, dryRun bool) (err error) {
	if batch.StartedAt.IsZero() {
		batch.StartedAt = time.Now().UTC()
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer conn.Close()
	exec := func(q string, args ...any) (sql.Result, error) { return conn.ExecContext(ctx, q, args...) }

	if _, err := exec(`BEGIN TRANSACTION`); err != nil {
		return fmt.Errorf("import: begin: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			// A fresh context: the caller's may be cancelled already.
			if _, rerr := conn.ExecContext(context.Background(), `ROLLBACK`); rerr != nil && err == nil {
				err = fmt.Errorf("import: rollback: %w", rerr)
			}
		}
	}()
	if err := conn.QueryRowContext(ctx, `SELECT nextval('batch_id_seq')`).Scan(&batch.ID); err != nil {
		return fmt.Errorf("import: batch id: %w", err)
	}
	if _, err := exec(stagingDDL); err != nil {
		return fmt.Errorf("import: staging table: %w", err)
	}
	if err := conn.Raw(func(dc any) error {
		return d.appendRows(ctx, dc.(driver.Conn), batch, rows)
	}); err != nil {
		return err
	}
	// Move the new rows: the occurrence number makes two identical lines in
	// one file two payments, while the same file again adds nothing.
	res, err := exec(`INSERT INTO payments BY NAME
		SELECT s.* EXCLUDE (occ), s.occ AS key_occ FROM (
			SELECT *, CAST(row_number() OVER (PARTITION BY key_hi, key_lo ORDER BY line) AS INTEGER) AS occ
			FROM staging_payments) s
		WHERE NOT EXISTS (
			SELECT 1 FROM payments p
			WHERE p.buyer_id = ? AND p.key_hi = s.key_hi AND p.key_lo = s.key_lo AND p.key_occ = s.occ)`,
		batch.BuyerID)
	if err != nil {
		return fmt.Errorf("import: move staged rows: %w", err)
	}
	loaded, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	staged := batch.RowsRead - batch.RowsRejected
	batch.RowsLoaded = loaded
	batch.RowsDuplicate = staged - loaded
	var sum sql.NullInt64
	if err := conn.QueryRowContext(ctx, `SELECT CAST(sum(amount) AS BIGINT) FROM payments WHERE batch_id = ?`, batch.ID).Scan(&sum); err != nil {
		return fmt.Errorf("import: sum: %w", err)
	}
	batch.AmountLoaded = cityspend.Amount(sum.Int64)
	batch.FinishedAt = time.Now().UTC()
	if _, err := exec(`DROP TABLE staging_payments`); err != nil {
		return fmt.Errorf("import: drop staging: %w", err)
	}
	if _, err := exec(`INSERT INTO import_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		batch.ID, batch.BuyerID, batch.Kind, batch.FileName, batch.SHA256, batch.Bytes,
		batch.RowsRead, batch.RowsLoaded, batch.RowsRejected, batch.RowsDuplicate, int64(batch.AmountLoaded),
		batch.Currency, nullStr(batch.RejectsFile), nullStr(batch.Details), batch.StartedAt, batch.FinishedAt); err != nil {
		return fmt.Errorf("import: record batch: %w", err)
	}
	if dryRun {
		return nil // the deferred rollback undoes everything
	}
	if _, err := exec(`COMMIT`); err != nil {
		return fmt.Errorf("import: commit: %w", err)
	}
	committed = true
	return nil
}

// appendRows streams the rows into staging_payments and import_rejects.
func (d *DB) appendRows(ctx context.Context, dc driver.Conn, batch *cityspend.ImportBatch, rows cityspend.RowReader) error {
	pay, err := duckdb.NewAppender(dc, "temp", "main", "staging_payments")
	if err != nil {
		return fmt.Errorf("import: appender: %w", err)
	}
	rej, err := duckdb.NewAppenderFromConn(dc, "", "import_rejects")
	if err != nil {
		pay.Close()
		return fmt.Errorf("import: appender: %w", err)
	}
	closeAll := func() error { return errors.Join(pay.Close(), rej.Close()) }
	for {
		batchRows, err := rows.Read(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			closeAll()
			return err
		}
		for _, r := range batchRows {
			batch.RowsRead++
			if r.Reject != nil {
				batch.RowsRejected++
				x := r.Reject
				if err := rej.AppendRow(batch.ID, int32(x.Line), nullStr(x.Field), x.Raw, x.Reason); err != nil {
					closeAll()
					return fmt.Errorf("import: line %d: %w", x.Line, err)
				}
				continue
			}
			p := r.Payment
			if p.Date().IsZero() {
				closeAll()
				return fmt.Errorf("import: line %d: payment without a date", p.Line)
			}
			var vat any
			if p.HasVAT {
				vat = int64(p.VAT)
			}
			if err := pay.AppendRow(
				batch.BuyerID, batch.ID, int32(p.Line), p.Key.Hi, p.Key.Lo, p.SupplierKey,
				nullStr(p.TransactionID), nullStr(p.VoucherNo), nullStr(p.InvoiceNo),
				nullStr(p.Supplier.Name), nullStr(p.Supplier.LocalID), nullStr(p.Supplier.OrgNumber),
				nullStr(p.Supplier.VATNumber), nullStr(p.Supplier.Country), nullStr(p.Supplier.Postcode),
				nullDate(p.InvoiceDate), nullDate(p.PaymentDate), p.Date(),
				int64(p.Amount), vat, p.Currency,
				nullStr(p.AccountCode), nullStr(p.AccountText), nullStr(p.OrgUnit), nullStr(p.CostCentre),
				nullStr(p.ServiceCode), nullStr(p.Project), nullStr(p.ContractRef), nullStr(p.Description),
				nullStr(p.ExpenditureType),
			); err != nil {
				closeAll()
				return fmt.Errorf("import: line %d: %w", p.Line, err)
			}
		}
	}
	if err := closeAll(); err != nil {
		return fmt.Errorf("import: flush: %w", err)
	}
	return nil
}

// Batches implements cityspend.Store.
func (d *DB) Batches(ctx context.Context, buyerID string) ([]cityspend.ImportBatch, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT id, buyer_id, kind, file_name, sha256, bytes, rows_read, rows_loaded,
		rows_rejected, rows_duplicate, amount_loaded, currency, coalesce(rejects_file, ''), coalesce(details, ''), started_at, finished_at
		FROM import_batches WHERE buyer_id = ? ORDER BY id DESC`, buyerID)
	if err != nil {
		return nil, fmt.Errorf("list batches: %w", err)
	}
	defer rows.Close()
	var out []cityspend.ImportBatch
	for rows.Next() {
		var b cityspend.ImportBatch
		var amt int64
		if err := rows.Scan(&b.ID, &b.BuyerID, &b.Kind, &b.FileName, &b.SHA256, &b.Bytes, &b.RowsRead, &b.RowsLoaded,
			&b.RowsRejected, &b.RowsDuplicate, &amt, &b.Currency, &b.RejectsFile, &b.Details, &b.StartedAt, &b.FinishedAt); err != nil {
			return nil, fmt.Errorf("list batches: %w", err)
		}
		b.AmountLoaded = cityspend.Amount(amt)
		out = append(out, b)
	}
	return out, rows.Err()
}

// Rejects implements cityspend.Store.
func (d *DB) Rejects(ctx context.Context, batchID int64, limit int) ([]cityspend.Reject, error) {
	if limit <= 0 {
		limit = 1 << 30
	}
	rows, err := d.db.QueryContext(ctx, `SELECT line, coalesce(field, ''), raw, reason FROM import_rejects
		WHERE batch_id = ? ORDER BY line LIMIT ?`, batchID, limit)
	if err != nil {
		return nil, fmt.Errorf("list rejects: %w", err)
	}
	defer rows.Close()
	var out []cityspend.Reject
	for rows.Next() {
		var r cityspend.Reject
		if err := rows.Scan(&r.Line, &r.Field, &r.Raw, &r.Reason); err != nil {
			return nil, fmt.Errorf("list rejects: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
