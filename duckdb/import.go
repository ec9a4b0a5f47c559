// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/cityspend/cityspend"
)

// stagingPattern names the staging files of this database: beside it, and
// named after it, so that databases sharing a directory keep apart.
func (d *DB) stagingPattern() string { return "." + filepath.Base(d.path) + ".import-*.csv" }

// stagedColumns are the columns of the staging file, in order, with their
// types for DuckDB's CSV reader. Constant columns (buyer, batch, currency) and
// period_date are added in SQL.
var stagedColumns = []struct{ name, typ string }{
	{"line", "INTEGER"}, {"key_hi", "UBIGINT"}, {"key_lo", "UBIGINT"}, {"payee_id", "INTEGER"}, {"account_id", "INTEGER"},
	{"unit_id", "INTEGER"}, {"invoice_date", "DATE"}, {"payment_date", "DATE"}, {"amount", "BIGINT"}, {"vat", "BIGINT"},
	{"transaction_id", "VARCHAR"}, {"voucher_no", "VARCHAR"}, {"invoice_no", "VARCHAR"}, {"contract_ref", "VARCHAR"},
	{"description", "VARCHAR"}, {"expenditure_type", "VARCHAR"}, {"cpv", "VARCHAR"}, {"unspsc", "VARCHAR"},
	{"order_ref", "VARCHAR"}, {"quantity", "DECIMAL(18, 4)"}, {"unit_code", "VARCHAR"},
}

// maxStagedLine is the longest line of the staging file. DuckDB's CSV reader
// refuses a longer one (max_line_size, 2,000,000 bytes by default) and skips
// a far longer one without a word; a row whose line would be longer is
// rejected before the load.
const maxStagedLine = 1_900_000

// Temporary tables in which DuckDB's CSV reader notes the rows it could not
// load (store_rejects), per connection.
const (
	loadErrors = "import_load_errors"
	loadScans  = "import_load_scans"
)

