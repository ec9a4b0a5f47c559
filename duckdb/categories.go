// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unique"

	"github.com/cityspend/cityspend"
)

// ImportCPV implements cityspend.Store: it replaces the CPV list.
func (d *DB) ImportCPV(ctx context.Context, codes []cityspend.CPVCode) error {
	type label struct{ code, lang, text string }
	var labels []label
	for _, c := range codes {
		for lang, t := range c.Labels {
			labels = append(labels, label{c.Code, lang, t})
		}
	}
	err := d.inConnTx(ctx, func(conn *sql.Conn) error {
		for _, q := range []string{`DELETE FROM cpv_labels`, `DELETE FROM cpv_codes`} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		if err := appendOn(ctx, conn, "", "cpv_codes", len(codes), func(i int) []driver.Value {
			c := codes[i]
			return []driver.Value{c.Code, int32(c.Check), int32(c.Digits), nullStr(c.Parent), c.Kind}
		}); err != nil {
			return err
		}
		return appendOn(ctx, conn, "", "cpv_labels", len(labels), func(i int) []driver.Value {
			return []driver.Value{labels[i].code, labels[i].lang, labels[i].text}
		})
	})
	if err != nil {
		return fmt.Errorf("import cpv: %w", err)
	}
	return nil
}

// CPVCodes implements cityspend.Store.
func (d *DB) CPVCodes(ctx context.Context) ([]cityspend.CPVCode, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT c.code, c.check_digit, c.digits, coalesce(c.parent, ''), c.kind, l.lang, l.label
		FROM cpv_codes c LEFT JOIN cpv_labels l ON l.code = c.code ORDER BY c.code`)
	if err != nil {
		return nil, fmt.Errorf("cpv codes: %w", err)
	}
	defer rows.Close()
	var out []cityspend.CPVCode
	for rows.Next() {
		var c cityspend.CPVCode
		var lang, label sql.NullString
		if err := rows.Scan(&c.Code, &c.Check, &c.Digits, &c.Parent, &c.Kind, &lang, &label); err != nil {
			return nil, fmt.Errorf("cpv codes: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].Code != c.Code {
			c.Labels = map[string]string{}
			out = append(out, c)
		}
		if lang.Valid {
			out[len(out)-1].Labels[lang.String] = label.String
		}
	}
	return out, rows.Err()
}

// itemText is the text of a line's item: its description in lower case,
// runs of digits as '#', spaces collapsed. The same SQL names items and
// finds them again, so it is one expression.
const itemText = `trim(regexp_replace(regexp_replace(lower(coalesce(description, '')), '[0-9]+', '#', 'g'), '\s+', ' ', 'g'))`

// AssignItems implements cityspend.Store: lines without an item get one,
// new items are created for new kinds of line.
func (d *DB) AssignItems(ctx context.Context, buyerID string) (int64, error) {
	if d.lines != nil {
		return 0, nil // lines in a line source get their items as they are imported (Dims)
	}
	var added int64
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		// The lines without an item, by row: they alone change below, and
		// the spend cube's rows without an item are theirs (the cube keys
		// its rows by item), so the cube takes only their rows anew, not a
		// sum of all the buyer's lines (2.4 s at 10 million lines, for the
		// thousand of a monthly file).
		if _, err := tx.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE unassigned AS
			SELECT rowid AS rid FROM payments WHERE buyer_id = ? AND item_id IS NULL`, buyerID); err != nil {
			return fmt.Errorf("lines without items: %w", err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO items (buyer_id, item_id, payee_id, account_id, text, cpv_line)
			SELECT ?, (SELECT coalesce(max(item_id), 0) FROM items WHERE buyer_id = ?) + CAST(row_number() OVER (ORDER BY n.payee_id, n.account_id, n.t, n.c) AS INTEGER),
				n.payee_id, n.account_id, n.t, n.c
			FROM (SELECT DISTINCT payee_id, account_id, `+itemText+` AS t, coalesce(cpv, '') AS c
				FROM payments WHERE buyer_id = ? AND item_id IS NULL) n
			ANTI JOIN (SELECT payee_id, account_id, text, cpv_line FROM items WHERE buyer_id = ?) i
				ON i.payee_id = n.payee_id AND i.account_id = n.account_id AND i.text = n.t AND i.cpv_line = n.c`,
			buyerID, buyerID, buyerID, buyerID)
		if err != nil {
			return fmt.Errorf("new items: %w", err)
		}
		added, _ = res.RowsAffected()
		res, err = tx.ExecContext(ctx, `UPDATE payments SET item_id = i.item_id
			FROM items i
			WHERE payments.buyer_id = ? AND payments.item_id IS NULL AND i.buyer_id = ?
				AND i.payee_id = payments.payee_id AND i.account_id = payments.account_id
				AND i.text = `+itemText+` AND i.cpv_line = coalesce(payments.cpv, '')`, buyerID, buyerID)
		if err != nil {
			return fmt.Errorf("lines to items: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := cubeAssigned(ctx, tx, buyerID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DROP TABLE temp.unassigned`)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("assign items: %w", err)
	}
	return added, nil
}

