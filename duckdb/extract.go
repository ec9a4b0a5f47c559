// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cityspend/cityspend"
)

// onLines runs fn on a connection whose table payments holds the lines of
// the buyers (of the period, at least): the file's own; or, with a line
// source, temporary tables payments, import_batches and spend_cube that
// shadow the catalog's empty ones, filled with the buyers' lines from the
// source and linked to contracts as LinkContracts links them. The SQL over
// single lines is then the same in both stores.
func (d *DB) onLines(ctx context.Context, buyerIDs []string, period cityspend.Period, fn func(conn *sql.Conn) error) error {
	conn, done, err := d.linesConn(ctx, buyerIDs, period)
	if err != nil {
		return err
	}
	defer done()
	return fn(conn)
}

// linesConn is onLines' connection, released by done. With a line
// source, the last extract is kept for a while (lineCache): calls that
// follow one another over the same buyers — a compliance run, classifying,
// paging through lines — read the cluster once, as long as no import has
// been recorded for those buyers since. At most maxExtracts extracts are
// made or used at once (each is a copy of lines); more requests wait.
func (d *DB) linesConn(ctx context.Context, buyerIDs []string, period cityspend.Period) (*sql.Conn, func(), error) {
	if d.lines == nil {
		conn, err := d.db.Conn(ctx)
		if err != nil {
			return nil, nil, err
		}
		return conn, func() { conn.Close() }, nil
	}
	if conn, done, ok := d.extracts.reuse(ctx, d, buyerIDs, period); ok {
		return conn, done, nil
	}
	release, err := d.extracts.slot(ctx)
	if err != nil {
		return nil, nil, err
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		release()
		return nil, nil, err
	}
	sig, links, err := d.extract(ctx, conn, LineQuery{BuyerIDs: buyerIDs, Period: period})
	if err != nil {
		dropExtract(conn)
		release()
		return nil, nil, fmt.Errorf("lines from the line source: %w", err)
	}
	done := d.extracts.keep(conn, buyerIDs, period, sig, links)
	return conn, func() { done(); release() }, nil
}

// filteredConn is linesConn for the lines of a filter (one buyer), of
// which only a page (limit > 0) may be wanted. With a line source the
// filter goes to the source as the ids of the payees, accounts, units and
// items it selects — what the catalog's SQL selects, so exactly the same
// lines — and only those lines are read (the page itself when one is
// asked: offset then is 0 on the connection). Such an extract is not kept.
func (d *DB) filteredConn(ctx context.Context, f cityspend.SpendFilter, offset, limit int) (*sql.Conn, func(), int, error) {
	if d.lines == nil {
		conn, done, err := d.linesConn(ctx, []string{f.BuyerID}, f.Period)
		return conn, done, offset, err
	}
	q, ok, err := d.lineIDs(ctx, f)
	if err != nil {
		return nil, nil, 0, err
	}
	if !ok { // too many ids to send: all the lines of the period, kept
		conn, done, err := d.linesConn(ctx, []string{f.BuyerID}, f.Period)
		return conn, done, offset, err
	}
	if limit > 0 {
		q.Offset, q.Limit, offset = max(offset, 0), limit, 0
	}
	release, err := d.extracts.slot(ctx)
	if err != nil {
		return nil, nil, 0, err
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		release()
		return nil, nil, 0, err
	}
	if _, _, err := d.extract(ctx, conn, q); err != nil {
		dropExtract(conn)
		release()
		return nil, nil, 0, fmt.Errorf("lines from the line source: %w", err)
	}
	return conn, func() { dropExtract(conn); release() }, offset, nil
}

// maxPushedIDs bounds the ids of one dimension sent with a query.
const maxPushedIDs = 20_000

