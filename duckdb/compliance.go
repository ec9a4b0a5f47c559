// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cityspend/cityspend"
)

// ReplaceContracts implements cityspend.Store: the buyer's register is
// replaced by the file's, and the lines are linked again.
func (d *DB) ReplaceContracts(ctx context.Context, buyerID string, cs []cityspend.Contract) error {
	err := d.inConnTx(ctx, func(conn *sql.Conn) error {
		for _, q := range []string{`DELETE FROM contract_suppliers WHERE buyer_id = ?`, `DELETE FROM contracts WHERE buyer_id = ?`,
			`DELETE FROM contract_criteria WHERE buyer_id = ?`} {
			if _, err := conn.ExecContext(ctx, q, buyerID); err != nil {
				return err
			}
		}
		if err := appendOn(ctx, conn, "", "contracts", len(cs), func(i int) []driver.Value {
			c := cs[i]
			var max any
			if c.HasMax {
				max = int64(c.MaxValue)
			}
			return []driver.Value{buyerID, c.ID, c.Title, nullStr(c.CPV), nullTime(c.Start), nullTime(c.End), nullTime(c.Final), max, c.Currency,
				nullStr(c.Procedure), c.Framework, nullStr(c.NoticeRef), c.File, int32(c.Line)}
		}); err != nil {
			return err
		}
		var crit []cityspend.Contract
		for _, c := range cs {
			if c.Criteria.Any() {
				crit = append(crit, c)
			}
		}
		if err := appendOn(ctx, conn, "", "contract_criteria", len(crit), func(i int) []driver.Value {
			c := crit[i]
			return []driver.Value{buyerID, c.ID, c.Green, c.Social, c.Innovation, c.Circular}
		}); err != nil {
			return err
		}
		type cs2 struct{ id, sid, name string }
		var rows []cs2
		for _, c := range cs {
			for _, s := range c.Suppliers {
				rows = append(rows, cs2{c.ID, s.SupplierID, s.Name})
			}
		}
		return appendOn(ctx, conn, "", "contract_suppliers", len(rows), func(i int) []driver.Value {
			return []driver.Value{buyerID, rows[i].id, rows[i].sid, rows[i].name}
		})
	})
	if err != nil {
		return fmt.Errorf("contracts: %w", err)
	}
	return nil
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// normRef is how contract references are compared: trimmed, upper case.
const normRef = `upper(trim(%s))`

// LinkContracts implements cityspend.Store: each line gets the contract it
// names (by reference), else the contract of its supplier whose category
// holds the line's and whose term (with options) holds its date.
func (d *DB) LinkContracts(ctx context.Context, buyerID string) (byRef, byTerm int64, err error) {
	if d.lines != nil {
		// The lines of a line source are linked whenever they are summed
		// (onRollup): count the links.
		conn, _, done, err := d.onRollup(ctx, []string{buyerID})
		if err == nil {
			n := d.lineAgg()
			err = conn.QueryRowContext(ctx, `SELECT `+n.countIf("", "contract_link = 'reference'")+`,
				`+n.countIf("", "contract_link = 'supplier_category_term'")+` FROM payments WHERE buyer_id = ?`, buyerID).Scan(&byRef, &byTerm)
			done()
		}
		if err != nil {
			return 0, 0, fmt.Errorf("link contracts: %w", err)
		}
		return byRef, byTerm, nil
	}
	err = d.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if byRef, byTerm, err = linkContracts(ctx, tx, buyerID); err != nil {
			return err
		}
		return rebuildCube(ctx, tx, buyerID)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("link contracts: %w", err)
	}
	return byRef, byTerm, nil
}

