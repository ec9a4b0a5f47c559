// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"fmt"
	"reflect"
	"sort"
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
	// The category cube: the lines summed by org unit and category.
	const direct = `SELECT p.buyer_id, p.payee_id, p.account_id, u.org_unit, it.category, p.contract_id, date_trunc('month', p.period_date) AS m,
			sum(p.amount) AS s, count(*) AS n
		FROM payments p LEFT JOIN units u ON u.buyer_id = p.buyer_id AND u.unit_id = p.unit_id
		LEFT JOIN items it ON it.buyer_id = p.buyer_id AND it.item_id = p.item_id GROUP BY ALL`
	const folded = `SELECT buyer_id, payee_id, account_id, org_unit, category, contract_id, period_date AS m, sum(amount), sum(n)
		FROM category_cube GROUP BY ALL`
	err = db.db.QueryRow(`SELECT count(*) FROM ((` + direct + ` EXCEPT ` + folded + `) UNION ALL (` + folded + ` EXCEPT ` + direct + `))`).Scan(&diff)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	if diff != 0 {
		t.Errorf("%s: the category cube differs from the lines in %d cells", step, diff)
	}
	// The year cube: the lines summed by org unit, category and the first
	// day of the buyer's fiscal year.
	const byYear = `SELECT p.buyer_id, p.payee_id, p.account_id, u.org_unit, it.category, p.contract_id,
			make_date(year(p.period_date) - CASE WHEN month(p.period_date) < b.fiscal_start THEN 1 ELSE 0 END, b.fiscal_start, 1) AS y,
			sum(p.amount) AS s, count(*) AS n
		FROM payments p JOIN buyers b ON b.id = p.buyer_id LEFT JOIN units u ON u.buyer_id = p.buyer_id AND u.unit_id = p.unit_id
		LEFT JOIN items it ON it.buyer_id = p.buyer_id AND it.item_id = p.item_id GROUP BY ALL`
	const years = `SELECT buyer_id, payee_id, account_id, org_unit, category, contract_id, period_date AS y, sum(amount), sum(n)
		FROM year_cube GROUP BY ALL`
	err = db.db.QueryRow(`SELECT count(*) FROM ((` + byYear + ` EXCEPT ` + years + `) UNION ALL (` + years + ` EXCEPT ` + byYear + `))`).Scan(&diff)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	if diff != 0 {
		t.Errorf("%s: the year cube differs from the lines in %d cells", step, diff)
	}
	checkFolded(t, db, step)
}

