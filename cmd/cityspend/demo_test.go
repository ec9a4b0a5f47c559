// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/indicator"
)

// A demo bigger than one sheet holds gets its spreadsheet municipality as
// CSV (it failed for `demo --lines 3333334`); the others keep their format.
func TestDemoFormat(t *testing.T) {
	for _, c := range []struct {
		format string
		lines  int64
		want   string
	}{
		{gen.FormatXLSX, 40000, gen.FormatXLSX},
		{gen.FormatXLSX, gen.MaxXLSXLines, gen.FormatXLSX},
		{gen.FormatXLSX, gen.MaxXLSXLines + 1, gen.FormatCSV},
		{gen.FormatMessy, 5_000_000, gen.FormatMessy},
	} {
		if got := demoFormat(c.format, c.lines); got != c.want {
			t.Errorf("%s with %d lines: %s, want %s", c.format, c.lines, got, c.want)
		}
	}
}

// The demo's English district council: GBP, fiscal years from April, its
// Companies House and charity files, postcode directory, index of
// deprivation and "spend over £500" ledger imported through the importers.
// A CLES analyst's figures are there: a local share over the spend whose
// place is known with that coverage, a VCSE share (community interest
// companies, charities and charitable companies), spend in deprived
// areas; HMRC, the councils, the pension fund, the parish precepts and the
// grants are excluded with their reasons and never a finding's supplier;
// the registered suppliers are placed by their postcodes; the council's
// page renders in English with £ amounts.
func TestDemoEnglishCouncil(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	if testing.Short() {
		t.Skip("builds the demo database")
	}
	db := filepath.Join(t.TempDir(), "uk.duckdb")
	demoCopy(t, db, "3000")
	year := strconv.Itoa(gen.RecentYear() + 1)
	var a indicator.Analysis
	decodeJSON(t, mustCLI(t, "analyse", "--db", db, "--buyer", demoUK.ID, "--year", year, "--json"), &a)
	if a.Currency != "GBP" || a.Period.From != year+"-04-01" || a.Period.Label != year+"/"+strconv.Itoa((gen.RecentYear()+2)%100) || !a.Synthetic {
		t.Errorf("%s %s %+v synthetic %v", a.BuyerName, a.Currency, a.Period, a.Synthetic)
	}
	if a.TotalSpend <= 0 || a.LocalShare.L0 <= 0 || a.LocalShare.L0L1 <= a.LocalShare.L0 || a.LocalShare.Coverage <= 0.5 || a.LocalShare.Coverage >= 1 {
		t.Errorf("total %s, local share %+v", a.TotalSpend, a.LocalShare)
	}
	if vcse := a.BusinessTypes[cityspend.ClassSocial]; vcse.Spend <= 0 || vcse.Share <= 0 || vcse.Suppliers < 8 {
		t.Errorf("VCSE %+v", vcse)
	}
	if a.Deprived.Spend <= 0 || a.Deprived.Share <= 0 {
		t.Errorf("deprived areas %+v", a.Deprived)
	}
	if a.CO2e == nil || a.CO2e.TotalT <= 0 {
		t.Error("the council's climate footprint has no figures (the demo's GBP conversion tables)")
	}
	reasons := map[string]cityspend.Amount{}
	for _, g := range a.Excluded {
		reasons[g.Key] = g.Spend
	}
	for _, want := range []string{"taxes, duties and national insurance", "pension contributions and pension costs",
		"precepts, levies and payments to parish councils", "grants and contributions (not purchases)",
		"payments to other public bodies: cooperation, transfers and shared services, not purchases in the market"} {
		if reasons[want] <= 0 {
			t.Errorf("no excluded spend for %q: %v", want, reasons)
		}
	}
	notSuppliers := regexp.MustCompile(`(?i)revenue (and|&) customs|county council|borough council|parish council|town council|pension fund`)
	for _, s := range a.TopSuppliers {
		if notSuppliers.MatchString(s.Name) {
			t.Errorf("%s is among the top suppliers", s.Name)
		}
	}
	var sups []struct {
		SupplierID   string `json:"supplier_id"`
		Name         string `json:"name"`
		OrgNumber    string `json:"org_number"`
		Place        string `json:"place"`
		PlaceReason  string `json:"place_reason"`
		Municipality string `json:"municipality"`
		Type         string `json:"type"`
		TypeReason   string `json:"type_reason"`
	}
	decodeJSON(t, mustCLI(t, "suppliers", "--db", db, "--buyer", demoUK.ID, "--json"), &sups)
	names := map[string]string{}
	byPostcode := map[string]int{}
	for _, s := range sups {
		names[s.SupplierID] = s.Name
		if s.OrgNumber != "" && strings.Contains(s.PlaceReason, "in the postcode register") {
			byPostcode[s.Place]++
			if s.Place == cityspend.PlaceLocal && s.Municipality != demoUK.District {
				t.Errorf("%s: L0 in %q", s.Name, s.Municipality)
			}
		}
		if s.Name == "HOLLOWMERE LEISURE TRUST" && (s.Type != cityspend.TypeSocial || s.Place != cityspend.PlaceLocal) {
			t.Errorf("the leisure trust, a charitable company in the district: %s %s (%s)", s.Place, s.Type, s.TypeReason)
		}
	}
	if byPostcode[cityspend.PlaceLocal] < 10 || byPostcode[cityspend.PlaceRegion] < 3 || byPostcode[cityspend.PlaceCountry] < 5 {
		t.Errorf("companies placed by their postcodes, by band: %v", byPostcode)
	}
	for _, l := range strings.Split(strings.TrimSpace(mustCLI(t, "findings", "--db", db, "--buyer", demoUK.ID, "--json")), "\n") {
		var f struct {
			Kind     string `json:"kind"`
			Supplier string `json:"supplier"`
		}
		decodeJSON(t, l, &f)
		if n := names[f.Supplier]; f.Supplier != "" && notSuppliers.MatchString(n) {
			t.Errorf("a %s finding names %s", f.Kind, n)
		}
	}

	// The page: the demo serves the copy (it has the demo's buyers).
	base, _ := startDemo(t, db, "3000")
	resp, err := http.Get(base + "buyers/" + demoUK.ID + "?lang=en")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(b)
	if resp.StatusCode != 200 {
		t.Fatalf("GET the council's page: %d", resp.StatusCode)
	}
	for _, want := range []string{"Hollowmere District Council", "Synthetic data", a.Period.Label, i18n.New("en").Money(a.TotalSpend, "GBP"), "<svg"} {
		if !strings.Contains(page, want) {
			t.Errorf("the council's page lacks %q", want)
		}
	}
	if !strings.Contains(i18n.New("en").Money(a.TotalSpend, "GBP"), "£") || strings.Contains(page, "NOK") {
		t.Errorf("the council's amounts are not in pounds: %s", i18n.New("en").Money(a.TotalSpend, "GBP"))
	}
}