// lineIDs turns a filter into the ids of the payees, accounts, units and
// items it selects (ok is false when one list is too long to send).
func (d *DB) lineIDs(ctx context.Context, f cityspend.SpendFilter) (q LineQuery, ok bool, err error) {
	q = LineQuery{BuyerIDs: []string{f.BuyerID}, Period: f.Period}
	// ids runs a query for ids: of the buyer (the first argument), with
	// the filter's conditions on the dimensions in sub.
	ids := func(query string, sub cityspend.SpendFilter, more ...any) ([]int32, error) {
		w, args := dimWhere(sub)
		rows, err := d.db.QueryContext(ctx, query+` AND `+w, append(append([]any{f.BuyerID}, more...), args...)...)
		if err != nil {
			return nil, fmt.Errorf("line filter: %w", err)
		}
		defer rows.Close()
		out := []int32{}
		for rows.Next() {
			var id int32
			if err := rows.Scan(&id); err != nil {
				return nil, fmt.Errorf("line filter: %w", err)
			}
			out = append(out, id)
		}
		return out, rows.Err()
	}
	if f.SupplierKey != "" || f.Place != "" || f.Type != "" || f.Section != "" {
		if q.Payees, err = ids(`SELECT y.payee_id FROM payees y
			LEFT JOIN supplier_profiles sp ON sp.buyer_id = y.buyer_id AND sp.supplier_id = y.supplier_id WHERE y.buyer_id = ?`,
			cityspend.SpendFilter{SupplierKey: f.SupplierKey, Place: f.Place, Type: f.Type, Section: f.Section}); err != nil {
			return q, false, err
		}
	}
	if f.AccountPfx != "" {
		if q.Accounts, err = ids(`SELECT a.account_id FROM accounts a WHERE a.buyer_id = ?`,
			cityspend.SpendFilter{AccountPfx: f.AccountPfx}); err != nil {
			return q, false, err
		}
	}
	if f.Scope != cityspend.ScopeAll {
		// The scope is decided per payee and account. The source takes the
		// accounts whose payees are all decided alike, which is exact
		// while no account is split and no pair waits for a decision (a
		// pending follow-up); otherwise every line of the period is read
		// and the catalog's SQL picks.
		pending, err := d.PendingFollowUps(ctx, f.BuyerID)
		if err != nil {
			return q, false, err
		}
		var split int
		if err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT account_id FROM payee_scope WHERE buyer_id = ?
			GROUP BY account_id HAVING bool_and(in_scope) <> bool_or(in_scope))`, f.BuyerID).Scan(&split); err != nil {
			return q, false, fmt.Errorf("line filter: %w", err)
		}
		if len(pending) > 0 || split > 0 {
			return q, false, nil
		}
		cond := "coalesce(bool_and(sc.in_scope), true)"
		if f.Scope == cityspend.ScopeOut {
			// An account none of whose pairs is decided is in scope.
			cond = "NOT " + cond
		}
		in, err := ids(`SELECT account_id FROM (SELECT a.account_id, `+cond+` AS pick FROM accounts a
			LEFT JOIN payee_scope sc ON sc.buyer_id = a.buyer_id AND sc.account_id = a.account_id
			WHERE a.buyer_id = ? GROUP BY a.account_id) WHERE pick`, cityspend.SpendFilter{})
		if err != nil {
			return q, false, err
		}
		if q.Accounts != nil {
			in = slices.DeleteFunc(in, func(id int32) bool { return !slices.Contains(q.Accounts, id) })
		}
		q.Accounts = in
	}
	if f.OrgUnit != "" {
		if q.Units, err = ids(`SELECT unit_id FROM units WHERE buyer_id = ? AND coalesce(org_unit, '') = ?`, cityspend.SpendFilter{}, f.OrgUnit); err != nil {
			return q, false, err
		}
	}
	if f.Category != "" {
		if q.Items, err = ids(`SELECT it.item_id FROM items it WHERE it.buyer_id = ?`, cityspend.SpendFilter{Category: f.Category}); err != nil {
			return q, false, err
		}
		if f.Category == cityspend.CategoryUnclassified {
			q.Items = append(q.Items, 0) // lines without an item have no category
		}
	}
	for _, l := range [][]int32{q.Payees, q.Accounts, q.Units, q.Items} {
		if len(l) > maxPushedIDs {
			return q, false, nil
		}
	}
	return q, true, nil
}

// maxExtracts bounds the extracts being made or used at once.
const maxExtracts = 2

// lineCache keeps the connection of the last extract (its temporary
// tables) for reuse, one user at a time, until idle for lineCacheIdle.
type lineCache struct {
	mu     sync.Mutex
	conn   *sql.Conn
	busy   bool
	closed bool // the database is closing: keep nothing
	buyers []string
	period cityspend.Period
	sig    string // batchSig of the extract's buyers when it was made
	links  string // linkFingerprint when its lines were last linked
	timer  *time.Timer
	slots  chan struct{}
}

const lineCacheIdle = 2 * time.Minute

// slot waits for one of maxExtracts places; release gives it back.
func (c *lineCache) slot(ctx context.Context) (release func(), err error) {
	c.mu.Lock()
	if c.slots == nil {
		c.slots = make(chan struct{}, maxExtracts)
	}
	slots := c.slots
	c.mu.Unlock()
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// covers reports whether an extract of buyers and period holds the lines
// of those asked for (the queries select their buyers and dates).
func covers(buyers []string, p cityspend.Period, wantBuyers []string, want cityspend.Period) bool {
	for _, b := range wantBuyers {
		if !slices.Contains(buyers, b) {
			return false
		}
	}
	from := p.From.IsZero() || (!want.From.IsZero() && !want.From.Before(p.From))
	to := p.To.IsZero() || (!want.To.IsZero() && !want.To.After(p.To))
	return from && to
}

// reuse hands out the kept extract when it covers the request and no
// import has been recorded for its buyers since; its lines are linked to
// the contracts again when what the links depend on has changed.
func (c *lineCache) reuse(ctx context.Context, d *DB, buyerIDs []string, period cityspend.Period) (*sql.Conn, func(), bool) {
	c.mu.Lock()
	if c.conn == nil || c.busy || c.closed || !covers(c.buyers, c.period, buyerIDs, period) {
		c.mu.Unlock()
		return nil, nil, false
	}
	c.busy = true
	conn, buyers, sig, links := c.conn, c.buyers, c.sig, c.links
	c.mu.Unlock()
	now, _, err := batchSig(ctx, d.lines, buyers)
	var fp string
	if err == nil && now == sig {
		fp, err = linkFingerprint(ctx, conn, buyers)
		for _, id := range buyers {
			if err != nil || fp == links {
				break
			}
			_, _, err = linkContracts(ctx, conn, id)
		}
		if err == nil {
			c.mu.Lock()
			c.links = fp
			c.mu.Unlock()
			return conn, c.release(conn), true
		}
	}
	// Stale (or broken): forget it.
	c.mu.Lock()
	c.conn, c.busy = nil, false
	c.mu.Unlock()
	dropExtract(conn)
	return nil, nil, false
}

// keep makes a new extract the kept one when nobody uses the kept one;
// the function it returns releases it.
func (c *lineCache) keep(conn *sql.Conn, buyerIDs []string, period cityspend.Period, sig, links string) func() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.busy || c.closed {
		return func() { dropExtract(conn) }
	}
	if c.conn != nil {
		dropExtract(c.conn)
	}
	c.conn, c.busy, c.buyers, c.period, c.sig, c.links = conn, true, slices.Clone(buyerIDs), period, sig, links
	return c.release(conn)
}

// release is the function that gives the kept extract conn back.
func (c *lineCache) release(conn *sql.Conn) func() {
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.conn != conn {
			dropExtract(conn)
			return
		}
		c.busy = false
		if c.closed {
			c.conn = nil
			dropExtract(conn)
			return
		}
		c.idle()
	}
}

// idle (with c.mu held) drops the kept extract after lineCacheIdle unused.
func (c *lineCache) idle() {
	if c.timer != nil {
		c.timer.Stop()
	}
	conn := c.conn
	if conn == nil {
		return
	}
	c.timer = time.AfterFunc(lineCacheIdle, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.conn == conn && !c.busy {
			c.conn = nil
			dropExtract(conn)
		}
	})
}

// forget drops the kept extract unless it is in use (then its user's
// release drops it, when closing); with closing, nothing is kept after.
func (c *lineCache) forget(closing bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = c.closed || closing
	if c.timer != nil {
		c.timer.Stop()
	}
	if c.conn != nil && !c.busy {
		dropExtract(c.conn)
		c.conn = nil
	}
}

// dropExtract removes an extract's temporary tables and closes its
// connection; a connection that kept one (a failed DROP) is discarded,
// not returned to the pool, where its tables would hide the catalog's.
func dropExtract(conn *sql.Conn) {
	failed := false
	for _, t := range []string{"payments", "import_batches", "spend_cube"} {
		if _, err := conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS temp.`+t); err != nil {
			failed = true
		}
	}
	if failed {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	conn.Close()
}

