// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// joins are the dimensions a query may join to the fact table p, by alias,
// in an order where each join's condition only needs earlier ones.
var joins = []struct{ alias, sql string }{
	{"y", "JOIN payees y ON y.buyer_id = p.buyer_id AND y.payee_id = p.payee_id"},
	{"a", "JOIN accounts a ON a.buyer_id = p.buyer_id AND a.account_id = p.account_id"},
	{"u", "JOIN units u ON u.buyer_id = p.buyer_id AND u.unit_id = p.unit_id"},
	{"b", "JOIN buyers b ON b.id = p.buyer_id"},
	{"sp", "LEFT JOIN supplier_profiles sp ON sp.buyer_id = p.buyer_id AND sp.supplier_id = y.supplier_id"},
	{"sc", "LEFT JOIN payee_scope sc ON sc.buyer_id = p.buyer_id AND sc.payee_id = p.payee_id AND sc.account_id = p.account_id"},
	{"it", "LEFT JOIN items it ON it.buyer_id = p.buyer_id AND it.item_id = p.item_id"},
}

var aliasUse = map[string]*regexp.Regexp{}

func init() {
	for _, j := range joins {
		aliasUse[j.alias] = regexp.MustCompile(`(^|[^a-z_.])` + j.alias + `\.`)
	}
}

// from is the FROM clause of a query over the fact table (or its rollup),
// both called p, with only the joins its expressions use: every line has
// its payee, account and unit, so leaving out an unused inner join changes
// nothing but the time.
func from(base string, exprs ...string) string {
	all := strings.Join(exprs, " ")
	used := map[string]bool{}
	for _, j := range joins {
		used[j.alias] = aliasUse[j.alias].MatchString(all)
	}
	if used["sp"] {
		used["y"] = true
	}
	var b strings.Builder
	b.WriteString(base)
	for _, j := range joins {
		if used[j.alias] {
			b.WriteString("\n\t")
			b.WriteString(j.sql)
		}
	}
	return b.String()
}

// Period keys a rollup can carry for the query to group by (as p.pk).
const (
	pkNone       = ""
	pkFiscalYear = "fiscal_year" // the buyer's fiscal year, computed with its start month as a constant
	pkMonth      = "strftime(period_date, '%Y-%m')"
)

// rollup is a CTE that sums a buyer's lines of a period by payee, account
// (and unit, and a period key, when asked), named p like the fact table, with
// the sum in p.amount and the line count in p.n. Queries join the
// dimensions to its thousands of rows instead of millions of lines: a scan
// of the fact table then touches only integer columns. The query runs on
// r.q (the pool, or with a line source the connection holding its rollup);
// the caller calls r.done when it has read the result, and passes its
// expressions through r.expr before it builds the query (with from).
type rolled struct {
	q    queryer
	cte  string
	args []any
	done func()
	// folded: p is read from the category cube and carries the org unit
	// and the category as columns, not the unit and the item.
	folded bool
}

// folds rewrites the expressions on units and items a rollup of the
// category cube carries as its own columns.
var folds = strings.NewReplacer("u.org_unit", "p.org_unit", "it.category", "p.category")

// otherUse finds what a query reads of the units and items: the category
// cube has their org unit and category only.
var otherUse = regexp.MustCompile(`(^|[^a-z_.])(u\.[a-z_]+|it\.[a-z_]+)`)

// expr is a query's expression (a condition, a key, a label) as it reads
// the rollup.
func (r *rolled) expr(s string) string {
	if !r.folded {
		return s
	}
	return folds.Replace(s)
}

// foldable reports whether expressions read nothing of the units and items
// but the org unit and the category.
func foldable(all string) bool {
	for _, m := range otherUse.FindAllStringSubmatch(all, -1) {
		if m[2] != "u.org_unit" && m[2] != "it.category" {
			return false
		}
	}
	return true
}