// The demo's contracts are named in their buyer's language: what they buy
// and from whom, in bokmål for the Norwegian municipalities, in English
// for the UK council.
func TestDemoContractTitles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo database")
	}
	ctx := context.Background()
	st := demoStore(t)
	// Titles in the buyer's language, what (the CPV group's label) from whom.
	want := map[string]map[string]string{
		"3909": {
			"DEMO-01": "Bygg- og anleggsarbeider fra BYGGSENTERET AS",
			"DEMO-02": "Brann- og redningstjenester fra VESTFOLD BRANN OG REDNING IKS",
			"DEMO-04": "Barnehage- og grunnskoletjenester fra DANIELSEN NATURBARNEHAGE AS",
			"DEMO-10": "IT-tjenester fra SKANDINAVISK PROGRAMVARE AS",
		},
		"3907": {
			"DEMO-04": "Avfallstjenester fra NORD GJENVINNING AS",
			"DEMO-12": "Sosialtjenester og barnevern fra POLAR UNGDOMSHJEM AS",
		},
		demoUK.ID: {
			"DEMO-01": "Waste services from CORVANE ENVIRONMENTAL SERVICES LIMITED",
			"DEMO-05": "Electricity, heating and energy from QUILLMOOR ENERGY SUPPLY PLC",
			"DEMO-07": "Recruitment and temporary staff from HARKSTONE RECRUITMENT LIMITED",
		},
	}
	for buyer, from := range map[string]string{"3909": " fra ", "3907": " fra ", demoUK.ID: " from "} {
		cs, err := st.Contracts(ctx, buyer)
		if err != nil || len(cs) == 0 {
			t.Fatalf("%s: %d contracts, %v", buyer, len(cs), err)
		}
		seen := 0
		for _, k := range cs {
			if w, ok := want[buyer][k.ID]; ok {
				seen++
				if k.Title != w {
					t.Errorf("%s: contract %s is %q, want %q", buyer, k.ID, k.Title, w)
				}
			}
			if !strings.HasSuffix(k.Title, from+k.Suppliers[0].Name) || strings.Contains(k.Title, "CPV ") {
				t.Errorf("%s: contract %s is %q, not what%ssupplier", buyer, k.ID, k.Title, from)
			}
		}
		if seen != len(want[buyer]) {
			t.Errorf("%s: %d of the contracts %v", buyer, seen, want[buyer])
		}
	}
}

// Larvik's challenge is there before its plan is generated, so that the
// one generation proposes it as an innovation procurement.
func TestDemoPlanProposesChallenge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo database")
	}
	ctx := context.Background()
	st := demoStore(t)
	chs, err := st.Challenges(ctx, "3909")
	if err != nil || len(chs) != 1 {
		t.Fatalf("Larvik's challenges: %d, %v", len(chs), err)
	}
	items, err := st.PlanItems(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Source == "challenge" && it.SourceRef == chs[0].ID && it.Innovation {
			return
		}
	}
	t.Errorf("Larvik's plan (%d items) does not propose the challenge %s", len(items), chs[0].ID)
}

// demoStore opens a copy of the demo database of 3 000 lines (closed at the
// test's end).
func demoStore(t *testing.T) *duckdb.DB {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.duckdb")
	demoCopy(t, db, "3000")
	st, err := duckdb.Open(context.Background(), db, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
