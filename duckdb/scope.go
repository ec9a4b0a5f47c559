package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

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

// SetAccountScope implements cityspend.Store.
func (d *DB) SetAccountScope(ctx context.Context, buyerID string, scopes []cityspend.AccountScope) error {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN TRANSACTION`); err != nil {
		return err
	}
	if err := func() error {
		if _, err := conn.ExecContext(ctx, `DELETE FROM account_scope WHERE buyer_id = ?`, buyerID); err != nil {
			return err
		}
		return appendOn(ctx, conn, "", "account_scope", len(scopes), func(i int) []driver.Value {
			s := scopes[i]
			return []driver.Value{buyerID, s.AccountID, s.InScope, s.Reason}
		})
	}(); err != nil {
		conn.ExecContext(context.Background(), `ROLLBACK`)
		return fmt.Errorf("account scope: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		return fmt.Errorf("account scope: %w", err)
	}
	return nil
}

// SupplierSpend implements cityspend.Store.
func (d *DB) SupplierSpend(ctx context.Context, f cityspend.SpendFilter, byYear bool) ([]cityspend.SupplierSpend, error) {
	w, args := where(f)
	year := `0`
	if byYear {
		year = `CAST(year(p.period_date - to_months(b.fiscal_start - 1)) AS INTEGER)`
	}
	rows, err := d.db.QueryContext(ctx, `SELECT `+year+` AS yr, y.supplier_id, coalesce(any_value(sp.name), mode(y.name), y.supplier_id),
			any_value(sp.org_scheme), any_value(sp.org_id), coalesce(any_value(sp.place), 'unknown'), coalesce(any_value(sp.place_reason), 'no profile yet'),
			coalesce(any_value(sp.type), 'unknown'), coalesce(any_value(sp.type_reason), ''), coalesce(any_value(sp.size), 'unknown'),
			coalesce(any_value(sp.size_basis), ''), coalesce(any_value(sp.nace), ''), coalesce(any_value(sp.nace_section), 'unknown'),
			coalesce(any_value(sp.nace_division), ''), coalesce(any_value(sp.municipality), ''), coalesce(any_value(sp.postcode), ''),
			coalesce(any_value(sp.country), ''), coalesce(any_value(sp.employees), 0), coalesce(any_value(sp.deprived), false),
			CAST(sum(p.amount) AS BIGINT), count(*)
		FROM `+from+` WHERE `+w+` GROUP BY yr, y.supplier_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("supplier spend: %w", err)
	}
	defer rows.Close()
	var out []cityspend.SupplierSpend
	for rows.Next() {
		var s cityspend.SupplierSpend
		var scheme, id sql.NullString
		var spend int64
		if err := rows.Scan(&s.Year, &s.SupplierID, &s.Name, &scheme, &id, &s.Place, &s.PlaceReason, &s.Type, &s.TypeReason, &s.Size,
			&s.SizeBasis, &s.NACE, &s.NACESection, &s.NACEDivision, &s.Municipality, &s.Postcode, &s.Country, &s.Employees,
			&s.Deprived, &spend, &s.Lines); err != nil {
			return nil, fmt.Errorf("supplier spend: %w", err)
		}
		if id.Valid {
			s.Org = &cityspend.Identifier{Scheme: scheme.String, ID: id.String}
		}
		s.BuyerID = f.BuyerID
		s.Spend = cityspend.Amount(spend)
		out = append(out, s)
	}
	return out, rows.Err()
}

// ExcludedSpend implements cityspend.Store.
func (d *DB) ExcludedSpend(ctx context.Context, f cityspend.SpendFilter) ([]cityspend.SpendGroup, error) {
	f.Scope = cityspend.ScopeOut
	return d.SpendBy(ctx, f, cityspend.ByScope, 0)
}