// Items implements cityspend.Store: every item of a buyer with what the
// classifier needs, and its lines and spend over all years.
func (d *DB) Items(ctx context.Context, buyerID string) ([]cityspend.Item, error) {
	// With a line source, its rollup (onRollup) stands for the lines.
	conn, _, done, err := d.linesOrRollup(ctx, []string{buyerID})
	if err != nil {
		return nil, err
	}
	defer done()
	// One snapshot for the count, the sums and every chunk; rolled back
	// at the end, which drops the temporary table too.
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("items: %w", err)
	}
	defer tx.Rollback()
	var count int
	var last sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT count(*), max(item_id) FROM items WHERE buyer_id = ?`, buyerID).Scan(&count, &last); err != nil {
		return nil, fmt.Errorf("items: %w", err)
	}
	n := d.lineAgg()
	// What the items' lines add up to, kept in a temporary table: the
	// engine hands a query's whole answer over at once (the driver does not
	// stream), and a city's hundreds of thousands of items with their texts
	// and reasons were about 600 MB of answer beside the items Go builds
	// from it, so they are read itemsChunk at a time from this table.
	// The contract of an item: the one most of its lines are paid under by
	// reference, when that is more than half of them and it has a CPV code.
	// Its unit: the texts of the unit most of its lines name (counted by
	// unit first, a number, then by its texts).
	if _, err := tx.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE item_lines AS
		WITH s AS (SELECT item_id, `+n.count("")+` AS n, CAST(sum(amount) AS BIGINT) AS spend
			FROM payments WHERE buyer_id = ? GROUP BY item_id),
		c AS (SELECT p.item_id, p.contract_id, any_value(ct.cpv) AS cpv, `+n.count("p.")+` AS n
			FROM payments p JOIN contracts ct ON ct.buyer_id = p.buyer_id AND ct.contract_id = p.contract_id
			WHERE p.buyer_id = ? AND p.contract_link = 'reference' AND length(ct.cpv) = 8
			GROUP BY p.item_id, p.contract_id),
		cm AS (SELECT item_id, arg_max(contract_id, n) AS contract_id, arg_max(cpv, n) AS cpv, max(n) AS n FROM c GROUP BY item_id),
		iu AS (SELECT item_id, unit_id, `+n.count("")+` AS n FROM payments WHERE buyer_id = ? AND unit_id IS NOT NULL GROUP BY ALL),
		ut AS (SELECT iu.item_id, concat_ws(' ', nullif(trim(u.org_unit), ''), nullif(trim(u.cost_centre), '')) AS t, sum(iu.n) AS n
			FROM iu JOIN units u ON u.buyer_id = ? AND u.unit_id = iu.unit_id GROUP BY ALL),
		um AS (SELECT item_id, first(t ORDER BY n DESC, t) AS t FROM ut GROUP BY item_id)
		SELECT s.item_id, s.n, s.spend, um.t AS unit,
			CASE WHEN cm.n * 2 > s.n THEN cm.contract_id ELSE '' END AS contract_id, CASE WHEN cm.n * 2 > s.n THEN cm.cpv ELSE '' END AS contract_cpv
		FROM s LEFT JOIN cm ON cm.item_id = s.item_id LEFT JOIN um ON um.item_id = s.item_id`,
		buyerID, buyerID, buyerID, buyerID); err != nil {
		return nil, fmt.Errorf("items: %w", err)
	}
	// A city's items are hundreds of thousands of rows that repeat a few
	// thousand suppliers, accounts, units, rules and reasons: each text is
	// kept once (unique.Make) and each reason's clauses parsed once, which
	// more than halves what classifying 10 million lines holds.
	out := make([]cityspend.Item, 0, count)
	whys := map[string][]cityspend.ReasonPart{}
	for from := int64(0); from < last.Int64; from += itemsChunk {
		rows, err := tx.QueryContext(ctx, `SELECT i.item_id, i.payee_id, y.supplier_id, coalesce(sp.name, y.name, ''), coalesce(sp.nace, ''),
				coalesce(a.code, ''), coalesce(a.text, ''), coalesce(g.unit, ''), i.text, i.cpv_line, coalesce(g.n, 0), coalesce(g.spend, 0),
				coalesce(i.category, ''), coalesce(i.rule, ''), coalesce(i.reason, ''), coalesce(i.why, ''), coalesce(i.confidence, 0),
				coalesce(g.contract_id, ''), coalesce(g.contract_cpv, '')
			FROM items i
			JOIN payees y ON y.buyer_id = i.buyer_id AND y.payee_id = i.payee_id
			JOIN accounts a ON a.buyer_id = i.buyer_id AND a.account_id = i.account_id
			LEFT JOIN supplier_profiles sp ON sp.buyer_id = i.buyer_id AND sp.supplier_id = y.supplier_id
			LEFT JOIN item_lines g ON g.item_id = i.item_id
			WHERE i.buyer_id = ? AND i.item_id > ? AND i.item_id <= ? ORDER BY i.item_id`, buyerID, from, from+itemsChunk)
		if err != nil {
			return nil, fmt.Errorf("items: %w", err)
		}
		if out, err = scanItems(rows, out, whys); err != nil {
			return nil, fmt.Errorf("items: %w", err)
		}
	}
	return out, nil
}

