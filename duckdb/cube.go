// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// cubeSelect sums lines into spend_cube's rows; the caller adds the WHERE.
const cubeSelect = `INSERT INTO spend_cube
	SELECT buyer_id, payee_id, account_id, unit_id, item_id, contract_id, CAST(date_trunc('month', period_date) AS DATE),
		CAST(sum(amount) AS BIGINT), count(*)
	FROM payments WHERE %s GROUP BY ALL`

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// rebuildCube sums a buyer's lines into the cube again, after a change to
// the keys of its lines (items, contracts). Call it in the change's
// transaction.
func rebuildCube(ctx context.Context, tx execer, buyerID string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM spend_cube WHERE buyer_id = ?`, buyerID); err != nil {
		return fmt.Errorf("spend cube: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(cubeSelect, `buyer_id = ?`), buyerID); err != nil {
		return fmt.Errorf("spend cube: %w", err)
	}
	return nil
}

// addBatchToCube sums a new batch's lines into the cube (the cube's rows
// are summed again by every rollup, so a month may have a row per batch).
func addBatchToCube(ctx context.Context, tx execer, batchID int64) error {
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(cubeSelect, `batch_id = ?`), batchID); err != nil {
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
