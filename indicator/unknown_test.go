// SPDX-License-Identifier: EUPL-1.2

package indicator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/register"
)

// A UK council with no register: no payee's place or type is known, so
// nothing is local and nothing leaks — the shares are of nothing, with
// coverage 0 beside them; no supplier is "large". A supplier whose credit
// notes outweigh its invoices does not push the top-N coverage past 1.
// HMRC is out of scope, with its reason.
func TestUnknownIsUnknown(t *testing.T) {
	ctx := context.Background()
	st, b := ukStore(t, "Date,Supplier,Expense Type,Amount\n"+
		"15/05/2024,Acme Ltd,Stationery,1000.00\n"+
		"16/05/2024,Bloggs & Co,Repairs,500.00\n"+
		"17/05/2024,Credit Co,Repairs,-200.00\n"+
		"18/05/2024,H M Revenue & Customs,PAYE Awaiting Payment,9000.00\n")
	for _, top := range []int{1, 2, 300} {
		an, err := Analyse(ctx, st, b.ID, 2024, Options{TopN: top, SkipCO2e: true})
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprintf("total %s, excluded %s %v, L0 %v (coverage %v), leakage %s %v (coverage %v), large %s, SME %v (coverage %v), unknown place %v, unknown type %v",
			an.TotalSpend, an.ExcludedSpend, len(an.Excluded), an.LocalShare.L0, an.LocalShare.Coverage, an.Leakage.OutsideL0, an.Leakage.OutsideL0Share,
			an.Leakage.Coverage, an.BusinessTypes["large"].Spend, an.SMEShare, an.TypeCoverage, an.Bands["unknown"].Share, an.BusinessTypes["unknown"].Share)
		want := "total 1300.00, excluded 9000.00 1, L0 0 (coverage 0), leakage 0.00 0 (coverage 0), large 0.00, SME 0 (coverage 0), unknown place 1, unknown type 1"
		if got != want {
			t.Errorf("top %d:\n got %s\nwant %s", top, got, want)
		}
		if an.Excluded[0].Key != "taxes, duties and national insurance" {
			t.Errorf("HMRC excluded as %q", an.Excluded[0].Key)
		}
		// Top 1: 1000 of the positive 1500; top 2 and more: all of it
		// (1500 / 1300 = 115 % before).
		want1 := map[int]string{1: "0.6667", 2: "1.0000", 300: "1.0000"}[top]
		if c := fmt.Sprintf("%.4f", an.Coverage); c != want1 {
			t.Errorf("top %d: coverage %s, want %s", top, c, want1)
		}
	}
}

// ukStore is a real DuckDB store with a UK district council (no register)
// whose ledger is given, its payees resolved and its scope decided.
func ukStore(t *testing.T, ledgerCSV string) (*duckdb.DB, cityspend.Buyer) {
	t.Helper()
	return ukStoreFor(t, cityspend.Buyer{ID: "E07", Name: "Test District Council", Country: "GB", Currency: "GBP", FiscalStart: 4}, ledgerCSV)
}

// ukStoreFor is ukStore for a buyer of the caller's.
func ukStoreFor(t *testing.T, b cityspend.Buyer, ledgerCSV string) (*duckdb.DB, cityspend.Buyer) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := duckdb.Open(ctx, filepath.Join(dir, "u.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.CreateBuyer(ctx, b); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "spend.csv")
	if err := os.WriteFile(file, []byte(ledgerCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ledger.ImportFile(ctx, st, b, file, ledger.ImportOptions{RejectsDir: dir}); err != nil {
		t.Fatal(err)
	}
	res, err := register.NewResolver(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.ResolveBuyer(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := RefreshScope(ctx, st, b.ID); err != nil {
		t.Fatal(err)
	}
	return st, b
}
