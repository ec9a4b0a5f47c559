// SPDX-License-Identifier: EUPL-1.2

package clickhouse

import (
	"context"
	"fmt"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
)

// Batch reads one of a buyer's batches (ENOTFOUND).
func (d *DB) Batch(ctx context.Context, buyerID string, batchID int64) (cityspend.ImportBatch, error) {
	bs, err := d.batches(ctx, buyerID, batchID)
	if err != nil {
		return cityspend.ImportBatch{}, err
	}
	if len(bs) == 0 {
		return cityspend.ImportBatch{}, cityspend.Errorf(cityspend.ENOTFOUND,
			"buyer %s has no import batch %d (cityspend import batches --buyer %s lists them)", buyerID, batchID, buyerID)
	}
	return bs[0], nil
}

type undoneRow struct {
	by string
	at time.Time
}

// undone lists a buyer's undone batches.
func (d *DB) undone(ctx context.Context, buyerID string) (map[int64]undoneRow, error) {
	rows, err := d.conn.Query(ctx, `SELECT batch_id, undone_by, undone_at FROM `+d.t("undone")+` WHERE buyer_id = ?`, buyerID)
	if err != nil {
		return nil, fmt.Errorf("undone batches: %w", err)
	}
	defer rows.Close()
	out := map[int64]undoneRow{}
	for rows.Next() {
		var id uint64
		var u undoneRow
		if err := rows.Scan(&id, &u.by, &u.at); err != nil {
			return nil, fmt.Errorf("undone batches: %w", err)
		}
		u.at = u.at.UTC()
		out[int64(id)] = u
	}
	return out, rows.Err()
}

// orphans counts a visible batch's lines and finds the payees, accounts,
// units and items only they have (each shard against its own lines: the
// lines are sharded by buyer).
func (d *DB) orphans(ctx context.Context, b cityspend.ImportBatch) (int64, duckdb.Orphans, error) {
	var o duckdb.Orphans
	visible, err := d.committed(ctx, b.BuyerID)
	if err != nil {
		return 0, o, err
	}
	if visible == "" {
		return 0, o, nil
	}
	var n uint64
	if err := d.conn.QueryRow(ctx, `SELECT count() FROM `+d.t("payments")+` WHERE buyer_id = ? AND batch_id = ?`, b.BuyerID, uint64(b.ID)).Scan(&n); err != nil {
		return 0, o, fmt.Errorf("undo batch %d: %w", b.ID, err)
	}
	for _, c := range []struct {
		col string
		dst *[]int32
	}{{"payee_id", &o.Payees}, {"account_id", &o.Accounts}, {"unit_id", &o.Units}, {"item_id", &o.Items}} {
		rows, err := d.conn.Query(ctx, `SELECT `+c.col+` FROM `+d.t("payments")+` WHERE buyer_id = ? AND batch_id = ? AND `+c.col+` <> 0
			AND `+c.col+` NOT IN (SELECT `+c.col+` FROM `+d.db+`.payments_local WHERE buyer_id = ? AND batch_id <> ? AND `+visible+`)
			GROUP BY `+c.col+` ORDER BY `+c.col, b.BuyerID, uint64(b.ID), b.BuyerID, uint64(b.ID))
		if err != nil {
			return 0, o, fmt.Errorf("undo batch %d: %s: %w", b.ID, c.col, err)
		}
		for rows.Next() {
			var id int32
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, o, fmt.Errorf("undo batch %d: %s: %w", b.ID, c.col, err)
			}
			*c.dst = append(*c.dst, id)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return 0, o, fmt.Errorf("undo batch %d: %s: %w", b.ID, c.col, err)
		}
	}
	return int64(n), o, nil
}
