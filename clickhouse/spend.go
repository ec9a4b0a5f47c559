// SPDX-License-Identifier: EUPL-1.2

package clickhouse

import (
	"context"
	"fmt"
	"strings"

	"github.com/cityspend/cityspend"
)

// where builds the conditions that select a buyer's recorded lines of a
// period; ok is false when the buyer has none (nothing to read), also when
// the cluster does not know it yet (a buyer of the catalog whose first
// import has not come). Every other filter is the catalog's: it sends the
// ids of what it selects (duckdb.LineQuery).
func (d *DB) where(ctx context.Context, buyerID string, p cityspend.Period) (cond string, args []any, fiscalStart int, ok bool, err error) {
	b, err := d.Buyer(ctx, buyerID)
	if cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
		return "", nil, 0, false, nil
	}
	if err != nil {
		return "", nil, 0, false, err
	}
	visible, err := d.committed(ctx, b.ID)
	if err != nil || visible == "" {
		return "", nil, b.FiscalStart, false, err
	}
	conds := []string{"buyer_id = ?", visible}
	args = []any{b.ID}
	if !p.From.IsZero() {
		conds, args = append(conds, "period_date >= toDate(?)"), append(args, p.From.Format("2006-01-02"))
	}
	if !p.To.IsZero() {
		conds, args = append(conds, "period_date < toDate(?)"), append(args, p.To.Format("2006-01-02"))
	}
	return strings.Join(conds, " AND "), args, b.FiscalStart, true, nil
}

func fiscalYear(fs int) string {
	return fmt.Sprintf("toYear(period_date) - if(toMonth(period_date) < %d, 1, 0)", max(fs, 1))
}

// FiscalYears lists the fiscal years a buyer has lines in, oldest first.
func (d *DB) FiscalYears(ctx context.Context, buyerID string) ([]int, error) {
	cond, args, fs, ok, err := d.where(ctx, buyerID, cityspend.Period{})
	if err != nil || !ok {
		return nil, err
	}
	// GROUP BY, not DISTINCT: 18.16 returns a DISTINCT with an IN subquery
	// once per stream (TestOneShardOrTwo found it).
	rows, err := d.conn.Query(ctx, `SELECT toInt32(`+fiscalYear(fs)+`) AS y FROM `+d.t("payments")+` WHERE `+cond+` GROUP BY y ORDER BY y`, args...)
	if err != nil {
		return nil, fmt.Errorf("fiscal years: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int32
		if err := rows.Scan(&y); err != nil {
			return nil, fmt.Errorf("fiscal years: %w", err)
		}
		out = append(out, int(y))
	}
	return out, rows.Err()
}