// linkFingerprint sums what the buyers' contract links depend on besides
// the lines: the contracts and their suppliers, the items' categories and
// the payees' suppliers. While it stays the same, the links stand.
func linkFingerprint(ctx context.Context, conn *sql.Conn, buyerIDs []string) (string, error) {
	in := "buyer_id IN (?" + strings.Repeat(", ?", len(buyerIDs)-1) + ")"
	var args []any
	for range 4 {
		for _, id := range buyerIDs {
			args = append(args, id)
		}
	}
	var fp string
	err := conn.QueryRowContext(ctx, `SELECT concat_ws(' ',
		(SELECT CAST(coalesce(sum(hash(buyer_id, contract_id, cpv, start_date, end_date, final_date)), 0) AS VARCHAR) FROM main.contracts WHERE `+in+`),
		(SELECT CAST(coalesce(sum(hash(buyer_id, contract_id, supplier_id)), 0) AS VARCHAR) FROM main.contract_suppliers WHERE `+in+`),
		(SELECT CAST(coalesce(sum(hash(buyer_id, item_id, category)), 0) AS VARCHAR) FROM main.items WHERE `+in+`),
		(SELECT CAST(coalesce(sum(hash(buyer_id, payee_id, supplier_id)), 0) AS VARCHAR) FROM main.payees WHERE `+in+`))`, args...).Scan(&fp)
	if err != nil {
		return "", fmt.Errorf("link fingerprint: %w", err)
	}
	return fp, nil
}

