// SPDX-License-Identifier: EUPL-1.2

// Package storetest is the store conformance suite: the same tests, with
// the same expected figures, run against every implementation of
// cityspend.LedgerStore (the embedded DuckDB store and the distributed
// ClickHouse store) — buyers, the ledger import with its row accounting
// and de-duplication, all or nothing, and spend by every dimension the
// core supports.
package storetest

import (
	"context"
	"errors"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// Open gives a test an empty store (closed by the test's cleanup).
type Open func(t *testing.T) cityspend.LedgerStore

// Run runs the suite.
func Run(t *testing.T, open Open) {
	t.Run("Buyers", func(t *testing.T) { testBuyers(t, open(t)) })
	t.Run("ImportAccounting", func(t *testing.T) { testImport(t, open(t)) })
	t.Run("AllOrNothing", func(t *testing.T) { testAllOrNothing(t, open(t)) })
	t.Run("WholeDocument", func(t *testing.T) { testWholeDocument(t, open(t)) })
	t.Run("SpendByDimension", func(t *testing.T) { testSpendBy(t, open(t)) })
	t.Run("FiscalYears", func(t *testing.T) { testFiscalYears(t, open(t)) })
}

var larvik = cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3909"}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// line is a ledger line: key, supplier, account, unit, amount, date.
func line(n int, key uint64, supplier, org, account, unit string, amount cityspend.Amount, date string) cityspend.ImportRow {
	return cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: "3909", Line: n, Key: cityspend.DedupKey{Hi: key, Lo: key*7 + 1},
		Supplier: cityspend.Payee{Name: supplier, OrgNumber: org}, PaymentDate: day(date), Amount: amount, Currency: "NOK",
		AccountCode: account, AccountText: "konto " + account, OrgUnit: unit, Description: "line"}}
}

// rows reads fixed rows two at a time; fail, if set, is returned after the
// first read.
type rows struct {
	r    []cityspend.ImportRow
	fail error
	read int
}

func (s *rows) Read(context.Context) ([]cityspend.ImportRow, error) {
	if s.fail != nil && s.read > 0 {
		return nil, s.fail
	}
	s.read++
	if len(s.r) == 0 {
		return nil, io.EOF
	}
	n := min(2, len(s.r))
	b := s.r[:n]
	s.r = s.r[n:]
	return b, nil
}

func load(t *testing.T, st cityspend.LedgerStore, dry bool, rs ...cityspend.ImportRow) cityspend.ImportBatch {
	t.Helper()
	b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "f.csv", SHA256: "x", Currency: "NOK"}
	if err := st.ImportPayments(context.Background(), &b, &rows{r: rs}, dry); err != nil {
		t.Fatal(err)
	}
	return b
}