// ImportPayments implements cityspend.Store.
//
// The parsed rows are written to staging CSV files in a plain, fixed layout,
// one per month of their period date (stage.go), and loaded in month order
// with DuckDB's parallel CSV reader straight into payments, inside one
// transaction (row-by-row appends through cgo are several times slower).
// Every row first gets occurrence number 1; rows whose key repeats within the
// file are then renumbered in line order, and rows whose (key, occurrence) the
// buyer already had are deleted as duplicates. Rejected rows go to
// import_rejects: the reader's, a row too long for the staging file, and a
// row the engine refuses to load (it says which and why). The counts must
// add up (rows read = loaded + rejected + duplicate), or nothing is stored.
// The batch is recorded and the transaction commits; a crash at any point
// leaves the database as it was.
func (d *DB) ImportPayments(ctx context.Context, batch *cityspend.ImportBatch, rows cityspend.RowReader, dryRun bool) (err error) {
	if batch.StartedAt.IsZero() {
		batch.StartedAt = time.Now().UTC()
	}
	if !dryRun {
		// The payees, accounts, units and items it reads (loadDims) are
		// what its lines will point to: an undo must not take one out as
		// an orphan meanwhile (UndoBatch holds the same lock).
		d.dimsMu.Lock()
		defer d.dimsMu.Unlock()
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer conn.Close()
	exec := func(q string, args ...any) (sql.Result, error) { return conn.ExecContext(ctx, q, args...) }
	// Row order in storage does not matter (queries order by line); the
	// engine keeps no insertion order (Open), so the parallel CSV load runs
	// in far less memory.
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

	buyer, err := getBuyer(ctx, conn, batch.BuyerID)
	if err != nil {
		return err
	}
	dm, err := loadDims(ctx, conn, buyer)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	stage := newMonthStage(d.tempDir(), d.stagingPattern(), maxOpenParts)
	defer func() {
		if err := stage.Remove(); err != nil {
			d.log.Warn("import: could not remove a staging file", "err", err)
		}
	}()
	defer stage.Close() // after an error; a second Close returns the first's error
	t0 := time.Now()
	var staged int64
	recorder, _ := rows.(cityspend.RejectRecorder)
	whole := cityspend.IsWholeDocument(rows)
	var refused *wholeRecorder
	if whole {
		// A row of a whole document the store cannot take refuses the document.
		refused = &wholeRecorder{next: recorder}
		recorder = refused
	}
	if err := conn.Raw(func(dc any) error {
		var err error
		staged, err = d.stageRows(ctx, dc.(driver.Conn), stage, batch, dm, rows, recorder)
		if err != nil {
			return err
		}
		if err := dm.write(dc.(driver.Conn)); err != nil {
			return fmt.Errorf("import: dimensions: %w", err)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := stage.Close(); err != nil {
		return fmt.Errorf("import: staging file: %w", err)
	}
	files := stage.Files()
	d.log.Debug("import: rows parsed and staged", "rows", batch.RowsRead, "seconds", time.Since(t0).Seconds())
	// The parser's memory is garbage now: give it back before the engine's
	// bulk load, so both fit in the import's memory budget one after the other.
	debug.FreeOSMemory()

	t0 = time.Now()
	if staged > 0 {
		// A row the engine cannot load is noted (store_rejects) and skipped,
		// not the end of the import.
		res, err := exec(`INSERT INTO payments BY NAME
			SELECT ? AS buyer_id, ? AS batch_id, 1 AS key_occ, ? AS currency, coalesce(payment_date, invoice_date) AS period_date, *
			FROM read_csv(?::VARCHAR[], `+stagedCSV+`,
				store_rejects = true, rejects_table = '`+loadErrors+`', rejects_scan = '`+loadScans+`',
				columns = `+columnsStruct(stagedColumns)+`)`, batch.BuyerID, batch.ID, buyer.Currency, files)
		if err != nil {
			return fmt.Errorf("import: load staged rows: %w", err)
		}
		loaded, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("import: load staged rows: %w", err)
		}
		if loaded < staged {
			if err := d.engineRejects(ctx, conn, batch, files, recorder); err != nil {
				return err
			}
		}
	}
	d.log.Debug("import: rows loaded", "seconds", time.Since(t0).Seconds())
	if refused != nil && refused.first != nil {
		x := refused.first
		return cityspend.Errorf(cityspend.EINVALID, "line %d: %s; a document loads whole or not at all", x.Line, x.Reason)
	}
	t0 = time.Now()
	dups, err := d.dedup(ctx, conn, batch, whole)
	if err != nil {
		return err
	}
	d.log.Debug("import: duplicates removed", "seconds", time.Since(t0).Seconds())
	t0 = time.Now()
	if err := addBatchToCube(ctx, conn, batch.ID); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	d.log.Debug("import: batch summed into the cubes", "seconds", time.Since(t0).Seconds())

	var sum sql.NullInt64
	var first, last sql.NullTime
	if err := conn.QueryRowContext(ctx, `SELECT count(*), CAST(sum(amount) AS BIGINT), min(period_date), max(period_date) FROM payments WHERE batch_id = ?`, batch.ID).
		Scan(&batch.RowsLoaded, &sum, &first, &last); err != nil {
		return fmt.Errorf("import: count: %w", err)
	}
	batch.RowsDuplicate += dups
	if batch.RowsRead != batch.RowsLoaded+batch.RowsRejected+batch.RowsDuplicate {
		return cityspend.Errorf(cityspend.EINTERNAL, "import: the rows do not add up: %d read, %d loaded, %d rejected, %d duplicate; nothing is stored",
			batch.RowsRead, batch.RowsLoaded, batch.RowsRejected, batch.RowsDuplicate)
	}
	batch.AmountLoaded = cityspend.Amount(sum.Int64)
	batch.FinishedAt = time.Now().UTC()
	if _, err := exec(`INSERT INTO import_batches (id, buyer_id, kind, file_name, sha256, bytes, rows_read, rows_loaded, rows_rejected,
			rows_duplicate, amount_loaded, currency, rejects_file, details, started_at, finished_at, first_date, last_date, imported_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		batch.ID, batch.BuyerID, batch.Kind, batch.FileName, batch.SHA256, batch.Bytes,
		batch.RowsRead, batch.RowsLoaded, batch.RowsRejected, batch.RowsDuplicate, int64(batch.AmountLoaded),
		batch.Currency, nullStr(batch.RejectsFile), nullStr(batch.Details), batch.StartedAt, batch.FinishedAt, first, last,
		nullStr(batch.ImportedBy)); err != nil {
		return fmt.Errorf("import: record batch: %w", err)
	}
	if batch.RowsLoaded > 0 {
		// The follow-up (payees, scope, categories) is pending from this
		// commit until enrich completes it (followup.go).
		if err := markFollowUp(ctx, conn, batch.BuyerID, batch.Kind, batch.ID); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	if dryRun {
		return nil // the deferred rollback undoes everything
	}
	t0 = time.Now()
	if _, err := exec(`COMMIT`); err != nil {
		return fmt.Errorf("import: commit: %w", err)
	}
	committed = true
	d.log.Debug("import: committed", "seconds", time.Since(t0).Seconds())
	return nil
}

// engineRejects records the rows of the staging files that the engine could
// not load: in import_rejects, and with the reader when it keeps a record.
func (d *DB) engineRejects(ctx context.Context, conn *sql.Conn, batch *cityspend.ImportBatch, files []string, rr cityspend.RejectRecorder) error {
	rows, err := conn.QueryContext(ctx, `SELECT CAST(e.scan_id AS BIGINT), CAST(e.file_id AS BIGINT), CAST(e.line AS BIGINT),
			coalesce(e.column_name, ''), e.error_message, left(e.csv_line, 24)
		FROM `+loadErrors+` e JOIN `+loadScans+` s ON e.scan_id = s.scan_id AND e.file_id = s.file_id
		WHERE list_contains(?::VARCHAR[], s.file_path) ORDER BY e.scan_id, e.file_id, e.line, e.column_idx`, files)
	if err != nil {
		return fmt.Errorf("import: rows not loaded: %w", err)
	}
	var rejects []cityspend.Reject
	var last [3]int64
	for rows.Next() {
		var at [3]int64 // scan, file, line
		var column, msg, head string
		if err := rows.Scan(&at[0], &at[1], &at[2], &column, &msg, &head); err != nil {
			rows.Close()
			return fmt.Errorf("import: rows not loaded: %w", err)
		}
		if len(rejects) > 0 && at == last {
			continue // a second error in the same row
		}
		last = at
		line, _, _ := strings.Cut(head, ",") // the file's line number leads the staged line
		n, _ := strconv.Atoi(line)
		rejects = append(rejects, cityspend.Reject{Line: n, Field: column, Reason: engineReason(column, msg)})
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("import: rows not loaded: %w", err)
	}
	// The staging files hold the file's lines by month: in the file's order.
	slices.SortStableFunc(rejects, func(a, b cityspend.Reject) int { return a.Line - b.Line })
	for _, x := range rejects {
		if _, err := conn.ExecContext(ctx, `INSERT INTO import_rejects VALUES (?, ?, ?, ?, ?)`, batch.ID, x.Line, nullStr(x.Field), x.Raw, x.Reason); err != nil {
			return fmt.Errorf("import: line %d: %w", x.Line, err)
		}
		if err := recordReject(rr, batch, x); err != nil {
			return err
		}
	}
	return nil
}

// engineReason says why the engine could not load a row, from its message
// (whose first sentence names the column, which the field says already).
func engineReason(column, msg string) string {
	msg, _, _ = strings.Cut(strings.TrimSpace(msg), "\n")
	if strings.HasPrefix(msg, "Error when converting column") {
		if _, rest, ok := strings.Cut(msg, `". `); ok {
			msg = rest
		}
	}
	if column == "" {
		return "the database could not load the row: " + msg
	}
	return column + ": the database could not store the value: " + msg
}

// recordReject counts a row the store rejects and tells the reader of it
// when it keeps a record.
func recordReject(rr cityspend.RejectRecorder, batch *cityspend.ImportBatch, x cityspend.Reject) error {
	batch.RowsRejected++
	if rr == nil {
		return nil
	}
	if err := rr.RecordReject(x); err != nil {
		return fmt.Errorf("import: line %d: %w", x.Line, err)
	}
	return nil
}

// wholeRecorder keeps the first row of a whole document that the store
// rejects, and passes every one on to the reader's own record.
type wholeRecorder struct {
	next  cityspend.RejectRecorder
	first *cityspend.Reject
}

func (w *wholeRecorder) RecordReject(x cityspend.Reject) error {
	if w.first == nil {
		w.first = &x
	}
	if w.next == nil {
		return nil
	}
	return w.next.RecordReject(x)
}

// dedup renumbers keys that repeat within the batch and deletes the batch's
// rows that the buyer already had, returning how many it deleted. With
// whole, the batch is one document: when the buyer had any of its rows, it
// deletes them all.
func (d *DB) dedup(ctx context.Context, conn *sql.Conn, batch *cityspend.ImportBatch, whole bool) (int64, error) {
	if _, err := conn.ExecContext(ctx, `UPDATE payments SET key_occ = r.occ FROM (
			SELECT p.rowid AS rid, CAST(row_number() OVER (PARTITION BY p.key_hi, p.key_lo ORDER BY p.line) AS INTEGER) AS occ
			FROM payments p
			SEMI JOIN (SELECT key_hi, key_lo FROM payments WHERE batch_id = ? GROUP BY key_hi, key_lo HAVING count(*) > 1) k
				ON p.key_hi = k.key_hi AND p.key_lo = k.key_lo
			WHERE p.batch_id = ?) r
		WHERE payments.rowid = r.rid AND r.occ > 1`, batch.ID, batch.ID); err != nil {
		return 0, fmt.Errorf("import: number repeated lines: %w", err)
	}
	// Lines of the buyer's earlier imports: none without an earlier batch
	// (every line is of a recorded batch; this one is recorded after), which
	// spares a buyer's first import a scan of all its new lines.
	var earlier bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM import_batches WHERE buyer_id = ?)`, batch.BuyerID).Scan(&earlier); err != nil {
		return 0, fmt.Errorf("import: %w", err)
	}
	if earlier {
		if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM payments WHERE buyer_id = ? AND batch_id <> ?)`,
			batch.BuyerID, batch.ID).Scan(&earlier); err != nil {
			return 0, fmt.Errorf("import: %w", err)
		}
	}
	if !earlier {
		return 0, nil
	}
	// The batch's keys in a table of their own, whose size the planner then
	// knows: it builds the join's hash table of them and probes the buyer's
	// earlier lines with it. Joined to the lines of the batch instead, it
	// built one of every earlier line (10 million at 10 million lines: 0.8
	// s of CPU for an import of 200,000 lines, against 0.2 s).
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE import_keys AS
			SELECT key_hi, key_lo, key_occ FROM payments WHERE batch_id = ?`, batch.ID); err != nil {
		return 0, fmt.Errorf("import: remove duplicates: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS temp.import_keys`)
	const had = `SELECT o.key_hi, o.key_lo, o.key_occ FROM payments o
		SEMI JOIN temp.import_keys b ON o.key_hi = b.key_hi AND o.key_lo = b.key_lo AND o.key_occ = b.key_occ
		WHERE o.buyer_id = ? AND o.batch_id <> ?`
	var res sql.Result
	var err error
	if whole {
		res, err = conn.ExecContext(ctx, `DELETE FROM payments WHERE batch_id = ? AND EXISTS (`+had+`)`,
			batch.ID, batch.BuyerID, batch.ID)
	} else {
		res, err = conn.ExecContext(ctx, `DELETE FROM payments WHERE rowid IN (
				SELECT n.rowid FROM payments n
				SEMI JOIN (`+had+`) o ON n.key_hi = o.key_hi AND n.key_lo = o.key_lo AND n.key_occ = o.key_occ
				WHERE n.batch_id = ?)`, batch.BuyerID, batch.ID, batch.ID)
	}
	if err != nil {
		return 0, fmt.Errorf("import: remove duplicates: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("import: remove duplicates: %w", err)
	}
	return n, nil
}

