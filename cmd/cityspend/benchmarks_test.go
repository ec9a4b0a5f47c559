// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/ingest/population"
	"github.com/cityspend/cityspend/peers"
)

// The benchmarks on the demo database, served: the buyers that publish —
// the Norwegian municipalities and the English council — with their
// population (loaded from the SSB and ONS files by the demo), peer groups
// and every figure with the coverage behind it; one that stops publishing
// is gone from the API and the page.
func TestDemoBenchmarks(t *testing.T) {
	t.Parallel() // a long test: it runs beside the package's other long ones
	if testing.Short() {
		t.Skip("builds the demo database")
	}
	db := filepath.Join(t.TempDir(), "bench.duckdb")
	demoCopy(t, db, "3000")
	mustCLI(t, "buyer", "publish", "3905", "--off", "--db", db)
	// The population importer on the importer's own fixture: a second
	// load of the same areas and years replaces them.
	out := mustCLI(t, "import", "population", "--json", "--db", db, filepath.Join("..", "..", "ingest", "population", "testdata", "ssb-07459-long.csv"))
	var sum populationSummary
	decodeJSON(t, out, &sum)
	if sum.Source != population.SourceSSB || sum.RowsLoaded != 4 || sum.RowsSkipped != 1 || !slices.Equal(sum.Years, []int{2024, 2023}) {
		t.Errorf("import population: %+v", sum)
	}

	base, _ := startServe(t, "--db", db)
	resp, body := fetch(t, base+"api/v1/benchmarks", "")
	if resp.StatusCode != 200 {
		t.Fatalf("GET /api/v1/benchmarks: %d %s", resp.StatusCode, body)
	}
	var c peers.Comparison
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		t.Fatal(err)
	}
	groups := map[string]string{}
	for _, e := range c.Buyers {
		groups[e.BuyerID] = e.Group
	}
	if want := map[string]string{"3909": "NO-large", "3907": "NO-large", demoUK.ID: "GB-E07"}; !maps.Equal(groups, want) {
		t.Errorf("compared %v, want %v", groups, want)
	}
	if strings.Contains(body, `"3905"`) || strings.Contains(body, "Tønsberg") {
		t.Error("the API shows Tønsberg, which does not publish")
	}
	for _, e := range c.Buyers {
		if e.Population == nil || e.Population.Persons <= 0 {
			t.Errorf("%s: no population", e.BuyerID)
		} else if want := map[bool]string{true: population.SourceONS, false: population.SourceSSB}[e.Country == "GB"]; e.Population.Source != want {
			t.Errorf("%s: population from %s, want %s", e.BuyerID, e.Population.Source, want)
		}
		for _, f := range e.Figures {
			if f.Value == nil && f.Money == nil {
				t.Errorf("%s: no %s on the demo (%s)", e.BuyerID, f.Key, f.Missing)
			}
			if f.Basis == "" || f.Coverage <= 0 || f.Coverage > 1 {
				t.Errorf("%s %s: coverage %v of %q", e.BuyerID, f.Key, f.Coverage, f.Basis)
			}
			if ranked := e.Country == "NO" && f.Key != peers.SpendPerInhabitant; ranked != (f.Rank != nil) || ranked && f.Rank.Of != 2 {
				t.Errorf("%s %s: rank %+v", e.BuyerID, f.Key, f.Rank)
			}
		}
		// The same figures as the buyer's own API.
		resp, body := fetch(t, base+"api/v1/buyers/"+e.BuyerID+"/analysis?year="+strconv.Itoa(e.Year), "")
		var a indicator.Analysis
		if err := json.Unmarshal([]byte(body), &a); err != nil || resp.StatusCode != 200 {
			t.Fatalf("analysis of %s: %d %v", e.BuyerID, resp.StatusCode, err)
		}
		if *e.Figure(peers.LocalShare).Value != a.LocalShare.L0 || *e.Figure(peers.SMEShare).Value != a.SMEShare || e.Spend != a.TotalSpend {
			t.Errorf("%s: local %v SME %v spend %s; its analysis %v %v %s", e.BuyerID, *e.Figure(peers.LocalShare).Value,
				*e.Figure(peers.SMEShare).Value, e.Spend, a.LocalShare.L0, a.SMEShare, a.TotalSpend)
		}
	}
	for _, lang := range []string{"en", "nb"} {
		resp, page := fetch(t, base+"benchmarks?lang="+lang, "")
		if resp.StatusCode != 200 || !strings.Contains(page, "Hollowmere District Council") || !strings.Contains(page, `data-group="GB-E07"`) ||
			!strings.Contains(page, "Larvik kommune") || strings.Contains(page, "Tønsberg") {
			t.Errorf("the page (%s): %d, the council %v, Larvik %v, Tønsberg %v", lang, resp.StatusCode, strings.Contains(page, "Hollowmere"),
				strings.Contains(page, "Larvik"), strings.Contains(page, "Tønsberg"))
		}
	}
}