func mustBuyer(t *testing.T, st cityspend.LedgerStore, b cityspend.Buyer) {
	t.Helper()
	if err := st.CreateBuyer(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

func testBuyers(t *testing.T, st cityspend.LedgerStore) {
	ctx := context.Background()
	mustBuyer(t, st, larvik)
	mustBuyer(t, st, cityspend.Buyer{ID: "2001", Name: "Preston City Council", Country: "GB", Currency: "GBP", FiscalStart: 4})
	if err := st.CreateBuyer(ctx, larvik); cityspend.ErrorCode(err) != cityspend.ECONFLICT {
		t.Errorf("the same buyer twice: %v", err)
	}
	if _, err := st.Buyer(ctx, "nope"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("no such buyer: %v", err)
	}
	b, err := st.Buyer(ctx, "3909")
	if err != nil || b.Name != larvik.Name || b.Currency != "NOK" || b.FiscalStart != 1 || b.Municipality != "3909" {
		t.Errorf("buyer %+v %v", b, err)
	}
	bs, err := st.Buyers(ctx)
	if err != nil || len(bs) != 2 || bs[0].ID != "2001" || bs[1].ID != "3909" || bs[0].FiscalStart != 4 {
		t.Errorf("buyers %+v %v", bs, err)
	}
	b2 := cityspend.ImportBatch{BuyerID: "nope", Kind: "ledger", FileName: "f.csv", Currency: "NOK"}
	if err := st.ImportPayments(ctx, &b2, &rows{r: []cityspend.ImportRow{line(2, 1, "A AS", "", "1270", "", 100, "2024-01-01")}}, false); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("import for no buyer: %v", err)
	}
}

func testImport(t *testing.T, st cityspend.LedgerStore) {
	ctx := context.Background()
	mustBuyer(t, st, larvik)
	reject := cityspend.ImportRow{Reject: &cityspend.Reject{Line: 9, Field: "amount", Raw: "a;b", Reason: "amount: empty"}}
	first := []cityspend.ImportRow{
		line(2, 1, "A AS", "", "1270", "100", 1000, "2024-01-05"),
		line(3, 2, "B AS", "", "1270", "100", 2000, "2024-02-05"),
		line(4, 2, "B AS", "", "1270", "100", 2000, "2024-02-05"), // the same line twice in one file: two payments
		reject,
	}
	b := load(t, st, false, first...)
	if b.RowsRead != 4 || b.RowsLoaded != 3 || b.RowsRejected != 1 || b.RowsDuplicate != 0 || b.AmountLoaded != 5000 || b.ID == 0 {
		t.Fatalf("first import %+v", b)
	}
	again := load(t, st, false, first...)
	if again.RowsLoaded != 0 || again.RowsDuplicate != 3 || again.RowsRejected != 1 || again.RowsRead != 4 {
		t.Errorf("the same file again %+v", again)
	}
	over := load(t, st, false,
		line(2, 1, "A AS", "", "1270", "100", 1000, "2024-01-05"),
		line(3, 2, "B AS", "", "1270", "100", 2000, "2024-02-05"),
		line(4, 2, "B AS", "", "1270", "100", 2000, "2024-02-05"),
		line(5, 2, "B AS", "", "1270", "100", 2000, "2024-02-05"), // a third occurrence is new
		line(6, 3, "C AS", "", "1270", "100", 300, "2025-03-05"),
	)
	if over.RowsLoaded != 2 || over.RowsDuplicate != 3 || over.AmountLoaded != 2300 {
		t.Errorf("an overlapping file %+v", over)
	}
	for _, x := range []cityspend.ImportBatch{b, again, over} {
		if x.RowsRead != x.RowsLoaded+x.RowsRejected+x.RowsDuplicate {
			t.Errorf("rows_read = loaded + rejected + duplicate must hold: %+v", x)
		}
	}
	tot, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"})
	if err != nil || tot.Spend != 7300 || tot.Lines != 5 || tot.Suppliers != 3 {
		t.Errorf("total %+v, %v", tot, err)
	}
	batches, err := st.Batches(ctx, "3909")
	if err != nil || len(batches) != 3 || batches[0].ID != over.ID || batches[2].ID != b.ID || batches[0].RowsLoaded != 2 || batches[2].AmountLoaded != 5000 {
		t.Errorf("batches %+v, %v", batches, err)
	}
}

func testAllOrNothing(t *testing.T, st cityspend.LedgerStore) {
	ctx := context.Background()
	mustBuyer(t, st, larvik)
	dry := load(t, st, true, line(2, 1, "A AS", "", "1270", "", 1000, "2024-01-05"), line(3, 2, "B AS", "", "1270", "", 500, "2024-01-06"))
	if dry.RowsLoaded != 2 || dry.AmountLoaded != 1500 {
		t.Errorf("a dry run counts: %+v", dry)
	}
	// A file that fails half-way stores nothing.
	broken := errors.New("the disk went away")
	b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "broken.csv", Currency: "NOK"}
	err := st.ImportPayments(ctx, &b, &rows{r: []cityspend.ImportRow{line(2, 5, "E AS", "", "1270", "", 700, "2024-01-05"),
		line(3, 6, "F AS", "", "1270", "", 800, "2024-01-05"), line(4, 7, "G AS", "", "1270", "", 900, "2024-01-05")}, fail: broken}, false)
	if !errors.Is(err, broken) {
		t.Errorf("the reader's error: %v", err)
	}
	tot, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"})
	if err != nil || tot.Spend != 0 || tot.Lines != 0 {
		t.Errorf("after a dry run and a failed import: %+v %v", tot, err)
	}
	if bs, _ := st.Batches(ctx, "3909"); len(bs) != 0 {
		t.Errorf("batches recorded: %+v", bs)
	}
	// The lines of the failed file load in full afterwards.
	ok := load(t, st, false, line(2, 5, "E AS", "", "1270", "", 700, "2024-01-05"))
	if ok.RowsLoaded != 1 || ok.RowsDuplicate != 0 {
		t.Errorf("after the failure: %+v", ok)
	}
}

// document reads one document's rows, loaded whole (cityspend.WholeDocument).
type document struct{ rows }

func (*document) WholeDocument() bool { return true }

func loadDocument(t *testing.T, st cityspend.LedgerStore, rs ...cityspend.ImportRow) cityspend.ImportBatch {
	t.Helper()
	b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ehf", FileName: "invoice.xml", SHA256: "x", Currency: "NOK"}
	if err := st.ImportPayments(context.Background(), &b, &document{rows{r: rs}}, false); err != nil {
		t.Fatal(err)
	}
	return b
}