// rollup builds a filter's rollup (see rolled) for a query with the
// expressions exprs: from the category cube when they read nothing of the
// units and items but the org unit and the category, else from the spend
// cube, the lines when the period cuts a month, or the line source.
func (d *DB) rollup(ctx context.Context, f cityspend.SpendFilter, pk string, exprs ...string) (*rolled, error) {
	// The buyer is a constant outside the grouping: a key less to hash for
	// every line. The unit and the item are keys only when the query's
	// expressions (exprs) use them.
	cols, keys := "payee_id, account_id", "payee_id, account_id"
	args := []any{f.BuyerID}
	all := strings.Join(exprs, " ")
	byUnit, byItem, byContract := aliasUse["u"].MatchString(all), aliasUse["it"].MatchString(all), strings.Contains(all, "p.contract_id")
	// The fiscal start: for the fiscal year as a key, and for whether the
	// period is whole fiscal years (the year cube).
	yearly := d.lines == nil && monthStart(f.Period.From) && monthStart(f.Period.To) && foldable(all)
	var fs int
	if pk == pkFiscalYear || yearly && pk != pkMonth {
		if err := d.db.QueryRowContext(ctx, `SELECT fiscal_start FROM buyers WHERE id = ?`, f.BuyerID).Scan(&fs); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil, cityspend.Errorf(cityspend.ENOTFOUND, "no buyer %q", f.BuyerID)
			}
			return nil, fmt.Errorf("rollup: %w", err)
		}
	}
	r := &rolled{q: d.db, done: func() {}}
	src, n := "spend_cube", "sum(n)"
	switch {
	case d.lines != nil && !byContract:
		q, cte, done, err := d.externalRollup(ctx, f, pk, fs, byUnit, byItem)
		if err != nil {
			return nil, err
		}
		return &rolled{q: q, cte: cte, args: args, done: done}, nil
	case d.lines != nil:
		// Contract links are made as the lines are read: the rollup is
		// the embedded one over the lines of onLines.
		conn, release, err := d.linesConn(ctx, []string{f.BuyerID}, f.Period)
		if err != nil {
			return nil, err
		}
		r.q, r.done, src, n = conn, release, "payments", "count(*)"
	case !monthStart(f.Period.From) || !monthStart(f.Period.To):
		// The monthly cube holds the same sums in a tenth of the rows; a
		// period that does not start and end on the first of a month
		// needs the lines.
		src, n = "payments", "count(*)"
	case yearly && pk != pkMonth && fiscalStart(f.Period.From, fs) && fiscalStart(f.Period.To, fs):
		// The year cube: the category cube's sums by fiscal year, a
		// ninth of its rows, for a period of whole fiscal years.
		src, r.folded = "year_cube", true
	case foldable(all):
		// The category cube holds the same sums in a quarter of the
		// cube's rows, and the item's category without the items.
		src, r.folded = "category_cube", true
	}
	unitKey, itemKey := "unit_id", "item_id"
	if r.folded {
		unitKey, itemKey = "org_unit", "category"
	}
	for _, k := range []struct {
		use bool
		col string
	}{{byUnit, unitKey}, {byItem, itemKey}, {byContract, "contract_id"}} {
		if k.use {
			cols += ", " + k.col
			keys += ", " + k.col
		}
	}
	switch pk {
	case pkFiscalYear:
		cols += fmt.Sprintf(", CAST(year(period_date) - CASE WHEN month(period_date) < %d THEN 1 ELSE 0 END AS INTEGER) AS pk", fs)
		keys += ", pk"
	case pkMonth:
		cols += ", " + pkMonth + " AS pk"
		keys += ", pk"
	}
	conds, largs := lineConds(f, "")
	args = append(args, largs...)
	switch {
	case f.OrgUnit != "" && r.folded:
		conds = append(conds, "coalesce(org_unit, '') = ?")
		args = append(args, f.OrgUnit)
	case f.OrgUnit != "":
		conds = append(conds, "unit_id IN (SELECT unit_id FROM units WHERE buyer_id = ? AND coalesce(org_unit, '') = ?)")
		args = append(args, f.BuyerID, f.OrgUnit)
	}
	if f.SupplierKey != "" {
		// The query keeps only the supplier's payees (dimWhere): the
		// rollup sums only theirs, not every payee's.
		conds = append(conds, "payee_id IN (SELECT payee_id FROM payees WHERE buyer_id = ? AND supplier_id = ?)")
		args = append(args, f.BuyerID, f.SupplierKey)
	}
	r.cte = `WITH p AS (SELECT CAST(? AS VARCHAR) AS buyer_id, ` + cols + `, sum(amount) AS amount, ` + n + ` AS n FROM ` + src + `
		WHERE ` + strings.Join(conds, " AND ") + ` GROUP BY ` + keys + `) `
	r.args = args
	return r, nil
}

