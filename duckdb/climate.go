// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cityspend/cityspend"
)

// PutFactors implements cityspend.Store: a factor set replaces the set of
// the same name.
func (d *DB) PutFactors(ctx context.Context, set string, fs []cityspend.EmissionFactor) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM emission_factors WHERE set_name = ?`, set); err != nil {
			return err
		}
		for _, f := range fs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO emission_factors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, set, f.Version, f.Scheme,
				f.Code, f.Label, f.KgPerUnit, f.Currency, f.PriceYear, f.PriceBasis, f.GWP, f.Source, f.Licence, f.Estimate, f.File, f.Line); err != nil {
				return fmt.Errorf("emission factor %s %s: %w", f.Scheme, f.Code, err)
			}
		}
		return nil
	})
}

// Factors implements cityspend.Store: a set's factors ("": every set).
func (d *DB) Factors(ctx context.Context, set string) ([]cityspend.EmissionFactor, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT set_name, version, scheme, code, label, kg_per_unit, currency, price_year, price_basis, gwp, source,
			licence, estimate, source_file, line
		FROM emission_factors WHERE ? = '' OR set_name = ? ORDER BY set_name, scheme, code`, set, set)
	if err != nil {
		return nil, fmt.Errorf("emission factors: %w", err)
	}
	defer rows.Close()
	var out []cityspend.EmissionFactor
	for rows.Next() {
		var f cityspend.EmissionFactor
		if err := rows.Scan(&f.Set, &f.Version, &f.Scheme, &f.Code, &f.Label, &f.KgPerUnit, &f.Currency, &f.PriceYear, &f.PriceBasis, &f.GWP,
			&f.Source, &f.Licence, &f.Estimate, &f.File, &f.Line); err != nil {
			return nil, fmt.Errorf("emission factors: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// PutConcordances implements cityspend.Store: the rows from one scheme to
// another replace the rows between those schemes.
func (d *DB) PutConcordances(ctx context.Context, cs []cityspend.Concordance) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		done := map[[2]string]bool{}
		for _, c := range cs {
			k := [2]string{c.FromScheme, c.ToScheme}
			if !done[k] {
				if _, err := tx.ExecContext(ctx, `DELETE FROM concordances WHERE from_scheme = ? AND to_scheme = ?`, k[0], k[1]); err != nil {
					return err
				}
				done[k] = true
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO concordances VALUES (?, ?, ?, ?, ?)`, c.FromScheme, c.FromCode, c.ToScheme,
				c.ToCode, c.Source); err != nil {
				return fmt.Errorf("concordance %s %s: %w", c.FromScheme, c.FromCode, err)
			}
		}
		return nil
	})
}

// Concordances implements cityspend.Store.
func (d *DB) Concordances(ctx context.Context) ([]cityspend.Concordance, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT from_scheme, from_code, to_scheme, to_code, source FROM concordances
		ORDER BY from_scheme, from_code, to_scheme, to_code`)
	if err != nil {
		return nil, fmt.Errorf("concordances: %w", err)
	}
	defer rows.Close()
	var out []cityspend.Concordance
	for rows.Next() {
		var c cityspend.Concordance
		if err := rows.Scan(&c.FromScheme, &c.FromCode, &c.ToScheme, &c.ToCode, &c.Source); err != nil {
			return nil, fmt.Errorf("concordances: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// PutRates implements cityspend.Store: rows with the same kind, currencies
// and year are replaced.
func (d *DB) PutRates(ctx context.Context, rs []cityspend.Rate) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range rs {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO rates VALUES (?, ?, ?, ?, ?, ?)`, r.Kind, r.Currency, r.To, r.Year, r.Value,
				r.Source); err != nil {
				return fmt.Errorf("rate %s %s %d: %w", r.Kind, r.Currency, r.Year, err)
			}
		}
		return nil
	})
}

// Rates implements cityspend.Store.
func (d *DB) Rates(ctx context.Context) ([]cityspend.Rate, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT kind, currency, to_cur, year, value, source FROM rates ORDER BY kind, currency, to_cur, year`)
	if err != nil {
		return nil, fmt.Errorf("rates: %w", err)
	}
	defer rows.Close()
	var out []cityspend.Rate
	for rows.Next() {
		var r cityspend.Rate
		if err := rows.Scan(&r.Kind, &r.Currency, &r.To, &r.Year, &r.Value, &r.Source); err != nil {
			return nil, fmt.Errorf("rates: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// FootprintCells implements cityspend.Store: the filter's spend by fiscal
// year, supplier, category, account and (when units) org unit: without the
// unit, the rollup has one key less and a fraction of the rows.
func (d *DB) FootprintCells(ctx context.Context, f cityspend.SpendFilter, units bool) ([]cityspend.FootprintCell, error) {
	unit := `''`
	if units {
		unit = `coalesce(u.org_unit, '')`
	}
	keys := []string{`y.supplier_id`, `coalesce(it.category, '')`, `coalesce(a.code, '')`, unit}
	w, wargs := dimWhere(f)
	r, err := d.rollup(ctx, f, pkFiscalYear, append([]string{w}, keys...)...)
	if err != nil {
		return nil, err
	}
	defer r.done()
	q, cte, args := r.q, r.cte, r.args
	w = r.expr(w)
	for i := range keys {
		keys[i] = r.expr(keys[i])
	}
	rows, err := q.QueryContext(ctx, cte+`SELECT p.pk, y.supplier_id, coalesce(any_value(sp.name), mode(y.name) FILTER (WHERE sp.name IS NULL), ''), coalesce(any_value(sp.nace), ''),
			`+strings.Join(keys[1:], ", ")+`, CAST(sum(p.amount) AS BIGINT), CAST(sum(p.n) AS BIGINT)
		FROM `+from("p", append([]string{w, "sp."}, keys...)...)+` WHERE `+w+`
		GROUP BY p.pk, `+strings.Join(keys, ", "), append(args, wargs...)...)
	if err != nil {
		return nil, fmt.Errorf("footprint spend: %w", err)
	}
	defer rows.Close()
	var out []cityspend.FootprintCell
	for rows.Next() {
		var c cityspend.FootprintCell
		var s int64
		if err := rows.Scan(&c.Year, &c.SupplierID, &c.Supplier, &c.NACE, &c.Category, &c.Account, &c.OrgUnit, &s, &c.Lines); err != nil {
			return nil, fmt.Errorf("footprint spend: %w", err)
		}
		c.Spend = cityspend.Amount(s)
		out = append(out, c)
	}
	return out, rows.Err()
}

// PutTarget implements cityspend.Store (a target per indicator).
func (d *DB) PutTarget(ctx context.Context, t cityspend.StrategyTarget, hasBaseline bool) error {
	var base any
	if hasBaseline {
		base = t.BaselineValue
	}
	if _, err := d.db.ExecContext(ctx, `INSERT OR REPLACE INTO strategy_targets VALUES (?, ?, ?, ?, ?, ?, ?)`, t.BuyerID, t.Indicator, t.BaselineYear,
		base, t.TargetYear, t.TargetValue, t.Note); err != nil {
		return fmt.Errorf("strategy target: %w", err)
	}
	return nil
}

// DeleteTarget implements cityspend.Store.
func (d *DB) DeleteTarget(ctx context.Context, buyerID, indicator string) error {
	res, err := d.db.ExecContext(ctx, `DELETE FROM strategy_targets WHERE buyer_id = ? AND indicator = ?`, buyerID, indicator)
	if err != nil {
		return fmt.Errorf("strategy target: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no target for %s", buyerID, indicator)
	}
	return nil
}

// Targets implements cityspend.Store: a buyer's targets, and for each
// whether its baseline value was given (else it comes from the data).
func (d *DB) Targets(ctx context.Context, buyerID string) ([]cityspend.StrategyTarget, []bool, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT indicator, baseline_year, baseline_value, target_year, target_value, note FROM strategy_targets
		WHERE buyer_id = ? ORDER BY indicator`, buyerID)
	if err != nil {
		return nil, nil, fmt.Errorf("strategy targets: %w", err)
	}
	defer rows.Close()
	var out []cityspend.StrategyTarget
	var given []bool
	for rows.Next() {
		t := cityspend.StrategyTarget{BuyerID: buyerID}
		var base sql.NullFloat64
		if err := rows.Scan(&t.Indicator, &t.BaselineYear, &base, &t.TargetYear, &t.TargetValue, &t.Note); err != nil {
			return nil, nil, fmt.Errorf("strategy targets: %w", err)
		}
		t.BaselineValue = base.Float64
		out = append(out, t)
		given = append(given, base.Valid)
	}
	return out, given, rows.Err()
}

// Setting implements cityspend.Store: a buyer's setting, "" when not set.
func (d *DB) Setting(ctx context.Context, buyerID, key string) (string, error) {
	var v string
	err := d.db.QueryRowContext(ctx, `SELECT value FROM buyer_settings WHERE buyer_id = ? AND key = ?`, buyerID, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting implements cityspend.Store ("" removes it).
func (d *DB) SetSetting(ctx context.Context, buyerID, key, value string) error {
	q, args := `INSERT OR REPLACE INTO buyer_settings VALUES (?, ?, ?)`, []any{buyerID, key, value}
	if value == "" {
		q, args = `DELETE FROM buyer_settings WHERE buyer_id = ? AND key = ?`, []any{buyerID, key}
	}
	if _, err := d.db.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("setting %s: %w", key, err)
	}
	return nil
}
