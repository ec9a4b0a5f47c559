// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// A page of lines and the total beside it, as the lines page shows them:
// the total (read from the cubes) equals the lines summed, and every page
// (picked within the months the cube names, then read by rowid) equals the
// same slice of all the filter's lines read in order — with and without
// filters, after imports, a scope decision, categories and an undo. The
// lines are read by EachPayment, which neither reads the cubes nor picks
// by rowid.
func TestLinesPageFollowsTheLines(t *testing.T) {
	t.Parallel() // a database of its own: beside the package's other long tests
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	key := uint64(0)
	batch := func(n int, b int) []cityspend.ImportRow {
		var rs []cityspend.ImportRow
		for i := range n {
			d := time.Date(2024, 12, 1+rng.IntN(400), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
			if i < 150 {
				d = "2025-03-03" // a day with more lines than a page
			}
			key++
			r := pay(i+2, key, fmt.Sprintf("Supplier %d", rng.IntN(7)), cityspend.Amount(rng.IntN(5_000_00)-20_00), d)
			r.Payment.AccountCode = []string{"1270", "1400", "4290"}[rng.IntN(3)]
			r.Payment.OrgUnit = []string{"Skole", "Helse", ""}[rng.IntN(3)]
			r.Payment.Description = fmt.Sprintf("batch %d line %d", b, i+2)
			rs = append(rs, r)
		}
		return rs
	}
	year := cityspend.Period{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	cut := cityspend.Period{From: time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 9, 17, 0, 0, 0, 0, time.UTC)}
	check := func(step string) {
		t.Helper()
		sups, err := db.SpendBy(ctx, cityspend.SpendFilter{BuyerID: "3909"}, cityspend.BySupplier, 0)
		if err != nil || len(sups) < 2 {
			t.Fatalf("%s: suppliers %+v, %v", step, sups, err)
		}
		filters := []cityspend.SpendFilter{{Scope: cityspend.ScopeAll}, {Scope: cityspend.ScopeIn}, {Scope: cityspend.ScopeOut},
			{Scope: cityspend.ScopeIn, SupplierKey: sups[1].Key}, {Scope: cityspend.ScopeIn, OrgUnit: "Skole"},
			{Scope: cityspend.ScopeIn, AccountPfx: "14"}, {Scope: cityspend.ScopeIn, Category: "45"},
			{Scope: cityspend.ScopeAll, Category: cityspend.CategoryUnclassified}}
		for _, f := range filters {
			for _, p := range []cityspend.Period{year, cut} {
				f.BuyerID, f.Period = "3909", p
				var all []cityspend.Payment
				want := cityspend.SpendTotal{}
				seen := map[string]bool{}
				if err := db.EachPayment(ctx, f, func(p cityspend.Payment) error {
					all = append(all, p)
					want.Spend += p.Amount
					want.Lines++
					if !seen[p.SupplierKey] {
						seen[p.SupplierKey] = true
						want.Suppliers++
					}
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				got, err := db.SpendTotal(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("%s: total of %+v is %+v; the lines sum to %+v", step, f, got, want)
				}
				for _, pg := range []struct{ offset, limit int }{{0, 100}, {137, 50}, {len(all) - 5, 100}, {len(all) + 40, 100}} {
					page, err := db.Payments(ctx, f, pg.offset, pg.limit)
					if err != nil {
						t.Fatal(err)
					}
					lo := min(max(pg.offset, 0), len(all))
					wantPage := all[lo:min(lo+pg.limit, len(all))]
					if len(page) != len(wantPage) {
						t.Errorf("%s: %+v, lines %d+%d: %d lines, want %d", step, f, pg.offset, pg.limit, len(page), len(wantPage))
						continue
					}
					for i := range page {
						g, w := page[i], wantPage[i]
						if g.BatchID != w.BatchID || g.Line != w.Line || g.Description != w.Description || g.Amount != w.Amount ||
							g.Supplier.Name != w.Supplier.Name || g.AccountCode != w.AccountCode || g.OrgUnit != w.OrgUnit ||
							g.SourceFile != w.SourceFile || !g.PaymentDate.Equal(w.PaymentDate) {
							t.Errorf("%s: %+v, lines %d+%d: line %d is %d:%d %q, want %d:%d %q", step, f, pg.offset, pg.limit, i,
								g.BatchID, g.Line, g.Description, w.BatchID, w.Line, w.Description)
							break
						}
					}
				}
			}
		}
	}
	importRows(t, db, false, batch(400, 1)...)
	check("import")
	b := importRows(t, db, false, batch(300, 2)...)
	check("second import")
	pas, err := db.PayeeAccounts(ctx, "3909")
	if err != nil || len(pas) == 0 {
		t.Fatalf("payee accounts %+v, %v", pas, err)
	}
	if err := db.SetPayeeScope(ctx, "3909", []cityspend.PayeeScope{{PayeeID: pas[0].PayeeID, AccountID: pas[0].AccountID, InScope: false,
		Reason: "transfer"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AssignItems(ctx, "3909"); err != nil {
		t.Fatal(err)
	}
	items, err := db.Items(ctx, "3909")
	if err != nil || len(items) < 3 {
		t.Fatalf("items %d, %v", len(items), err)
	}
	var cs []cityspend.ItemCategory
	for i := range len(items) / 2 {
		cs = append(cs, cityspend.ItemCategory{ItemID: items[i].ID, Categorization: cityspend.Categorization{CPV: "45000000", Rule: "test", Confidence: 0.9}})
	}
	if err := db.SetCategories(ctx, "3909", cs); err != nil {
		t.Fatal(err)
	}
	check("scope and categories")
	byAccount := func() string {
		t.Helper()
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		c, err := scopeByAccount(ctx, tx, cityspend.SpendFilter{BuyerID: "3909", Period: year, Scope: cityspend.ScopeIn})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := byAccount(); c != "" {
		t.Errorf("an account split by a payee's decision: the scope by account is %q, want none", c)
	}
	// Every payee of that account out: the scope is the accounts'.
	var out []cityspend.PayeeScope
	for _, pa := range pas {
		if pa.AccountID == pas[0].AccountID {
			out = append(out, cityspend.PayeeScope{PayeeID: pa.PayeeID, AccountID: pa.AccountID, InScope: false, Reason: "transfer"})
		}
	}
	if err := db.SetPayeeScope(ctx, "3909", out); err != nil {
		t.Fatal(err)
	}
	if c := byAccount(); !strings.HasPrefix(c, "p.account_id IN (") || strings.Contains(c, fmt.Sprint(pas[0].AccountID)) {
		t.Errorf("account %d out of scope: the scope by account is %q", pas[0].AccountID, c)
	}
	check("an account out of scope")
	if _, err := db.UndoBatch(ctx, "3909", b.ID, cityspend.AuditEntry{Who: "test"}); err != nil {
		t.Fatal(err)
	}
	check("undo")
}

// Lines read by rowid come back in the order asked for, however they lie
// (one line, neighbours, spread over the table).
func TestPaymentsByRowID(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	var rs []cityspend.ImportRow
	for i := range 60 {
		r := pay(i+2, uint64(i+1), fmt.Sprintf("Supplier %d", i%4), cityspend.Amount(100*(i+1)), "2025-02-01")
		r.Payment.Description = fmt.Sprintf("line %d", i+2)
		rs = append(rs, r)
	}
	importRows(t, db, false, rs...)
	desc := map[int64]string{}
	rows, err := db.db.QueryContext(ctx, `SELECT rowid, description FROM payments`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var d string
		if err := rows.Scan(&id, &d); err != nil {
			t.Fatal(err)
		}
		desc[id] = d
	}
	rows.Close()
	if len(desc) != 60 {
		t.Fatalf("%d lines", len(desc))
	}
	for _, ids := range [][]int64{{41, 3, 17, 18, 59, 0, 33}, {7}, {59, 58}} {
		got, err := paymentsByRowID(ctx, db.db, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(ids) {
			t.Fatalf("rowids %v: %d lines", ids, len(got))
		}
		for i, id := range ids {
			if want := desc[id]; got[i].Description != want || fmt.Sprintf("line %d", got[i].Line) != want {
				t.Errorf("rowids %v: line %d is %q (line %d), want %q", ids, i, got[i].Description, got[i].Line, want)
			}
		}
	}
	if _, err := paymentsByRowID(ctx, db.db, []int64{5, 500}); err == nil {
		t.Error("a rowid without a line gave no error")
	}
}