// itemsChunk is how many item numbers one query of Items reads (a
// variable for the tests).
var itemsChunk int64 = 50_000

// scanItems appends the items of rows (Items' columns) to out and closes
// rows.
func scanItems(rows *sql.Rows, out []cityspend.Item, whys map[string][]cityspend.ReasonPart) ([]cityspend.Item, error) {
	defer rows.Close()
	for rows.Next() {
		var it cityspend.Item
		var spend int64
		var why string
		if err := rows.Scan(&it.ID, &it.PayeeID, &it.SupplierID, &it.SupplierName, &it.NACE, &it.AccountCode, &it.AccountText, &it.Unit, &it.Text,
			&it.CPVLine, &it.Lines, &spend, &it.Category.CPV, &it.Category.Rule, &it.Category.Reason, &why, &it.Category.Confidence,
			&it.ContractID, &it.ContractCPV); err != nil {
			return nil, err
		}
		for _, s := range []*string{&it.SupplierID, &it.SupplierName, &it.NACE, &it.AccountCode, &it.AccountText, &it.Unit, &it.Text, &it.CPVLine,
			&it.Category.CPV, &it.Category.Rule, &it.Category.Reason, &it.ContractID, &it.ContractCPV} {
			*s = unique.Make(*s).Value()
		}
		w, ok := whys[why]
		if !ok {
			var err error
			if w, err = readWhy(why); err != nil {
				return nil, err
			}
			whys[why] = w
		}
		it.Category.Why = w
		it.Spend = cityspend.Amount(spend)
		out = append(out, it)
	}
	return out, rows.Err()
}

// setCategoriesChunk is how many items' categories one UPDATE writes (a
// variable for the tests).
var setCategoriesChunk = 50_000