// tempDir is where staging files go: beside the database, so a large import
// does not fill a small /tmp.
func (d *DB) tempDir() string {
	if d.path == ":memory:" || d.path == "" {
		return os.TempDir()
	}
	return filepath.Dir(d.path)
}

// stageRows writes the payments to the staging files and appends rejected rows
// to import_rejects: the reader's, and those too long for the staging file.
// It returns the number of payments staged.
func (d *DB) stageRows(ctx context.Context, dc driver.Conn, w *monthStage, batch *cityspend.ImportBatch, dm *dims, rows cityspend.RowReader, rr cityspend.RejectRecorder) (int64, error) {
	rej, err := duckdb.NewAppenderFromConn(dc, "", "import_rejects")
	if err != nil {
		return 0, fmt.Errorf("import: appender: %w", err)
	}
	var line []byte
	var staged int64
	for {
		batchRows, err := rows.Read(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			rej.Close()
			return staged, err
		}
		for _, r := range batchRows {
			batch.RowsRead++
			if r.Reject != nil {
				batch.RowsRejected++
				x := r.Reject
				if err := rej.AppendRow(batch.ID, int32(x.Line), nullStr(x.Field), validUTF8(x.Raw), validUTF8(x.Reason)); err != nil {
					rej.Close()
					return staged, fmt.Errorf("import: line %d: %w", x.Line, err)
				}
				continue
			}
			p := r.Payment
			if p.Date().IsZero() {
				rej.Close()
				return staged, fmt.Errorf("import: line %d: payment without a date", p.Line)
			}
			if p.Currency != dm.buyer.Currency {
				rej.Close()
				return staged, fmt.Errorf("import: line %d: currency %s is not the buyer's %s", p.Line, p.Currency, dm.buyer.Currency)
			}
			// A row with much text may not fit the staging file: measured
			// first, so that a row rejected adds no payee, account or unit.
			if textLen(p) > maxStagedLine/2 && len(appendStaged(line[:0], p, 0, 0, 0))+3*10 > maxStagedLine {
				x := tooLongToStage(p)
				if err := rej.AppendRow(batch.ID, int32(x.Line), nullStr(x.Field), x.Raw, x.Reason); err != nil {
					rej.Close()
					return staged, fmt.Errorf("import: line %d: %w", x.Line, err)
				}
				if err := recordReject(rr, batch, x); err != nil {
					rej.Close()
					return staged, err
				}
				continue
			}
			payee, account, unit := dm.ids(p)
			line = appendStaged(line[:0], p, payee, account, unit)
			if err := w.Write(monthKey(p.Date()), line); err != nil {
				rej.Close()
				return staged, fmt.Errorf("import: staging file: %w", err)
			}
			staged++
		}
	}
	if err := rej.Close(); err != nil {
		return staged, fmt.Errorf("import: flush: %w", err)
	}
	return staged, nil
}