// linkContracts links a buyer's lines in payments (the table, or the
// temporary one of onLines) to its contracts.
func linkContracts(ctx context.Context, tx execer, buyerID string) (byRef, byTerm int64, err error) {
	if _, err := tx.ExecContext(ctx, `UPDATE payments SET contract_id = NULL, contract_link = NULL
		WHERE buyer_id = ? AND contract_id IS NOT NULL`, buyerID); err != nil {
		return 0, 0, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE payments SET contract_id = c.contract_id, contract_link = 'reference'
		FROM contracts c WHERE payments.buyer_id = ? AND c.buyer_id = ? AND payments.contract_ref IS NOT NULL
			AND `+fmt.Sprintf(normRef, "payments.contract_ref")+` = `+fmt.Sprintf(normRef, "c.contract_id"), buyerID, buyerID)
	if err != nil {
		return 0, 0, err
	}
	byRef, _ = res.RowsAffected()
	// One contract per line: the latest-starting one that fits.
	res, err = tx.ExecContext(ctx, `UPDATE payments SET contract_id = m.contract_id, contract_link = 'supplier_category_term'
		FROM (
			SELECT p.rowid AS rid, arg_max(c.contract_id, coalesce(c.start_date, DATE '1900-01-01')) AS contract_id
			FROM payments p
			JOIN payees y ON y.buyer_id = p.buyer_id AND y.payee_id = p.payee_id
			JOIN contract_suppliers cs ON cs.buyer_id = p.buyer_id AND cs.supplier_id = y.supplier_id
			JOIN contracts c ON c.buyer_id = cs.buyer_id AND c.contract_id = cs.contract_id
			LEFT JOIN items it ON it.buyer_id = p.buyer_id AND it.item_id = p.item_id
			WHERE p.buyer_id = ? AND p.contract_id IS NULL
				AND (c.cpv IS NULL OR starts_with(coalesce(it.category, ''), left(c.cpv, 3)))
				AND (c.start_date IS NULL OR p.period_date >= c.start_date)
				AND (coalesce(c.final_date, c.end_date) IS NULL OR p.period_date <= coalesce(c.final_date, c.end_date))
			GROUP BY p.rowid) m
		WHERE payments.rowid = m.rid`, buyerID)
	if err != nil {
		return 0, 0, err
	}
	byTerm, _ = res.RowsAffected()
	return byRef, byTerm, nil
}

// Contracts implements cityspend.Store.
func (d *DB) Contracts(ctx context.Context, buyerID string) ([]cityspend.ContractRow, error) {
	conn, _, done, err := d.linesOrRollup(ctx, []string{buyerID})
	if err != nil {
		return nil, err
	}
	defer done()
	n := d.lineAgg()
	rows, err := conn.QueryContext(ctx, `WITH s AS (
			SELECT contract_id, CAST(sum(amount) AS BIGINT) AS spend, `+n.count("")+` AS n, min(period_date) AS first, max(`+n.last("")+`) AS last,
				`+n.countIf("", "contract_link = 'reference'")+` AS byref
			FROM payments WHERE buyer_id = ? AND contract_id IS NOT NULL GROUP BY contract_id),
		sup AS (SELECT contract_id, list(supplier_id ORDER BY supplier_id) AS ids, list(name ORDER BY supplier_id) AS names
			FROM contract_suppliers WHERE buyer_id = ? GROUP BY contract_id)
		SELECT c.contract_id, c.title, coalesce(c.cpv, ''), c.start_date, c.end_date, c.final_date, c.max_value, c.currency,
			coalesce(c.procedure, ''), c.framework, coalesce(c.notice_ref, ''), c.source_file, c.line,
			coalesce(s.spend, 0), coalesce(s.n, 0), s.first, s.last, coalesce(s.byref, 0),
			coalesce((SELECT CAST(sum(p.amount) AS BIGINT) FROM payments p WHERE p.buyer_id = c.buyer_id AND p.contract_id = c.contract_id
				AND p.period_date > coalesce(c.final_date, c.end_date)), 0),
			coalesce(sup.ids, []::VARCHAR[]), coalesce(sup.names, []::VARCHAR[]), coalesce(k.green, false), coalesce(k.social, false), coalesce(k.innovation, false), coalesce(k.circular, false)
		FROM contracts c LEFT JOIN s ON s.contract_id = c.contract_id LEFT JOIN sup ON sup.contract_id = c.contract_id
		LEFT JOIN contract_criteria k ON k.buyer_id = c.buyer_id AND k.contract_id = c.contract_id
		WHERE c.buyer_id = ? ORDER BY coalesce(s.spend, 0) DESC, c.contract_id`, buyerID, buyerID, buyerID)
	if err != nil {
		return nil, fmt.Errorf("contracts: %w", err)
	}
	defer rows.Close()
	var out []cityspend.ContractRow
	for rows.Next() {
		var c cityspend.ContractRow
		var start, end, final, first, last sql.NullTime
		var max sql.NullInt64
		var spend, after int64
		var ids, names []any
		if err := rows.Scan(&c.ID, &c.Title, &c.CPV, &start, &end, &final, &max, &c.Currency, &c.Procedure, &c.Framework, &c.NoticeRef,
			&c.File, &c.Line, &spend, &c.Lines, &first, &last, &c.ByRef, &after, &ids, &names, &c.Green, &c.Social, &c.Innovation, &c.Circular); err != nil {
			return nil, fmt.Errorf("contracts: %w", err)
		}
		c.BuyerID = buyerID
		c.Start, c.End, c.Final, c.FirstLine, c.LastLine = utcDate(start), utcDate(end), utcDate(final), utcDate(first), utcDate(last)
		if max.Valid {
			c.MaxValue, c.HasMax = cityspend.Amount(max.Int64), true
		}
		c.Spend, c.AfterFinal = cityspend.Amount(spend), cityspend.Amount(after)
		for i := range ids {
			id, _ := ids[i].(string)
			name, _ := names[i].(string)
			c.Suppliers = append(c.Suppliers, cityspend.ContractSupplier{SupplierID: id, Name: name})
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// groupExpr is the aggregation group of a line: its CPV group, else its
// account ("account:1270").
const groupExpr = `coalesce(rpad(left(it.category, 3), 8, '0'), 'account:' || coalesce(a.code, ''))`

// inBuyers is the condition on p.buyer_id for a list of buyers.
func inBuyers(ids []string) (string, []any) {
	q := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		q[i], args[i] = "?", id
	}
	return "p.buyer_id IN (" + strings.Join(q, ", ") + ")", args
}

// MonthSpends implements cityspend.Store: procurement spend by group,
// supplier and month over the buyers (one authority under its old and new
// ids), with the part no contract covers.
func (d *DB) MonthSpends(ctx context.Context, buyerIDs []string) ([]cityspend.MonthSpend, error) {
	if d.lines != nil {
		return d.sourceMonthSpends(ctx, buyerIDs)
	}
	conn, done, err := d.linesConn(ctx, buyerIDs, cityspend.Period{})
	if err != nil {
		return nil, err
	}
	defer done()
	w, args := inBuyers(buyerIDs)
	rows, err := conn.QueryContext(ctx, `SELECT `+groupExpr+` AS g, y.supplier_id, date_trunc('month', p.period_date) AS m,
			CAST(sum(p.amount) AS BIGINT), CAST(coalesce(sum(p.amount) FILTER (p.contract_id IS NULL), 0) AS BIGINT), count(*)
		FROM payments p
		JOIN payees y ON y.buyer_id = p.buyer_id AND y.payee_id = p.payee_id
		JOIN accounts a ON a.buyer_id = p.buyer_id AND a.account_id = p.account_id
		LEFT JOIN items it ON it.buyer_id = p.buyer_id AND it.item_id = p.item_id
		LEFT JOIN payee_scope sc ON sc.buyer_id = p.buyer_id AND sc.payee_id = p.payee_id AND sc.account_id = p.account_id
		WHERE `+w+` AND coalesce(sc.in_scope, true) GROUP BY g, y.supplier_id, m`, args...)
	if err != nil {
		return nil, fmt.Errorf("month spends: %w", err)
	}
	defer rows.Close()
	var out []cityspend.MonthSpend
	for rows.Next() {
		var m cityspend.MonthSpend
		var spend, unc int64
		if err := rows.Scan(&m.Group, &m.SupplierID, &m.Month, &spend, &unc, &m.Lines); err != nil {
			return nil, fmt.Errorf("month spends: %w", err)
		}
		m.Month = m.Month.UTC()
		m.Spend, m.Uncovered = cityspend.Amount(spend), cityspend.Amount(unc)
		out = append(out, m)
	}
	return out, rows.Err()
}

// LinesBetween implements cityspend.Store: the procurement lines whose
// amount falls in one of the bands [lo, hi).
func (d *DB) LinesBetween(ctx context.Context, buyerIDs []string, bands [][2]cityspend.Amount) ([]cityspend.LineRef, error) {
	if len(bands) == 0 {
		return nil, nil
	}
	if d.lines != nil {
		return d.bandLines(ctx, buyerIDs, bands)
	}
	conn, done, err := d.linesConn(ctx, buyerIDs, cityspend.Period{})
	if err != nil {
		return nil, err
	}
	defer done()
	w, args := inBuyers(buyerIDs)
	var or []string
	for _, b := range bands {
		or = append(or, "(p.amount >= ? AND p.amount < ?)")
		args = append(args, int64(b[0]), int64(b[1]))
	}
	rows, err := conn.QueryContext(ctx, `SELECT CAST(p.batch_id AS VARCHAR) || ':' || CAST(p.line AS VARCHAR), `+groupExpr+`, y.supplier_id,
			p.period_date, p.amount, p.contract_id IS NOT NULL
		FROM payments p
		JOIN payees y ON y.buyer_id = p.buyer_id AND y.payee_id = p.payee_id
		JOIN accounts a ON a.buyer_id = p.buyer_id AND a.account_id = p.account_id
		LEFT JOIN items it ON it.buyer_id = p.buyer_id AND it.item_id = p.item_id
		LEFT JOIN payee_scope sc ON sc.buyer_id = p.buyer_id AND sc.payee_id = p.payee_id AND sc.account_id = p.account_id
		WHERE `+w+` AND coalesce(sc.in_scope, true) AND (`+strings.Join(or, " OR ")+`)
		ORDER BY p.period_date, p.batch_id, p.line`, args...)
	if err != nil {
		return nil, fmt.Errorf("lines near thresholds: %w", err)
	}
	defer rows.Close()
	var out []cityspend.LineRef
	for rows.Next() {
		var l cityspend.LineRef
		var a int64
		if err := rows.Scan(&l.ID, &l.Group, &l.SupplierID, &l.Date, &a, &l.Covered); err != nil {
			return nil, fmt.Errorf("lines near thresholds: %w", err)
		}
		l.Date, l.Amount = l.Date.UTC(), cityspend.Amount(a)
		out = append(out, l)
	}
	return out, rows.Err()
}

// Evidence implements cityspend.Store: for each query, the ids of its
// lines, largest first, up to limit.
func (d *DB) Evidence(ctx context.Context, buyerIDs []string, qs []cityspend.EvidenceQuery, limit int) ([][]string, error) {
	out := make([][]string, len(qs))
	if len(qs) == 0 {
		return out, nil
	}
	if d.lines != nil {
		return d.sourceEvidence(ctx, buyerIDs, qs, limit)
	}
	err := d.onLines(ctx, buyerIDs, cityspend.Period{}, func(conn *sql.Conn) error {
		if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS evidence_queries (q INTEGER, grp VARCHAR, supplier VARCHAR,
			contract VARCHAR, d_from DATE, d_to DATE, uncovered BOOLEAN)`); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `DELETE FROM evidence_queries`); err != nil {
			return err
		}
		if err := appendOn(ctx, conn, "temp", "evidence_queries", len(qs), func(i int) []driver.Value {
			q := qs[i]
			return []driver.Value{int32(i), nullStr(q.Group), nullStr(q.SupplierID), nullStr(q.ContractID), q.From, q.To, q.UncoveredOnly}
		}); err != nil {
			return err
		}
		w, args := inBuyers(buyerIDs)
		// Equality joins (on the group and supplier, the group, or the
		// contract) keep this a hash join over the lines, not a range join.
		rows, err := conn.QueryContext(ctx, `WITH l AS MATERIALIZED (
				SELECT p.batch_id, p.line, p.period_date AS d, p.amount, `+groupExpr+` AS g, y.supplier_id AS s, p.contract_id AS c
				FROM payments p
				JOIN payees y ON y.buyer_id = p.buyer_id AND y.payee_id = p.payee_id
				JOIN accounts a ON a.buyer_id = p.buyer_id AND a.account_id = p.account_id
				LEFT JOIN items it ON it.buyer_id = p.buyer_id AND it.item_id = p.item_id
				LEFT JOIN payee_scope sc ON sc.buyer_id = p.buyer_id AND sc.payee_id = p.payee_id AND sc.account_id = p.account_id
				WHERE `+w+` AND coalesce(sc.in_scope, true)),
			m AS (
				SELECT e.q, l.* FROM l JOIN evidence_queries e ON e.grp = l.g AND e.supplier = l.s
				WHERE e.contract IS NULL AND l.d >= e.d_from AND l.d < e.d_to AND (NOT e.uncovered OR l.c IS NULL)
				UNION ALL
				SELECT e.q, l.* FROM l JOIN evidence_queries e ON e.grp = l.g
				WHERE e.supplier IS NULL AND e.contract IS NULL AND l.d >= e.d_from AND l.d < e.d_to AND (NOT e.uncovered OR l.c IS NULL)
				UNION ALL
				SELECT e.q, l.* FROM l JOIN evidence_queries e ON e.contract = l.c
				WHERE l.d >= e.d_from AND l.d < e.d_to),
			r AS (SELECT q, CAST(batch_id AS VARCHAR) || ':' || CAST(line AS VARCHAR) AS id,
					row_number() OVER (PARTITION BY q ORDER BY abs(amount) DESC, batch_id, line) AS rk FROM m)
			SELECT q, id FROM r WHERE rk <= ? ORDER BY q, rk`, append(args, limit)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var q int
			var id string
			if err := rows.Scan(&q, &id); err != nil {
				return err
			}
			out[q] = append(out[q], id)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		_, err = conn.ExecContext(ctx, `DELETE FROM evidence_queries`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	return out, nil
}

// ReplaceFindings implements cityspend.Store: the buyer's findings of the
// given kinds are replaced; decisions stay with their ids.
func (d *DB) ReplaceFindings(ctx context.Context, buyerID string, kinds []string, fs []cityspend.Finding) error {
	evs, laws := make([]string, len(fs)), make([]string, len(fs))
	for i, f := range fs {
		evs[i] = "[]"
		if f.Evidence != nil {
			b, err := json.Marshal(f.Evidence)
			if err != nil {
				return fmt.Errorf("finding %s: evidence: %w", f.ID, err)
			}
			evs[i] = string(b)
		}
		b, err := json.Marshal(f.FindingLaw)
		if err != nil {
			return fmt.Errorf("finding %s: law: %w", f.ID, err)
		}
		laws[i] = string(b)
	}
	err := d.inConnTx(ctx, func(conn *sql.Conn) error {
		for _, k := range kinds {
			if _, err := conn.ExecContext(ctx, `DELETE FROM findings WHERE buyer_id = ? AND kind = ?`, buyerID, k); err != nil {
				return err
			}
		}
		now := time.Now().UTC()
		return appendOn(ctx, conn, "", "findings", len(fs), func(i int) []driver.Value {
			f := fs[i]
			return []driver.Value{buyerID, f.ID, f.Kind, int64(f.Amount), nullTime(f.From), nullTime(f.To), nullStr(f.SupplierID), nullStr(f.Category),
				f.Lines, evs[i], f.Detail, now, laws[i]}
		})
	})
	if err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	return nil
}

// Findings implements cityspend.Store: a buyer's findings with the status
// of their latest decision (new when none), largest first.
func (d *DB) Findings(ctx context.Context, buyerID string) ([]cityspend.Finding, error) {
	out, err := d.findings(ctx, buyerID, "")
	if err != nil {
		return nil, fmt.Errorf("findings: %w", err)
	}
	return out, nil
}

// Finding implements cityspend.Store: one of a buyer's findings with the
// status of its latest decision; another buyer's is not found.
func (d *DB) Finding(ctx context.Context, buyerID, id string) (cityspend.Finding, error) {
	out, err := d.findings(ctx, buyerID, id)
	if err != nil {
		return cityspend.Finding{}, fmt.Errorf("finding %s: %w", id, err)
	}
	if len(out) == 0 {
		return cityspend.Finding{}, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no finding %s", buyerID, id)
	}
	return out[0], nil
}

// findings reads a buyer's findings, or only the one of id when id is not "".
func (d *DB) findings(ctx context.Context, buyerID, id string) ([]cityspend.Finding, error) {
	decided, where, args := "", "", []any{buyerID}
	if id != "" {
		decided, where = " AND finding_id = ?", " AND f.finding_id = ?"
		args = append(args, id)
	}
	args = append(args, buyerID)
	if id != "" {
		args = append(args, id)
	}
	rows, err := d.db.QueryContext(ctx, `WITH dd AS (SELECT finding_id, arg_max(status, decided_at) AS status, arg_max(who, decided_at) AS who,
				arg_max(why, decided_at) AS why, max(decided_at) AS at FROM finding_decisions WHERE buyer_id = ?`+decided+` GROUP BY finding_id)
		SELECT f.finding_id, f.kind, coalesce(dd.status, 'new'), f.amount, f.window_from, f.window_to, coalesce(f.supplier_id, ''),
			coalesce(f.category, ''), f.lines, f.evidence, f.detail, f.computed_at, coalesce(dd.who, ''), coalesce(dd.why, ''), dd.at,
			coalesce(f.law, '{}')
		FROM findings f LEFT JOIN dd ON dd.finding_id = f.finding_id
		WHERE f.buyer_id = ?`+where+` ORDER BY abs(f.amount) DESC, f.kind, f.finding_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cityspend.Finding
	// Many findings say the same of the law (a kind's rule, threshold and
	// exemptions checked): each text is decoded once, and each finding
	// gets its own copy of the exemptions.
	laws := map[string]cityspend.FindingLaw{}
	for rows.Next() {
		f := cityspend.Finding{BuyerID: buyerID}
		var from, to, at sql.NullTime
		var amount int64
		var ev, law string
		if err := rows.Scan(&f.ID, &f.Kind, &f.Status, &amount, &from, &to, &f.SupplierID, &f.Category, &f.Lines, &ev, &f.Detail, &f.ComputedAt,
			&f.Who, &f.Why, &at, &law); err != nil {
			return nil, err
		}
		fl, ok := laws[law]
		if !ok {
			if err := json.Unmarshal([]byte(law), &fl); err != nil {
				return nil, fmt.Errorf("finding %s: law: %w", f.ID, err)
			}
			laws[law] = fl
		}
		f.FindingLaw = fl
		f.Exemptions = slices.Clone(fl.Exemptions)
		f.Amount, f.From, f.To, f.DecidedAt = cityspend.Amount(amount), utcDate(from), utcDate(to), utcDate(at)
		f.ComputedAt = f.ComputedAt.UTC()
		var err error
		if f.Evidence, err = evidenceIDs(ev); err != nil {
			return nil, fmt.Errorf("finding %s: evidence: %w", f.ID, err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// evidenceIDs reads a finding's evidence, a JSON array of ids ("batch:line"
// or a release's id): a plain array of strings without escapes or
// whitespace, as json.Marshal writes one, is split as it is (a list of
// findings reads thousands; decoding them took a third of the findings
// page's CPU), anything else is decoded as JSON. Both read the same
// (FuzzEvidenceIDs).
func evidenceIDs(s string) ([]string, error) {
	if s == "null" {
		return nil, nil
	}
	if s == "[]" {
		return []string{}, nil
	}
	if len(s) >= 4 && s[0] == '[' && s[1] == '"' && s[len(s)-2] == '"' && s[len(s)-1] == ']' &&
		strings.IndexFunc(s, func(r rune) bool { return r == '\\' || r < 0x20 }) < 0 {
		ids := strings.Split(s[2:len(s)-2], `","`)
		plain := true
		for _, id := range ids {
			if strings.IndexByte(id, '"') >= 0 || !utf8.ValidString(id) {
				plain = false
				break
			}
		}
		if plain {
			return ids, nil
		}
	}
	var ids []string
	err := json.Unmarshal([]byte(s), &ids)
	return ids, err
}

// PutFindingDecision implements cityspend.Store.
func (d *DB) PutFindingDecision(ctx context.Context, fd cityspend.FindingDecision) error {
	if fd.At.IsZero() {
		fd.At = time.Now().UTC()
	}
	if _, err := d.db.ExecContext(ctx, `INSERT INTO finding_decisions VALUES (?, ?, ?, ?, ?, ?)`, fd.BuyerID, fd.FindingID, fd.Status, fd.Who, fd.Why, fd.At); err != nil {
		return fmt.Errorf("finding decision: %w", err)
	}
	return nil
}

// Thresholds implements cityspend.Store: the user's threshold rows.
func (d *DB) Thresholds(ctx context.Context) ([]cityspend.Threshold, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT regime, name, kind, amount, currency, valid_from, valid_to FROM thresholds ORDER BY regime, valid_from, amount`)
	if err != nil {
		return nil, fmt.Errorf("thresholds: %w", err)
	}
	defer rows.Close()
	var out []cityspend.Threshold
	for rows.Next() {
		var t cityspend.Threshold
		var a int64
		var to sql.NullTime
		if err := rows.Scan(&t.Regime, &t.Name, &t.Kind, &a, &t.Currency, &t.ValidFrom, &to); err != nil {
			return nil, fmt.Errorf("thresholds: %w", err)
		}
		t.Amount, t.ValidFrom, t.ValidTo = cityspend.Amount(a), t.ValidFrom.UTC(), utcDate(to)
		out = append(out, t)
	}
	return out, rows.Err()
}

// SetThresholds implements cityspend.Store: it replaces the user's rows of
// a regime.
func (d *DB) SetThresholds(ctx context.Context, regime string, ts []cityspend.Threshold) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM thresholds WHERE regime = ?`, regime); err != nil {
			return fmt.Errorf("thresholds: %w", err)
		}
		for _, t := range ts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO thresholds VALUES (?, ?, ?, ?, ?, ?, ?)`, t.Regime, t.Name, t.Kind, int64(t.Amount), t.Currency,
				t.ValidFrom, nullTime(t.ValidTo)); err != nil {
				return fmt.Errorf("thresholds: %w", err)
			}
		}
		return nil
	})
}