// SetCategories implements cityspend.Store: the categories of items, in one
// transaction through a staging table.
func (d *DB) SetCategories(ctx context.Context, buyerID string, cs []cityspend.ItemCategory) error {
	err := d.inConnTx(ctx, func(conn *sql.Conn) error {
		if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS item_categories_stage (item_id INTEGER, category VARCHAR,
			rule VARCHAR, reason VARCHAR, why VARCHAR, confidence DOUBLE)`); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `DELETE FROM item_categories_stage`); err != nil {
			return err
		}
		// In chunks: one UPDATE of a city's hundreds of thousands of items
		// ran out of the engine's memory under an import's cap (256 MB).
		for start := 0; start < len(cs); start += setCategoriesChunk {
			chunk := cs[start:min(start+setCategoriesChunk, len(cs))]
			whys := make([]string, len(chunk))
			for i, c := range chunk {
				if len(c.Why) > 0 {
					b, err := json.Marshal(c.Why)
					if err != nil {
						return err
					}
					whys[i] = string(b)
				}
			}
			if err := appendOn(ctx, conn, "temp", "item_categories_stage", len(chunk), func(i int) []driver.Value {
				c := chunk[i]
				return []driver.Value{c.ItemID, nullStr(c.CPV), nullStr(c.Rule), nullStr(c.Reason), nullStr(whys[i]), c.Confidence}
			}); err != nil {
				return err
			}
			if _, err := conn.ExecContext(ctx, `UPDATE items SET category = s.category, rule = s.rule, reason = s.reason, why = s.why, confidence = s.confidence
				FROM item_categories_stage s WHERE items.buyer_id = ? AND items.item_id = s.item_id`, buyerID); err != nil {
				return err
			}
			if _, err := conn.ExecContext(ctx, `DELETE FROM item_categories_stage`); err != nil {
				return err
			}
		}
		if d.lines == nil {
			// The category cube is keyed by category.
			return rebuildCategoryCube(ctx, conn, buyerID)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set categories: %w", err)
	}
	return nil
}

// CategoryDecisions implements cityspend.Store, oldest first.
func (d *DB) CategoryDecisions(ctx context.Context, buyerID string) ([]cityspend.CategoryDecision, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT supplier_id, account, text, category, coalesce(old_category, ''), who, why, decided_at
		FROM category_decisions WHERE buyer_id = ? ORDER BY decided_at, rowid`, buyerID)
	if err != nil {
		return nil, fmt.Errorf("category decisions: %w", err)
	}
	defer rows.Close()
	var out []cityspend.CategoryDecision
	for rows.Next() {
		c := cityspend.CategoryDecision{BuyerID: buyerID}
		if err := rows.Scan(&c.SupplierID, &c.Account, &c.Text, &c.CPV, &c.OldCPV, &c.Who, &c.Why, &c.At); err != nil {
			return nil, fmt.Errorf("category decisions: %w", err)
		}
		c.At = c.At.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// PutCategoryDecision implements cityspend.Store.
func (d *DB) PutCategoryDecision(ctx context.Context, c cityspend.CategoryDecision) error {
	if c.At.IsZero() {
		c.At = time.Now().UTC()
	}
	if _, err := d.db.ExecContext(ctx, `INSERT INTO category_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.BuyerID, c.SupplierID, c.Account, c.Text, c.CPV, nullStr(c.OldCPV), c.Who, c.Why, c.At); err != nil {
		return fmt.Errorf("category decision: %w", err)
	}
	return nil
}

// CategoryRules implements cityspend.Store: the buyer's own rules in order.
func (d *DB) CategoryRules(ctx context.Context, buyerID string) ([]cityspend.CategoryRule, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT kind, pattern, lang, category, reason FROM category_rules WHERE buyer_id = ? ORDER BY position`, buyerID)
	if err != nil {
		return nil, fmt.Errorf("category rules: %w", err)
	}
	defer rows.Close()
	var out []cityspend.CategoryRule
	for rows.Next() {
		var r cityspend.CategoryRule
		if err := rows.Scan(&r.Kind, &r.Pattern, &r.Lang, &r.CPV, &r.Reason); err != nil {
			return nil, fmt.Errorf("category rules: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetCategoryRules implements cityspend.Store: it replaces the buyer's rules.
func (d *DB) SetCategoryRules(ctx context.Context, buyerID string, rules []cityspend.CategoryRule) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM category_rules WHERE buyer_id = ?`, buyerID); err != nil {
			return fmt.Errorf("category rules: %w", err)
		}
		for i, r := range rules {
			if _, err := tx.ExecContext(ctx, `INSERT INTO category_rules VALUES (?, ?, ?, ?, ?, ?, ?)`, buyerID, i, r.Kind, r.Pattern, r.Lang, r.CPV, r.Reason); err != nil {
				return fmt.Errorf("category rules: %w", err)
			}
		}
		return nil
	})
}

// CategoryModel implements cityspend.Store; no model is ENOTFOUND.
func (d *DB) CategoryModel(ctx context.Context, buyerID string) ([]byte, time.Time, error) {
	var b []byte
	var at time.Time
	err := d.db.QueryRowContext(ctx, `SELECT model, trained_at FROM category_models WHERE buyer_id = ?`, buyerID).Scan(&b, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, at, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no trained category model: run cityspend classify train", buyerID)
	}
	if err != nil {
		return nil, at, fmt.Errorf("category model: %w", err)
	}
	return b, at.UTC(), nil
}

// PutCategoryModel implements cityspend.Store.
func (d *DB) PutCategoryModel(ctx context.Context, buyerID string, examples int, model []byte) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM category_models WHERE buyer_id = ?`, buyerID); err != nil {
			return fmt.Errorf("category model: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO category_models VALUES (?, ?, ?, ?)`, buyerID, time.Now().UTC(), examples, model); err != nil {
			return fmt.Errorf("category model: %w", err)
		}
		return nil
	})
}

// ResetItems implements cityspend.Store: it forgets a buyer's items and the
// lines' links to them (decisions, rules and the model stay).
func (d *DB) ResetItems(ctx context.Context, buyerID string) error {
	if d.lines != nil {
		// The lines of a line source keep their items: forget what the
		// items were classified as.
		if _, err := d.db.ExecContext(ctx, `UPDATE items SET category = NULL, rule = NULL, reason = NULL, why = NULL, confidence = NULL
			WHERE buyer_id = ?`, buyerID); err != nil {
			return fmt.Errorf("reset items: %w", err)
		}
		return nil
	}
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE payments SET item_id = NULL WHERE buyer_id = ? AND item_id IS NOT NULL`, buyerID); err != nil {
			return fmt.Errorf("reset items: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM items WHERE buyer_id = ?`, buyerID); err != nil {
			return fmt.Errorf("reset items: %w", err)
		}
		return rebuildCube(ctx, tx, buyerID)
	})
}

// ItemsBaseline is the floor of classifying a buyer's lines, for the
// benchmark: DuckDB grouping the lines by payee, account and description
// text, the least reading any classifier of lines must do.
func (d *DB) ItemsBaseline(ctx context.Context, buyerID string) (int64, error) {
	var n int64
	err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT payee_id, account_id, `+itemText+`, coalesce(cpv, ''), count(*)
		FROM payments WHERE buyer_id = ? GROUP BY ALL)`, buyerID).Scan(&n)
	return n, err
}

// SpendCross implements cityspend.Store.
func (d *DB) SpendCross(ctx context.Context, f cityspend.SpendFilter, a, b cityspend.Dimension) ([]cityspend.CrossCell, error) {
	ka, _, err := dimensionSQL(a)
	if err != nil {
		return nil, err
	}
	kb, _, err := dimensionSQL(b)
	if err != nil {
		return nil, err
	}
	// One of the two may be a period (the rollup's key).
	pk := pkNone
	for _, dim := range []cityspend.Dimension{a, b} {
		p := map[cityspend.Dimension]string{cityspend.ByFiscalYear: pkFiscalYear, cityspend.ByMonth: pkMonth}[dim]
		if p != "" && pk != pkNone {
			return nil, cityspend.Errorf(cityspend.EINVALID, "spend cross: two periods are not crossed")
		}
		if p != "" {
			pk = p
		}
	}
	w, wargs := dimWhere(f)
	r, err := d.rollup(ctx, f, pk, w, ka, kb)
	if err != nil {
		return nil, err
	}
	defer r.done()
	q, cte, args := r.q, r.cte, r.args
	w, ka, kb = r.expr(w), r.expr(ka), r.expr(kb)
	rows, err := q.QueryContext(ctx, cte+`SELECT `+ka+` AS ka, `+kb+` AS kb, CAST(sum(p.amount) AS BIGINT) AS s, CAST(sum(p.n) AS BIGINT),
		count(DISTINCT y.supplier_id) FROM `+from("p", w, ka, kb, "y.")+` WHERE `+w+` GROUP BY ka, kb ORDER BY s DESC, ka, kb`,
		append(args, wargs...)...)
	if err != nil {
		return nil, fmt.Errorf("spend cross: %w", err)
	}
	defer rows.Close()
	var out []cityspend.CrossCell
	for rows.Next() {
		var c cityspend.CrossCell
		var s int64
		if err := rows.Scan(&c.A, &c.B, &s, &c.Lines, &c.Suppliers); err != nil {
			return nil, fmt.Errorf("spend cross: %w", err)
		}
		c.Spend = cityspend.Amount(s)
		out = append(out, c)
	}
	return out, rows.Err()
}

// PriceVolume implements cityspend.Store.
func (d *DB) PriceVolume(ctx context.Context, f cityspend.SpendFilter) ([]cityspend.PriceVolume, error) {
	conn, done, err := d.linesConn(ctx, []string{f.BuyerID}, f.Period)
	if err != nil {
		return nil, err
	}
	defer done()
	// Most ledgers carry no quantities: the engine's statistics of the
	// column answer that without reading the lines, and the items (joined
	// for the category) are not read at all.
	lc, largs := lineConds(f, "")
	var has bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM payments WHERE `+strings.Join(lc, " AND ")+` AND quantity > 0)`, largs...).Scan(&has); err != nil {
		return nil, fmt.Errorf("price and volume: %w", err)
	}
	if !has {
		return nil, nil
	}
	w, args := where(f)
	rows, err := conn.QueryContext(ctx, `WITH l AS (
			SELECT coalesce(it.category, '') AS cat, upper(coalesce(p.unit_code, '')) AS unit, p.quantity AS q, p.amount AS a,
				CAST(round(p.amount / p.quantity) AS BIGINT) AS price
			FROM `+from("payments p", w, "it.")+` WHERE `+w+` AND p.quantity IS NOT NULL AND p.quantity > 0)
		SELECT cat, unit, count(*), CAST(sum(q) AS VARCHAR), CAST(sum(a) AS BIGINT), min(price), quantile_disc(price, 0.5), max(price),
			CAST(round(sum(a) / sum(q)) AS BIGINT)
		FROM l GROUP BY cat, unit ORDER BY sum(a) DESC, cat, unit`, args...)
	if err != nil {
		return nil, fmt.Errorf("price and volume: %w", err)
	}
	defer rows.Close()
	var out []cityspend.PriceVolume
	for rows.Next() {
		var p cityspend.PriceVolume
		var spend, lo, med, hi, mean int64
		if err := rows.Scan(&p.CPV, &p.UnitCode, &p.Lines, &p.Quantity, &spend, &lo, &med, &hi, &mean); err != nil {
			return nil, fmt.Errorf("price and volume: %w", err)
		}
		p.Spend, p.MinPrice, p.MedPrice, p.MaxPrice, p.MeanPrice = cityspend.Amount(spend), cityspend.Amount(lo), cityspend.Amount(med),
			cityspend.Amount(hi), cityspend.Amount(mean)
		p.Quantity = strings.TrimRight(strings.TrimRight(p.Quantity, "0"), ".")
		out = append(out, p)
	}
	return out, rows.Err()
}

