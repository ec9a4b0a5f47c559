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
	// Aggregate the lines first over the joins the filter needs, then join
	// the profiles to the (few) supplier rows.
	args = append(args, f.BuyerID, f.BuyerID)
	rows, err := d.db.QueryContext(ctx, `WITH s AS (
			SELECT `+year+` AS yr, y.supplier_id AS sid, CAST(sum(p.amount) AS BIGINT) AS spend, count(*) AS n
			FROM `+from(w, year, "y.")+` WHERE `+w+` GROUP BY ALL),
		nm AS (SELECT supplier_id, mode(name) AS name FROM payees WHERE buyer_id = ? GROUP BY supplier_id)
		SELECT s.yr, s.sid, coalesce(sp.name, nm.name, s.sid), sp.org_scheme, sp.org_id, coalesce(sp.place, 'unknown'),
			coalesce(sp.place_reason, 'no profile yet'), coalesce(sp.type, 'unknown'), coalesce(sp.type_reason, ''),
			coalesce(sp.size, 'unknown'), coalesce(sp.size_basis, ''), coalesce(sp.nace, ''), coalesce(sp.nace_section, 'unknown'),
			coalesce(sp.nace_division, ''), coalesce(sp.municipality, ''), coalesce(sp.postcode, ''), coalesce(sp.country, ''),
			coalesce(sp.employees, 0), coalesce(sp.deprived, false), s.spend, s.n
		FROM s LEFT JOIN supplier_profiles sp ON sp.buyer_id = ? AND sp.supplier_id = s.sid
		LEFT JOIN nm ON nm.supplier_id = s.sid`, args...)
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

// FiscalYears implements cityspend.Store.
func (d *DB) FiscalYears(ctx context.Context, buyerID string) ([]int, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT DISTINCT CAST(year(p.period_date - to_months(b.fiscal_start - 1)) AS INTEGER) AS yr
		FROM payments p JOIN buyers b ON b.id = p.buyer_id WHERE p.buyer_id = ? ORDER BY yr`, buyerID)
	if err != nil {
		return nil, fmt.Errorf("fiscal years: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, fmt.Errorf("fiscal years: %w", err)
		}
		out = append(out, y)
	}
	return out, rows.Err()
}
