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
	"unicode"

	"github.com/cityspend/cityspend"
)

// LineSource is a store of ledger lines outside this file — the ClickHouse
// cluster. When one is set (UseLineSource), this database is the catalog:
// it keeps the buyers, the dimensions of the lines (payees, accounts,
// units, with the ids the lines carry), the register, profiles, scope and
// everything else, while every query over the lines starts from the
// source's rollup (Rollup) instead of its own lines. The joins, filters and
// sums after the rollup are the same SQL in both cases, so the figures are
// the same.
type LineSource interface {
	Rollup(ctx context.Context, q RollupQuery) ([]RollupRow, error)
	// Lines calls fn for every line of the buyers (of the period), in no
	// particular order; Batches lists a buyer's recorded imports.
	Lines(ctx context.Context, q LineQuery, fn func(*Line) error) error
	Batches(ctx context.Context, buyerID string) ([]cityspend.ImportBatch, error)
}

// LineQuery asks for the lines of buyers, of a period.
type LineQuery struct {
	BuyerIDs []string
	Period   cityspend.Period // zero: all dates
}

// Line is a line as a line source keeps it: the columns of the embedded
// store's payments table (item and dimension ids from the catalog).
type Line struct {
	BuyerID                           string
	BatchID                           int64
	Line                              int32
	KeyHi, KeyLo                      uint64
	KeyOcc                            int32
	PayeeID, AccountID, UnitID        int32
	ItemID                            int32
	InvoiceDate, PaymentDate          *time.Time
	PeriodDate                        time.Time
	Amount, VAT                       int64
	HasVAT                            bool
	Currency, TransactionID           string
	VoucherNo, InvoiceNo, ContractRef string
	Description, ExpenditureType      string
	CPV, UNSPSC, OrderRef             string
	Quantity, UnitCode                string
}

// RollupQuery asks for a buyer's lines of a period summed by payee and
// account, and by unit and by a period key when asked.
type RollupQuery struct {
	BuyerID     string
	Period      cityspend.Period // zero: all dates
	Units       []int32          // only the lines of these units; nil: every unit
	ByUnit      bool
	ByItem      bool
	Key         string // "", RollupFiscalYear or RollupMonth
	FiscalStart int    // the buyer's first month of the fiscal year
}

// Period keys of a rollup.
const (
	RollupFiscalYear = "fiscal_year"
	RollupMonth      = "month"
)

// RollupRow is one sum of a rollup.
type RollupRow struct {
	PayeeID, AccountID, UnitID int32
	ItemID                     int32  // with ByItem; 0: none
	Year                       int32  // with RollupFiscalYear
	Month                      string // with RollupMonth: "2024-03"
	Amount, Lines              int64
}

// UseLineSource makes this database the catalog of a line source (see
// LineSource). Call it before the database is used; lines read from an
// earlier source are forgotten.
func (d *DB) UseLineSource(src LineSource) {
	d.extracts.forget(false)
	d.lines = src
}

// queryer runs queries: the database's pool, or one connection.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// externalRollup loads the line source's rollup into a temporary table on
// a connection of its own and returns the connection (closed by done) with
// the CTE p over it, shaped as rollup's.
func (d *DB) externalRollup(ctx context.Context, f cityspend.SpendFilter, pk string, fiscalStart int, byUnit, byItem bool) (
	queryer, string, func(), error) {
	q := RollupQuery{BuyerID: f.BuyerID, Period: f.Period, ByUnit: byUnit, ByItem: byItem, FiscalStart: fiscalStart}
	switch pk {
	case pkFiscalYear:
		q.Key = RollupFiscalYear
	case pkMonth:
		q.Key = RollupMonth
	}
	if f.OrgUnit != "" {
		rows, err := d.db.QueryContext(ctx, `SELECT unit_id FROM units WHERE buyer_id = ? AND coalesce(org_unit, '') = ?`, f.BuyerID, f.OrgUnit)
		if err != nil {
			return nil, "", nil, fmt.Errorf("rollup: %w", err)
		}
		q.Units = []int32{}
		for rows.Next() {
			var id int32
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, "", nil, fmt.Errorf("rollup: %w", err)
			}
			q.Units = append(q.Units, id)
		}
		rows.Close()
	}
	rs, err := d.lines.Rollup(ctx, q)
	if err != nil {
		return nil, "", nil, fmt.Errorf("rollup: %w", err)
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return nil, "", nil, err
	}
	done := func() {
		conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS temp.ext_rollup`)
		conn.Close()
	}
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE ext_rollup (payee_id INTEGER, account_id INTEGER, unit_id INTEGER,
		item_id INTEGER, year INTEGER, month VARCHAR, amount BIGINT, n BIGINT)`); err != nil {
		done()
		return nil, "", nil, fmt.Errorf("rollup: %w", err)
	}
	if err := appendOn(ctx, conn, "temp", "ext_rollup", len(rs), func(i int) []driver.Value {
		r := rs[i]
		var item any
		if r.ItemID != 0 {
			item = r.ItemID
		}
		return []driver.Value{r.PayeeID, r.AccountID, r.UnitID, item, r.Year, r.Month, r.Amount, r.Lines}
	}); err != nil {
		done()
		return nil, "", nil, fmt.Errorf("rollup: %w", err)
	}
	// The columns a rollup of the embedded lines would have (one with
	// contracts goes through onLines instead).
	cols := "payee_id, account_id"
	if byUnit {
		cols += ", unit_id"
	}
	if byItem {
		cols += ", item_id"
	}
	switch pk {
	case pkFiscalYear:
		cols += ", year AS pk"
	case pkMonth:
		cols += ", month AS pk"
	}
	return conn, `WITH p AS (SELECT CAST(? AS VARCHAR) AS buyer_id, ` + cols + `, amount, n FROM temp.ext_rollup) `, done, nil
}