// batchSig names the recorded imports of buyers: it changes when one is
// recorded.
func batchSig(ctx context.Context, src LineSource, buyerIDs []string) (string, []cityspend.ImportBatch, error) {
	var b strings.Builder
	var all []cityspend.ImportBatch
	for _, id := range buyerIDs {
		bs, err := src.Batches(ctx, id)
		if err != nil {
			return "", nil, err
		}
		b.WriteString(id)
		for _, x := range bs {
			b.WriteByte(' ')
			b.WriteString(strconv.FormatInt(x.ID, 10))
			if x.Undone() {
				b.WriteByte('u')
			}
		}
		b.WriteByte(';')
		all = append(all, bs...)
	}
	return b.String(), all, nil
}

// extract fills the temporary tables of onLines and returns the
// signature (batchSig) of what it read and the fingerprint
// (linkFingerprint) of what it linked the lines with.
func (d *DB) extract(ctx context.Context, conn *sql.Conn, q LineQuery) (sig, links string, err error) {
	buyerIDs := q.BuyerIDs
	// The imports first: lines recorded after this are not in the
	// signature, and a later reuse reads them anew.
	sig, _, err = batchSig(ctx, d.lines, buyerIDs)
	if err != nil {
		return "", "", err
	}
	for _, t := range []string{"payments", "import_batches", "spend_cube"} {
		if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE `+t+` AS SELECT * FROM main.`+t+` LIMIT 0`); err != nil {
			return "", "", err
		}
	}
	// Through a staging file read by DuckDB's CSV reader, as the embedded
	// import loads its lines (and formats them the same way): far faster
	// than appending row by row, and memory does not grow with the lines.
	stage, err := os.CreateTemp(d.tempDir(), d.stagingPattern())
	if err != nil {
		return "", "", fmt.Errorf("staging file: %w", err)
	}
	defer os.Remove(stage.Name())
	w := bufio.NewWriterSize(stage, 1<<20)
	var buf []byte
	var n int64
	err = d.lines.Lines(ctx, q, func(l *Line) error {
		buf = appendLine(buf[:0], l)
		n++
		_, err := w.Write(buf)
		return err
	})
	if err = errors.Join(err, w.Flush(), stage.Close()); err != nil {
		return "", "", err
	}
	if n > 0 {
		if _, err := conn.ExecContext(ctx, `INSERT INTO temp.payments BY NAME SELECT * FROM read_csv(?, `+stagedCSV+`, columns = `+columnsStruct(extractedColumns)+`)`, stage.Name()); err != nil {
			return "", "", fmt.Errorf("load the lines: %w", err)
		}
	}
	// The imports again: every line read is of one of them.
	_, batches, err := batchSig(ctx, d.lines, buyerIDs)
	if err != nil {
		return "", "", err
	}
	for _, b := range batches {
		if _, err := conn.ExecContext(ctx, `INSERT INTO temp.import_batches (id, buyer_id, kind, file_name, sha256, bytes, rows_read,
				rows_loaded, rows_rejected, rows_duplicate, amount_loaded, currency, rejects_file, details, started_at, finished_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, b.ID, b.BuyerID, b.Kind, b.FileName, b.SHA256, b.Bytes, b.RowsRead,
			b.RowsLoaded, b.RowsRejected, b.RowsDuplicate, int64(b.AmountLoaded), b.Currency, nullStr(b.RejectsFile), nullStr(b.Details),
			b.StartedAt, b.FinishedAt); err != nil {
			return "", "", err
		}
	}
	// The fingerprint first: a change while linking makes it differ from
	// the next one, and the next reuse links again.
	if links, err = linkFingerprint(ctx, conn, buyerIDs); err != nil {
		return "", "", err
	}
	for _, id := range buyerIDs {
		if _, _, err := linkContracts(ctx, conn, id); err != nil {
			return "", "", err
		}
	}
	return sig, links, nil
}