// businessType is the CLES business-type class of a line's supplier, as
// cityspend.SupplierProfile.BusinessType computes it.
const businessType = `CASE coalesce(sp.type, 'unknown') WHEN 'public' THEN 'public' WHEN 'social_enterprise' THEN 'social_enterprise'
	WHEN 'private' THEN coalesce(sp.size, 'unknown') ELSE 'unknown' END`

// lineConds are a filter's conditions on the fact table's own columns, the
// buyer and the period, with the columns prefixed by prefix ("p." or "").
func lineConds(f cityspend.SpendFilter, prefix string) ([]string, []any) {
	conds := []string{prefix + "buyer_id = ?"}
	args := []any{f.BuyerID}
	if !f.Period.From.IsZero() {
		conds = append(conds, prefix+"period_date >= ?")
		args = append(args, f.Period.From)
	}
	if !f.Period.To.IsZero() {
		conds = append(conds, prefix+"period_date < ?")
		args = append(args, f.Period.To)
	}
	return conds, args
}

// where builds the WHERE clause of a filter over the fact table's lines.
func where(f cityspend.SpendFilter) (string, []any) {
	conds, args := lineConds(f, "p.")
	if f.OrgUnit != "" {
		conds = append(conds, "coalesce(u.org_unit, '') = ?")
		args = append(args, f.OrgUnit)
	}
	dc, dargs := dimWhere(f)
	return strings.Join(conds, " AND ") + " AND " + dc, append(args, dargs...)
}

// dimWhere builds the conditions of a filter on the dimensions: what a
// rollup (which has applied the buyer, period and unit) leaves to the query.
func dimWhere(f cityspend.SpendFilter) (string, []any) {
	conds := []string{"true"}
	var args []any
	if f.SupplierKey != "" {
		conds = append(conds, "y.supplier_id = ?")
		args = append(args, f.SupplierKey)
	}
	if f.AccountPfx != "" {
		conds = append(conds, "starts_with(coalesce(a.code, ''), ?)")
		args = append(args, f.AccountPfx)
	}
	if f.Place != "" {
		conds = append(conds, "coalesce(sp.place, 'unknown') = ?")
		args = append(args, f.Place)
	}
	if f.Type != "" {
		conds = append(conds, businessType+" = ?")
		args = append(args, f.Type)
	}
	if f.Section != "" {
		conds = append(conds, "coalesce(sp.nace_section, 'unknown') = ?")
		args = append(args, f.Section)
	}
	switch {
	case f.Category == cityspend.CategoryUnclassified:
		conds = append(conds, "it.category IS NULL")
	case f.Category != "":
		conds = append(conds, "starts_with(it.category, ?)")
		args = append(args, f.Category)
	}
	switch f.Scope {
	case cityspend.ScopeIn:
		conds = append(conds, "coalesce(sc.in_scope, true)")
	case cityspend.ScopeOut:
		conds = append(conds, "NOT coalesce(sc.in_scope, true)")
	}
	return strings.Join(conds, " AND "), args
}

// SpendTotal implements cityspend.Store.
func (d *DB) SpendTotal(ctx context.Context, f cityspend.SpendFilter) (cityspend.SpendTotal, error) {
	var t cityspend.SpendTotal
	w, wargs := dimWhere(f)
	r, err := d.rollup(ctx, f, pkNone, w)
	if err != nil {
		return t, err
	}
	defer r.done()
	q, cte, args := r.q, r.cte, r.args
	w = r.expr(w)
	var spend, lines sql.NullInt64
	err = q.QueryRowContext(ctx, cte+`SELECT CAST(sum(p.amount) AS BIGINT), CAST(sum(p.n) AS BIGINT), count(DISTINCT y.supplier_id)
		FROM `+from("p", w, "y.")+` WHERE `+w, append(args, wargs...)...).Scan(&spend, &lines, &t.Suppliers)
	if err != nil {
		return t, fmt.Errorf("spend total: %w", err)
	}
	t.Spend, t.Lines = cityspend.Amount(spend.Int64), lines.Int64
	return t, nil
}

