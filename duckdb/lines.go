// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
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
	// LinkRollup sums a buyer's lines by what their contract links,
	// categories and months depend on (LinkRow): what the compliance
	// findings and classification read instead of the lines.
	LinkRollup(ctx context.Context, q LinkQuery) ([]LinkRow, error)
	// Largest calls fn with the Limit largest lines (absolute amount, then
	// batch and line) of each of the selections of a buyer's lines (the
	// index of the selection, the line's batch, number and amount only).
	Largest(ctx context.Context, q LargestQuery, fn func(sel int, l *Line) error) error
	// MonthSums sums a buyer's lines by class and month, the class of a
	// line that of its key (of the LinkRollup of Cuts and Refs, the unit
	// left out); lines of no key are left out.
	MonthSums(ctx context.Context, q MonthQuery) ([]MonthSum, error)
}

// MonthQuery gives each key (UnitID unused) a class.
type MonthQuery struct {
	BuyerID string
	Cuts    []time.Time
	Refs    []string
	Keys    []LineKey
	Classes []int32
}

// MonthSum is one sum of MonthSums.
type MonthSum struct {
	Class         int32
	Month         time.Time
	Amount, Lines int64
}

// LargestQuery selects lines of a buyer by keys of its LinkRollup (of Cuts
// and Refs), each selection in a period.
type LargestQuery struct {
	BuyerID string
	Cuts    []time.Time
	Refs    []string
	Sels    []LineSelection
	Limit   int
}

// LineSelection is the lines of some keys in a period.
type LineSelection struct {
	Keys   []LineKey
	Period cityspend.Period
}

// LinkQuery asks for a buyer's lines summed by payee, account, unit, item,
// contract reference and the interval of Cuts their date is in.
type LinkQuery struct {
	BuyerID string
	// Cuts are ascending dates: a line's Cut is how many of them are on or
	// before its date. The contract terms' first days and the days after
	// their last: within an interval, a contract's term holds every line
	// or none.
	Cuts []time.Time
	// Refs are the contract ids (upper case, trimmed) a reference may name:
	// other references are summed as none ("").
	Refs []string
}

// LinkRow is one sum of a LinkRollup.
type LinkRow struct {
	PayeeID, AccountID, UnitID, ItemID int32
	ContractRef                        string // as written; "" for none, or none of Refs
	Cut                                int32
	First, Last                        time.Time // the lines' first and last dates
	Amount, Lines                      int64
}

// LineKey selects the lines of a LinkRow (without the month).
type LineKey struct {
	PayeeID, AccountID, UnitID, ItemID int32
	ContractRef                        string
	Cut                                int32
}

// LineQuery asks for the lines of buyers, of a period.
type LineQuery struct {
	BuyerIDs []string
	Period   cityspend.Period // zero: all dates
	// Only the lines of these payees, accounts, units and items (nil: any;
	// empty: none). An item id of 0 stands for lines without an item.
	Payees, Accounts, Units, Items []int32
	// With Limit > 0 (and one buyer), only the Limit lines after the first
	// Offset, in the order of period date, batch and line (Largest: of the
	// absolute amount, largest first, then batch and line).
	Offset, Limit int
	Largest       bool
	// With Keys (one buyer), only the lines of these keys of the
	// LinkRollup of Cuts and Refs.
	Keys []LineKey
	Cuts []time.Time
	Refs []string
	// With Bands, only the lines whose amount is in one of [lo, hi).
	Bands [][2]int64
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
	// LinkRef is the contract reference as LinkRollup sums it, for the
	// Refs of the query ("" without).
	LinkRef string
}

// RollupQuery asks for a buyer's lines of a period summed by payee and
// account, and by unit and by a period key when asked.
type RollupQuery struct {
	BuyerID     string
	Period      cityspend.Period // zero: all dates
	Units       []int32          // only the lines of these units; nil: every unit
	Payees      []int32          // only the lines of these payees; nil: every payee
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
	d.rollups.forget()
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
	if f.OrgUnit != "" || f.SupplierKey != "" {
		ids, _, err := d.lineIDs(ctx, cityspend.SpendFilter{BuyerID: f.BuyerID, OrgUnit: f.OrgUnit, SupplierKey: f.SupplierKey})
		if err != nil {
			return nil, "", nil, fmt.Errorf("rollup: %w", err)
		}
		q.Units = ids.Units
		if len(ids.Payees) <= maxPushedIDs { // beyond, the catalog's query picks them
			q.Payees = ids.Payees
		}
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
		return []driver.Value{x.batch, int32(r.Line), nullStr(r.Field), validUTF8(r.Raw), validUTF8(r.Reason)}
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
// failed after Save) are harmless: they sum to nothing. In the same
// transaction it marks the batch's follow-up pending when it loaded lines:
// the line source records the batch after Save, so a process stopped after
// that record cannot lose the mark (stopped before it, the mark of a batch
// never recorded only costs a follow-up that finds nothing new).
func (x *Dims) Save(ctx context.Context, batch *cityspend.ImportBatch) error {
	if err := x.writeRejects(ctx); err != nil {
		return err
	}
	err := x.db.inConnTx(ctx, func(conn *sql.Conn) error {
		if err := conn.Raw(func(dc any) error {
			if err := x.dims.write(dc.(driver.Conn)); err != nil {
				return err
			}
			return x.dims.writeItems(dc.(driver.Conn))
		}); err != nil {
			return err
		}
		if batch.RowsLoaded == 0 {
			return nil
		}
		return markFollowUp(ctx, conn, batch.BuyerID, batch.Kind, batch.ID)
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
		for _, t := range []string{"year_cube", "category_cube", "spend_cube", "payments"} {
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
		return []driver.Value{d.buyer.ID, first + int32(i) + 1, k.payee, k.account, k.text, k.cpv, nil, nil, nil, nil, nil}
	})
}
