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

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// rebuildCube sums a buyer's lines into the cube again, after a change to
// the keys of its lines (items, contracts), and the category cube with it.
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

// rebuildCategoryCube folds a buyer's spend cube into the category cube
// again, after a change to the cube or to the categories of its items.
// Call it in the change's transaction.
func rebuildCategoryCube(ctx context.Context, tx execer, buyerID string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM category_cube WHERE buyer_id = ?`, buyerID); err != nil {
		return fmt.Errorf("category cube: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(categoryCubeSelect, `spend_cube`, `c.buyer_id = ?`), buyerID); err != nil {
		return fmt.Errorf("category cube: %w", err)
	}
	return nil
}

// addBatchToCube sums a new batch's lines into the cube and the category
// cube (the cubes' rows are summed again by every rollup, so a month may
// have a row per batch): the lines are read once, into a temporary table
// of the batch's cube rows that both are filled from. tx is one
// connection (a transaction's).
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
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(categoryCubeSelect, `temp.batch_cube`, `true`)); err != nil {
		return fmt.Errorf("category cube: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE temp.batch_cube`); err != nil {
		return fmt.Errorf("spend cube: %w", err)
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
