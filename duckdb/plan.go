// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cityspend/cityspend"
)

// PlanItems implements cityspend.Store.
func (d *DB) PlanItems(ctx context.Context, buyerID string) ([]cityspend.PlanItem, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT item FROM plan_items WHERE buyer_id = ? ORDER BY item_id`, buyerID)
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	defer rows.Close()
	var out []cityspend.PlanItem
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		var it cityspend.PlanItem
		if err := json.Unmarshal([]byte(raw), &it); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// PlanItem implements cityspend.Store.
func (d *DB) PlanItem(ctx context.Context, buyerID, id string) (cityspend.PlanItem, error) {
	var raw string
	var it cityspend.PlanItem
	err := d.db.QueryRowContext(ctx, `SELECT item FROM plan_items WHERE buyer_id = ? AND item_id = ?`, buyerID, id).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return it, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no plan item %s", buyerID, id)
	}
	if err != nil {
		return it, fmt.Errorf("plan: %w", err)
	}
	return it, json.Unmarshal([]byte(raw), &it)
}

// PutPlanItems implements cityspend.Store: items and their changes in one
// transaction.
func (d *DB) PutPlanItems(ctx context.Context, buyerID string, items []cityspend.PlanItem, changes []cityspend.PlanChange) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		for _, it := range items {
			raw, err := json.Marshal(it)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO plan_items VALUES (?, ?, ?, ?, ?, ?)`, buyerID, it.ID, string(raw), it.Status,
				it.Published, it.Updated); err != nil {
				return fmt.Errorf("plan item %s: %w", it.ID, err)
			}
		}
		for _, c := range changes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_changes VALUES (?, ?, ?, ?, ?, ?, ?)`, buyerID, c.ItemID, c.Field, c.Old, c.New, c.Who, c.At); err != nil {
				return fmt.Errorf("plan change: %w", err)
			}
		}
		return nil
	})
}

// PlanChanges implements cityspend.Store: an item's history, oldest first
// (all items' when id is "").
func (d *DB) PlanChanges(ctx context.Context, buyerID, id string) ([]cityspend.PlanChange, error) {
	q, args := `SELECT item_id, field, old, new, who, changed_at FROM plan_changes WHERE buyer_id = ?`, []any{buyerID}
	if id != "" {
		q += ` AND item_id = ?`
		args = append(args, id)
	}
	rows, err := d.db.QueryContext(ctx, q+` ORDER BY changed_at, rowid`, args...)
	if err != nil {
		return nil, fmt.Errorf("plan history: %w", err)
	}
	defer rows.Close()
	var out []cityspend.PlanChange
	for rows.Next() {
		var c cityspend.PlanChange
		if err := rows.Scan(&c.ItemID, &c.Field, &c.Old, &c.New, &c.Who, &c.At); err != nil {
			return nil, fmt.Errorf("plan history: %w", err)
		}
		c.At = c.At.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}
