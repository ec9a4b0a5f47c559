// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/cityspend/cityspend"
)

type accountKey struct{ code, text string }

type unitKey struct{ orgUnit, costCentre, service, project string }

// dims assigns the dimension ids of one buyer during an import: existing
// payees, accounts and units keep their ids, new ones get the next id and are
// written when the rows have been read. Memory grows with the number of
// distinct values, not with the number of lines.
type dims struct {
	buyer    cityspend.Buyer
	payees   map[cityspend.Payee]int32
	accounts map[accountKey]int32
	units    map[unitKey]int32

	nextPayee, nextAccount, nextUnit int32
	newPayees                        []cityspend.Payee
	newAccounts                      []accountKey
	newUnits                         []unitKey

	// items, for lines going to a line source (Dims) only.
	items    map[itemKey]int32
	nextItem int32
	newItems []itemKey
}

func loadDims(ctx context.Context, conn *sql.Conn, buyer cityspend.Buyer) (*dims, error) {
	d := &dims{buyer: buyer, payees: map[cityspend.Payee]int32{}, accounts: map[accountKey]int32{}, units: map[unitKey]int32{}}
	rows, err := conn.QueryContext(ctx, `SELECT payee_id, coalesce(name, ''), coalesce(local_id, ''), coalesce(org_number, ''),
		coalesce(vat_number, ''), coalesce(country, ''), coalesce(postcode, '') FROM payees WHERE buyer_id = ?`, buyer.ID)
	if err != nil {
		return nil, fmt.Errorf("load payees: %w", err)
	}
	for rows.Next() {
		var id int32
		var p cityspend.Payee
		if err := rows.Scan(&id, &p.Name, &p.LocalID, &p.OrgNumber, &p.VATNumber, &p.Country, &p.Postcode); err != nil {
			rows.Close()
			return nil, fmt.Errorf("load payees: %w", err)
		}
		d.payees[p] = id
		d.nextPayee = max(d.nextPayee, id)
	}
	rows.Close()
	rows, err = conn.QueryContext(ctx, `SELECT account_id, coalesce(code, ''), coalesce(text, '') FROM accounts WHERE buyer_id = ?`, buyer.ID)
	if err != nil {
		return nil, fmt.Errorf("load accounts: %w", err)
	}
	for rows.Next() {
		var id int32
		var k accountKey
		if err := rows.Scan(&id, &k.code, &k.text); err != nil {
			rows.Close()
			return nil, fmt.Errorf("load accounts: %w", err)
		}
		d.accounts[k] = id
		d.nextAccount = max(d.nextAccount, id)
	}
	rows.Close()
	rows, err = conn.QueryContext(ctx, `SELECT unit_id, coalesce(org_unit, ''), coalesce(cost_centre, ''), coalesce(service_code, ''),
		coalesce(project, '') FROM units WHERE buyer_id = ?`, buyer.ID)
	if err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	for rows.Next() {
		var id int32
		var k unitKey
		if err := rows.Scan(&id, &k.orgUnit, &k.costCentre, &k.service, &k.project); err != nil {
			rows.Close()
			return nil, fmt.Errorf("load units: %w", err)
		}
		d.units[k] = id
		d.nextUnit = max(d.nextUnit, id)
	}
	rows.Close()
	return d, nil
}

// ids returns the dimension ids of a payment, adding new values.
func (d *dims) ids(p *cityspend.Payment) (payee, account, unit int32) {
	var ok bool
	if payee, ok = d.payees[p.Supplier]; !ok {
		// Keys may point into a whole raw line; keep copies of their own.
		k := cityspend.Payee{Name: strings.Clone(p.Supplier.Name), LocalID: strings.Clone(p.Supplier.LocalID),
			OrgNumber: strings.Clone(p.Supplier.OrgNumber), VATNumber: strings.Clone(p.Supplier.VATNumber),
			Country: strings.Clone(p.Supplier.Country), Postcode: strings.Clone(p.Supplier.Postcode)}
		d.nextPayee++
		payee = d.nextPayee
		d.payees[k] = payee
		d.newPayees = append(d.newPayees, k)
	}
	ak := accountKey{p.AccountCode, p.AccountText}
	if account, ok = d.accounts[ak]; !ok {
		ak = accountKey{strings.Clone(ak.code), strings.Clone(ak.text)}
		d.nextAccount++
		account = d.nextAccount
		d.accounts[ak] = account
		d.newAccounts = append(d.newAccounts, ak)
	}
	uk := unitKey{p.OrgUnit, p.CostCentre, p.ServiceCode, p.Project}
	if unit, ok = d.units[uk]; !ok {
		uk = unitKey{strings.Clone(uk.orgUnit), strings.Clone(uk.costCentre), strings.Clone(uk.service), strings.Clone(uk.project)}
		d.nextUnit++
		unit = d.nextUnit
		d.units[uk] = unit
		d.newUnits = append(d.newUnits, uk)
	}
	return payee, account, unit
}

// write appends the new dimension values, numbered in the order they came.
func (d *dims) write(dc driver.Conn) error {
	firstPayee := d.nextPayee - int32(len(d.newPayees))
	if err := appendRows(dc, "", "payees", len(d.newPayees), func(i int) []driver.Value {
		p := d.newPayees[i]
		key := cityspend.PayeeKey(p, d.buyer.Country)
		// Unresolved until resolution runs: the payee stands for itself.
		return []driver.Value{d.buyer.ID, firstPayee + int32(i) + 1, nullStr(p.Name), nullStr(p.LocalID), nullStr(p.OrgNumber),
			nullStr(p.VATNumber), nullStr(p.Country), nullStr(p.Postcode), key, key, nil, nil, nil}
	}); err != nil {
		return err
	}
	firstAccount := d.nextAccount - int32(len(d.newAccounts))
	if err := appendRows(dc, "", "accounts", len(d.newAccounts), func(i int) []driver.Value {
		a := d.newAccounts[i]
		return []driver.Value{d.buyer.ID, firstAccount + int32(i) + 1, nullStr(a.code), nullStr(a.text)}
	}); err != nil {
		return err
	}
	firstUnit := d.nextUnit - int32(len(d.newUnits))
	return appendRows(dc, "", "units", len(d.newUnits), func(i int) []driver.Value {
		u := d.newUnits[i]
		return []driver.Value{d.buyer.ID, firstUnit + int32(i) + 1, nullStr(u.orgUnit), nullStr(u.costCentre), nullStr(u.service), nullStr(u.project)}
	})
}

// appendOn appends n rows to a table through the Appender on a connection;
// catalog "temp" reaches temporary tables.
func appendOn(ctx context.Context, conn *sql.Conn, catalog, table string, n int, row func(i int) []driver.Value) error {
	return conn.Raw(func(dc any) error { return appendRows(dc.(driver.Conn), catalog, table, n, row) })
}

// appendRows appends n rows to a table through the Appender.
func appendRows(dc driver.Conn, catalog, table string, n int, row func(i int) []driver.Value) error {
	if n == 0 {
		return nil
	}
	a, err := duckdb.NewAppender(dc, catalog, "main", table)
	if err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	for i := 0; i < n; i++ {
		if err := a.AppendRow(row(i)...); err != nil {
			a.Close()
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	if err := a.Close(); err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	return nil
}
