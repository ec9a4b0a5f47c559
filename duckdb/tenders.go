// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/cityspend/cityspend"
)

// PutTenders implements cityspend.Store: the tenders replace those of the
// same ocid, in one transaction.
func (d *DB) PutTenders(ctx context.Context, buyerID, file string, ts []cityspend.Tender) error {
	strs := func(ss []string) []any {
		out := make([]any, len(ss))
		for i, s := range ss {
			out[i] = s
		}
		return out
	}
	err := d.inConnTx(ctx, func(conn *sql.Conn) error {
		if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS put_ocids (ocid VARCHAR)`); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `DELETE FROM put_ocids`); err != nil {
			return err
		}
		if err := appendOn(ctx, conn, "temp", "put_ocids", len(ts), func(i int) []driver.Value { return []driver.Value{ts[i].OCID} }); err != nil {
			return err
		}
		for _, t := range []string{"tenders", "tender_lots", "tender_bids", "tender_awards", "tender_parties", "tender_criteria"} {
			if _, err := conn.ExecContext(ctx, `DELETE FROM `+t+` WHERE buyer_id = ? AND ocid IN (SELECT ocid FROM put_ocids)`, buyerID); err != nil {
				return err
			}
		}
		var crit []cityspend.Tender
		for _, t := range ts {
			if t.Criteria.Any() {
				crit = append(crit, t)
			}
		}
		if err := appendOn(ctx, conn, "", "tender_criteria", len(crit), func(i int) []driver.Value {
			c := crit[i].Criteria
			return []driver.Value{buyerID, crit[i].OCID, c.Green, c.Social, c.Innovation, c.Circular}
		}); err != nil {
			return err
		}
		if err := appendOn(ctx, conn, "", "tenders", len(ts), func(i int) []driver.Value {
			t := ts[i]
			var v any
			if t.HasValue {
				v = int64(t.Value)
			}
			return []driver.Value{buyerID, t.OCID, nullStr(t.ReleaseID), nullTime(t.Date), nullStr(t.Title), nullStr(t.Status), nullStr(t.Method),
				nullStr(t.MethodDetails), nullStr(t.Category), nullStr(t.BuyerID), nullStr(t.BuyerName), v, nullStr(t.Currency), nullTime(t.TenderStart),
				nullTime(t.TenderEnd), nullStr(t.CPV), string(t.Release), file, int32(t.Line)}
		}); err != nil {
			return err
		}
		type row []driver.Value
		var lots, bids, awards, parties []row
		for _, t := range ts {
			for _, l := range t.Lots {
				lots = append(lots, row{buyerID, t.OCID, l.ID, nullStr(l.Title), int64(l.Value), nullStr(l.Currency)})
			}
			for _, b := range t.Bids {
				bids = append(bids, row{buyerID, t.OCID, b.ID, nullStr(b.Status), strs(b.Tenderers), int64(b.Value), nullStr(b.Currency)})
			}
			for _, a := range t.Awards {
				awards = append(awards, row{buyerID, t.OCID, a.ID, nullStr(a.Status), nullTime(a.Date), strs(a.Suppliers), int64(a.Value), nullStr(a.Currency)})
			}
			for _, p := range t.Parties {
				parties = append(parties, row{buyerID, t.OCID, p.ID, nullStr(p.Name), strs(p.Roles), nullStr(p.Identifier)})
			}
		}
		for _, x := range []struct {
			table string
			rows  []row
		}{{"tender_lots", lots}, {"tender_bids", bids}, {"tender_awards", awards}, {"tender_parties", parties}} {
			if err := appendOn(ctx, conn, "", x.table, len(x.rows), func(i int) []driver.Value { return x.rows[i] }); err != nil {
				return err
			}
		}
		_, err := conn.ExecContext(ctx, `DELETE FROM put_ocids`)
		return err
	})
	if err != nil {
		return fmt.Errorf("tenders: %w", err)
	}
	return nil
}

// Tenders implements cityspend.Store: a buyer's tenders with their bids,
// awards and parties (lots in the release), newest first.
func (d *DB) Tenders(ctx context.Context, buyerID, ocid string) ([]cityspend.Tender, error) {
	cond, args := "buyer_id = ?", []any{buyerID}
	if ocid != "" {
		cond += " AND ocid = ?"
		args = append(args, ocid)
	}
	rows, err := d.db.QueryContext(ctx, `SELECT ocid, coalesce(release_id, ''), release_date, coalesce(title, ''), coalesce(status, ''),
			coalesce(method, ''), coalesce(method_details, ''), coalesce(category, ''), coalesce(ocds_buyer_id, ''), coalesce(ocds_buyer, ''),
			value, coalesce(currency, ''), tender_start, tender_end, coalesce(cpv, ''), line, coalesce(k.green, false), coalesce(k.social, false),
			coalesce(k.innovation, false), coalesce(k.circular, false)
		FROM tenders t LEFT JOIN tender_criteria k USING (buyer_id, ocid) WHERE `+cond+` ORDER BY release_date DESC NULLS LAST, ocid`, args...)
	if err != nil {
		return nil, fmt.Errorf("tenders: %w", err)
	}
	var out []cityspend.Tender
	index := map[string]int{}
	for rows.Next() {
		var t cityspend.Tender
		var date, start, end sql.NullTime
		var v sql.NullInt64
		if err := rows.Scan(&t.OCID, &t.ReleaseID, &date, &t.Title, &t.Status, &t.Method, &t.MethodDetails, &t.Category, &t.BuyerID, &t.BuyerName,
			&v, &t.Currency, &start, &end, &t.CPV, &t.Line, &t.Criteria.Green, &t.Criteria.Social, &t.Criteria.Innovation, &t.Criteria.Circular); err != nil {
			rows.Close()
			return nil, fmt.Errorf("tenders: %w", err)
		}
		t.Date, t.TenderStart, t.TenderEnd = utcTime(date), utcTime(start), utcTime(end)
		t.Value, t.HasValue = cityspend.Amount(v.Int64), v.Valid
		index[t.OCID] = len(out)
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tenders: %w", err)
	}
	if ocid == "" {
		return out, nil
	}
	// One tender: its bids, awards and parties too.
	list := func(v []any) []string {
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	parts := []struct {
		q    string
		scan func(rs *sql.Rows) error
	}{
		{`SELECT ocid, coalesce(bid_id, ''), coalesce(status, ''), tenderers, value, coalesce(currency, '') FROM tender_bids WHERE ` + cond,
			func(rs *sql.Rows) error {
				var oc string
				var b cityspend.Bid
				var ids []any
				var v int64
				if err := rs.Scan(&oc, &b.ID, &b.Status, &ids, &v, &b.Currency); err != nil {
					return err
				}
				b.Tenderers, b.Value = list(ids), cityspend.Amount(v)
				out[index[oc]].Bids = append(out[index[oc]].Bids, b)
				return nil
			}},
		{`SELECT ocid, coalesce(award_id, ''), coalesce(status, ''), suppliers, value, coalesce(currency, ''), award_date FROM tender_awards WHERE ` + cond,
			func(rs *sql.Rows) error {
				var oc string
				var a cityspend.Award
				var ids []any
				var v int64
				var at sql.NullTime
				if err := rs.Scan(&oc, &a.ID, &a.Status, &ids, &v, &a.Currency, &at); err != nil {
					return err
				}
				a.Suppliers, a.Value, a.Date = list(ids), cityspend.Amount(v), utcTime(at)
				out[index[oc]].Awards = append(out[index[oc]].Awards, a)
				return nil
			}},
		{`SELECT ocid, coalesce(party_id, ''), coalesce(name, ''), roles, coalesce(identifier, '') FROM tender_parties WHERE ` + cond,
			func(rs *sql.Rows) error {
				var oc string
				var p cityspend.Party
				var roles []any
				if err := rs.Scan(&oc, &p.ID, &p.Name, &roles, &p.Identifier); err != nil {
					return err
				}
				p.Roles = list(roles)
				out[index[oc]].Parties = append(out[index[oc]].Parties, p)
				return nil
			}},
	}
	for _, part := range parts {
		rs, err := d.db.QueryContext(ctx, part.q, args...)
		if err != nil {
			return nil, fmt.Errorf("tenders: %w", err)
		}
		for rs.Next() {
			if err := part.scan(rs); err != nil {
				rs.Close()
				return nil, fmt.Errorf("tenders: %w", err)
			}
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, fmt.Errorf("tenders: %w", err)
		}
	}
	return out, nil
}

func utcTime(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// TenderReleases implements cityspend.Store: each of a buyer's stored
// releases, one JSON document per call, in ocid order.
func (d *DB) TenderReleases(ctx context.Context, buyerID string, fn func(ocid string, release []byte) error) error {
	rows, err := d.db.QueryContext(ctx, `SELECT ocid, release FROM tenders WHERE buyer_id = ? ORDER BY ocid`, buyerID)
	if err != nil {
		return fmt.Errorf("releases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ocid, rel string
		if err := rows.Scan(&ocid, &rel); err != nil {
			return fmt.Errorf("releases: %w", err)
		}
		if err := fn(ocid, []byte(rel)); err != nil {
			return err
		}
	}
	return rows.Err()
}