// extractedColumns are the columns of the staging file of extract: the
// line's own, then those of the embedded import's staging file.
var extractedColumns = append([]struct{ name, typ string }{{"buyer_id", "VARCHAR"}, {"batch_id", "BIGINT"}, {"key_occ", "INTEGER"},
	{"item_id", "INTEGER"}, {"currency", "VARCHAR"}, {"period_date", "DATE"}}, stagedColumns...)

// appendLine writes a line of the staging file of extract.
func appendLine(b []byte, l *Line) []byte {
	b = appendField(b, l.BuyerID)
	b = append(b, ',')
	b = strconv.AppendInt(b, l.BatchID, 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(l.KeyOcc), 10)
	b = append(b, ',')
	if l.ItemID != 0 {
		b = strconv.AppendInt(b, int64(l.ItemID), 10)
	}
	b = append(b, ',')
	b = appendField(b, l.Currency)
	b = append(b, ',')
	b = appendDate(b, l.PeriodDate)
	b = append(b, ',')
	p := cityspend.Payment{Line: int(l.Line), Key: cityspend.DedupKey{Hi: l.KeyHi, Lo: l.KeyLo}, Amount: cityspend.Amount(l.Amount),
		VAT: cityspend.Amount(l.VAT), HasVAT: l.HasVAT, TransactionID: l.TransactionID, VoucherNo: l.VoucherNo, InvoiceNo: l.InvoiceNo,
		ContractRef: l.ContractRef, Description: l.Description, ExpenditureType: l.ExpenditureType, CPV: l.CPV, UNSPSC: l.UNSPSC,
		OrderRef: l.OrderRef, Quantity: l.Quantity, UnitCode: l.UnitCode}
	if l.InvoiceDate != nil {
		p.InvoiceDate = *l.InvoiceDate
	}
	if l.PaymentDate != nil {
		p.PaymentDate = *l.PaymentDate
	}
	return appendStaged(b, &p, l.PayeeID, l.AccountID, l.UnitID)
}
