// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/cityspend/cityspend"
)

// itemTextOf (Go, for lines going to a line source) and itemText (SQL, for
// the embedded store's lines) name the same item: the same text for any
// description, or a line would get another item on each store.
func FuzzItemText(f *testing.F) {
	for _, s := range []string{"", "Faktura 1234 arbeid", "  Leie\tav 12 maskiner\n", "ÆØÅ 2024-03 Strøm", "a  b\r\n\fc", "123", " 1 2 3 ",
		"Café 10 %", "x\u00a0y", "TEST\u2003ord", "Ĳssel İstanbul"} {
		f.Add(s)
	}
	db := openTest(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // stored text is valid UTF-8 (both imports replace invalid bytes)
		}
		var want string
		if err := db.db.QueryRowContext(context.Background(), `SELECT `+itemText+` FROM (SELECT ? AS description)`, s).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if got := itemTextOf(s); got != want {
			t.Errorf("%q: Go %q, SQL %q", s, got, want)
		}
	})
}

// An item carries the ledger's own organisational texts of most of its
// lines (org unit and cost centre), for the classifier to read; on a tie,
// the first in order, so that it is the same on every run.
func TestItemUnit(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	var rs []cityspend.ImportRow
	for i, u := range [][2]string{{"Parks & Open Spaces", "Grounds"}, {"Highways", ""}, {"Parks & Open Spaces", "Grounds"}, {"Waste", ""}, {"Libraries", ""}} {
		r := pay(i+2, uint64(i+1), "A AS", 1000, "2024-01-05")
		r.Payment.OrgUnit, r.Payment.CostCentre = u[0], u[1]
		if i >= 3 {
			r.Payment.Supplier.Name = "B AS" // another item: one line each of two units
		}
		rs = append(rs, r)
	}
	importRows(t, db, false, rs...)
	got := map[string]string{}
	for _, it := range assignedItems(t, db) {
		got[it.SupplierName] = it.Unit
	}
	if got["A AS"] != "Parks & Open Spaces Grounds" || got["B AS"] != "Libraries" {
		t.Errorf("units %v", got)
	}
}

// assignedItems gives Larvik's lines their items and reads them.
func assignedItems(t *testing.T, db *DB) []cityspend.Item {
	t.Helper()
	ctx := context.Background()
	if _, err := db.AssignItems(ctx, "3909"); err != nil {
		t.Fatal(err)
	}
	items, err := db.Items(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// Items reads a buyer's items itemsChunk item numbers at a time (the
// engine hands over a query's whole answer at once): read in chunks of two
// they are the same items, in the same order, with the same spend, lines
// and units, as read at once.
func TestItemsInChunks(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	var rs []cityspend.ImportRow
	units := []string{"Parks", "Highways", "Waste"}
	for i := range 23 {
		r := pay(i+2, uint64(i+1), []string{"A AS", "B AS", "C AS", "D AS", "E AS", "F AS", "G AS"}[i%7], cityspend.Amount(1000+100*i), "2024-01-05")
		r.Payment.OrgUnit = units[i%len(units)]
		r.Payment.Description = []string{"Leie", "Drift"}[i%2]
		rs = append(rs, r)
	}
	importRows(t, db, false, rs...)
	whole := assignedItems(t, db)
	if len(whole) < 10 {
		t.Fatalf("%d items, want at least 10", len(whole))
	}
	var lines int64
	for i, it := range whole {
		lines += it.Lines
		if it.Unit == "" || it.Spend == 0 {
			t.Errorf("item %d: unit %q, spend %s", it.ID, it.Unit, it.Spend)
		}
		if i > 0 && it.ID <= whole[i-1].ID {
			t.Errorf("item %d after %d", it.ID, whole[i-1].ID)
		}
	}
	if lines != int64(len(rs)) {
		t.Errorf("the items count %d lines, want %d", lines, len(rs))
	}
	chunk := itemsChunk
	t.Cleanup(func() { itemsChunk = chunk })
	itemsChunk = 2
	chunked, err := db.Items(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(chunked, whole) {
		t.Errorf("in chunks of 2:\n%+v\nat once:\n%+v", chunked, whole)
	}
}
