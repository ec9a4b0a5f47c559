// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"fmt"
	"strings"

	"github.com/cityspend/cityspend"
)

// BaselineFigure is one group of the baseline: spend, spend with L0
// suppliers, suppliers and lines.
type BaselineFigure struct {
	Key       string
	Spend     cityspend.Amount
	Local     cityspend.Amount
	Suppliers int64
	Lines     int64
}

// BaselineTrend is one year of the baseline's trend.
type BaselineTrend struct {
	Spend   cityspend.Amount
	L0, SME float64
}

// BaselineFigures are the headline figures of a buyer-year computed by
// hand-written SQL: the baseline `cityspend bench analyse` times the
// indicator engine against. It is not used by the product.
type BaselineFigures struct {
	TotalSpend, ExcludedSpend, UnresolvedSpend, DeprivedSpend cityspend.Amount
	Lines, Suppliers                                          int64

	Bands, TopNBands, Types, Sections, Divisions, Municipalities, AccountGroups, Excluded map[string]BaselineFigure
	Top                                                                                   []BaselineFigure
	Trend                                                                                 map[int]BaselineTrend
}

// BaselineAnalysis computes the baseline figures of a buyer's fiscal year
// in one query, written as well as we know how: one scan of the lines summed
// by payee, account and year, then the payees, scope and profiles joined to
// that and grouped every way the analysis needs.
func (d *DB) BaselineAnalysis(ctx context.Context, b cityspend.Buyer, year, topN int) (*BaselineFigures, error) {
	out := &BaselineFigures{Trend: map[int]BaselineTrend{}}
	maps := map[string]*map[string]BaselineFigure{"band": &out.Bands, "topn": &out.TopNBands, "type": &out.Types, "section": &out.Sections,
		"division": &out.Divisions, "municipality": &out.Municipalities, "account": &out.AccountGroups, "excluded": &out.Excluded}
	for _, m := range maps {
		*m = map[string]BaselineFigure{}
	}
	rows, err := d.db.QueryContext(ctx, `
		WITH f AS MATERIALIZED (
			SELECT payee_id, account_id,
				CAST(year(period_date) - CASE WHEN month(period_date) < ? THEN 1 ELSE 0 END AS INTEGER) AS yr,
				sum(amount) AS amount, count(*) AS n
			FROM payments WHERE buyer_id = ? GROUP BY ALL),
		fy AS MATERIALIZED (
			SELECT f.*, y.supplier_id, coalesce(sc.in_scope, true) AS in_scope, sc.reason
			FROM f JOIN payees y ON y.buyer_id = ? AND y.payee_id = f.payee_id
			LEFT JOIN payee_scope sc ON sc.buyer_id = ? AND sc.payee_id = f.payee_id AND sc.account_id = f.account_id),
		s AS MATERIALIZED (
			SELECT yr, supplier_id, CAST(sum(amount) AS BIGINT) AS spend, CAST(sum(n) AS BIGINT) AS n
			FROM fy WHERE in_scope GROUP BY ALL),
		j AS MATERIALIZED (
			SELECT s.*, coalesce(sp.place, 'unknown') AS place, `+businessType+` AS bt,
				coalesce(sp.nace_section, 'unknown') AS sec, coalesce(sp.nace_division, '') AS div,
				coalesce(sp.municipality, '') AS muni, coalesce(sp.deprived, false) AS dep, sp.org_id IS NULL AS unres
			FROM s LEFT JOIN supplier_profiles sp ON sp.buyer_id = ? AND sp.supplier_id = s.supplier_id),
		r AS (SELECT *, row_number() OVER (ORDER BY spend DESC, supplier_id) AS rk FROM j WHERE yr = ?)
		SELECT 'band', yr, place, sum(spend), sum(spend) FILTER (place = 'L0'), count(*), sum(n) FROM j GROUP BY yr, place
		UNION ALL SELECT 'type', yr, bt, sum(spend), 0, count(*), sum(n) FROM j GROUP BY yr, bt
		UNION ALL SELECT 'section', yr, sec, sum(spend), sum(spend) FILTER (place = 'L0'), count(*), sum(n) FROM j WHERE yr = ? GROUP BY yr, sec
		UNION ALL SELECT 'division', yr, sec || div, sum(spend), sum(spend) FILTER (place = 'L0'), count(*), sum(n) FROM j WHERE yr = ? GROUP BY yr, sec, div
		UNION ALL SELECT 'municipality', yr, muni, sum(spend), 0, count(*), sum(n) FROM j WHERE yr = ? GROUP BY yr, muni
		UNION ALL SELECT 'deprived', yr, '', sum(spend), 0, count(*), sum(n) FROM j WHERE yr = ? AND dep GROUP BY yr
		UNION ALL SELECT 'unresolved', yr, '', sum(spend), 0, count(*), sum(n) FROM j WHERE yr = ? AND unres GROUP BY yr
		UNION ALL SELECT 'topn', yr, place, sum(spend), 0, count(*), sum(n) FROM r WHERE rk <= ? GROUP BY yr, place
		UNION ALL SELECT 'top', yr, supplier_id || '|' || CAST(rk AS VARCHAR), spend, 0, 1, n FROM r WHERE rk <= 50
		UNION ALL SELECT 'excluded', 0, coalesce(reason, ''), CAST(sum(amount) AS BIGINT), 0, count(DISTINCT supplier_id), CAST(sum(n) AS BIGINT)
			FROM fy WHERE yr = ? AND NOT in_scope GROUP BY reason
		UNION ALL SELECT 'account', 0, coalesce(left(a.code, 2), ''), CAST(sum(fy.amount) AS BIGINT), 0, 0, CAST(sum(fy.n) AS BIGINT)
			FROM fy JOIN accounts a ON a.buyer_id = ? AND a.account_id = fy.account_id WHERE fy.yr = ? AND fy.in_scope GROUP BY 3`,
		b.FiscalStart, b.ID, b.ID, b.ID, b.ID, year, year, year, year, year, year, topN, year, b.ID, year)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	defer rows.Close()
	type yearBand struct {
		// The shares are over the spend whose place, or type, is known
		// (unknown is unknown), as the indicator engine states them.
		spend, knownPlace, l0, knownType, sme cityspend.Amount
	}
	years := map[int]*yearBand{}
	for rows.Next() {
		var kind, key string
		var yr int
		var spend, local *int64
		var f BaselineFigure
		if err := rows.Scan(&kind, &yr, &key, &spend, &local, &f.Suppliers, &f.Lines); err != nil {
			return nil, fmt.Errorf("baseline: %w", err)
		}
		f.Key = key
		if spend != nil {
			f.Spend = cityspend.Amount(*spend)
		}
		if local != nil {
			f.Local = cityspend.Amount(*local)
		}
		if kind == "band" || kind == "type" {
			y := years[yr]
			if y == nil {
				y = &yearBand{}
				years[yr] = y
			}
			switch {
			case kind == "band":
				y.spend += f.Spend
				if key != cityspend.PlaceUnknown {
					y.knownPlace += f.Spend
				}
				if key == cityspend.PlaceLocal {
					y.l0 += f.Spend
				}
			case key != cityspend.ClassUnknown:
				y.knownType += f.Spend
				if key == cityspend.ClassMicro || key == cityspend.ClassSmall || key == cityspend.ClassMedium {
					y.sme += f.Spend
				}
			}
			if yr != year {
				continue
			}
		}
		switch kind {
		case "deprived":
			out.DeprivedSpend = f.Spend
		case "unresolved":
			out.UnresolvedSpend = f.Spend
		case "top":
			out.Top = append(out.Top, f)
		default:
			(*maps[kind])[key] = f
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	for yr, y := range years {
		out.Trend[yr] = BaselineTrend{Spend: y.spend, L0: cityspend.Share(y.l0, y.knownPlace), SME: cityspend.Share(y.sme, y.knownType)}
	}
	for _, f := range out.Bands {
		out.TotalSpend += f.Spend
		out.Lines += f.Lines
		out.Suppliers += f.Suppliers
	}
	for _, f := range out.Excluded {
		out.ExcludedSpend += f.Spend
	}
	// Top rows come in any order; sort them by rank and strip it.
	top := make([]BaselineFigure, len(out.Top))
	for _, f := range out.Top {
		var id string
		var rk int
		for i := len(f.Key) - 1; i >= 0; i-- {
			if f.Key[i] == '|' {
				id = f.Key[:i]
				fmt.Sscan(f.Key[i+1:], &rk)
				break
			}
		}
		f.Key = id
		if rk >= 1 && rk <= len(top) {
			top[rk-1] = f
		}
	}
	out.Top = top
	return out, nil
}

// BaselineReadCSV is the baseline of `cityspend bench ingest`: a ledger
// file loaded into a table of its own by DuckDB's read_csv, the types as
// DuckDB detects them.
func (d *DB) BaselineReadCSV(ctx context.Context, file string) error {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE baseline AS SELECT * FROM read_csv(?, header = true)`, file); err != nil {
		return fmt.Errorf("baseline read_csv: %w", err)
	}
	return nil
}

// BaselineReadJSON is the baseline of `cityspend bench register`: a
// register's bulk file (a JSON array, gzipped or not) loaded into a table
// of its own by DuckDB's read_json.
func (d *DB) BaselineReadJSON(ctx context.Context, file string) error {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE baseline AS SELECT * FROM read_json(?, format = 'array')`, file); err != nil {
		return fmt.Errorf("baseline read_json: %w", err)
	}
	return nil
}

// BaselineName is a payee name and the organisation number it stands for.
type BaselineName struct {
	Name, Org string
}

// BaselineExactNames is the baseline of `cityspend bench resolve`: the
// names stored in a table and joined exactly (upper case, trimmed) to the
// registered organisations' names. It returns how many found the
// organisation they stand for.
func (d *DB) BaselineExactNames(ctx context.Context, names []BaselineName) (int, error) {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE bench_payees (name VARCHAR, org VARCHAR)`); err != nil {
		return 0, fmt.Errorf("baseline exact names: %w", err)
	}
	var b strings.Builder
	for i, n := range names {
		if i%5000 == 0 {
			if b.Len() > 0 {
				if _, err := d.db.ExecContext(ctx, strings.TrimSuffix(b.String(), ",")); err != nil {
					return 0, fmt.Errorf("baseline exact names: %w", err)
				}
			}
			b.Reset()
			b.WriteString("INSERT INTO bench_payees VALUES ")
		}
		fmt.Fprintf(&b, "('%s','%s'),", strings.ReplaceAll(n.Name, "'", "''"), strings.ReplaceAll(n.Org, "'", "''"))
	}
	if _, err := d.db.ExecContext(ctx, strings.TrimSuffix(b.String(), ",")); err != nil {
		return 0, fmt.Errorf("baseline exact names: %w", err)
	}
	var correct int
	if err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM bench_payees p JOIN organisations o ON o.name = upper(trim(p.name)) AND o.id = p.org`).Scan(&correct); err != nil {
		return 0, fmt.Errorf("baseline exact names: %w", err)
	}
	return correct, nil
}