// PaymentsByID implements cityspend.Store: the lines with the given ids
// ("batch:line") among the buyers' lines, in date order. The embedded
// lines are picked as rowids first, reading only the integer columns, and
// then read by rowid (paymentsByRowID): a finding's evidence is a few
// lines of millions.
func (d *DB) PaymentsByID(ctx context.Context, buyerIDs []string, ids []string) ([]cityspend.Payment, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if d.lines != nil {
		return d.sourcePaymentsByID(ctx, buyerIDs, ids)
	}
	keys, args, err := lineKeys(ids)
	if err != nil || keys == "" {
		return nil, err
	}
	w, wargs := inBuyers(buyerIDs)
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("lines by id: %w", err)
	}
	defer tx.Rollback()
	// A semi-join on the ids' values, not (batch_id, line) IN (…), which
	// the engine tests row by row: 45 against 220 ms of CPU for 50 ids at
	// 10 million lines.
	rids, err := ints[int64](ctx, tx, `SELECT p.rowid FROM payments p SEMI JOIN (VALUES `+keys+`) k(batch_id, line)
			ON p.batch_id = k.batch_id AND p.line = k.line
		WHERE `+w+` ORDER BY p.period_date, p.batch_id, p.line`, append(args, wargs...)...)
	if err != nil {
		return nil, fmt.Errorf("lines by id: %w", err)
	}
	ps, err := paymentsByRowID(ctx, tx, rids)
	if err != nil {
		return nil, fmt.Errorf("lines by id: %w", err)
	}
	return ps, nil
}