// textLen is the length of a payment's text in the staging file, unquoted.
func textLen(p *cityspend.Payment) int {
	n := 0
	for _, s := range stagedText(p) {
		n += len(s)
	}
	return n
}

// tooLongToStage is the reject of a payment whose staged line is longer than
// maxStagedLine, naming its longest text.
func tooLongToStage(p *cityspend.Payment) cityspend.Reject {
	text := stagedText(p)
	columns := stagedColumns[len(stagedColumns)-len(text):]
	field, longest := "", 0
	for i, s := range text {
		if len(s) > longest {
			field, longest = columns[i].name, len(s)
		}
	}
	return cityspend.Reject{Line: p.Line, Field: field, Reason: fmt.Sprintf("%s: %s long; the database stores a row of at most %s",
		field, megabytes(longest), megabytes(maxStagedLine))}
}

func megabytes(n int) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// validUTF8 is s with any invalid UTF-8 replaced: DuckDB's strings are UTF-8.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// stagedText is a payment's text, in the order of the last columns of
// stagedColumns.
func stagedText(p *cityspend.Payment) [11]string {
	return [...]string{p.TransactionID, p.VoucherNo, p.InvoiceNo, p.ContractRef, p.Description, p.ExpenditureType,
		p.CPV, p.UNSPSC, p.OrderRef, p.Quantity, p.UnitCode}
}

