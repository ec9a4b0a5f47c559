// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cityspend/cityspend"
)

// A line source's lines are not read into the catalog for the compliance
// findings and classification: their sums by what the contract links and
// the categories depend on (LinkRollup) are, into a temporary
// table payments of the same columns, linked to the contracts by the same
// SQL as lines (linkContracts). A row's lines share their payee, account,
// unit, item, contract reference and their place among the
// contract terms' dates (the cut): every line of a row links to the same
// contract, so the sums are the lines'. Only the lines a finding lists
// (Evidence) and those just under a threshold (LinesBetween) are read;
// the month sums are made on the source (MonthSums).

// linked is the rollup of onRollup: the cuts and contract ids it was made
// with, which select its rows' lines at the source.
type linked struct {
	cuts []time.Time
	refs []string
}

// lineAgg writes the counts of lines of the SQL that reads payments: the
// lines themselves (count(*)) or, with a line source, the rollup's rows
// (sum(n)).
type lineAgg struct{ rollup bool }

func (d *DB) lineAgg() lineAgg { return lineAgg{rollup: d.lines != nil} }

// count is the number of lines; alias is the table's ("p." or "").
func (a lineAgg) count(alias string) string {
	if a.rollup {
		return "CAST(sum(" + alias + "n) AS BIGINT)"
	}
	return "count(*)"
}

// countIf is the number of lines that meet cond.
func (a lineAgg) countIf(alias, cond string) string {
	if a.rollup {
		return "CAST(coalesce(sum(" + alias + "n) FILTER (" + cond + "), 0) AS BIGINT)"
	}
	return "count(*) FILTER (" + cond + ")"
}

// last is the column of a line's latest date.
func (a lineAgg) last(alias string) string {
	if a.rollup {
		return alias + "last_date"
	}
	return alias + "period_date"
}

// linesOrRollup is linesConn, or with a line source onRollup's connection.
func (d *DB) linesOrRollup(ctx context.Context, buyerIDs []string) (*sql.Conn, *linked, func(), error) {
	if d.lines == nil {
		conn, done, err := d.linesConn(ctx, buyerIDs, cityspend.Period{})
		return conn, nil, done, err
	}
	return d.onRollup(ctx, buyerIDs)
}

