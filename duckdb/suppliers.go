// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// Payees implements cityspend.Store.
func (d *DB) Payees(ctx context.Context, buyerID string) ([]cityspend.PayeeRecord, error) {
	r, err := d.rollup(ctx, cityspend.SpendFilter{BuyerID: buyerID}, pkNone)
	if err != nil {
		return nil, err
	}
	defer r.done()
	q, cte, args := r.q, r.cte, r.args
	rows, err := q.QueryContext(ctx, cte+`SELECT y.payee_id, coalesce(y.name, ''), coalesce(y.local_id, ''), coalesce(y.org_number, ''),
			coalesce(y.vat_number, ''), coalesce(y.country, ''), coalesce(y.postcode, ''), y.supplier_key,
			coalesce(y.supplier_id, y.supplier_key), coalesce(y.match_method, ''), coalesce(y.match_score, 0), coalesce(y.match_reason, ''),
			coalesce(s.spend, 0), coalesce(s.lines, 0)
		FROM payees y
		LEFT JOIN (SELECT payee_id, CAST(sum(amount) AS BIGINT) AS spend, CAST(sum(n) AS BIGINT) AS lines FROM p GROUP BY payee_id) s
			ON s.payee_id = y.payee_id
		WHERE y.buyer_id = ? ORDER BY y.payee_id`, append(args, buyerID)...)
	if err != nil {
		return nil, fmt.Errorf("payees: %w", err)
	}
	defer rows.Close()
	var out []cityspend.PayeeRecord
	for rows.Next() {
		var p cityspend.PayeeRecord
		var spend int64
		if err := rows.Scan(&p.ID, &p.Payee.Name, &p.Payee.LocalID, &p.Payee.OrgNumber, &p.Payee.VATNumber, &p.Payee.Country,
			&p.Payee.Postcode, &p.SupplierKey, &p.Resolution.SupplierID, &p.Resolution.Method, &p.Resolution.Score,
			&p.Resolution.Reason, &spend, &p.Lines); err != nil {
			return nil, fmt.Errorf("payees: %w", err)
		}
		p.Resolution.PayeeID = p.ID
		p.Spend = cityspend.Amount(spend)
		out = append(out, p)
	}
	return out, rows.Err()
}

// SetResolutions implements cityspend.Store.
func (d *DB) SetResolutions(ctx context.Context, buyerID string, rs []cityspend.Resolution) error {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE new_resolutions (payee_id INTEGER, supplier_id VARCHAR,
		method VARCHAR, score DOUBLE, reason VARCHAR)`); err != nil {
		return fmt.Errorf("resolutions: %w", err)
	}
	defer conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS new_resolutions`)
	if err := appendOn(ctx, conn, "temp", "new_resolutions", len(rs), func(i int) []driver.Value {
		r := rs[i]
		return []driver.Value{r.PayeeID, r.SupplierID, nullStr(r.Method), r.Score, nullStr(r.Reason)}
	}); err != nil {
		return fmt.Errorf("resolutions: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `UPDATE payees SET supplier_id = n.supplier_id, match_method = n.method,
			match_score = n.score, match_reason = n.reason
		FROM new_resolutions n WHERE payees.buyer_id = ? AND payees.payee_id = n.payee_id`, buyerID); err != nil {
		return fmt.Errorf("resolutions: %w", err)
	}
	return nil
}

// PutOverride implements cityspend.Store: the newest decision about a payee
// replaces older ones, which stay in the table as the audit trail.
func (d *DB) PutOverride(ctx context.Context, o cityspend.Override) error {
	if o.At.IsZero() {
		o.At = time.Now().UTC()
	}
	p := o.Payee
	_, err := d.db.ExecContext(ctx, `INSERT INTO resolution_overrides VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.BuyerID, p.Name, p.LocalID, p.OrgNumber, p.VATNumber, p.Country, p.Postcode, o.SupplierID, o.Who, o.Why, o.At)
	if err != nil {
		return fmt.Errorf("override: %w", err)
	}
	return nil
}