// checkFolded fails unless the rollups the category and year cubes answer
// give the figures of the same queries over the lines (a period that does
// not start on the first of a month is read from the lines): over every
// date and whole fiscal years (the year cube, but by month), and whole
// months that are not fiscal years (the category cube).
func checkFolded(t *testing.T, db *DB, step string) {
	t.Helper()
	ctx := context.Background()
	b, err := db.Buyer(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	fy := func(y int) time.Time { return time.Date(y, time.Month(b.FiscalStart), 1, 0, 0, 0, 0, time.UTC) }
	periods := []cityspend.Period{{}, {From: fy(2023), To: fy(2025)}, {From: fy(2024)},
		{From: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}}
	// The same dates, from the lines: each bound a second earlier, which
	// no line's date (a day) lies between.
	lines := func(p cityspend.Period) cityspend.Period {
		if p.From.IsZero() {
			p.From = time.Date(1990, 1, 1, 0, 0, 1, 0, time.UTC)
		} else {
			p.From = p.From.Add(-time.Second)
		}
		if !p.To.IsZero() {
			p.To = p.To.Add(-time.Second)
		}
		return p
	}
	filters := []cityspend.SpendFilter{{}, {Category: "45"}, {Category: cityspend.CategoryUnclassified}, {OrgUnit: "Skole"},
		{Scope: cityspend.ScopeIn}, {Scope: cityspend.ScopeOut}, {AccountPfx: "12", Category: "3"}}
	dims := []cityspend.Dimension{cityspend.ByCPVGroup, cityspend.ByCPV, cityspend.ByOrgUnit, cityspend.BySupplier, cityspend.ByFiscalYear,
		cityspend.ByMonth, cityspend.ByOnContract}
	for _, p := range periods {
		for _, f := range filters {
			f.BuyerID, f.Period = "3909", p
			checkFoldedFilter(t, db, step, f, lines(p), dims)
		}
	}
}

// checkFoldedFilter compares a filter's rollups read from the cubes with
// the same read from the lines (the filter with the period lines).
func checkFoldedFilter(t *testing.T, db *DB, step string, f cityspend.SpendFilter, lines cityspend.Period, dims []cityspend.Dimension) {
	t.Helper()
	ctx := context.Background()
	fl := f
	fl.Period = lines
	tot, err := db.SpendTotal(ctx, f)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	totLines, err := db.SpendTotal(ctx, fl)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	if tot != totLines {
		t.Errorf("%s: spend total of %+v: the cubes give %+v, the lines %+v", step, f, tot, totLines)
	}
	for _, dim := range dims {
		cube, err := db.SpendBy(ctx, f, dim, 0)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		direct, err := db.SpendBy(ctx, fl, dim, 0)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if !reflect.DeepEqual(cube, direct) {
			t.Errorf("%s: spend by %s of %+v: the cubes give %+v, the lines %+v", step, dim, f, cube, direct)
		}
	}
	cells, err := db.SpendCross(ctx, f, cityspend.ByCPVGroup, cityspend.BySupplier)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	direct, err := db.SpendCross(ctx, fl, cityspend.ByCPVGroup, cityspend.BySupplier)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	if !reflect.DeepEqual(cells, direct) {
		t.Errorf("%s: spend by group and supplier of %+v: the cubes give %+v, the lines %+v", step, f, cells, direct)
	}
	for _, units := range []bool{true, false} {
		fp, err := db.FootprintCells(ctx, f, units)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		direct, err := db.FootprintCells(ctx, fl, units)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		sortCells(fp)
		sortCells(direct)
		if !reflect.DeepEqual(fp, direct) {
			t.Errorf("%s: footprint cells of %+v (units %v): the cubes give %+v, the lines %+v", step, f, units, fp, direct)
		}
	}
}

func sortCells(cs []cityspend.FootprintCell) {
	sort.Slice(cs, func(i, j int) bool { return fmt.Sprintf("%+v", cs[i]) < fmt.Sprintf("%+v", cs[j]) })
}

// The cube follows every change to the lines: imports (with duplicates
// removed), items assigned and reset, contracts linked. A period that does
// not start on the first of a month is read from the lines. The year cube
// is by the buyer's fiscal year: one that starts in January, and one in
// March (the lines of January and February are of the year before).
func TestSpendCubeFollowsTheLines(t *testing.T) {
	// Categories are written a few items at a time, as a city's are (set
	// back once both fiscal starts are done).
	chunk := setCategoriesChunk
	t.Cleanup(func() { setCategoriesChunk = chunk })
	setCategoriesChunk = 2
	for _, start := range []int{1, 3} {
		t.Run(fmt.Sprintf("fiscal start %d", start), func(t *testing.T) {
			// The two databases share nothing: a minute of queries each,
			// on both cores at once (no other test runs beside them).
			t.Parallel()
			b := larvik
			b.FiscalStart = start
			cubeFollowsTheLines(t, b)
		})
	}
}

func cubeFollowsTheLines(t *testing.T, buyer cityspend.Buyer) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, buyer); err != nil {
		t.Fatal(err)
	}
	first := []cityspend.ImportRow{pay(2, 1, "A AS", 1000, "2024-01-05"), pay(3, 2, "B AS", 2000, "2024-01-25"), pay(4, 3, "B AS", 500, "2024-02-05")}
	first[2].Payment.ContractRef = "K-1"
	first[0].Payment.OrgUnit, first[1].Payment.OrgUnit = "Skole", "Helse"
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
	items, err := db.Items(ctx, "3909")
	if err != nil || len(items) < 3 {
		t.Fatalf("items %+v, %v", items, err)
	}
	classify := func(cpvs ...string) {
		t.Helper()
		var cs []cityspend.ItemCategory
		for i, c := range cpvs {
			cs = append(cs, cityspend.ItemCategory{ItemID: items[i].ID, Categorization: cityspend.Categorization{CPV: c, Rule: "test", Confidence: 0.9}})
		}
		if err := db.SetCategories(ctx, "3909", cs); err != nil {
			t.Fatal(err)
		}
		stored, err := db.Items(ctx, "3909")
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range cpvs {
			if stored[i].Category.CPV != c {
				t.Errorf("item %d stored in %q, want %q", stored[i].ID, stored[i].Category.CPV, c)
			}
		}
	}
	classify("45000000", "30190000", "")
	checkCube(t, db, "classified")
	classify("33100000", "45200000", "45000000")
	checkCube(t, db, "classified again")
	// Lines of items known and classified already, beside a line of a new
	// one: AssignItems sums only the lines it gives an item into the cube.
	known := pay(8, 7, "A AS", 400, "2024-01-30")
	known.Payment.OrgUnit = "Skole"
	importRows(t, db, false, known, pay(9, 8, "B AS", 250, "2024-05-02"), pay(10, 9, "F AS", 80, "2024-05-03"))
	if added, err := db.AssignItems(ctx, "3909"); err != nil || added != 1 {
		t.Fatalf("added %d items, %v; want 1", added, err)
	}
	checkCube(t, db, "lines of known items")
	if err := db.ReplaceContracts(ctx, "3909", []cityspend.Contract{{ID: "K-1", BuyerID: "3909", Title: "K", Currency: "NOK", File: "k.csv", Line: 2}}); err != nil {
		t.Fatal(err)
	}
	if n, _, err := db.LinkContracts(ctx, "3909"); err != nil || n != 1 {
		t.Fatalf("linked %d, %v", n, err)
	}
	checkCube(t, db, "contracts")
	on, err := db.SpendBy(ctx, cityspend.SpendFilter{BuyerID: "3909"}, cityspend.ByOnContract, 0)
	if err != nil || len(on) != 2 || on[0].Key != "off" || on[0].Spend != 4030 || on[1].Spend != 500 {
		t.Errorf("on contract %+v, %v", on, err)
	}
	pas, err := db.PayeeAccounts(ctx, "3909")
	if err != nil || len(pas) == 0 {
		t.Fatalf("payee accounts %+v, %v", pas, err)
	}
	if err := db.SetPayeeScope(ctx, "3909", []cityspend.PayeeScope{{PayeeID: pas[0].PayeeID, AccountID: pas[0].AccountID, InScope: false,
		Reason: "transfer"}}); err != nil {
		t.Fatal(err)
	}
	checkCube(t, db, "scope")
	extra := pay(7, 6, "E AS", 700, "2024-04-10")
	extra.Payment.OrgUnit = "Skole"
	b := importRows(t, db, false, extra)
	if _, err := db.AssignItems(ctx, "3909"); err != nil {
		t.Fatal(err)
	}
	checkCube(t, db, "another import")
	if _, err := db.UndoBatch(ctx, "3909", b.ID, cityspend.AuditEntry{Who: "test"}); err != nil {
		t.Fatal(err)
	}
	checkCube(t, db, "undo")
	if err := db.ResetItems(ctx, "3909"); err != nil {
		t.Fatal(err)
	}
	checkCube(t, db, "reset items")
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	for _, c := range []struct {
		from, to string
		want     cityspend.Amount
	}{{"2024-01-01", "2024-02-01", 3400}, {"2024-01-10", "2024-02-10", 2900}, {"2024-02-01", "", 1130}} {
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

// Price and volume come from the lines with quantities; a year without
// any gives none (the engine's statistics answer that without the items).
func TestPriceVolume(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	rows := []cityspend.ImportRow{pay(2, 1, "A AS", 1000, "2024-01-05"), pay(3, 2, "A AS", 3000, "2024-02-05"), pay(4, 3, "B AS", 500, "2024-03-05"),
		pay(5, 4, "B AS", 700, "2025-03-05")}
	rows[0].Payment.Quantity, rows[0].Payment.UnitCode = "2", "hur"
	rows[1].Payment.Quantity, rows[1].Payment.UnitCode = "4", "HUR"
	importRows(t, db, false, rows...)
	year := func(y int) cityspend.SpendFilter {
		return cityspend.SpendFilter{BuyerID: "3909", Period: cityspend.Period{From: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC),
			To: time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)}}
	}
	pv, err := db.PriceVolume(ctx, year(2024))
	want := []cityspend.PriceVolume{{UnitCode: "HUR", Lines: 2, Quantity: "6", Spend: 4000, MinPrice: 500, MedPrice: 500, MaxPrice: 750, MeanPrice: 667}}
	if err != nil || !reflect.DeepEqual(pv, want) {
		t.Errorf("2024: %+v, %v; want %+v", pv, err, want)
	}
	if pv, err := db.PriceVolume(ctx, year(2025)); err != nil || len(pv) != 0 {
		t.Errorf("2025 (no quantities): %+v, %v", pv, err)
	}
}