// A document is loaded whole or counted whole as a duplicate, never in
// part: one that shares a line with an earlier one adds none of its new
// lines, while a file that is not a document keeps its new lines.
func testWholeDocument(t *testing.T, s cityspend.LedgerStore) {
	ctx := context.Background()
	mustBuyer(t, s, larvik)
	// Four lines: more than the distributed store's chunk in its tests.
	first := loadDocument(t, s, line(1, 41, "A AS", "", "1270", "", 100, "2024-03-15"), line(2, 42, "A AS", "", "1270", "", 200, "2024-03-15"),
		line(3, 43, "A AS", "", "1270", "", 300, "2024-03-15"), line(4, 44, "A AS", "", "1270", "", 400, "2024-03-15"))
	if first.RowsLoaded != 4 || first.RowsDuplicate != 0 || first.AmountLoaded != 1000 {
		t.Fatalf("a new document %+v", first)
	}
	again := loadDocument(t, s, line(1, 41, "A AS", "", "1270", "", 100, "2024-03-15"), line(2, 42, "A AS", "", "1270", "", 200, "2024-03-15"),
		line(3, 43, "A AS", "", "1270", "", 300, "2024-03-15"), line(4, 44, "A AS", "", "1270", "", 400, "2024-03-15"))
	if again.RowsLoaded != 0 || again.RowsDuplicate != 4 {
		t.Errorf("the same document again %+v", again)
	}
	// Two known lines and three new ones: the whole document is a duplicate.
	partly := loadDocument(t, s, line(1, 41, "A AS", "", "1270", "", 100, "2024-03-15"), line(2, 45, "A AS", "", "1270", "", 500, "2024-03-15"),
		line(3, 46, "A AS", "", "1270", "", 600, "2024-03-15"), line(4, 47, "A AS", "", "1270", "", 700, "2024-03-15"),
		line(5, 44, "A AS", "", "1270", "", 400, "2024-03-15"))
	if partly.RowsLoaded != 0 || partly.RowsDuplicate != 5 || partly.AmountLoaded != 0 || partly.RowsRead != 5 {
		t.Errorf("a document sharing lines with a loaded one %+v", partly)
	}
	// The same rows as a plain file: only the new lines load.
	plain := load(t, s, false, line(1, 41, "A AS", "", "1270", "", 100, "2024-03-15"), line(2, 45, "A AS", "", "1270", "", 500, "2024-03-15"),
		line(3, 46, "A AS", "", "1270", "", 600, "2024-03-15"), line(4, 47, "A AS", "", "1270", "", 700, "2024-03-15"),
		line(5, 44, "A AS", "", "1270", "", 400, "2024-03-15"))
	if plain.RowsLoaded != 3 || plain.RowsDuplicate != 2 {
		t.Errorf("a file that is not a document %+v", plain)
	}
	tot, err := s.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"})
	if err != nil || tot.Spend != 2800 || tot.Lines != 7 {
		t.Errorf("total %+v, %v", tot, err)
	}
}

// ledger is the suite's small ledger: three suppliers (one by organisation
// number under two spellings), three accounts in two groups, two units,
// two years.
func ledger() []cityspend.ImportRow {
	return []cityspend.ImportRow{
		line(2, 11, "Alfa AS", "923609016", "1270", "100", 1_000_00, "2024-01-15"),
		line(3, 12, "ALFA A/S", "923 609 016", "1270", "100", 2_000_00, "2024-03-20"),
		line(4, 13, "Beta Bygg", "", "1210", "200", 5_000_00, "2024-03-31"),
		line(5, 14, "Beta Bygg", "", "1210", "200", -1_000_00, "2024-04-01"), // a credit note
		line(6, 15, "Gamma", "", "1429", "200", 750_50, "2024-12-31"),
		line(7, 16, "Alfa AS", "923609016", "1429", "100", 300_00, "2025-01-01"),
		line(8, 17, "Gamma", "", "1270", "100", 200_00, "2025-06-30"),
	}
}

type group struct {
	key   string
	spend cityspend.Amount
	lines int64
}

func groups(t *testing.T, st cityspend.LedgerStore, f cityspend.SpendFilter, dim cityspend.Dimension) []group {
	t.Helper()
	gs, err := st.SpendBy(context.Background(), f, dim, 0)
	if err != nil {
		t.Fatalf("spend by %s: %v", dim, err)
	}
	var out []group
	for _, g := range gs {
		out = append(out, group{g.Key, g.Spend, g.Lines})
	}
	return out
}

