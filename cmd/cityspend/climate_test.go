// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/ingest/climatefile"
	"github.com/cityspend/cityspend/refdata/factors"
)

// Issue 18: an English council's footprint (GB, GBP) on its real ledger,
// its lines classified, is not zero: its country's shipped set (the US EPA factors through the CPV
// concordance) applies once GBP price indices and a USD rate are loaded,
// with a breakdown by category, each with its factor and source, and the
// quality shares.
func TestUKFootprint(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
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

// Issue 18: the UK government's conversion factors by SIC code, imported
// from a file in their published layout (our own made-up values), are a
// British buyer's first set once loaded: SIC 2007 codes are NACE codes and
// reach the council's categories through the NACE → CPV concordance, the
// US EPA set covers the rest, and the category table names the source
// of each category's factor.
func TestUKFootprintDESNZ(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := sharedData(t, "uk-spend")
	db := filepath.Join(t.TempDir(), "uk.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "OXF", "--name", "Oxford City Council", "--country", "GB")
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "OXF", filepath.Join(dir, "expenditure-over-500-oct-dec-2017.csv"))
	mustCLI(t, "classify", "rules", "--db", db, "--buyer", "OXF", "--rule", "account Y021 45000000 main contractor",
		"--rule", "account D3021 44100000 materials", "--rule", "account A0108 79620000 agency staff")
	tmp := t.TempDir()
	rates := filepath.Join(tmp, "rates.csv")
	sic := filepath.Join(tmp, "sic.csv")
	for p, text := range map[string]string{
		rates: "kind,currency,to,year,value,source\ndeflator,GBP,,2017,100,test values\ndeflator,GBP,,2021,108,test values\n" +
			"deflator,GBP,,2022,116,test values\nfx,GBP,USD,2021,1.38,test values\n",
		sic: "Conversion factors by SIC code, 2022\n\nSIC code,Description,GHG (kgCO2e per £),CO2 (kgCO2 per £)\n" +
			"23,Other non-metallic mineral products,1.2,1.0\n43,Specialised construction works,0.3,0.2\n78,Employment services,0.1,0.08\n",
	} {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustCLI(t, "import", "rates", "--db", db, rates)
	mustCLI(t, "import", "factors", "--db", db, "--set", factors.UKSet, sic)
	var fp climate.Footprint
	decodeJSON(t, mustCLI(t, "climate", "--db", db, "--buyer", "OXF", "--year", "2017", "--json"), &fp)
	q := fp.Quality
	if fp.Set != factors.UKSet+", "+factors.EPASet || fp.TotalT <= 0 || q.Category.Spend <= 0 {
		t.Fatalf("the UK footprint: set %q, %v t, quality %+v", fp.Set, fp.TotalT, q)
	}
	sources, desnz := map[string]string{}, 0
	for _, c := range fp.ByCategory {
		if c.T > 0 {
			sources[c.Key] = c.FactorSource
			if strings.HasPrefix(c.FactorSource, climatefile.DESNZSource) {
				desnz++
				t.Logf("category %s: %s", c.Key, c.Factor)
			}
		}
	}
	for _, group := range []string{"45000000", "44100000", "79600000"} {
		if !strings.HasPrefix(sources[group], climatefile.DESNZSource) {
			t.Errorf("category %s: factor from %q, want DESNZ", group, sources[group])
		}
	}
	if len(sources) <= desnz || q.Category.Share+q.Fallback.Share+q.Supplier.Share+q.None.Share < 0.999 {
		t.Errorf("categories %v; quality %+v", sources, q)
	}
	t.Logf("OXF 2017 with DESNZ: %.1f t on %s GBP; category-specific %.1f %%, fallback %.1f %%, no factor %.1f %%; %d of %d categories on DESNZ factors",
		fp.TotalT, fp.Spend, q.Category.Share*100, q.Fallback.Share*100, q.None.Share*100, desnz, len(sources))
}
