// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cityspend/cityspend"
)

const buyerCols = `id, coalesce(org_number, ''), name, country, coalesce(municipality, ''), currency, fiscal_start, synthetic, created_at`

// CreateBuyer implements cityspend.Store.
func (d *DB) CreateBuyer(ctx context.Context, b cityspend.Buyer) error {
	if err := b.Validate(); err != nil {
		return err
	}
	if b.CreatedAt.IsZero() {
		b.CreatedAt = time.Now().UTC()
	}
	_, err := d.db.ExecContext(ctx, `INSERT INTO buyers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.ID, nullStr(b.OrgNumber), b.Name, b.Country, nullStr(b.Municipality), b.Currency, b.FiscalStart, b.Synthetic, b.CreatedAt)
	if err != nil {
		if isConflict(err) {
			return cityspend.Errorf(cityspend.ECONFLICT, "buyer %s exists already", b.ID)
		}
		return fmt.Errorf("create buyer %s: %w", b.ID, err)
	}
	return nil
}

// Buyer implements cityspend.Store.
func (d *DB) Buyer(ctx context.Context, id string) (cityspend.Buyer, error) {
	return getBuyer(ctx, d.db, id)
}

// queryRower is what *sql.DB and *sql.Conn share, so a buyer can be read
// inside or outside a transaction.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getBuyer(ctx context.Context, q queryRower, id string) (cityspend.Buyer, error) {
	var b cityspend.Buyer
	err := q.QueryRowContext(ctx, `SELECT `+buyerCols+` FROM buyers WHERE id = ?`, id).Scan(
		&b.ID, &b.OrgNumber, &b.Name, &b.Country, &b.Municipality, &b.Currency, &b.FiscalStart, &b.Synthetic, &b.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return b, cityspend.Errorf(cityspend.ENOTFOUND, "no buyer %q (add it with `cityspend buyer add`)", id)
	}
	if err != nil {
		return b, fmt.Errorf("get buyer %s: %w", id, err)
	}
	return b, nil
}

// Buyers implements cityspend.Store.
func (d *DB) Buyers(ctx context.Context) ([]cityspend.Buyer, error) {
	return getBuyers(ctx, d.db)
}

func getBuyers(ctx context.Context, db *sql.DB) ([]cityspend.Buyer, error) {
	return queryAll(ctx, db, "list buyers", `SELECT `+buyerCols+` FROM buyers ORDER BY id`, nil, func(rows *sql.Rows, b *cityspend.Buyer) error {
		return rows.Scan(&b.ID, &b.OrgNumber, &b.Name, &b.Country, &b.Municipality, &b.Currency, &b.FiscalStart, &b.Synthetic, &b.CreatedAt)
	})
}