func testSpendBy(t *testing.T, st cityspend.LedgerStore) {
	ctx := context.Background()
	mustBuyer(t, st, larvik)
	load(t, st, false, ledger()...)
	all := cityspend.SpendFilter{BuyerID: "3909"}
	for _, c := range []struct {
		f    cityspend.SpendFilter
		dim  cityspend.Dimension
		want []group
	}{
		{all, cityspend.BySupplier, []group{{"name:BETA BYGG", 4_000_00, 2}, {"org:NO-BRC:923609016", 3_300_00, 3}, {"name:GAMMA", 950_50, 2}}},
		{all, cityspend.ByAccountGroup, []group{{"12", 7_200_00, 5}, {"14", 1_050_50, 2}}},
		{all, cityspend.ByAccount, []group{{"1210", 4_000_00, 2}, {"1270", 3_200_00, 3}, {"1429", 1_050_50, 2}}},
		{all, cityspend.ByOrgUnit, []group{{"200", 4_750_50, 3}, {"100", 3_500_00, 4}}},
		{all, cityspend.ByFiscalYear, []group{{"2024", 7_750_50, 5}, {"2025", 500_00, 2}}},
		{cityspend.SpendFilter{BuyerID: "3909", Period: larvik.FiscalYear(2024)}, cityspend.ByMonth,
			[]group{{"2024-03", 7_000_00, 2}, {"2024-01", 1_000_00, 1}, {"2024-12", 750_50, 1}, {"2024-04", -1_000_00, 1}}},
		{cityspend.SpendFilter{BuyerID: "3909", SupplierKey: "org:NO-BRC:923609016"}, cityspend.ByAccount, []group{{"1270", 3_000_00, 2}, {"1429", 300_00, 1}}},
		{cityspend.SpendFilter{BuyerID: "3909", AccountPfx: "14"}, cityspend.BySupplier, []group{{"name:GAMMA", 750_50, 1}, {"org:NO-BRC:923609016", 300_00, 1}}},
		{cityspend.SpendFilter{BuyerID: "3909", OrgUnit: "100", Period: cityspend.Period{From: day("2024-02-01"), To: day("2025-01-02")}},
			cityspend.BySupplier, []group{{"org:NO-BRC:923609016", 2_300_00, 2}}},
	} {
		if got := groups(t, st, c.f, c.dim); !slices.Equal(got, c.want) {
			t.Errorf("%s with %+v:\n got %v\nwant %v", c.dim, c.f, got, c.want)
		}
	}
	// A supplier's label is its most used name.
	gs, _ := st.SpendBy(ctx, all, cityspend.BySupplier, 1)
	if len(gs) != 1 || gs[0].Label != "Beta Bygg" || gs[0].Suppliers != 1 {
		t.Errorf("limit and label: %+v", gs)
	}
	tot, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909", Period: larvik.FiscalYear(2025)})
	if err != nil || tot.Spend != 500_00 || tot.Lines != 2 || tot.Suppliers != 2 {
		t.Errorf("2025: %+v %v", tot, err)
	}
	// A UK fiscal year runs from April.
	uk := cityspend.Buyer{ID: "2001", Name: "Preston", Country: "GB", Currency: "GBP", FiscalStart: 4}
	mustBuyer(t, st, uk)
	var rs []cityspend.ImportRow
	for i, d := range []string{"2024-03-31", "2024-04-01", "2025-03-31", "2025-04-01"} {
		r := line(i+2, uint64(100+i), "Acme Ltd", "", "", "", 100_00, d)
		r.Payment.BuyerID, r.Payment.Currency = "2001", "GBP"
		rs = append(rs, r)
	}
	b := cityspend.ImportBatch{BuyerID: "2001", Kind: "ledger", FileName: "uk.csv", Currency: "GBP"}
	if err := st.ImportPayments(ctx, &b, &rows{r: rs}, false); err != nil {
		t.Fatal(err)
	}
	if got, want := groups(t, st, cityspend.SpendFilter{BuyerID: "2001"}, cityspend.ByFiscalYear), []group{{"2024", 200_00, 2}, {"2023", 100_00, 1}, {"2025", 100_00, 1}}; !slices.Equal(got, want) {
		t.Errorf("UK fiscal years: %v, want %v", got, want)
	}
}

func testFiscalYears(t *testing.T, st cityspend.LedgerStore) {
	ctx := context.Background()
	mustBuyer(t, st, larvik)
	if ys, err := st.FiscalYears(ctx, "3909"); err != nil || len(ys) != 0 {
		t.Errorf("no lines: %v %v", ys, err)
	}
	load(t, st, false, ledger()...)
	if ys, err := st.FiscalYears(ctx, "3909"); err != nil || !slices.Equal(ys, []int{2024, 2025}) {
		t.Errorf("fiscal years %v %v", ys, err)
	}
}
