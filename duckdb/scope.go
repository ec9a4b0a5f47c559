// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sort"
	"time"

	"github.com/cityspend/cityspend"
)

// Accounts implements cityspend.Store.
func (d *DB) Accounts(ctx context.Context, buyerID string) ([]cityspend.Account, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT account_id, coalesce(code, ''), coalesce(text, '') FROM accounts WHERE buyer_id = ? ORDER BY code, account_id`, buyerID)
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	defer rows.Close()
	var out []cityspend.Account
	for rows.Next() {
		var a cityspend.Account
		if err := rows.Scan(&a.ID, &a.Code, &a.Text); err != nil {
			return nil, fmt.Errorf("accounts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ScopeRules implements cityspend.Store.
func (d *DB) ScopeRules(ctx context.Context, buyerID string) ([]cityspend.ScopeRule, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT action, pattern, reason FROM scope_rules WHERE buyer_id = ? ORDER BY seq`, buyerID)
	if err != nil {
		return nil, fmt.Errorf("scope rules: %w", err)
	}
	defer rows.Close()
	var out []cityspend.ScopeRule
	for rows.Next() {
		var r cityspend.ScopeRule
		if err := rows.Scan(&r.Action, &r.Pattern, &r.Reason); err != nil {
			return nil, fmt.Errorf("scope rules: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetScopeRules implements cityspend.Store.
func (d *DB) SetScopeRules(ctx context.Context, buyerID string, rules []cityspend.ScopeRule) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM scope_rules WHERE buyer_id = ?`, buyerID); err != nil {
			return err
		}
		for i, r := range rules {
			if _, err := tx.ExecContext(ctx, `INSERT INTO scope_rules VALUES (?, ?, ?, ?, ?)`, buyerID, i, r.Action, r.Pattern, r.Reason); err != nil {
				return err
			}
		}
		return nil
	})
}

// PayeeAccounts implements cityspend.Store: the pairs of the buyer's
// lines, from the rollup (the monthly cube, or the line source's sums).
func (d *DB) PayeeAccounts(ctx context.Context, buyerID string) ([]cityspend.PayeeAccount, error) {
	r, err := d.rollup(ctx, cityspend.SpendFilter{BuyerID: buyerID}, pkNone)
	if err != nil {
		return nil, err
	}
	defer r.done()
	q, cte, args := r.q, r.cte, r.args
	rows, err := q.QueryContext(ctx, cte+`SELECT DISTINCT payee_id, account_id FROM p ORDER BY payee_id, account_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("payee accounts: %w", err)
	}
	defer rows.Close()
	var out []cityspend.PayeeAccount
	for rows.Next() {
		var pa cityspend.PayeeAccount
		if err := rows.Scan(&pa.PayeeID, &pa.AccountID); err != nil {
			return nil, fmt.Errorf("payee accounts: %w", err)
		}
		out = append(out, pa)
	}
	return out, rows.Err()
}

// SetPayeeScope implements cityspend.Store.
func (d *DB) SetPayeeScope(ctx context.Context, buyerID string, scopes []cityspend.PayeeScope) error {
	err := d.inConnTx(ctx, func(conn *sql.Conn) error {
		if _, err := conn.ExecContext(ctx, `DELETE FROM payee_scope WHERE buyer_id = ?`, buyerID); err != nil {
			return err
		}
		return appendOn(ctx, conn, "", "payee_scope", len(scopes), func(i int) []driver.Value {
			s := scopes[i]
			return []driver.Value{buyerID, s.PayeeID, s.AccountID, s.InScope, s.Reason}
		})
	})
	if err != nil {
		return fmt.Errorf("payee scope: %w", err)
	}
	return nil
}

// SupplierSpend implements cityspend.Store.
func (d *DB) SupplierSpend(ctx context.Context, f cityspend.SpendFilter, byYear bool) ([]cityspend.SupplierSpend, error) {
	pk, year := pkNone, `0`
	if byYear {
		pk, year = pkFiscalYear, `p.pk`
	}
	// Sum the lines first (a rollup by payee and account), join the
	// dimensions the filter needs and sum by supplier; the profiles are read
	// once per supplier, not once per row.
	w, wargs := dimWhere(f)
	r, err := d.rollup(ctx, f, pk, w)
	if err != nil {
		return nil, err
	}
	defer r.done()
	q, cte, args := r.q, r.cte, r.args
	w = r.expr(w)
	rows, err := q.QueryContext(ctx, cte+`SELECT `+year+` AS yr, y.supplier_id, CAST(sum(p.amount) AS BIGINT), CAST(sum(p.n) AS BIGINT)
		FROM `+from("p", w, year, "y.")+` WHERE `+w+` GROUP BY ALL`, append(args, wargs...)...)
	if err != nil {
		return nil, fmt.Errorf("supplier spend: %w", err)
	}
	defer rows.Close()
	var out []cityspend.SupplierSpend
	for rows.Next() {
		var s cityspend.SupplierSpend
		var spend int64
		if err := rows.Scan(&s.Year, &s.SupplierID, &spend, &s.Lines); err != nil {
			return nil, fmt.Errorf("supplier spend: %w", err)
		}
		s.Spend = cityspend.Amount(spend)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("supplier spend: %w", err)
	}
	if err := d.withProfiles(ctx, f.BuyerID, out); err != nil {
		return nil, err
	}
	return out, nil
}

// AnalysisSpend implements cityspend.Store.
func (d *DB) AnalysisSpend(ctx context.Context, f cityspend.SpendFilter, year int) ([]cityspend.SupplierSpend, []cityspend.SpendGroup, error) {
	f.Period, f.Scope = cityspend.Period{}, cityspend.ScopeAll
	w, wargs := dimWhere(f)
	r, err := d.rollup(ctx, f, pkFiscalYear, w)
	if err != nil {
		return nil, nil, err
	}
	defer r.done()
	q, cte, args := r.q, r.cte, r.args
	w = r.expr(w)
	group, _, _ := dimensionSQL(cityspend.ByScopeGroup)
	args = append(append(args, wargs...), year)
	rows, err := q.QueryContext(ctx, cte+`, j AS MATERIALIZED (
			SELECT p.pk, y.supplier_id, p.amount, p.n, coalesce(sc.in_scope, true) AS ins, `+group+` AS g
			FROM `+from("p", w, group, "y.")+` WHERE `+w+`)
		SELECT 0 AS kind, pk, supplier_id, CAST(sum(amount) AS BIGINT), CAST(sum(n) AS BIGINT), 1 FROM j WHERE ins GROUP BY pk, supplier_id
		UNION ALL
		SELECT 1, pk, g, CAST(sum(amount) AS BIGINT), CAST(sum(n) AS BIGINT), count(DISTINCT supplier_id) FROM j WHERE pk = ? GROUP BY pk, g`,
		args...)
	if err != nil {
		return nil, nil, fmt.Errorf("analysis spend: %w", err)
	}
	defer rows.Close()
	var sups []cityspend.SupplierSpend
	var groups []cityspend.SpendGroup
	for rows.Next() {
		var kind, yr int
		var key string
		var spend, lines, suppliers int64
		if err := rows.Scan(&kind, &yr, &key, &spend, &lines, &suppliers); err != nil {
			return nil, nil, fmt.Errorf("analysis spend: %w", err)
		}
		if kind == 0 {
			sups = append(sups, cityspend.SupplierSpend{Year: yr, SupplierProfile: cityspend.SupplierProfile{SupplierID: key},
				Spend: cityspend.Amount(spend), Lines: lines})
		} else {
			groups = append(groups, cityspend.SpendGroup{Key: key, SpendTotal: cityspend.SpendTotal{Spend: cityspend.Amount(spend), Lines: lines, Suppliers: suppliers}})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("analysis spend: %w", err)
	}
	sort.Slice(groups, func(i, j int) bool {
		if groups[i].Spend != groups[j].Spend {
			return groups[i].Spend > groups[j].Spend
		}
		return groups[i].Key < groups[j].Key
	})
	if err := d.withProfiles(ctx, f.BuyerID, sups); err != nil {
		return nil, nil, err
	}
	return sups, groups, nil
}

// withProfiles fills in the profiles of supplier rows.
func (d *DB) withProfiles(ctx context.Context, buyerID string, rows []cityspend.SupplierSpend) error {
	profiles, err := d.profiles(ctx, buyerID)
	if err != nil {
		return err
	}
	for i := range rows {
		if p, ok := profiles[rows[i].SupplierID]; ok {
			rows[i].SupplierProfile = p
		} else {
			rows[i].SupplierProfile = cityspend.SupplierProfile{SupplierID: rows[i].SupplierID, Name: rows[i].SupplierID,
				Place: cityspend.PlaceUnknown, PlaceReason: "no profile yet", Type: cityspend.TypeUnknown, Size: cityspend.SizeUnknown,
				NACESection: cityspend.SectorUnknown}
		}
		rows[i].BuyerID = buyerID
	}
	return nil
}

// profiles reads a buyer's supplier profiles by supplier id; a supplier
// without a profile's name is the one its payees use most.
func (d *DB) profiles(ctx context.Context, buyerID string) (map[string]cityspend.SupplierProfile, error) {
	rows, err := d.db.QueryContext(ctx, `WITH nm AS (SELECT supplier_id, mode(name) AS name FROM payees WHERE buyer_id = ? GROUP BY supplier_id)
		SELECT nm.supplier_id, coalesce(sp.name, nm.name, nm.supplier_id), sp.org_scheme, sp.org_id, coalesce(sp.place, 'unknown'),
			coalesce(sp.place_reason, 'no profile yet'), coalesce(sp.type, 'unknown'), coalesce(sp.type_reason, ''),
			coalesce(sp.size, 'unknown'), coalesce(sp.size_basis, ''), coalesce(sp.nace, ''), coalesce(sp.nace_section, 'unknown'),
			coalesce(sp.nace_division, ''), coalesce(sp.municipality, ''), coalesce(sp.postcode, ''), coalesce(sp.country, ''),
			coalesce(sp.employees, 0), coalesce(sp.deprived, false)
		FROM nm LEFT JOIN supplier_profiles sp ON sp.buyer_id = ? AND sp.supplier_id = nm.supplier_id`, buyerID, buyerID)
	if err != nil {
		return nil, fmt.Errorf("supplier profiles: %w", err)
	}
	defer rows.Close()
	out := map[string]cityspend.SupplierProfile{}
	for rows.Next() {
		var s cityspend.SupplierProfile
		var scheme, id sql.NullString
		if err := rows.Scan(&s.SupplierID, &s.Name, &scheme, &id, &s.Place, &s.PlaceReason, &s.Type, &s.TypeReason, &s.Size,
			&s.SizeBasis, &s.NACE, &s.NACESection, &s.NACEDivision, &s.Municipality, &s.Postcode, &s.Country, &s.Employees,
			&s.Deprived); err != nil {
			return nil, fmt.Errorf("supplier profiles: %w", err)
		}
		if id.Valid {
			s.Org = &cityspend.Identifier{Scheme: scheme.String, ID: id.String}
		}
		s.BuyerID = buyerID
		out[s.SupplierID] = s
	}
	return out, rows.Err()
}

// FiscalYears implements cityspend.Store: the fiscal years from the first
// line's to the last line's, as the import batches recorded them.
func (d *DB) FiscalYears(ctx context.Context, buyerID string) ([]int, error) {
	var first, last sql.NullTime
	var fs sql.NullInt64
	err := d.db.QueryRowContext(ctx, `SELECT min(first_date), max(last_date), (SELECT fiscal_start FROM buyers WHERE id = ?)
		FROM import_batches WHERE buyer_id = ? AND rows_loaded > 0 AND id NOT IN (SELECT batch_id FROM import_undos)`, buyerID, buyerID).Scan(&first, &last, &fs)
	if err != nil {
		return nil, fmt.Errorf("fiscal years: %w", err)
	}
	if !first.Valid {
		return nil, nil
	}
	fy := func(t time.Time) int {
		if int64(t.Month()) < fs.Int64 {
			return t.Year() - 1
		}
		return t.Year()
	}
	var out []int
	for y := fy(first.Time); y <= fy(last.Time); y++ {
		out = append(out, y)
	}
	return out, nil
}