// Overrides implements cityspend.Store: every decision, oldest first.
func (d *DB) Overrides(ctx context.Context, buyerID string) ([]cityspend.Override, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT buyer_id, name, local_id, org_number, vat_number, country, postcode, supplier_id, who, why, decided_at
		FROM resolution_overrides WHERE buyer_id = ? ORDER BY decided_at`, buyerID)
	if err != nil {
		return nil, fmt.Errorf("overrides: %w", err)
	}
	defer rows.Close()
	var out []cityspend.Override
	for rows.Next() {
		var o cityspend.Override
		p := &o.Payee
		if err := rows.Scan(&o.BuyerID, &p.Name, &p.LocalID, &p.OrgNumber, &p.VATNumber, &p.Country, &p.Postcode, &o.SupplierID,
			&o.Who, &o.Why, &o.At); err != nil {
			return nil, fmt.Errorf("overrides: %w", err)
		}
		o.At = o.At.UTC()
		out = append(out, o)
	}
	return out, rows.Err()
}

// PayeeTexts implements cityspend.Store. With a line source only the
// lines of the payees asked for are read from it (all the buyer's lines
// when they are too many to name).
func (d *DB) PayeeTexts(ctx context.Context, buyerID string, payeeIDs []int32, perPayee int, visit func(payeeID int32, text string) error) error {
	if len(payeeIDs) == 0 || perPayee <= 0 {
		return nil
	}
	conn, done, err := d.payeesConn(ctx, buyerID, payeeIDs)
	if err != nil {
		return fmt.Errorf("payee texts: %w", err)
	}
	defer done()
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE wanted_payees (payee_id INTEGER)`); err != nil {
		return fmt.Errorf("payee texts: %w", err)
	}
	defer conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS wanted_payees`)
	if err := appendOn(ctx, conn, "temp", "wanted_payees", len(payeeIDs), func(i int) []driver.Value {
		return []driver.Value{payeeIDs[i]}
	}); err != nil {
		return fmt.Errorf("payee texts: %w", err)
	}
	// A cheap filter in SQL (six digits or more in at most three groups);
	// the caller reads the numbers.
	rows, err := conn.QueryContext(ctx, `SELECT payee_id, text FROM (
			SELECT payee_id, text, count(*) AS n FROM (
				SELECT p.payee_id, unnest([p.description, p.contract_ref, p.order_ref]) AS text
				FROM payments p SEMI JOIN wanted_payees w ON w.payee_id = p.payee_id
				WHERE p.buyer_id = ?)
			WHERE regexp_matches(text, '[0-9]{2,4}[ .-]?[0-9]{2,4}[ .-]?[0-9]{2,4}')
			GROUP BY payee_id, text
			QUALIFY row_number() OVER (PARTITION BY payee_id ORDER BY n DESC, text) <= ?)
		ORDER BY payee_id, text`, buyerID, perPayee)
	if err != nil {
		return fmt.Errorf("payee texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int32
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return fmt.Errorf("payee texts: %w", err)
		}
		if err := visit(id, text); err != nil {
			return err
		}
	}
	return rows.Err()
}

// payeesConn is linesConn for the lines of some payees of one buyer: with
// a line source, only theirs are read when they are few enough to name.
func (d *DB) payeesConn(ctx context.Context, buyerID string, payeeIDs []int32) (*sql.Conn, func(), error) {
	if d.lines == nil || len(payeeIDs) > maxPushedIDs {
		return d.linesConn(ctx, []string{buyerID}, cityspend.Period{})
	}
	release, err := d.extracts.slot(ctx)
	if err != nil {
		return nil, nil, err
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		release()
		return nil, nil, err
	}
	if _, _, err := d.extract(ctx, conn, LineQuery{BuyerIDs: []string{buyerID}, Payees: payeeIDs}); err != nil {
		dropExtract(conn)
		release()
		return nil, nil, fmt.Errorf("lines from the line source: %w", err)
	}
	return conn, func() { dropExtract(conn); release() }, nil
}

// ReplaceProfiles implements cityspend.Store.
func (d *DB) ReplaceProfiles(ctx context.Context, buyerID string, ps []cityspend.SupplierProfile) error {
	err := d.inConnTx(ctx, func(conn *sql.Conn) error {
		if _, err := conn.ExecContext(ctx, `DELETE FROM supplier_profiles WHERE buyer_id = ?`, buyerID); err != nil {
			return err
		}
		return appendOn(ctx, conn, "", "supplier_profiles", len(ps), func(i int) []driver.Value {
			p := ps[i]
			var scheme, id any
			if p.Org != nil {
				scheme, id = p.Org.Scheme, p.Org.ID
			}
			var emp any
			if p.Employees > 0 {
				emp = int32(p.Employees)
			}
			return []driver.Value{buyerID, p.SupplierID, p.Name, scheme, id, p.Place, p.PlaceReason, p.Type, p.TypeReason, p.Size,
				p.SizeBasis, p.NACE, p.NACESection, p.NACEDivision, nullStr(p.Municipality), nullStr(p.Postcode), nullStr(p.Country), emp, p.Deprived}
		})
	})
	if err != nil {
		return fmt.Errorf("profiles: %w", err)
	}
	return nil
}

// Suppliers implements cityspend.Store: profiles with their spend in the
// period, largest first.
func (d *DB) Suppliers(ctx context.Context, f cityspend.SupplierFilter) ([]cityspend.SupplierRow, error) {
	// Arguments in the order of the placeholders: the rollup of the lines,
	// the spend subquery's conditions, the resolution subquery, then the
	// conditions on the profiles.
	// One supplier's row (SupplierID) sums only its payees' lines.
	lf := cityspend.SpendFilter{BuyerID: f.BuyerID, Period: f.Period, OrgUnit: f.OrgUnit, AccountPfx: f.AccountPfx, Scope: f.Scope, Category: f.Category,
		SupplierKey: f.SupplierID}
	pay, pargs := dimWhere(lf)
	r, err := d.rollup(ctx, lf, pkNone, pay)
	if err != nil {
		return nil, err
	}
	defer r.done()
	qr, cte, args := r.q, r.cte, r.args
	pay = r.expr(pay)
	args = append(append(args, pargs...), f.BuyerID, f.BuyerID)
	lineFilter := f.Scope != cityspend.ScopeAll || f.OrgUnit != "" || f.AccountPfx != "" || f.Category != ""
	conds := []string{"sp.buyer_id = ?"}
	if f.SupplierID != "" {
		conds = append(conds, "sp.supplier_id = ?")
		args = append(args, f.SupplierID)
	}
	if f.Unresolved {
		conds = append(conds, "sp.org_id IS NULL")
	}
	if f.Place != "" {
		conds = append(conds, "sp.place = ?")
		args = append(args, f.Place)
	}
	if f.Type != "" {
		conds = append(conds, businessType+" = ?")
		args = append(args, f.Type)
	}
	if f.Section != "" {
		conds = append(conds, "sp.nace_section = ?")
		args = append(args, f.Section)
	}
	if f.Search != "" {
		conds = append(conds, "(sp.name ILIKE ? OR coalesce(sp.org_id, '') LIKE ?)")
		args = append(args, "%"+f.Search+"%", "%"+f.Search+"%")
	}
	order := "spend DESC, sp.name"
	switch f.Sort {
	case "name":
		order = "sp.name"
	case "place":
		order = "sp.place, spend DESC"
	}
	q := cte + `SELECT sp.supplier_id, sp.name, coalesce(sp.org_scheme, ''), coalesce(sp.org_id, ''), sp.place, sp.place_reason, sp.type,
			sp.type_reason, sp.size, sp.size_basis, sp.nace, sp.nace_section, sp.nace_division, coalesce(sp.municipality, ''),
			coalesce(sp.postcode, ''), coalesce(sp.country, ''), coalesce(sp.employees, 0), coalesce(sp.deprived, false),
			coalesce(r.method, ''), coalesce(r.score, 0), coalesce(r.payees, 0), coalesce(s.spend, 0), coalesce(s.lines, 0)
		FROM supplier_profiles sp
		LEFT JOIN (SELECT y.supplier_id, CAST(sum(p.amount) AS BIGINT) AS spend, CAST(sum(p.n) AS BIGINT) AS lines
			FROM ` + from("p", pay, "y.") + ` WHERE ` + pay + ` GROUP BY y.supplier_id) s ON s.supplier_id = sp.supplier_id
		LEFT JOIN (SELECT supplier_id, arg_min(match_method, CASE match_method WHEN 'manual' THEN 0 WHEN 'id' THEN 1
				WHEN 'exact_name' THEN 2 WHEN 'fuzzy' THEN 3 ELSE 4 END) AS method, max(match_score) AS score, count(*) AS payees
			FROM payees WHERE buyer_id = ? GROUP BY supplier_id) r ON r.supplier_id = sp.supplier_id
		WHERE ` + strings.Join(conds, " AND ")
	if !f.Period.From.IsZero() || lineFilter {
		q += " AND s.lines > 0"
	}
	q += " ORDER BY " + order
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, f.Offset)
	}
	rows, err := qr.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("suppliers: %w", err)
	}
	defer rows.Close()
	var out []cityspend.SupplierRow
	for rows.Next() {
		var s cityspend.SupplierRow
		var scheme, id string
		var spend int64
		if err := rows.Scan(&s.SupplierID, &s.Name, &scheme, &id, &s.Place, &s.PlaceReason, &s.Type, &s.TypeReason, &s.Size,
			&s.SizeBasis, &s.NACE, &s.NACESection, &s.NACEDivision, &s.Municipality, &s.Postcode, &s.Country, &s.Employees,
			&s.Deprived, &s.Method, &s.Score, &s.Payees, &spend, &s.Lines); err != nil {
			return nil, fmt.Errorf("suppliers: %w", err)
		}
		if id != "" {
			s.Org = &cityspend.Identifier{Scheme: scheme, ID: id}
		}
		s.BuyerID = f.BuyerID
		s.Spend = cityspend.Amount(spend)
		out = append(out, s)
	}
	return out, rows.Err()
}

// PlaceRules implements cityspend.Store.
func (d *DB) PlaceRules(ctx context.Context, buyerID string) ([]cityspend.PlaceRule, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT band, kind, value FROM place_rules WHERE buyer_id = ? ORDER BY band, kind, value`, buyerID)
	if err != nil {
		return nil, fmt.Errorf("place rules: %w", err)
	}
	defer rows.Close()
	var out []cityspend.PlaceRule
	for rows.Next() {
		var r cityspend.PlaceRule
		if err := rows.Scan(&r.Band, &r.Kind, &r.Value); err != nil {
			return nil, fmt.Errorf("place rules: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetPlaceRules implements cityspend.Store: the rules replace the buyer's.
func (d *DB) SetPlaceRules(ctx context.Context, buyerID string, rules []cityspend.PlaceRule) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM place_rules WHERE buyer_id = ?`, buyerID); err != nil {
			return err
		}
		for _, r := range rules {
			if _, err := tx.ExecContext(ctx, `INSERT INTO place_rules VALUES (?, ?, ?, ?)`, buyerID, r.Band, r.Kind, r.Value); err != nil {
				return err
			}
		}
		return nil
	})
}

// MunicipalityCodes implements cityspend.Store.
func (d *DB) MunicipalityCodes(ctx context.Context) ([]cityspend.MunicipalityCode, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT country, code, name, valid_from, valid_to, coalesce(successor, '') FROM municipality_codes ORDER BY country, code`)
	if err != nil {
		return nil, fmt.Errorf("municipality codes: %w", err)
	}
	defer rows.Close()
	var out []cityspend.MunicipalityCode
	for rows.Next() {
		var m cityspend.MunicipalityCode
		var from, to sql.NullTime
		if err := rows.Scan(&m.Country, &m.Code, &m.Name, &from, &to, &m.Successor); err != nil {
			return nil, fmt.Errorf("municipality codes: %w", err)
		}
		m.ValidFrom, m.ValidTo = utcDate(from), utcDate(to)
		out = append(out, m)
	}
	return out, rows.Err()
}

// AddMunicipalityCodes implements cityspend.Store: rows replace those of the
// same country and code.
func (d *DB) AddMunicipalityCodes(ctx context.Context, codes []cityspend.MunicipalityCode) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		for _, m := range codes {
			if _, err := tx.ExecContext(ctx, `DELETE FROM municipality_codes WHERE country = ? AND code = ?`, m.Country, m.Code); err != nil {
				return err
			}
			var from, to any
			if !m.ValidFrom.IsZero() {
				from = m.ValidFrom
			}
			if !m.ValidTo.IsZero() {
				to = m.ValidTo
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO municipality_codes VALUES (?, ?, ?, ?, ?, ?)`, m.Country, m.Code, m.Name,
				from, to, nullStr(m.Successor)); err != nil {
				return err
			}
		}
		// Every buyer's suppliers are placed by municipality.
		return markFollowUp(ctx, tx, "", "municipalities", 0)
	})
}
