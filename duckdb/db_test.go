// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var larvik = cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3909"}

// rows is a RowReader over fixed rows, in batches of two.
type rows struct{ r []cityspend.ImportRow }

func (s *rows) Read(context.Context) ([]cityspend.ImportRow, error) {
	if len(s.r) == 0 {
		return nil, io.EOF
	}
	n := min(2, len(s.r))
	b := s.r[:n]
	s.r = s.r[n:]
	return b, nil
}

func pay(line int, key uint64, supplier string, amount cityspend.Amount, date string) cityspend.ImportRow {
	d, _ := time.Parse("2006-01-02", date)
	return cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: "3909", Line: line, Key: cityspend.DedupKey{Hi: key, Lo: key * 7},
		Supplier: cityspend.Payee{Name: supplier}, PaymentDate: d, Amount: amount, Currency: "NOK", AccountCode: "1270",
		AccountText: "Andre tjenester", Description: "line, with \"quotes\"\nand a break"}}
}

func importRows(t *testing.T, db *DB, dry bool, r ...cityspend.ImportRow) cityspend.ImportBatch {
	t.Helper()
	b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "f.csv", SHA256: "x", Currency: "NOK"}
	if err := db.ImportPayments(context.Background(), &b, &rows{r}, dry); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMigrationsAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.duckdb")
	for i := 0; i < 2; i++ {
		db, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
			t.Fatalf("migrations recorded: %d, %v", n, err)
		}
		if i == 0 {
			if err := db.CreateBuyer(ctx, larvik); err != nil {
				t.Fatal(err)
			}
		} else if _, err := db.Buyer(ctx, "3909"); err != nil {
			t.Errorf("buyer lost on reopen: %v", err)
		}
		db.Close()
	}
}

func TestBuyers(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateBuyer(ctx, larvik); cityspend.ErrorCode(err) != cityspend.ECONFLICT {
		t.Errorf("duplicate buyer: %v", err)
	}
	bad := larvik
	bad.ID, bad.Currency = "x", "kroner"
	if err := db.CreateBuyer(ctx, bad); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("invalid buyer: %v", err)
	}
	if _, err := db.Buyer(ctx, "nope"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("missing buyer: %v", err)
	}
	bs, err := db.Buyers(ctx)
	if err != nil || len(bs) != 1 || bs[0].Name != "Larvik kommune" || bs[0].CreatedAt.IsZero() {
		t.Errorf("buyers %+v, %v", bs, err)
	}
}

func TestImportAccountingAndDedup(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	reject := cityspend.ImportRow{Reject: &cityspend.Reject{Line: 9, Field: "amount", Raw: "a;b", Reason: "amount: empty"}}
	first := []cityspend.ImportRow{
		pay(2, 1, "A AS", 1000, "2024-01-05"),
		pay(3, 2, "B AS", 2000, "2024-02-05"),
		pay(4, 2, "B AS", 2000, "2024-02-05"), // the same line twice in one file: two payments
		reject,
	}
	b := importRows(t, db, false, first...)
	if b.RowsRead != 4 || b.RowsLoaded != 3 || b.RowsRejected != 1 || b.RowsDuplicate != 0 || b.AmountLoaded != 5000 {
		t.Fatalf("first import %+v", b)
	}
	// The same file again adds nothing.
	again := importRows(t, db, false, first...)
	if again.RowsLoaded != 0 || again.RowsDuplicate != 3 || again.RowsRejected != 1 || again.RowsRead != 4 {
		t.Errorf("re-import %+v", again)
	}
	// An overlapping file: one old line, the repeated line a third time, one new line.
	over := importRows(t, db, false,
		pay(2, 1, "A AS", 1000, "2024-01-05"),
		pay(3, 2, "B AS", 2000, "2024-02-05"),
		pay(4, 2, "B AS", 2000, "2024-02-05"),
		pay(5, 2, "B AS", 2000, "2024-02-05"),
		pay(6, 3, "C AS", 300, "2025-03-05"),
	)
	if over.RowsLoaded != 2 || over.RowsDuplicate != 3 || over.AmountLoaded != 2300 {
		t.Errorf("overlap %+v", over)
	}
	if b.RowsRead != b.RowsLoaded+b.RowsRejected+b.RowsDuplicate || over.RowsRead != over.RowsLoaded+over.RowsRejected+over.RowsDuplicate {
		t.Error("rows_read = loaded + rejected + duplicate must hold")
	}
	tot, err := db.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"})
	if err != nil || tot.Spend != 7300 || tot.Lines != 5 || tot.Suppliers != 3 {
		t.Errorf("total %+v, %v", tot, err)
	}
	rej, err := db.Rejects(ctx, b.ID, 0)
	if err != nil || len(rej) != 1 || rej[0] != *reject.Reject {
		t.Errorf("rejects %+v, %v", rej, err)
	}
	batches, err := db.Batches(ctx, "3909")
	if err != nil || len(batches) != 3 || batches[0].ID != over.ID {
		t.Errorf("batches %+v, %v", batches, err)
	}
	// Text survives the staging file: commas, quotes, line breaks.
	ps, err := db.Payments(ctx, cityspend.SpendFilter{BuyerID: "3909"}, 0, 10)
	if err != nil || len(ps) != 5 || ps[0].Description != "line, with \"quotes\"\nand a break" || ps[0].SupplierKey != "name:A AS" {
		t.Errorf("payments %+v, %v", ps, err)
	}
}