// dimensionSQL gives the key and label expressions of a dimension.
func dimensionSQL(dim cityspend.Dimension) (key, label string, err error) {
	switch dim {
	case cityspend.ByFiscalYear:
		return `CAST(p.pk AS VARCHAR)`, `''`, nil
	case cityspend.ByMonth:
		return `p.pk`, `''`, nil
	case cityspend.BySupplier:
		return `y.supplier_id`, `coalesce(any_value(sp.name), mode(y.name) FILTER (WHERE sp.name IS NULL), mode(y.local_id) FILTER (WHERE sp.name IS NULL), '')`, nil
	case cityspend.ByAccountGroup:
		return `coalesce(substr(a.code, 1, 2), '')`, `''`, nil
	case cityspend.ByAccount:
		return `coalesce(a.code, '')`, `coalesce(mode(a.text), '')`, nil
	case cityspend.ByOrgUnit:
		return `coalesce(u.org_unit, '')`, `''`, nil
	case cityspend.ByContract:
		return `coalesce(p.contract_id, '')`, `''`, nil
	case cityspend.ByOnContract:
		return `CASE WHEN p.contract_id IS NULL THEN 'off' ELSE 'on' END`, `''`, nil
	case cityspend.ByServiceCode:
		return `coalesce(u.service_code, '')`, `''`, nil
	case cityspend.ByPlace:
		return `coalesce(sp.place, 'unknown')`, `''`, nil
	case cityspend.ByType:
		return businessType, `''`, nil
	case cityspend.ByScope:
		return `coalesce(sc.reason, 'in scope')`, `''`, nil
	case cityspend.ByScopeGroup:
		return `CASE WHEN coalesce(sc.in_scope, true) THEN 'in:' || coalesce(substr(a.code, 1, 2), '')
			ELSE 'out:' || coalesce(sc.reason, 'in scope') END`, `''`, nil
	case cityspend.BySize:
		return `coalesce(sp.size, 'unknown')`, `''`, nil
	case cityspend.BySection:
		return `coalesce(sp.nace_section, 'unknown')`, `''`, nil
	case cityspend.ByDivision:
		return `coalesce(sp.nace_division, '')`, `''`, nil
	case cityspend.ByCPVDivision, cityspend.ByCPVGroup, cityspend.ByCPVClass, cityspend.ByCPVCategory, cityspend.ByCPV:
		n := map[cityspend.Dimension]int{cityspend.ByCPVDivision: 2, cityspend.ByCPVGroup: 3, cityspend.ByCPVClass: 4, cityspend.ByCPVCategory: 5,
			cityspend.ByCPV: 8}[dim]
		return fmt.Sprintf(`coalesce(rpad(left(it.category, %d), 8, '0'), 'unclassified')`, n), `''`, nil
	}
	return "", "", cityspend.Errorf(cityspend.EINVALID, "unknown dimension %q", dim)
}

// SpendBy implements cityspend.Store.
func (d *DB) SpendBy(ctx context.Context, f cityspend.SpendFilter, dim cityspend.Dimension, limit int) ([]cityspend.SpendGroup, error) {
	key, label, err := dimensionSQL(dim)
	if err != nil {
		return nil, err
	}
	pk := pkNone
	switch dim {
	case cityspend.ByFiscalYear:
		pk = pkFiscalYear
	case cityspend.ByMonth:
		pk = pkMonth
	}
	w, wargs := dimWhere(f)
	r, err := d.rollup(ctx, f, pk, w, key, label)
	if err != nil {
		return nil, err
	}
	defer r.done()
	qr, cte, args := r.q, r.cte, r.args
	w, key, label = r.expr(w), r.expr(key), r.expr(label)
	args = append(args, wargs...)
	q := cte + `SELECT ` + key + ` AS k, ` + label + ` AS l, CAST(sum(p.amount) AS BIGINT) AS s, CAST(sum(p.n) AS BIGINT), count(DISTINCT y.supplier_id)
		FROM ` + from("p", w, key, label, "y.") + ` WHERE ` + w + ` GROUP BY k ORDER BY s DESC, k`
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := qr.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("spend by %s: %w", dim, err)
	}
	defer rows.Close()
	var out []cityspend.SpendGroup
	for rows.Next() {
		var g cityspend.SpendGroup
		var s int64
		if err := rows.Scan(&g.Key, &g.Label, &s, &g.Lines, &g.Suppliers); err != nil {
			return nil, fmt.Errorf("spend by %s: %w", dim, err)
		}
		g.Spend = cityspend.Amount(s)
		out = append(out, g)
	}
	return out, rows.Err()
}

