// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// checkCube fails unless the cube's sums equal the lines' by every key and
// month.
func checkCube(t *testing.T, db *DB, step string) {
	t.Helper()
	var diff int
	err := db.db.QueryRow(`SELECT count(*) FROM (
		(SELECT buyer_id, payee_id, account_id, unit_id, item_id, contract_id, date_trunc('month', period_date) AS m, sum(amount) AS s, count(*) AS n
			FROM payments GROUP BY ALL
		 EXCEPT SELECT buyer_id, payee_id, account_id, unit_id, item_id, contract_id, period_date AS m, sum(amount), sum(n) FROM spend_cube GROUP BY ALL)
		UNION ALL
		(SELECT buyer_id, payee_id, account_id, unit_id, item_id, contract_id, period_date AS m, sum(amount), sum(n) FROM spend_cube GROUP BY ALL
		 EXCEPT SELECT buyer_id, payee_id, account_id, unit_id, item_id, contract_id, date_trunc('month', period_date), sum(amount), count(*)
			FROM payments GROUP BY ALL))`).Scan(&diff)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	if diff != 0 {
		t.Errorf("%s: the spend cube differs from the lines in %d cells", step, diff)
	}
}

// The cube follows every change to the lines: imports (with duplicates
// removed), items assigned and reset, contracts linked. A period that does
// not start on the first of a month is read from the lines.
func TestSpendCubeFollowsTheLines(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	first := []cityspend.ImportRow{pay(2, 1, "A AS", 1000, "2024-01-05"), pay(3, 2, "B AS", 2000, "2024-01-25"), pay(4, 3, "B AS", 500, "2024-02-05")}
	first[2].Payment.ContractRef = "K-1"
	importRows(t, db, false, first...)
	checkCube(t, db, "import")
	importRows(t, db, false, append(first, pay(5, 4, "C AS", 300, "2024-02-20"))...)
	checkCube(t, db, "overlapping import")
	importRows(t, db, true, pay(6, 5, "D AS", 99, "2024-03-01"))
	checkCube(t, db, "dry run")
	if _, err := db.AssignItems(ctx, "3909"); err != nil {
		t.Fatal(err)
	}
	checkCube(t, db, "items")
	if err := db.ReplaceContracts(ctx, "3909", []cityspend.Contract{{ID: "K-1", BuyerID: "3909", Title: "K", Currency: "NOK", File: "k.csv", Line: 2}}); err != nil {
		t.Fatal(err)
	}
	if n, _, err := db.LinkContracts(ctx, "3909"); err != nil || n != 1 {
		t.Fatalf("linked %d, %v", n, err)
	}
	checkCube(t, db, "contracts")
	on, err := db.SpendBy(ctx, cityspend.SpendFilter{BuyerID: "3909"}, cityspend.ByOnContract, 0)
	if err != nil || len(on) != 2 || on[0].Key != "off" || on[0].Spend != 3300 || on[1].Spend != 500 {
		t.Errorf("on contract %+v, %v", on, err)
	}
	if err := db.ResetItems(ctx, "3909"); err != nil {
		t.Fatal(err)
	}
	checkCube(t, db, "reset items")
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	for _, c := range []struct {
		from, to string
		want     cityspend.Amount
	}{{"2024-01-01", "2024-02-01", 3000}, {"2024-01-10", "2024-02-10", 2500}, {"2024-02-01", "", 800}} {
		f := cityspend.SpendFilter{BuyerID: "3909", Period: cityspend.Period{From: day(c.from)}}
		if c.to != "" {
			f.Period.To = day(c.to)
		}
		tot, err := db.SpendTotal(ctx, f)
		if err != nil || tot.Spend != c.want {
			t.Errorf("%s–%s: %v, %v; want %v", c.from, c.to, tot.Spend, err, c.want)
		}
	}
	if !monthStart(day("2024-03-01")) || monthStart(day("2024-03-02")) || monthStart(day("2024-03-01").Add(time.Hour)) || !monthStart(time.Time{}) {
		t.Error("monthStart")
	}
}