func TestDryRunStoresNothing(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	b := importRows(t, db, true, pay(2, 1, "A AS", 1000, "2024-01-05"))
	if b.RowsLoaded != 1 {
		t.Errorf("dry run counts %+v", b)
	}
	tot, _ := db.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"})
	bs, _ := db.Batches(ctx, "3909")
	var payees int
	db.db.QueryRowContext(ctx, `SELECT count(*) FROM payees`).Scan(&payees)
	if tot.Lines != 0 || len(bs) != 0 || payees != 0 {
		t.Errorf("dry run stored %d lines, %d batches, %d payees", tot.Lines, len(bs), payees)
	}
}

func TestImportUnknownBuyer(t *testing.T) {
	db := openTest(t)
	b := cityspend.ImportBatch{BuyerID: "nope", Kind: "ledger"}
	err := db.ImportPayments(context.Background(), &b, &rows{}, false)
	if cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("error %v", err)
	}
}

func TestSpendBy(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	gb := cityspend.Buyer{ID: "OXF", Name: "Oxford", Country: "GB", Currency: "GBP", FiscalStart: 4}
	if err := db.CreateBuyer(ctx, gb); err != nil {
		t.Fatal(err)
	}
	r := func(line int, date string, amount cityspend.Amount, acct string) cityspend.ImportRow {
		x := pay(line, uint64(line), "S", amount, date)
		x.Payment.BuyerID, x.Payment.Currency, x.Payment.AccountCode = "OXF", "GBP", acct
		return x
	}
	b := cityspend.ImportBatch{BuyerID: "OXF", Kind: "ledger"}
	if err := db.ImportPayments(ctx, &b, &rows{[]cityspend.ImportRow{
		r(1, "2024-03-31", 100, "K1"), r(2, "2024-04-01", 200, "K2"), r(3, "2025-03-31", 300, "Z9"), r(4, "2025-04-01", 400, "K1"),
	}}, false); err != nil {
		t.Fatal(err)
	}
	years, err := db.SpendBy(ctx, cityspend.SpendFilter{BuyerID: "OXF"}, cityspend.ByFiscalYear, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]cityspend.Amount{}
	for _, g := range years {
		got[g.Key] = g.Spend
	}
	// UK fiscal years start in April: 2023/24 holds 31 March 2024.
	if got["2023"] != 100 || got["2024"] != 500 || got["2025"] != 400 {
		t.Errorf("fiscal years %v", got)
	}
	p := gb.FiscalYear(2024)
	groups, err := db.SpendBy(ctx, cityspend.SpendFilter{BuyerID: "OXF", Period: p}, cityspend.ByAccountGroup, 0)
	if err != nil || len(groups) != 2 || groups[0].Key != "Z9" || groups[0].Spend != 300 {
		t.Errorf("groups %+v, %v", groups, err)
	}
	tot, err := db.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "OXF", Period: p, AccountPfx: "K"})
	if err != nil || tot.Spend != 200 {
		t.Errorf("filtered total %+v, %v", tot, err)
	}
}

// A file opened read-only reads what is pending, changes nothing, and is
// refused when its schema is older than the migrations (only a writable
// open applies them).
func TestReadOnlyOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ro.duckdb")
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	b := importRows(t, db, false, pay(2, 1, "A AS", 100, "2024-01-05"))
	db.Close()

	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	pending, err := ro.PendingFollowUps(ctx, "3909")
	if err != nil || len(pending) != 1 || pending[0].BatchID != b.ID || pending[0].Cause != "ledger" {
		t.Errorf("pending, read-only: %+v %v", pending, err)
	}
	if err := ro.FollowUpsDone(ctx, pending); err == nil {
		t.Error("a read-only open cleared a pending follow-up")
	}
	ro.Close()

	db, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if ro, err := Open(ctx, path, Options{ReadOnly: true}); cityspend.ErrorCode(err) != cityspend.EINVALID {
		if err == nil {
			ro.Close()
		}
		t.Errorf("read-only open of an older schema: %v, want invalid", err)
	}
}

// SetMemoryLimit("") gives the engine its default cap back, in the
// buffer pool and not only in what current_setting shows: a statement
// that ran out of the cap runs under the default.
func TestSetMemoryLimitDefault(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "m.duckdb"), Options{MemoryLimit: "8MB"})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	hungry := func(table string) error {
		_, err := d.db.ExecContext(ctx, `CREATE TABLE `+table+` AS SELECT i, md5(i::VARCHAR) AS s FROM range(3000000) t(i) ORDER BY s`)
		return err
	}
	if err := hungry("capped"); !OutOfMemory(err) {
		t.Fatalf("under 8 MB: %v, want the engine out of memory", err)
	}
	if err := d.SetMemoryLimit(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if err := hungry("uncapped"); err != nil {
		t.Fatalf("under the default cap: %v", err)
	}
	if err := d.SetMemoryLimit(ctx, "8MB"); err != nil {
		t.Fatal(err)
	}
	if err := hungry("capped_again"); !OutOfMemory(err) {
		t.Fatalf("under 8 MB again: %v, want the engine out of memory", err)
	}
}

// The engine keeps no insertion order from the start (an import's bulk
// load needs it so; the setting is the database's, so an import that set
// it would change it for every query after it).
func TestNoInsertionOrder(t *testing.T) {
	db := openTest(t)
	var keep bool
	if err := db.db.QueryRowContext(context.Background(), `SELECT current_setting('preserve_insertion_order')`).Scan(&keep); err != nil {
		t.Fatal(err)
	}
	if keep {
		t.Error("the engine keeps the insertion order")
	}
}