// An import's follow-up raises the engine's cap for what comes next.
func TestSetMemoryLimit(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	setting := func() string {
		var got string
		if err := db.db.QueryRowContext(ctx, `SELECT current_setting('memory_limit')`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	initial := setting()
	for _, limit := range []string{"256MB", "1GB"} {
		if err := db.SetMemoryLimit(ctx, limit); err != nil {
			t.Fatal(err)
		}
		var got string
		if err := db.db.QueryRowContext(ctx, `SELECT current_setting('memory_limit')`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := map[string]string{"256MB": "244.1 MiB", "1GB": "953.6 MiB"}[limit]; got != want {
			t.Errorf("memory limit %s: the engine says %q, want %q", limit, got, want)
		}
	}
	if err := db.SetMemoryLimit(ctx, "lots"); err == nil {
		t.Error("a limit the engine cannot read was taken")
	}
	if err := db.SetMemoryLimit(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if got := setting(); got != initial {
		t.Errorf("no limit: the engine says %q, want its default %q", got, initial)
	}
}

// OutOfMemory tells the engine's out-of-memory error from the others.
func TestOutOfMemory(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.SetMemoryLimit(ctx, "16MB"); err != nil {
		t.Fatal(err)
	}
	// A list of 20 million integers is built in memory and cannot spill.
	_, err := db.db.ExecContext(ctx, `SELECT list(range) FROM range(20000000)`)
	if err == nil || !OutOfMemory(fmt.Errorf("wrapped: %w", err)) {
		t.Errorf("a query beyond the cap: %v, want the engine's out-of-memory error", err)
	}
	if err := db.SetMemoryLimit(ctx, ""); err != nil {
		t.Fatal(err)
	}
	_, err = db.db.ExecContext(ctx, `SELECT * FROM no_such_table`)
	if err == nil || OutOfMemory(err) {
		t.Errorf("a missing table: %v, not out of memory", err)
	}
	if OutOfMemory(nil) {
		t.Error("no error is out of memory")
	}
}
