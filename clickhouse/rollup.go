// SPDX-License-Identifier: EUPL-1.2

package clickhouse

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/ext"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
)

// Rollup implements duckdb.LineSource: the scan of a buyer's lines runs on
// the shard that holds them, and only the sums (by payee, account, and unit
// and period when asked) travel back.
func (d *DB) Rollup(ctx context.Context, q duckdb.RollupQuery) ([]duckdb.RollupRow, error) {
	if (q.Units != nil && len(q.Units) == 0) || (q.Payees != nil && len(q.Payees) == 0) {
		return nil, nil // a unit or a supplier no line has
	}
	cond, args, _, ok, err := d.where(ctx, q.BuyerID, q.Period)
	if err != nil || !ok {
		return nil, err
	}
	if q.Units != nil {
		cond += " AND unit_id IN (" + joinIDs(q.Units) + ")"
	}
	if q.Payees != nil {
		cond += " AND payee_id IN (" + joinIDs(q.Payees) + ")"
	}
	keys := []string{"payee_id", "account_id"}
	if q.ByUnit {
		keys = append(keys, "unit_id")
	}
	if q.ByItem {
		keys = append(keys, "item_id")
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
		if q.ByItem {
			dest = append(dest, &r.ItemID)
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

// Lines implements duckdb.LineSource: the buyers' recorded lines (of the
// period), streamed.
func (d *DB) Lines(ctx context.Context, q duckdb.LineQuery, fn func(*duckdb.Line) error) error {
	for _, id := range q.BuyerIDs {
		cond, args, _, ok, err := d.where(ctx, id, q.Period)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		none := false
		if q.Keys != nil {
			if len(q.Keys) == 0 {
				continue
			}
			ks := make([]string, len(q.Keys))
			for i, k := range q.Keys {
				ks[i] = fmt.Sprintf("(%d, %d, %d, %d, ?, %d)", k.PayeeID, k.AccountID, k.UnitID, k.ItemID, k.Cut)
				args = append(args, k.ContractRef)
			}
			cond += " AND (payee_id, account_id, unit_id, item_id, " + refExpr(q.Refs) + ", " + cutExpr(q.Cuts) + ") IN (" + strings.Join(ks, ", ") + ")"
		}
		if len(q.Bands) > 0 {
			bs := make([]string, len(q.Bands))
			for i, b := range q.Bands {
				bs[i] = fmt.Sprintf("(amount >= %d AND amount < %d)", b[0], b[1])
			}
			cond += " AND (" + strings.Join(bs, " OR ") + ")"
		}
		for _, in := range []struct {
			col string
			ids []int32
		}{{"payee_id", q.Payees}, {"account_id", q.Accounts}, {"unit_id", q.Units}, {"item_id", q.Items}} {
			if in.ids == nil {
				continue
			}
			if len(in.ids) == 0 {
				none = true
				break
			}
			cond += " AND " + in.col + " IN (" + joinIDs(in.ids) + ")"
		}
		if none {
			continue
		}
		page := ""
		if q.Limit > 0 {
			order := "period_date, batch_id, line"
			if q.Largest {
				order = "abs(amount) DESC, batch_id, line"
			}
			page = fmt.Sprintf(" ORDER BY %s LIMIT %d, %d", order, max(q.Offset, 0), q.Limit)
		}
		rows, err := d.conn.Query(ctx, `SELECT buyer_id, batch_id, line, key_hi, key_lo, key_occ, payee_id, account_id, unit_id, item_id,
			invoice_date, payment_date, period_date, amount, vat, has_vat, currency, transaction_id, voucher_no, invoice_no, contract_ref,
			description, expenditure_type, cpv, unspsc, order_ref, quantity, unit_code, `+refExpr(q.Refs)+` FROM `+d.t("payments")+` WHERE `+cond+page, args...)
		if err != nil {
			return fmt.Errorf("lines: %w", err)
		}
		for rows.Next() {
			var l duckdb.Line
			var batch uint64
			var line, occ uint32
			var hasVAT uint8
			if err := rows.Scan(&l.BuyerID, &batch, &line, &l.KeyHi, &l.KeyLo, &occ, &l.PayeeID, &l.AccountID, &l.UnitID, &l.ItemID,
				&l.InvoiceDate, &l.PaymentDate, &l.PeriodDate, &l.Amount, &l.VAT, &hasVAT, &l.Currency, &l.TransactionID, &l.VoucherNo,
				&l.InvoiceNo, &l.ContractRef, &l.Description, &l.ExpenditureType, &l.CPV, &l.UNSPSC, &l.OrderRef, &l.Quantity, &l.UnitCode, &l.LinkRef); err != nil {
				rows.Close()
				return fmt.Errorf("lines: %w", err)
			}
			l.BatchID, l.Line, l.KeyOcc, l.HasVAT = int64(batch), int32(line), int32(occ), hasVAT == 1
			if err := fn(&l); err != nil {
				rows.Close()
				return err
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("lines: %w", err)
		}
	}
	return nil
}

// LinkRollup implements duckdb.LineSource: the sums by what contract links,
// categories and months depend on, made on the shard that holds the lines.
func (d *DB) LinkRollup(ctx context.Context, q duckdb.LinkQuery) ([]duckdb.LinkRow, error) {
	cond, args, _, ok, err := d.where(ctx, q.BuyerID, cityspend.Period{})
	if err != nil || !ok {
		return nil, err
	}
	keys := []string{"payee_id", "account_id", "unit_id", "item_id", refExpr(q.Refs), cutExpr(q.Cuts)}
	k := strings.Join(keys, ", ")
	rows, err := d.conn.Query(ctx, `SELECT `+k+`, min(period_date), max(period_date), sum(amount), count() FROM `+d.t("payments")+
		` WHERE `+cond+` GROUP BY `+k, args...)
	if err != nil {
		return nil, fmt.Errorf("link rollup: %w", err)
	}
	defer rows.Close()
	var out []duckdb.LinkRow
	for rows.Next() {
		var r duckdb.LinkRow
		var n uint64
		if err := rows.Scan(&r.PayeeID, &r.AccountID, &r.UnitID, &r.ItemID, &r.ContractRef, &r.Cut, &r.First, &r.Last, &r.Amount, &n); err != nil {
			return nil, fmt.Errorf("link rollup: %w", err)
		}
		r.Lines = int64(n)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Largest implements duckdb.LineSource: every selection in one scan of the
// buyer's lines on its shard, the selections' keys an external table sent
// with the query; only the largest lines of each come back.
func (d *DB) Largest(ctx context.Context, q duckdb.LargestQuery, fn func(sel int, l *duckdb.Line) error) error {
	if len(q.Sels) == 0 || q.Limit <= 0 {
		return nil
	}
	cond, args, _, ok, err := d.where(ctx, q.BuyerID, cityspend.Period{})
	if err != nil || !ok {
		return err
	}
	// One row per key and selection: the lines of the keys (IN, on the
	// shard) joined to their selections, kept in each one's period.
	t, err := ext.NewTable("sel_keys", ext.Column("payee", "Int32"), ext.Column("account", "Int32"), ext.Column("unit", "Int32"),
		ext.Column("item", "Int32"), ext.Column("ref", "String"), ext.Column("cut", "Int32"), ext.Column("sel", "Int32"),
		ext.Column("d_from", "Date"), ext.Column("d_to", "Date"))
	if err != nil {
		return fmt.Errorf("largest lines: %w", err)
	}
	for i, s := range q.Sels {
		from, to := s.Period.From, s.Period.To
		if from.IsZero() {
			from = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		if to.IsZero() {
			to = time.Date(2105, 12, 31, 0, 0, 0, 0, time.UTC) // the last Date
		}
		for _, k := range s.Keys {
			if err := t.Append(k.PayeeID, k.AccountID, k.UnitID, k.ItemID, k.ContractRef, k.Cut, int32(i), from, to); err != nil {
				return fmt.Errorf("largest lines: %w", err)
			}
		}
	}
	rows, err := d.conn.Query(ch.Context(ctx, ch.WithExternalTable(t)), `SELECT sel, batch_id, line, amount FROM (
			SELECT payee_id AS payee, account_id AS account, unit_id AS unit, item_id AS item, `+refExpr(q.Refs)+` AS ref,
				`+cutExpr(q.Cuts)+` AS cut, period_date, batch_id, line, amount
			FROM `+d.t("payments")+` WHERE `+cond+` AND (payee_id, account_id, unit_id, item_id, `+refExpr(q.Refs)+`, `+cutExpr(q.Cuts)+`)
				IN (SELECT payee, account, unit, item, ref, cut FROM sel_keys))
		ALL INNER JOIN (SELECT payee, account, unit, item, ref, cut, sel, d_from, d_to FROM sel_keys) USING (payee, account, unit, item, ref, cut)
		WHERE period_date >= d_from AND period_date < d_to
		ORDER BY sel, abs(amount) DESC, batch_id, line LIMIT `+strconv.Itoa(q.Limit)+` BY sel`, args...)
	if err != nil {
		return fmt.Errorf("largest lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sel int32
		var batch uint64
		var line uint32
		var l duckdb.Line
		if err := rows.Scan(&sel, &batch, &line, &l.Amount); err != nil {
			return fmt.Errorf("largest lines: %w", err)
		}
		l.BuyerID, l.BatchID, l.Line = q.BuyerID, int64(batch), int32(line)
		if err := fn(int(sel), &l); err != nil {
			return err
		}
	}
	return rows.Err()
}

// MonthSums implements duckdb.LineSource: the lines joined to their keys'
// classes (an external table) and summed by class and month on the cluster.
func (d *DB) MonthSums(ctx context.Context, q duckdb.MonthQuery) ([]duckdb.MonthSum, error) {
	if len(q.Keys) == 0 {
		return nil, nil
	}
	cond, args, _, ok, err := d.where(ctx, q.BuyerID, cityspend.Period{})
	if err != nil || !ok {
		return nil, err
	}
	t, err := ext.NewTable("month_keys", ext.Column("payee", "Int32"), ext.Column("account", "Int32"), ext.Column("item", "Int32"),
		ext.Column("ref", "String"), ext.Column("cut", "Int32"), ext.Column("cls", "Int32"))
	if err != nil {
		return nil, fmt.Errorf("month sums: %w", err)
	}
	for i, k := range q.Keys {
		if err := t.Append(k.PayeeID, k.AccountID, k.ItemID, k.ContractRef, k.Cut, q.Classes[i]); err != nil {
			return nil, fmt.Errorf("month sums: %w", err)
		}
	}
	rows, err := d.conn.Query(ch.Context(ctx, ch.WithExternalTable(t)), `SELECT cls, toStartOfMonth(period_date) AS m, sum(amount), count() FROM (
			SELECT payee_id AS payee, account_id AS account, item_id AS item, `+refExpr(q.Refs)+` AS ref, `+cutExpr(q.Cuts)+` AS cut,
				period_date, amount FROM `+d.t("payments")+` WHERE `+cond+`)
		ALL INNER JOIN (SELECT payee, account, item, ref, cut, cls FROM month_keys) USING (payee, account, item, ref, cut)
		GROUP BY cls, m`, args...)
	if err != nil {
		return nil, fmt.Errorf("month sums: %w", err)
	}
	defer rows.Close()
	var out []duckdb.MonthSum
	for rows.Next() {
		var m duckdb.MonthSum
		var n uint64
		if err := rows.Scan(&m.Class, &m.Month, &m.Amount, &n); err != nil {
			return nil, fmt.Errorf("month sums: %w", err)
		}
		m.Lines = int64(n)
		out = append(out, m)
	}
	return out, rows.Err()
}

// cutExpr is a line's interval among the ascending dates cuts (how many
// are on or before its date).
func cutExpr(cuts []time.Time) string {
	if len(cuts) == 0 {
		return "toInt32(0)"
	}
	ds := make([]string, len(cuts))
	for i, c := range cuts {
		ds[i] = "toDate('" + c.Format("2006-01-02") + "')"
	}
	return "toInt32(arrayCount(x -> x <= period_date, [" + strings.Join(ds, ", ") + "]))"
}

// refExpr is a line's contract reference when it may name one of the
// contract ids refs, else "". The test is loose (ASCII letters and digits
// only, upper case: refKey), so that it keeps every reference the
// catalog's exact comparison (upper(trim())) may link; the catalog
// compares the reference as written.
func refExpr(refs []string) string {
	var ks []string
	seen := map[string]bool{}
	for _, r := range refs {
		if k := refKey(r); !seen[k] {
			seen[k] = true
			ks = append(ks, "'"+k+"'")
		}
	}
	if len(ks) == 0 {
		return "''"
	}
	return "if(has([" + strings.Join(ks, ", ") + "], replaceRegexpAll(upper(contract_ref), '[^0-9A-Z]', '')), contract_ref, '')"
}

// refKey is what refExpr compares: the ASCII letters (upper case) and
// digits of a reference.
func refKey(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') {
			b = append(b, c)
		}
	}
	return string(b)
}

// joinIDs writes ids for an IN list.
func joinIDs(ids []int32) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(int(id))
	}
	return strings.Join(s, ",")
}

var _ duckdb.LineSource = (*DB)(nil)