// lineKeys is the (batch, line) pairs of line ids ("batch:line") as a
// list of rows of placeholders, and their values. An id not written as
// the store writes them (a number with a sign or leading zeros, a line
// beyond the column's range) names no line and is left out; one without
// the colon is an error. keys is "" when no id is left.
func lineKeys(ids []string) (keys string, args []any, _ error) {
	var ks []string
	for _, id := range ids {
		b, l, ok := strings.Cut(id, ":")
		if !ok {
			return "", nil, cityspend.Errorf(cityspend.EINVALID, "line id %q: want batch:line", id)
		}
		bn, berr := strconv.ParseInt(b, 10, 64)
		ln, lerr := strconv.ParseInt(l, 10, 32)
		if berr != nil || lerr != nil || strconv.FormatInt(bn, 10) != b || strconv.FormatInt(ln, 10) != l {
			continue
		}
		ks = append(ks, "(?, ?)")
		args = append(args, bn, ln)
	}
	return strings.Join(ks, ", "), args, nil
}

// sourcePaymentsByID is PaymentsByID over a line source: the buyers'
// lines are read from it into the catalog's temporary tables.
func (d *DB) sourcePaymentsByID(ctx context.Context, buyerIDs []string, ids []string) ([]cityspend.Payment, error) {
	keys, args, err := lineKeys(ids)
	if err != nil || keys == "" {
		return nil, err
	}
	w, wargs := inBuyers(buyerIDs)
	conn, done, err := d.linesConn(ctx, buyerIDs, cityspend.Period{})
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := conn.QueryContext(ctx, `SELECT `+paymentCols+` FROM `+from("payments p", paymentCols)+` JOIN import_batches ib ON ib.id = p.batch_id
		SEMI JOIN (VALUES `+keys+`) k(batch_id, line) ON p.batch_id = k.batch_id AND p.line = k.line
		WHERE `+w+` ORDER BY p.period_date, p.batch_id, p.line`, append(args, wargs...)...)
	if err != nil {
		return nil, fmt.Errorf("lines by id: %w", err)
	}
	defer rows.Close()
	var out []cityspend.Payment
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			return nil, fmt.Errorf("lines by id: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