// paymentCols selects a cityspend.Payment; scanPayment reads it.
const paymentCols = `p.buyer_id, p.batch_id, ib.file_name, p.line, y.supplier_id,
	coalesce(p.transaction_id, ''), coalesce(p.voucher_no, ''), coalesce(p.invoice_no, ''),
	coalesce(y.name, ''), coalesce(y.local_id, ''), coalesce(y.org_number, ''),
	coalesce(y.vat_number, ''), coalesce(y.country, ''), coalesce(y.postcode, ''),
	p.invoice_date, p.payment_date, p.amount, p.vat, p.currency,
	coalesce(a.code, ''), coalesce(a.text, ''), coalesce(u.org_unit, ''), coalesce(u.cost_centre, ''),
	coalesce(u.service_code, ''), coalesce(u.project, ''), coalesce(p.contract_ref, ''), coalesce(p.description, ''),
	coalesce(p.expenditure_type, ''), coalesce(p.cpv, ''), coalesce(p.unspsc, ''), coalesce(p.order_ref, ''),
	coalesce(CAST(p.quantity AS VARCHAR), ''), coalesce(p.unit_code, '')`

// scanPayment reads a payment's columns after the columns of lead, if any.
func scanPayment(rows *sql.Rows, lead ...any) (cityspend.Payment, error) {
	var p cityspend.Payment
	var inv, paid sql.NullTime
	var amount int64
	var vat sql.NullInt64
	err := rows.Scan(append(lead, &p.BuyerID, &p.BatchID, &p.SourceFile, &p.Line, &p.SupplierKey,
		&p.TransactionID, &p.VoucherNo, &p.InvoiceNo,
		&p.Supplier.Name, &p.Supplier.LocalID, &p.Supplier.OrgNumber,
		&p.Supplier.VATNumber, &p.Supplier.Country, &p.Supplier.Postcode,
		&inv, &paid, &amount, &vat, &p.Currency,
		&p.AccountCode, &p.AccountText, &p.OrgUnit, &p.CostCentre,
		&p.ServiceCode, &p.Project, &p.ContractRef, &p.Description, &p.ExpenditureType,
		&p.CPV, &p.UNSPSC, &p.OrderRef, &p.Quantity, &p.UnitCode)...)
	if err != nil {
		return p, err
	}
	p.InvoiceDate, p.PaymentDate = utcDate(inv), utcDate(paid)
	p.Amount = cityspend.Amount(amount)
	p.VAT, p.HasVAT = cityspend.Amount(vat.Int64), vat.Valid
	return p, nil
}