// Dims numbers the payees, accounts and units of lines imported into a
// line source, with the catalog's ids (existing values keep theirs). One
// import of a catalog holds it at a time: Done releases it.
type Dims struct {
	db      *DB
	dims    *dims
	batch   int64
	rejects []cityspend.Reject
}

// rejectsPerWrite bounds the rejected rows Dims holds before it writes them.
const rejectsPerWrite = 10_000

// Reject keeps a rejected row of the import's batch; they are written to
// the catalog's import_rejects in parts and with Save (a failed import's
// are never asked for: its batch is never recorded).
func (x *Dims) Reject(ctx context.Context, batchID int64, r cityspend.Reject) error {
	x.batch = batchID
	x.rejects = append(x.rejects, r)
	if len(x.rejects) < rejectsPerWrite {
		return nil
	}
	return x.writeRejects(ctx)
}

func (x *Dims) writeRejects(ctx context.Context) error {
	if len(x.rejects) == 0 {
		return nil
	}
	conn, err := x.db.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := appendOn(ctx, conn, "", "import_rejects", len(x.rejects), func(i int) []driver.Value {
		r := x.rejects[i]
		return []driver.Value{x.batch, int32(r.Line), nullStr(r.Field), r.Raw, r.Reason}
	}); err != nil {
		return fmt.Errorf("rejected rows: %w", err)
	}
	x.rejects = x.rejects[:0]
	return nil
}

// Dims loads a buyer's dimensions for an import into the line source.
func (d *DB) Dims(ctx context.Context, buyer cityspend.Buyer) (*Dims, error) {
	d.dimsMu.Lock()
	conn, err := d.db.Conn(ctx)
	if err != nil {
		d.dimsMu.Unlock()
		return nil, err
	}
	defer conn.Close()
	x, err := loadDims(ctx, conn, buyer)
	if err == nil {
		err = x.loadItems(ctx, conn)
	}
	if err != nil {
		d.dimsMu.Unlock()
		return nil, err
	}
	return &Dims{db: d, dims: x}, nil
}

// IDs returns the ids of a line's payee, account and unit, numbering new
// values (of every line read, as the embedded import does).
func (x *Dims) IDs(p *cityspend.Payment) (payee, account, unit int32) { return x.dims.ids(p) }

// Item returns the id of the item of a line that is written, numbering a
// new one. (The embedded store gives its stored lines their items after
// the import, AssignItems; lines in a line source get them here, by the
// same key: payee, account, the description as itemText makes it, the CPV.)
func (x *Dims) Item(payee, account int32, p *cityspend.Payment) int32 {
	return x.dims.item(payee, account, p)
}

// Save writes the new values in one transaction, and the rejected rows
// not yet written; values no line of the source keeps (an import that
// failed after Save) are harmless: they sum to nothing.
func (x *Dims) Save(ctx context.Context) error {
	if err := x.writeRejects(ctx); err != nil {
		return err
	}
	err := x.db.inConnTx(ctx, func(conn *sql.Conn) error {
		return conn.Raw(func(dc any) error {
			if err := x.dims.write(dc.(driver.Conn)); err != nil {
				return err
			}
			return x.dims.writeItems(dc.(driver.Conn))
		})
	})
	if err != nil {
		return fmt.Errorf("dimensions: %w", err)
	}
	x.dims.newPayees, x.dims.newAccounts, x.dims.newUnits, x.dims.newItems = nil, nil, nil, nil
	return nil
}

// Done releases the catalog's dimensions for the next import.
func (x *Dims) Done() { x.db.dimsMu.Unlock() }

