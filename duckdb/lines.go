package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

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
}

// RollupQuery asks for a buyer's lines of a period summed by payee and
// account, and by unit and by a period key when asked.
type RollupQuery struct {
	BuyerID     string
	Period      cityspend.Period // zero: all dates
	Units       []int32          // only the lines of these units; nil: every unit
	ByUnit      bool
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
	Year                       int32  // with RollupFiscalYear
	Month                      string // with RollupMonth: "2024-03"
	Amount, Lines              int64
}

// UseLineSource makes this database the catalog of a line source (see
// LineSource). Call it before the database is used.
func (d *DB) UseLineSource(src LineSource) { d.lines = src }

// queryer runs queries: the database's pool, or one connection.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// externalRollup loads the line source's rollup into a temporary table on
// a connection of its own and returns the connection (closed by done) with
// the CTE p over it, shaped as rollup's.
func (d *DB) externalRollup(ctx context.Context, f cityspend.SpendFilter, pk string, fiscalStart int, byUnit, byItem, byContract bool) (
	queryer, string, func(), error) {
	q := RollupQuery{BuyerID: f.BuyerID, Period: f.Period, ByUnit: byUnit, FiscalStart: fiscalStart}
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
		year INTEGER, month VARCHAR, amount BIGINT, n BIGINT)`); err != nil {
		done()
		return nil, "", nil, fmt.Errorf("rollup: %w", err)
	}
	if err := appendOn(ctx, conn, "temp", "ext_rollup", len(rs), func(i int) []driver.Value {
		r := rs[i]
		return []driver.Value{r.PayeeID, r.AccountID, r.UnitID, r.Year, r.Month, r.Amount, r.Lines}
	}); err != nil {
		done()
		return nil, "", nil, fmt.Errorf("rollup: %w", err)
	}
	// The columns a rollup of the embedded lines would have; the source
	// has no items or contracts yet (its lines are unclassified and
	// linked to no contract).
	cols := "payee_id, account_id"
	if byUnit {
		cols += ", unit_id"
	}
	if byItem {
		cols += ", CAST(NULL AS INTEGER) AS item_id"
	}
	if byContract {
		cols += ", CAST(NULL AS VARCHAR) AS contract_id"
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
	db   *DB
	dims *dims
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
	if err != nil {
		d.dimsMu.Unlock()
		return nil, err
	}
	return &Dims{db: d, dims: x}, nil
}

// IDs returns the ids of a line's payee, account and unit, numbering new
// values.
func (x *Dims) IDs(p *cityspend.Payment) (payee, account, unit int32) { return x.dims.ids(p) }

// Save writes the new values in one transaction; values no line of the
// source keeps (an import that failed after Save) are harmless: they sum
// to nothing.
func (x *Dims) Save(ctx context.Context) error {
	err := x.db.inConnTx(ctx, func(conn *sql.Conn) error {
		return conn.Raw(func(dc any) error { return x.dims.write(dc.(driver.Conn)) })
	})
	if err != nil {
		return fmt.Errorf("dimensions: %w", err)
	}
	x.dims.newPayees, x.dims.newAccounts, x.dims.newUnits = nil, nil, nil
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