// appendStaged writes one payment as a line of the staging file, in the
// order of stagedColumns.
func appendStaged(b []byte, p *cityspend.Payment, payee, account, unit int32) []byte {
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, ',')
	// Decimal: DuckDB's CSV reader parses it faster than hexadecimal
	// ("0x…", two characters shorter), measured (docs/benchmarks.md).
	b = strconv.AppendUint(b, p.Key.Hi, 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, p.Key.Lo, 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(payee), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(account), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(unit), 10)
	b = append(b, ',')
	b = appendDate(b, p.InvoiceDate)
	b = append(b, ',')
	b = appendDate(b, p.PaymentDate)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(p.Amount), 10)
	b = append(b, ',')
	if p.HasVAT {
		b = strconv.AppendInt(b, int64(p.VAT), 10)
	}
	for _, s := range stagedText(p) {
		b = append(b, ',')
		b = appendField(b, s)
	}
	return append(b, '\n')
}

// appendField writes a string field: empty is NULL; text with a comma, quote
// or line break is quoted; invalid UTF-8 is replaced.
//
// One pass over the bytes finds both what needs quoting and whether there is
// anything but ASCII (whose validity is then checked): the text of a ledger
// is mostly ASCII, and this is the staging's hottest loop.
func appendField(b []byte, s string) []byte {
	if s == "" {
		return b
	}
	quote, ascii := false, true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			ascii = false
		case c == ',' || c == '"' || c == '\n' || c == '\r':
			quote = true
		}
	}
	// The replacement character is not ASCII: replacing keeps what needs
	// quoting as it was.
	if !ascii && !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if !quote {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

func appendDate(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	y, m, d := t.Date()
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	return b
}

// Batches implements cityspend.Store.
func (d *DB) Batches(ctx context.Context, buyerID string) ([]cityspend.ImportBatch, error) {
	return d.batches(ctx, `b.buyer_id = ?`, buyerID)
}

// Batch implements cityspend.Store.
func (d *DB) Batch(ctx context.Context, buyerID string, id int64) (cityspend.ImportBatch, error) {
	bs, err := d.batches(ctx, `b.buyer_id = ? AND b.id = ?`, buyerID, id)
	if err != nil {
		return cityspend.ImportBatch{}, err
	}
	if len(bs) == 0 {
		return cityspend.ImportBatch{}, noBatch(buyerID, id)
	}
	return bs[0], nil
}

// noBatch is the error of a batch a buyer does not have.
func noBatch(buyerID string, id int64) error {
	return cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no import batch %d (cityspend import batches --buyer %s lists them)", buyerID, id, buyerID)
}

// batches lists the batches that cond selects, newest first.
func (d *DB) batches(ctx context.Context, cond string, args ...any) ([]cityspend.ImportBatch, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT b.id, b.buyer_id, b.kind, b.file_name, b.sha256, b.bytes, b.rows_read, b.rows_loaded,
		b.rows_rejected, b.rows_duplicate, b.amount_loaded, b.currency, coalesce(b.rejects_file, ''), coalesce(b.details, ''), b.started_at,
		b.finished_at, coalesce(b.imported_by, ''), coalesce(u.undone_by, ''), u.undone_at
		FROM import_batches b LEFT JOIN import_undos u ON u.batch_id = b.id WHERE `+cond+` ORDER BY b.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("list batches: %w", err)
	}
	defer rows.Close()
	var out []cityspend.ImportBatch
	for rows.Next() {
		var b cityspend.ImportBatch
		var amt int64
		var undone sql.NullTime
		if err := rows.Scan(&b.ID, &b.BuyerID, &b.Kind, &b.FileName, &b.SHA256, &b.Bytes, &b.RowsRead, &b.RowsLoaded,
			&b.RowsRejected, &b.RowsDuplicate, &amt, &b.Currency, &b.RejectsFile, &b.Details, &b.StartedAt, &b.FinishedAt,
			&b.ImportedBy, &b.UndoneBy, &undone); err != nil {
			return nil, fmt.Errorf("list batches: %w", err)
		}
		b.AmountLoaded = cityspend.Amount(amt)
		b.State = cityspend.BatchLoaded
		if undone.Valid {
			b.State, b.UndoneAt = cityspend.BatchUndone, undone.Time.UTC()
		}
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