// ClearLines removes the file's own ledger lines and their monthly sums
// (a restored backup becoming the catalog of a line source, its lines
// moved there); the dimensions, import records and everything else stay.
func (d *DB) ClearLines(ctx context.Context) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		for _, t := range []string{"spend_cube", "payments"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
				return fmt.Errorf("clear %s: %w", t, err)
			}
		}
		return nil
	})
}

// itemKey is what tells items apart (see AssignItems).
type itemKey struct {
	payee, account int32
	text, cpv      string
}

// itemTextOf is itemText in Go: the description in lower case, runs of
// digits as '#', runs of white space (RE2's \s: tab, newline, form feed,
// carriage return, space) as one space, trimmed of space separators.
func itemTextOf(desc string) string {
	s := strings.ToLower(strings.ToValidUTF8(desc, "\uFFFD"))
	var b strings.Builder
	b.Grow(len(s))
	var digits, space bool
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if !digits {
				b.WriteByte('#')
			}
			digits, space = true, false
		case r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r':
			if !space {
				b.WriteByte(' ')
			}
			digits, space = false, true
		default:
			b.WriteRune(r)
			digits, space = false, false
		}
	}
	// DuckDB's trim() takes the Unicode space separators (no-break space,
	// em space, …) from both ends, not only spaces.
	return strings.TrimFunc(b.String(), func(r rune) bool { return unicode.Is(unicode.Zs, r) })
}

func (d *dims) loadItems(ctx context.Context, conn *sql.Conn) error {
	d.items = map[itemKey]int32{}
	rows, err := conn.QueryContext(ctx, `SELECT item_id, payee_id, account_id, text, cpv_line FROM items WHERE buyer_id = ?`, d.buyer.ID)
	if err != nil {
		return fmt.Errorf("load items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int32
		var k itemKey
		if err := rows.Scan(&id, &k.payee, &k.account, &k.text, &k.cpv); err != nil {
			return fmt.Errorf("load items: %w", err)
		}
		d.items[k] = id
		d.nextItem = max(d.nextItem, id)
	}
	return rows.Err()
}

// item returns the id of a line's item, numbering a new one.
func (d *dims) item(payee, account int32, p *cityspend.Payment) int32 {
	k := itemKey{payee, account, itemTextOf(p.Description), strings.ToValidUTF8(p.CPV, "\uFFFD")}
	if id, ok := d.items[k]; ok {
		return id
	}
	d.nextItem++
	d.items[k] = d.nextItem
	d.newItems = append(d.newItems, k)
	return d.nextItem
}

// writeItems appends the new items (unclassified).
func (d *dims) writeItems(dc driver.Conn) error {
	first := d.nextItem - int32(len(d.newItems))
	return appendRows(dc, "", "items", len(d.newItems), func(i int) []driver.Value {
		k := d.newItems[i]
		return []driver.Value{d.buyer.ID, first + int32(i) + 1, k.payee, k.account, k.text, k.cpv, nil, nil, nil, nil}
	})
}

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
	sig, links, err := d.extract(ctx, conn, buyerIDs, period)
	if err != nil {
		dropExtract(conn)
		release()
		return nil, nil, fmt.Errorf("lines from the line source: %w", err)
	}
	done := d.extracts.keep(conn, buyerIDs, period, sig, links)
	return conn, func() { done(); release() }, nil
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
		}
		b.WriteByte(';')
		all = append(all, bs...)
	}
	return b.String(), all, nil
}

// extract fills the temporary tables of onLines and returns the
// signature (batchSig) of what it read and the fingerprint
// (linkFingerprint) of what it linked the lines with.
func (d *DB) extract(ctx context.Context, conn *sql.Conn, buyerIDs []string, period cityspend.Period) (sig, links string, err error) {
	// The imports first: lines recorded after this are not in the
	// signature, and a later reuse reads them anew.
	sig, batches, err := batchSig(ctx, d.lines, buyerIDs)
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
	err = d.lines.Lines(ctx, LineQuery{BuyerIDs: buyerIDs, Period: period}, func(l *Line) error {
		buf = appendLine(buf[:0], l)
		n++
		_, err := w.Write(buf)
		return err
	})
	if err = errors.Join(err, w.Flush(), stage.Close()); err != nil {
		return "", "", err
	}
	if n > 0 {
		if _, err := conn.ExecContext(ctx, `INSERT INTO temp.payments BY NAME SELECT * FROM read_csv(?, header = false, delim = ',',
			quote = '"', escape = '"', auto_detect = false, nullstr = '', columns = `+columnsStruct(extractedColumns)+`)`, stage.Name()); err != nil {
			return "", "", fmt.Errorf("load the lines: %w", err)
		}
	}
	// The imports again: every line read is of one of them.
	if _, batches, err = batchSig(ctx, d.lines, buyerIDs); err != nil {
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