// onRollup gives a connection whose temporary table payments holds the
// buyers' LinkRollup, linked to their contracts; done drops it. A row's
// period_date is its lines' first date (within a row every term holds for
// all lines or none), last_date the last.
func (d *DB) onRollup(ctx context.Context, buyerIDs []string) (*sql.Conn, *linked, func(), error) {
	in := "buyer_id IN (?" + strings.Repeat(", ?", len(buyerIDs)-1) + ")"
	args := make([]any, len(buyerIDs))
	for i, id := range buyerIDs {
		args[i] = id
	}
	l := &linked{}
	// A term holds from its first day to its last (options included):
	// the days on which a line's place changes.
	rows, err := d.db.QueryContext(ctx, `SELECT DISTINCT d FROM (SELECT start_date AS d FROM contracts WHERE `+in+`
		UNION ALL SELECT CAST(coalesce(final_date, end_date) + INTERVAL 1 DAY AS DATE) FROM contracts WHERE `+in+`)
		WHERE d IS NOT NULL ORDER BY d`, append(args, args...)...)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("link rollup: %w", err)
	}
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, nil, nil, fmt.Errorf("link rollup: %w", err)
		}
		l.cuts = append(l.cuts, t.UTC())
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("link rollup: %w", err)
	}
	rows, err = d.db.QueryContext(ctx, `SELECT DISTINCT upper(trim(contract_id)) AS r FROM contracts WHERE `+in+` ORDER BY r`, args...)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("link rollup: %w", err)
	}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return nil, nil, nil, fmt.Errorf("link rollup: %w", err)
		}
		l.refs = append(l.refs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("link rollup: %w", err)
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	fail := func(err error) (*sql.Conn, *linked, func(), error) {
		dropExtract(conn)
		return nil, nil, nil, fmt.Errorf("link rollup: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE payments (buyer_id VARCHAR, payee_id INTEGER, account_id INTEGER,
		unit_id INTEGER, item_id INTEGER, contract_ref VARCHAR, cut INTEGER, period_date DATE, last_date DATE, amount BIGINT,
		n BIGINT, contract_id VARCHAR, contract_link VARCHAR)`); err != nil {
		return fail(err)
	}
	for _, id := range buyerIDs {
		rs, err := d.rollups.get(ctx, d.lines, LinkQuery{BuyerID: id, Cuts: l.cuts, Refs: l.refs})
		if err != nil {
			return fail(err)
		}
		if err := appendOn(ctx, conn, "temp", "payments", len(rs), func(i int) []driver.Value {
			r := rs[i]
			var item any
			if r.ItemID != 0 {
				item = r.ItemID
			}
			return []driver.Value{id, r.PayeeID, r.AccountID, r.UnitID, item, nullStr(r.ContractRef), r.Cut, r.First, r.Last,
				r.Amount, r.Lines, nil, nil}
		}); err != nil {
			return fail(err)
		}
		if _, _, err := linkContracts(ctx, conn, id); err != nil {
			return fail(err)
		}
	}
	return conn, l, func() { dropExtract(conn) }, nil
}

// rollupCache keeps the last link rollups of a few buyers: a compliance
// run or a classification asks for the same sums several times (links,
// contracts, items, month sums, evidence). One stands while no import has
// been recorded for its buyer since (batchSig) and the query is the same.
type rollupCache struct {
	mu   sync.Mutex
	kept []keptRollup
}

type keptRollup struct {
	key, sig string
	rows     []LinkRow
}

// maxRollups bounds the rollups kept (a buyer and its renumbered
// predecessor, and a few more).
const maxRollups = 4

func (c *rollupCache) get(ctx context.Context, src LineSource, q LinkQuery) ([]LinkRow, error) {
	var k strings.Builder
	k.WriteString(q.BuyerID)
	for _, t := range q.Cuts {
		k.WriteString(" " + t.Format("2006-01-02"))
	}
	k.WriteString(";" + strings.Join(q.Refs, "\x00"))
	key := k.String()
	sig, _, err := batchSig(ctx, src, []string{q.BuyerID})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	for _, x := range c.kept {
		if x.key == key && x.sig == sig {
			c.mu.Unlock()
			return x.rows, nil
		}
	}
	c.mu.Unlock()
	rows, err := src.LinkRollup(ctx, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kept = slices.DeleteFunc(c.kept, func(x keptRollup) bool { return x.key == key })
	c.kept = append(c.kept, keptRollup{key: key, sig: sig, rows: rows})
	if len(c.kept) > maxRollups {
		c.kept = c.kept[1:]
	}
	return rows, nil
}

// forget drops the kept rollups (a new line source).
func (c *rollupCache) forget() {
	c.mu.Lock()
	c.kept = nil
	c.mu.Unlock()
}

// sourceMonthSpends is MonthSpends on a line source: the catalog gives each
// key of the rollup its group, supplier and whether a contract covers it
// (a class), and the cluster sums the lines by class and month.
func (d *DB) sourceMonthSpends(ctx context.Context, buyerIDs []string) ([]cityspend.MonthSpend, error) {
	conn, l, done, err := d.onRollup(ctx, buyerIDs)
	if err != nil {
		return nil, err
	}
	defer done()
	w, args := inBuyers(buyerIDs)
	rows, err := conn.QueryContext(ctx, `SELECT DISTINCT p.buyer_id, p.payee_id, p.account_id, coalesce(p.item_id, 0), coalesce(p.contract_ref, ''),
			p.cut, `+groupExpr+`, y.supplier_id, p.contract_id IS NULL
		FROM payments p
		JOIN payees y ON y.buyer_id = p.buyer_id AND y.payee_id = p.payee_id
		JOIN accounts a ON a.buyer_id = p.buyer_id AND a.account_id = p.account_id
		LEFT JOIN items it ON it.buyer_id = p.buyer_id AND it.item_id = p.item_id
		LEFT JOIN payee_scope sc ON sc.buyer_id = p.buyer_id AND sc.payee_id = p.payee_id AND sc.account_id = p.account_id
		WHERE `+w+` AND coalesce(sc.in_scope, true)`, args...)
	if err != nil {
		return nil, fmt.Errorf("month spends: %w", err)
	}
	type class struct {
		group, supplier string
		uncovered       bool
	}
	var classes []class
	index := map[class]int32{}
	qs := map[string]*MonthQuery{}
	for rows.Next() {
		var buyer string
		var k LineKey
		var c class
		if err := rows.Scan(&buyer, &k.PayeeID, &k.AccountID, &k.ItemID, &k.ContractRef, &k.Cut, &c.group, &c.supplier, &c.uncovered); err != nil {
			rows.Close()
			return nil, fmt.Errorf("month spends: %w", err)
		}
		i, ok := index[c]
		if !ok {
			i = int32(len(classes))
			index[c] = i
			classes = append(classes, c)
		}
		q := qs[buyer]
		if q == nil {
			q = &MonthQuery{BuyerID: buyer, Cuts: l.cuts, Refs: l.refs}
			qs[buyer] = q
		}
		q.Keys, q.Classes = append(q.Keys, k), append(q.Classes, i)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("month spends: %w", err)
	}
	type gsm struct {
		group, supplier string
		month           time.Time
	}
	sums := map[gsm]*cityspend.MonthSpend{}
	for _, id := range buyerIDs {
		q := qs[id]
		if q == nil {
			continue
		}
		ms, err := d.lines.MonthSums(ctx, *q)
		if err != nil {
			return nil, fmt.Errorf("month spends: %w", err)
		}
		for _, m := range ms {
			c := classes[m.Class]
			k := gsm{c.group, c.supplier, m.Month.UTC()}
			x := sums[k]
			if x == nil {
				x = &cityspend.MonthSpend{Group: k.group, SupplierID: k.supplier, Month: k.month}
				sums[k] = x
			}
			x.Spend += cityspend.Amount(m.Amount)
			if c.uncovered {
				x.Uncovered += cityspend.Amount(m.Amount)
			}
			x.Lines += m.Lines
		}
	}
	out := make([]cityspend.MonthSpend, 0, len(sums))
	for _, x := range sums {
		out = append(out, *x)
	}
	slices.SortFunc(out, func(a, b cityspend.MonthSpend) int {
		return cmp.Or(cmp.Compare(a.Group, b.Group), cmp.Compare(a.SupplierID, b.SupplierID), a.Month.Compare(b.Month))
	})
	return out, nil
}

// cutOf is the cut of a date (see LinkQuery).
func (l *linked) cutOf(t time.Time) int32 {
	return int32(sort.Search(len(l.cuts), func(i int) bool { return l.cuts[i].After(t) }))
}

// bandLines is LinesBetween on a line source: the lines in the bands
// only, their groups and contract links from the rollup.
func (d *DB) bandLines(ctx context.Context, buyerIDs []string, bands [][2]cityspend.Amount) ([]cityspend.LineRef, error) {
	conn, l, done, err := d.onRollup(ctx, buyerIDs)
	if err != nil {
		return nil, err
	}
	defer done()
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE band_lines (buyer_id VARCHAR, batch_id BIGINT, line INTEGER,
		payee_id INTEGER, account_id INTEGER, unit_id INTEGER, item_id INTEGER, contract_ref VARCHAR, cut INTEGER, period_date DATE, amount BIGINT)`); err != nil {
		return nil, err
	}
	defer conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS temp.band_lines`)
	bs := make([][2]int64, len(bands))
	for i, b := range bands {
		bs[i] = [2]int64{int64(b[0]), int64(b[1])}
	}
	var ls []Line
	for _, id := range buyerIDs {
		if err := d.lines.Lines(ctx, LineQuery{BuyerIDs: []string{id}, Bands: bs, Cuts: l.cuts, Refs: l.refs}, func(x *Line) error {
			ls = append(ls, *x)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if err := appendOn(ctx, conn, "temp", "band_lines", len(ls), func(i int) []driver.Value {
		x := ls[i]
		var item any
		if x.ItemID != 0 {
			item = x.ItemID
		}
		return []driver.Value{x.BuyerID, x.BatchID, x.Line, x.PayeeID, x.AccountID, x.UnitID, item, nullStr(x.LinkRef), l.cutOf(x.PeriodDate),
			x.PeriodDate, x.Amount}
	}); err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, `SELECT CAST(p.batch_id AS VARCHAR) || ':' || CAST(p.line AS VARCHAR), `+groupExpr+`, y.supplier_id,
			p.period_date, p.amount, r.contract_id IS NOT NULL
		FROM band_lines p
		JOIN payments r ON r.buyer_id = p.buyer_id AND r.payee_id = p.payee_id AND r.account_id = p.account_id AND r.unit_id = p.unit_id
			AND r.item_id IS NOT DISTINCT FROM p.item_id AND r.contract_ref IS NOT DISTINCT FROM p.contract_ref AND r.cut = p.cut
		JOIN payees y ON y.buyer_id = p.buyer_id AND y.payee_id = p.payee_id
		JOIN accounts a ON a.buyer_id = p.buyer_id AND a.account_id = p.account_id
		LEFT JOIN items it ON it.buyer_id = p.buyer_id AND it.item_id = p.item_id
		LEFT JOIN payee_scope sc ON sc.buyer_id = p.buyer_id AND sc.payee_id = p.payee_id AND sc.account_id = p.account_id
		WHERE coalesce(sc.in_scope, true)
		ORDER BY p.period_date, p.batch_id, p.line`)
	if err != nil {
		return nil, fmt.Errorf("lines near thresholds: %w", err)
	}
	defer rows.Close()
	var out []cityspend.LineRef
	for rows.Next() {
		var r cityspend.LineRef
		var a int64
		if err := rows.Scan(&r.ID, &r.Group, &r.SupplierID, &r.Date, &a, &r.Covered); err != nil {
			return nil, fmt.Errorf("lines near thresholds: %w", err)
		}
		r.Date, r.Amount = r.Date.UTC(), cityspend.Amount(a)
		out = append(out, r)
	}
	return out, rows.Err()
}

// sourceEvidence is Evidence on a line source: the rollup's rows each
// query selects are found in the catalog, and the source reads only the
// largest lines of those rows in the query's window (a page per query
// and buyer).
func (d *DB) sourceEvidence(ctx context.Context, buyerIDs []string, qs []cityspend.EvidenceQuery, limit int) ([][]string, error) {
	out := make([][]string, len(qs))
	if limit <= 0 {
		return out, nil
	}
	conn, l, done, err := d.onRollup(ctx, buyerIDs)
	if err != nil {
		return nil, err
	}
	defer done()
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE evidence_queries (q INTEGER, grp VARCHAR, supplier VARCHAR,
		contract VARCHAR, d_from DATE, d_to DATE, uncovered BOOLEAN)`); err != nil {
		return nil, err
	}
	defer conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS temp.evidence_queries`)
	if err := appendOn(ctx, conn, "temp", "evidence_queries", len(qs), func(i int) []driver.Value {
		q := qs[i]
		return []driver.Value{int32(i), nullStr(q.Group), nullStr(q.SupplierID), nullStr(q.ContractID), q.From, q.To, q.UncoveredOnly}
	}); err != nil {
		return nil, err
	}
	// The rows of each query: Evidence's conditions on a line, on the rows
	// (whose lines share all but the date) that have lines in the window.
	rows, err := conn.QueryContext(ctx, `WITH l AS MATERIALIZED (
			SELECT p.buyer_id, p.payee_id, p.account_id, p.unit_id, coalesce(p.item_id, 0) AS item_id, coalesce(p.contract_ref, '') AS ref, p.cut,
				p.period_date AS d1, p.last_date AS d2, `+groupExpr+` AS g, y.supplier_id AS s, p.contract_id AS c
			FROM payments p
			JOIN payees y ON y.buyer_id = p.buyer_id AND y.payee_id = p.payee_id
			JOIN accounts a ON a.buyer_id = p.buyer_id AND a.account_id = p.account_id
			LEFT JOIN items it ON it.buyer_id = p.buyer_id AND it.item_id = p.item_id
			LEFT JOIN payee_scope sc ON sc.buyer_id = p.buyer_id AND sc.payee_id = p.payee_id AND sc.account_id = p.account_id
			WHERE coalesce(sc.in_scope, true)),
		m AS (
			SELECT e.q, l.* FROM l JOIN evidence_queries e ON e.grp = l.g AND e.supplier = l.s
			WHERE e.contract IS NULL AND l.d2 >= e.d_from AND l.d1 < e.d_to AND (NOT e.uncovered OR l.c IS NULL)
			UNION ALL
			SELECT e.q, l.* FROM l JOIN evidence_queries e ON e.grp = l.g
			WHERE e.supplier IS NULL AND e.contract IS NULL AND l.d2 >= e.d_from AND l.d1 < e.d_to AND (NOT e.uncovered OR l.c IS NULL)
			UNION ALL
			SELECT e.q, l.* FROM l JOIN evidence_queries e ON e.contract = l.c
			WHERE l.d2 >= e.d_from AND l.d1 < e.d_to)
		SELECT DISTINCT q, buyer_id, payee_id, account_id, unit_id, item_id, ref, cut FROM m ORDER BY ALL`)
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	type qb struct {
		q     int
		buyer string
	}
	keys := map[qb][]LineKey{}
	var order []qb
	for rows.Next() {
		var k qb
		var lk LineKey
		if err := rows.Scan(&k.q, &k.buyer, &lk.PayeeID, &lk.AccountID, &lk.UnitID, &lk.ItemID, &lk.ContractRef, &lk.Cut); err != nil {
			rows.Close()
			return nil, fmt.Errorf("evidence: %w", err)
		}
		if keys[k] == nil {
			order = append(order, k)
		}
		keys[k] = append(keys[k], lk)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	// The largest lines of each query over its buyers: each buyer's
	// largest, merged.
	type hit struct {
		amount, batch int64
		line          int32
	}
	hits := make([][]hit, len(qs))
	byBuyer := map[string][]qb{}
	var buyers []string
	for _, k := range order {
		if byBuyer[k.buyer] == nil {
			buyers = append(buyers, k.buyer)
		}
		byBuyer[k.buyer] = append(byBuyer[k.buyer], k)
	}
	for _, b := range buyers {
		ks := byBuyer[b]
		lq := LargestQuery{BuyerID: b, Cuts: l.cuts, Refs: l.refs, Limit: limit}
		for _, k := range ks {
			lq.Sels = append(lq.Sels, LineSelection{Keys: keys[k], Period: cityspend.Period{From: qs[k.q].From, To: qs[k.q].To}})
		}
		if err := d.lines.Largest(ctx, lq, func(sel int, x *Line) error {
			q := ks[sel].q
			hits[q] = append(hits[q], hit{x.Amount, x.BatchID, x.Line})
			return nil
		}); err != nil {
			return nil, fmt.Errorf("evidence: %w", err)
		}
	}
	for i, hs := range hits {
		slices.SortFunc(hs, func(a, b hit) int {
			return cmp.Or(cmp.Compare(abs64(b.amount), abs64(a.amount)), cmp.Compare(a.batch, b.batch), cmp.Compare(a.line, b.line))
		})
		for _, h := range hs[:min(len(hs), limit)] {
			out[i] = append(out[i], fmt.Sprintf("%d:%d", h.batch, h.line))
		}
	}
	return out, nil
}

func abs64(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}