func utcDate(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// Payments implements cityspend.Store. The page is picked in two steps:
// first the rowids of its lines, reading only the columns the order and
// the filter need (and, when the cube can say which months hold the page,
// only the lines of those months), then the columns of those lines alone
// (late materialisation). The cube's counts and the lines are read in one
// transaction, so an import meanwhile is not half in.
func (d *DB) Payments(ctx context.Context, f cityspend.SpendFilter, offset, limit int) ([]cityspend.Payment, error) {
	if limit <= 0 {
		limit = 100
	}
	offset = max(offset, 0)
	if d.lines != nil {
		return d.sourcePayments(ctx, f, offset, limit)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	defer tx.Rollback()
	pick, byAccount := f, ""
	if win, skip, ok, err := d.pageWindow(ctx, tx, f, offset, limit); err != nil {
		return nil, err
	} else if ok {
		if win.From.Equal(win.To) {
			return nil, nil // the filter has no more lines than offset
		}
		pick.Period, offset = win, offset-int(skip)
		if byAccount, err = scopeByAccount(ctx, tx, pick); err != nil {
			return nil, err
		}
		if byAccount != "" {
			pick.Scope = cityspend.ScopeAll
		}
	}
	w, args := where(pick)
	if byAccount != "" {
		w += " AND " + byAccount
	}
	ids, err := ints[int64](ctx, tx, `SELECT p.rowid FROM `+from("payments p", w)+` WHERE `+w+`
		ORDER BY p.period_date, p.batch_id, p.line LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	return paymentsByRowID(ctx, tx, ids)
}

// pageWindow finds, from the cube's monthly counts, the months that hold
// lines offset to offset+limit of a filter in date order: win (empty when
// the filter has no more than offset lines) and skip, the lines before
// it. ok is false when the cube cannot say (a period that cuts a month).
func (d *DB) pageWindow(ctx context.Context, q queryer, f cityspend.SpendFilter, offset, limit int) (win cityspend.Period, skip int64, ok bool, err error) {
	if !monthStart(f.Period.From) || !monthStart(f.Period.To) {
		return win, 0, false, nil
	}
	w, wargs := dimWhere(f)
	r, err := d.rollup(ctx, f, pkMonth, w)
	if err != nil {
		return win, 0, false, err
	}
	defer r.done()
	w = r.expr(w)
	rows, err := q.QueryContext(ctx, r.cte+`SELECT p.pk, CAST(sum(p.n) AS BIGINT) AS n FROM `+from("p", w)+` WHERE `+w+`
		GROUP BY p.pk HAVING n > 0 ORDER BY p.pk`, append(r.args, wargs...)...)
	if err != nil {
		return win, 0, false, fmt.Errorf("list payments: months: %w", err)
	}
	defer rows.Close()
	var seen int64
	for rows.Next() {
		var month string
		var n int64
		if err := rows.Scan(&month, &n); err != nil {
			return win, 0, false, fmt.Errorf("list payments: months: %w", err)
		}
		m, err := time.Parse("2006-01", month)
		if err != nil {
			return win, 0, false, fmt.Errorf("list payments: month %q: %w", month, err)
		}
		if win.From.IsZero() && seen+n > int64(offset) {
			win.From, skip = m, seen
		}
		seen += n
		if !win.From.IsZero() {
			win.To = m.AddDate(0, 1, 0)
			if seen >= int64(offset+limit) {
				break
			}
		}
	}
	if err := rows.Err(); err != nil {
		return win, 0, false, fmt.Errorf("list payments: months: %w", err)
	}
	return win, skip, true, nil
}

// scopeByAccount is a filter's scope as a condition on the lines' accounts
// alone, when in the filter's period (whole months) every account's lines
// are all in scope or all out, as the cube says (in the caller's
// transaction); "" when the scope is every line or an account is split.
// The pick then reads the lines' accounts and not their payees.
func scopeByAccount(ctx context.Context, q queryer, f cityspend.SpendFilter) (string, error) {
	if f.Scope == cityspend.ScopeAll {
		return "", nil
	}
	conds, args := lineConds(f, "c.")
	rows, err := q.QueryContext(ctx, `SELECT c.account_id, bool_and(coalesce(sc.in_scope, true)), bool_or(coalesce(sc.in_scope, true))
		FROM category_cube c LEFT JOIN payee_scope sc ON sc.buyer_id = c.buyer_id AND sc.payee_id = c.payee_id AND sc.account_id = c.account_id
		WHERE `+strings.Join(conds, " AND ")+` GROUP BY c.account_id`, args...)
	if err != nil {
		return "", fmt.Errorf("list payments: scope by account: %w", err)
	}
	defer rows.Close()
	var ids []string
	split := false
	for rows.Next() {
		var id int64
		var all, some bool
		if err := rows.Scan(&id, &all, &some); err != nil {
			return "", fmt.Errorf("list payments: scope by account: %w", err)
		}
		split = split || all != some
		if all == (f.Scope == cityspend.ScopeIn) {
			ids = append(ids, strconv.FormatInt(id, 10))
		}
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("list payments: scope by account: %w", err)
	}
	switch {
	case split: // the payees' decisions decide
		return "", nil
	case len(ids) == 0:
		return "false", nil
	}
	return "p.account_id IN (" + strings.Join(ids, ", ") + ")", nil
}

// pickedCols are the columns of payments that paymentCols reads.
const pickedCols = `buyer_id, batch_id, line, payee_id, account_id, unit_id, transaction_id, voucher_no, invoice_no,
	invoice_date, payment_date, amount, vat, currency, contract_ref, description, expenditure_type, cpv, unspsc,
	order_ref, quantity, unit_code`

// byRowIDJoins joins the names paymentCols reads to the lines read by
// rowid (p).
const byRowIDJoins = `
	LEFT JOIN payees y ON y.buyer_id = p.buyer_id AND y.payee_id = p.payee_id
	LEFT JOIN accounts a ON a.buyer_id = p.buyer_id AND a.account_id = p.account_id
	LEFT JOIN units u ON u.buyer_id = p.buyer_id AND u.unit_id = p.unit_id
	LEFT JOIN import_batches ib ON ib.id = p.batch_id`

// paymentsByRowID reads the lines of rowids, in their order, in one scan.
// A filter rowid IN (…) alone reads every row group's blocks, and one
// scan per row group (each with its rowid range) costs a scan's set-up
// per group; a range spanning the rowids beside the list lets the scan
// skip every vector holding none of them. Measured at 10 million lines,
// a finding's 50 evidence lines in 50 row groups: 70–110 ms of CPU in one
// scan against 440–1,300 ms in one scan per row group.
func paymentsByRowID(ctx context.Context, q queryer, ids []int64) ([]cityspend.Payment, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	lines := fmt.Sprintf(`SELECT rowid AS rid, %s FROM payments WHERE rowid BETWEEN %d AND %d AND rowid IN (%s)`,
		pickedCols, slices.Min(ids), slices.Max(ids), idList(ids))
	// The names are joined to the lines read: every line has its payee,
	// account and batch, and outer joins keep the engine from pushing the
	// joined tables' keys into the scan of the lines as filters, beside
	// which it no longer skips the vectors without a rowid asked for but
	// reads the whole table (46 s instead of 1.2 s at 10 million lines,
	// measured for a page whose lines lay in 58 row groups).
	rows, err := q.QueryContext(ctx, `WITH p AS (`+lines+`)
		SELECT p.rid, `+paymentCols+` FROM p`+byRowIDJoins)
	if err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	defer rows.Close()
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	out := make([]cityspend.Payment, len(ids))
	n := 0
	for rows.Next() {
		var rid int64
		p, err := scanPayment(rows, &rid)
		if err != nil {
			return nil, fmt.Errorf("list payments: %w", err)
		}
		i, ok := at[rid]
		if !ok {
			return nil, fmt.Errorf("list payments: line %d was not asked for", rid)
		}
		out[i] = p
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	if n != len(ids) {
		return nil, fmt.Errorf("list payments: %d of %d lines read", n, len(ids))
	}
	return out, nil
}

// sourcePayments is Payments over a line source: the source's extract
// holds the page's lines (or, when the filter's ids are too many to send,
// the period's), and the catalog's SQL picks them.
func (d *DB) sourcePayments(ctx context.Context, f cityspend.SpendFilter, offset, limit int) ([]cityspend.Payment, error) {
	conn, done, offset, err := d.filteredConn(ctx, f, offset, limit)
	if err != nil {
		return nil, err
	}
	defer done()
	// Pick the page's lines with only the joins the filter needs, then read
	// the columns of those lines alone.
	w, args := where(f)
	args = append(args, limit, max(offset, 0))
	rows, err := conn.QueryContext(ctx, `WITH pick AS (
			SELECT p.rowid AS rid, p.period_date AS pd, p.batch_id AS pb, p.line AS pl FROM `+from("payments p", w)+` WHERE `+w+`
			ORDER BY pd, pb, pl LIMIT ? OFFSET ?)
		SELECT `+paymentCols+` FROM `+from("payments p", paymentCols)+` JOIN import_batches ib ON ib.id = p.batch_id
		JOIN pick ON pick.rid = p.rowid ORDER BY pick.pd, pick.pb, pick.pl`, args...)
	if err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	defer rows.Close()
	var out []cityspend.Payment
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			return nil, fmt.Errorf("list payments: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// eachChunk is about how many lines EachPayment sorts at a time.
const eachChunk = 25_000

// EachPayment implements cityspend.Store. One query sorting every line of
// the filter with its text took a gigabyte at a million lines, so the
// lines are read in chunks of about eachChunk lines, each sorted on its
// own: first the lines are counted by group — date, batch, and a run of
// eachChunk line numbers, in the order of the lines — then consecutive
// groups make up a chunk, read as a range of those keys (the date range
// lets the engine skip what lies outside). Memory stays flat however many
// lines the filter selects. The count and the chunks are read in one
// transaction, a snapshot: an import meanwhile is not half in.
func (d *DB) EachPayment(ctx context.Context, f cityspend.SpendFilter, fn func(cityspend.Payment) error) error {
	return d.eachPayment(ctx, f, eachChunk, fn)
}

// eachPayment is EachPayment in chunks of about chunk lines.
func (d *DB) eachPayment(ctx context.Context, f cityspend.SpendFilter, chunk int, fn func(cityspend.Payment) error) error {
	conn, done, _, err := d.filteredConn(ctx, f, 0, 0)
	if err != nil {
		return err
	}
	defer done()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("list payments: %w", err)
	}
	defer tx.Rollback()
	w, args := where(f)
	type group struct {
		day        string
		batch, run int64
		lines      int64
	}
	var groups []group
	rows, err := tx.QueryContext(ctx, `SELECT CAST(p.period_date AS VARCHAR), p.batch_id, p.line // `+strconv.Itoa(chunk)+`, count(*)
		FROM `+from("payments p", w)+` WHERE `+w+` GROUP BY ALL ORDER BY ALL`, args...)
	if err != nil {
		return fmt.Errorf("list payments: %w", err)
	}
	for rows.Next() {
		var g group
		if err := rows.Scan(&g.day, &g.batch, &g.run, &g.lines); err != nil {
			rows.Close()
			return fmt.Errorf("list payments: %w", err)
		}
		groups = append(groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list payments: %w", err)
	}
	keys := []string{"p.period_date", "p.batch_id", "p.line // " + strconv.Itoa(chunk)}
	for i := 0; i < len(groups); {
		j, n := i+1, groups[i].lines
		for j < len(groups) && n+groups[j].lines <= int64(chunk) {
			n += groups[j].lines
			j++
		}
		lo, hi := groups[i], groups[j-1]
		geq, geqArgs := lexCompare(keys, ">=", []any{lo.day, lo.batch, lo.run})
		leq, leqArgs := lexCompare(keys, "<=", []any{hi.day, hi.batch, hi.run})
		a := append(append(append(append([]any(nil), args...), lo.day, hi.day), geqArgs...), leqArgs...)
		rows, err := tx.QueryContext(ctx, `SELECT `+paymentCols+` FROM `+from("payments p", w, paymentCols)+`
			JOIN import_batches ib ON ib.id = p.batch_id
			WHERE `+w+` AND p.period_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) AND `+geq+` AND `+leq+`
			ORDER BY p.period_date, p.batch_id, p.line`, a...)
		if err != nil {
			return fmt.Errorf("list payments: %w", err)
		}
		if err := eachRow(rows, fn); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// lexCompare compares columns with values in order, as a row value: op is
// ">=" or "<=". The first value is a date (as text).
func lexCompare(cols []string, op string, vals []any) (string, []any) {
	strict := op[:1]
	cast := func(i int) string {
		if i == 0 {
			return "CAST(? AS DATE)"
		}
		return "?"
	}
	last := len(cols) - 1
	cond := cols[last] + " " + op + " " + cast(last)
	args := []any{vals[last]}
	for i := last - 1; i >= 0; i-- {
		cond = "(" + cols[i] + " " + strict + " " + cast(i) + " OR " + cols[i] + " = " + cast(i) + " AND " + cond + ")"
		args = append([]any{vals[i], vals[i]}, args...)
	}
	return cond, args
}

// eachRow calls fn for each payment of rows.
func eachRow(rows *sql.Rows, fn func(cityspend.Payment) error) error {
	defer rows.Close()
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			return fmt.Errorf("list payments: %w", err)
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list payments: %w", err)
	}
	return nil
}
