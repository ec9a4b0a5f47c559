package clickhouse

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
)

// Rollup implements duckdb.LineSource: the scan of a buyer's lines runs on
// the shard that holds them, and only the sums (by payee, account, and unit
// and period when asked) travel back.
func (d *DB) Rollup(ctx context.Context, q duckdb.RollupQuery) ([]duckdb.RollupRow, error) {
	if q.Units != nil && len(q.Units) == 0 {
		return nil, nil // a unit no line has
	}
	cond, args, _, ok, err := d.where(ctx, cityspend.SpendFilter{BuyerID: q.BuyerID, Period: q.Period})
	if err != nil || !ok {
		return nil, err
	}
	if q.Units != nil {
		ids := make([]string, len(q.Units))
		for i, u := range q.Units {
			ids[i] = strconv.Itoa(int(u))
		}
		cond += " AND unit_id IN (" + strings.Join(ids, ",") + ")"
	}
	keys := []string{"payee_id", "account_id"}
	if q.ByUnit {
		keys = append(keys, "unit_id")
	}
	switch q.Key {
	case duckdb.RollupFiscalYear:
		keys = append(keys, "toInt32("+fiscalYear(q.FiscalStart)+") AS pk")
	case duckdb.RollupMonth:
		keys = append(keys, "toString(toYYYYMM(period_date)) AS pk")
	}
	group := make([]string, len(keys))
	for i, k := range keys {
		group[i], _, _ = strings.Cut(k, " AS ")
	}
	rows, err := d.conn.Query(ctx, `SELECT `+strings.Join(keys, ", ")+`, sum(amount), count() FROM `+d.t("payments")+
		` WHERE `+cond+` GROUP BY `+strings.Join(group, ", "), args...)
	if err != nil {
		return nil, fmt.Errorf("rollup: %w", err)
	}
	defer rows.Close()
	var out []duckdb.RollupRow
	for rows.Next() {
		var r duckdb.RollupRow
		var n uint64
		dest := []any{&r.PayeeID, &r.AccountID}
		if q.ByUnit {
			dest = append(dest, &r.UnitID)
		}
		var month string
		switch q.Key {
		case duckdb.RollupFiscalYear:
			dest = append(dest, &r.Year)
		case duckdb.RollupMonth:
			dest = append(dest, &month)
		}
		if err := rows.Scan(append(dest, &r.Amount, &n)...); err != nil {
			return nil, fmt.Errorf("rollup: %w", err)
		}
		if len(month) == 6 {
			r.Month = month[:4] + "-" + month[4:]
		}
		r.Lines = int64(n)
		out = append(out, r)
	}
	return out, rows.Err()
}

var _ duckdb.LineSource = (*DB)(nil)
