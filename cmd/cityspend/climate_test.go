// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/refdata/factors"
)

// Issue 18: an English council's footprint (GB, GBP) on its real ledger,
// its lines classified, is not zero: its country's shipped set (the US EPA factors through the CPV
// concordance) applies once GBP price indices and a USD rate are loaded,
// with a breakdown by category, each with its factor and source, and the
// quality shares.
func TestUKFootprint(t *testing.T) {
	dir := sharedData(t, "uk-spend")
	db := filepath.Join(t.TempDir(), "uk.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "OXF", "--name", "Oxford City Council", "--country", "GB")
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "OXF", filepath.Join(dir, "expenditure-over-500-oct-dec-2017.csv"))
	// The council's own rules for its largest expenditure codes, so the
	// test does not hang on the classifier's coverage of English ledgers.
	mustCLI(t, "classify", "rules", "--db", db, "--buyer", "OXF", "--rule", "account Y021 45000000 main contractor",
		"--rule", "account D3021 44100000 materials", "--rule", "account A0108 79620000 agency staff",
		"--rule", "account D3411 79400000 consultants", "--rule", "account D3421 90510000 tipping charges", "--rule", "account B1701 70200000 rent")
	// Test values, not official statistics.
	rates := filepath.Join(t.TempDir(), "rates.csv")
	if err := os.WriteFile(rates, []byte("kind,currency,to,year,value,source\n"+
		"deflator,GBP,,2017,100,test values\ndeflator,GBP,,2021,108,test values\nfx,GBP,USD,2021,1.38,test values\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, "import", "rates", "--db", db, rates)
	var fp climate.Footprint
	decodeJSON(t, mustCLI(t, "climate", "--db", db, "--buyer", "OXF", "--year", "2017", "--json"), &fp)
	q := fp.Quality
	if fp.Set != factors.EPASet || fp.Currency != "GBP" || fp.TotalT <= 0 || q.Category.Spend <= 0 || q.Category.T <= 0 {
		t.Fatalf("the UK footprint: set %s, %v t, quality %+v", fp.Set, fp.TotalT, q)
	}
	factored := 0
	for _, c := range fp.ByCategory {
		if c.Key != "unclassified" && c.T > 0 {
			factored++
			if c.Factor == "" || c.FactorSource != factors.EPASource {
				t.Errorf("category %s: factor %q from %q", c.Key, c.Factor, c.FactorSource)
			}
		}
	}
	if factored < 5 || q.Category.Share+q.Fallback.Share+q.Supplier.Share+q.None.Share < 0.999 {
		t.Errorf("%d categories with a footprint; quality %+v", factored, q)
	}
	t.Logf("OXF 2017 (Oct–Dec): %.1f t on %s GBP; category-specific %.1f %%, fallback %.1f %%, no factor %.1f %%, %d categories",
		fp.TotalT, fp.Spend, q.Category.Share*100, q.Fallback.Share*100, q.None.Share*100, factored)
}