// ReviewGroups implements cityspend.Store.
func (d *DB) ReviewGroups(ctx context.Context, buyerID string, below float64, limit int) ([]cityspend.ReviewGroup, error) {
	conn, done, err := d.linesConn(ctx, []string{buyerID}, cityspend.Period{})
	if err != nil {
		return nil, err
	}
	defer done()
	if limit <= 0 {
		limit = 100
	}
	// The items' lines and spend: from the monthly cube, a tenth of the
	// lines (a line source's are in payments).
	// Only the items to review are summed.
	s := `SELECT item_id, CAST(sum(n) AS BIGINT) AS n, CAST(sum(amount) AS BIGINT) AS spend FROM spend_cube WHERE buyer_id = ?`
	if d.lines != nil {
		s = `SELECT item_id, count(*) AS n, CAST(sum(amount) AS BIGINT) AS spend FROM payments WHERE buyer_id = ?`
	}
	s += ` AND item_id IN (SELECT item_id FROM items WHERE buyer_id = ? AND (category IS NULL OR coalesce(confidence, 0) < ?)) GROUP BY item_id`
	rows, err := conn.QueryContext(ctx, `WITH s AS (`+s+`),
		i AS (SELECT i.*, y.supplier_id, coalesce(sp.name, y.name, y.supplier_id) AS sname, coalesce(a.code, '') AS acode,
				coalesce(a.text, '') AS atext, coalesce(s.n, 0) AS n, coalesce(s.spend, 0) AS spend
			FROM items i
			JOIN payees y ON y.buyer_id = i.buyer_id AND y.payee_id = i.payee_id
			JOIN accounts a ON a.buyer_id = i.buyer_id AND a.account_id = i.account_id
			LEFT JOIN supplier_profiles sp ON sp.buyer_id = i.buyer_id AND sp.supplier_id = y.supplier_id
			LEFT JOIN s ON s.item_id = i.item_id
			WHERE i.buyer_id = ? AND (i.category IS NULL OR coalesce(i.confidence, 0) < ?))
		SELECT supplier_id, any_value(sname), acode, any_value(atext), count(*), CAST(sum(n) AS BIGINT), CAST(sum(spend) AS BIGINT),
			list(text ORDER BY abs(spend) DESC)[1:3], coalesce(arg_max(category, abs(spend)), ''), coalesce(arg_max(rule, abs(spend)), ''),
			coalesce(arg_max(reason, abs(spend)), ''), coalesce(arg_max(coalesce(why, ''), abs(spend)), ''), coalesce(arg_max(confidence, abs(spend)), 0),
			CAST(round(sum(abs(spend) * (1 - least(greatest(coalesce(confidence, 0), 0), 1)))) AS BIGINT) AS uncertain
		FROM i GROUP BY supplier_id, acode ORDER BY uncertain DESC, abs(sum(spend)) DESC, supplier_id, acode LIMIT ?`, buyerID, buyerID, below, buyerID, below, limit)
	if err != nil {
		return nil, fmt.Errorf("review queue: %w", err)
	}
	defer rows.Close()
	var out []cityspend.ReviewGroup
	for rows.Next() {
		var g cityspend.ReviewGroup
		var spend, uncertain int64
		var texts []any
		var why string
		if err := rows.Scan(&g.SupplierID, &g.SupplierName, &g.Account, &g.AccountText, &g.Items, &g.Lines, &spend, &texts,
			&g.Category.CPV, &g.Category.Rule, &g.Category.Reason, &why, &g.Category.Confidence, &uncertain); err != nil {
			return nil, fmt.Errorf("review queue: %w", err)
		}
		if g.Category.Why, err = readWhy(why); err != nil {
			return nil, fmt.Errorf("review queue: %w", err)
		}
		g.Uncertain = cityspend.Amount(uncertain)
		for _, t := range texts {
			if s, ok := t.(string); ok {
				g.Texts = append(g.Texts, s)
			}
		}
		g.Spend = cityspend.Amount(spend)
		out = append(out, g)
	}
	return out, rows.Err()
}

// ReviewGroupCount implements cityspend.Store: the groups of ReviewGroups,
// counted from the items alone.
func (d *DB) ReviewGroupCount(ctx context.Context, buyerID string, below float64) (int, error) {
	var n int
	err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT DISTINCT y.supplier_id, coalesce(a.code, '')
		FROM items i
		JOIN payees y ON y.buyer_id = i.buyer_id AND y.payee_id = i.payee_id
		JOIN accounts a ON a.buyer_id = i.buyer_id AND a.account_id = i.account_id
		WHERE i.buyer_id = ? AND (i.category IS NULL OR coalesce(i.confidence, 0) < ?))`, buyerID, below).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("review queue: %w", err)
	}
	return n, nil
}

// readWhy reads a stored reason's clauses ("" before they were stored).
func readWhy(s string) ([]cityspend.ReasonPart, error) {
	if s == "" {
		return nil, nil
	}
	var why []cityspend.ReasonPart
	if err := json.Unmarshal([]byte(s), &why); err != nil {
		return nil, fmt.Errorf("a reason's clauses: %w", err)
	}
	return why, nil
}
