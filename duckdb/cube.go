// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// cubeSelect sums lines into spend_cube's rows; the caller adds the WHERE.
const cubeSelect = `INSERT INTO spend_cube
	SELECT buyer_id, payee_id, account_id, unit_id, item_id, contract_id, CAST(date_trunc('month', period_date) AS DATE),
		CAST(sum(amount) AS BIGINT), count(*)
	FROM payments WHERE %s GROUP BY ALL`

// categoryCubeSelect folds spend_cube's rows (of the table %s, called c)
// into category_cube's: the unit becomes its org unit, the item its
// category. The caller adds the WHERE.
const categoryCubeSelect = `INSERT INTO category_cube
	SELECT c.buyer_id, c.payee_id, c.account_id, u.org_unit, it.category, c.contract_id, c.period_date,
		CAST(sum(c.amount) AS BIGINT), CAST(sum(c.n) AS BIGINT)
	FROM %s c
	LEFT JOIN units u ON u.buyer_id = c.buyer_id AND u.unit_id = c.unit_id
	LEFT JOIN items it ON it.buyer_id = c.buyer_id AND it.item_id = c.item_id
	WHERE %s GROUP BY ALL`

// yearCubeSelect sums category_cube's rows (of the table %s, called c)
// into year_cube's: the month becomes the first day of the buyer's fiscal
// year. The caller adds the WHERE.
const yearCubeSelect = `INSERT INTO year_cube
	SELECT c.buyer_id, c.payee_id, c.account_id, c.org_unit, c.category, c.contract_id,
		make_date(CAST(year(c.period_date) - CASE WHEN month(c.period_date) < b.fiscal_start THEN 1 ELSE 0 END AS INTEGER), b.fiscal_start, 1),
		CAST(sum(c.amount) AS BIGINT), CAST(sum(c.n) AS BIGINT)
	FROM %s c JOIN buyers b ON b.id = c.buyer_id
	WHERE %s GROUP BY ALL`

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// rebuildCube sums a buyer's lines into the cube again, after a change to
// the keys of its lines (items, contracts), and the category and year
// cubes with it.
// Call it in the change's transaction.
func rebuildCube(ctx context.Context, tx execer, buyerID string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM spend_cube WHERE buyer_id = ?`, buyerID); err != nil {
		return fmt.Errorf("spend cube: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(cubeSelect, `buyer_id = ?`), buyerID); err != nil {
		return fmt.Errorf("spend cube: %w", err)
	}
	return rebuildCategoryCube(ctx, tx, buyerID)
}

// cubeAssigned sums into the cube again the lines that AssignItems gave an
// item (the rows of temp.unassigned, which were every line of the buyer
// without one): their cube rows, those without an item, are replaced by
// rows of their items, and the category and year cubes are folded again.
// Call it in AssignItems' transaction.
func cubeAssigned(ctx context.Context, tx execer, buyerID string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM spend_cube WHERE buyer_id = ? AND item_id IS NULL`, buyerID); err != nil {
		return fmt.Errorf("spend cube: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(cubeSelect, `buyer_id = ? AND rowid IN (SELECT rid FROM temp.unassigned)`), buyerID); err != nil {
		return fmt.Errorf("spend cube: %w", err)
	}
	return rebuildCategoryCube(ctx, tx, buyerID)
}

// rebuildCategoryCube folds a buyer's spend cube into the category cube
// again, and that into the year cube, after a change to the cube or to the
// categories of its items. Call it in the change's transaction.
func rebuildCategoryCube(ctx context.Context, tx execer, buyerID string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM category_cube WHERE buyer_id = ?`, buyerID); err != nil {
		return fmt.Errorf("category cube: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(categoryCubeSelect, `spend_cube`, `c.buyer_id = ?`), buyerID); err != nil {
		return fmt.Errorf("category cube: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM year_cube WHERE buyer_id = ?`, buyerID); err != nil {
		return fmt.Errorf("year cube: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(yearCubeSelect, `category_cube`, `c.buyer_id = ?`), buyerID); err != nil {
		return fmt.Errorf("year cube: %w", err)
	}
	return nil
}

// addBatchToCube sums a new batch's lines into the cube, the category cube
// and the year cube (the cubes' rows are summed again by every rollup, so
// a month or a year may have a row per batch): the lines are read once,
// into a temporary table of the batch's cube rows that the others are
// filled from. tx is one connection (a transaction's).
func addBatchToCube(ctx context.Context, tx execer, batchID int64) error {
	if _, err := tx.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE batch_cube AS SELECT * FROM main.spend_cube LIMIT 0`); err != nil {
		return fmt.Errorf("spend cube: %w", err)
	}
	q := strings.Replace(fmt.Sprintf(cubeSelect, `batch_id = ?`), "INTO spend_cube", "INTO temp.batch_cube", 1)
	if _, err := tx.ExecContext(ctx, q, batchID); err != nil {
		return fmt.Errorf("spend cube: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO main.spend_cube SELECT * FROM temp.batch_cube`); err != nil {
		return fmt.Errorf("spend cube: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE batch_category AS SELECT * FROM main.category_cube LIMIT 0`); err != nil {
		return fmt.Errorf("category cube: %w", err)
	}
	q = strings.Replace(fmt.Sprintf(categoryCubeSelect, `temp.batch_cube`, `true`), "INTO category_cube", "INTO temp.batch_category", 1)
	if _, err := tx.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("category cube: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO main.category_cube SELECT * FROM temp.batch_category`); err != nil {
		return fmt.Errorf("category cube: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(yearCubeSelect, `temp.batch_category`, `true`)); err != nil {
		return fmt.Errorf("year cube: %w", err)
	}
	for _, t := range []string{"batch_cube", "batch_category"} {
		if _, err := tx.ExecContext(ctx, `DROP TABLE temp.`+t); err != nil {
			return fmt.Errorf("spend cube: %w", err)
		}
	}
	return nil
}

// monthStart reports whether a period bound can be read from the cube:
// none, or the first of a month at midnight UTC (as the engine compares it
// with the lines' dates).
func monthStart(t time.Time) bool {
	if t.IsZero() {
		return true
	}
	u := t.UTC()
	return u.Day() == 1 && u.Equal(u.Truncate(24*time.Hour))
}

// fiscalStart reports whether a period bound can be read from the year
// cube: none, or the first day of a fiscal year starting in month fs, at
// midnight UTC.
func fiscalStart(t time.Time, fs int) bool {
	return monthStart(t) && (t.IsZero() || int(t.UTC().Month()) == fs)
}
