// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/ingest/population"
	"github.com/cityspend/cityspend/peers"
	"github.com/cityspend/cityspend/plan"
	"github.com/cityspend/cityspend/refdata"
)

const (
	sandefjordViewer = "viewer@sandefjord.test"
	tonsbergViewer   = "viewer@tonsberg.test"
)

// benchCities serves a real DuckDB database with three municipalities of
// one peer group, each with the generated ledger, resolved, scoped and
// classified: Larvik (3909) and Sandefjord (3907) publish, Tønsberg (3905)
// does not. Their population is SSB's table 07459 (the importer's
// fixture); Larvik's findings are computed; the footprint has the demo's
// conversion tables. The database is built once per test process and
// copied for each test.
func benchCities(t *testing.T) (*httptest.Server, *Server, cityspend.Store) {
	t.Helper()
	ctx := context.Background()
	benchDB.once.Do(func() { benchDB.files, benchDB.err = buildBenchCities(t) })
	if benchDB.err != nil {
		t.Fatal(benchDB.err)
	}
	dir := t.TempDir()
	for name, b := range benchDB.files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	st, err := duckdb.Open(ctx, filepath.Join(dir, benchDB.name), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s, err := New(st, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	s.SetAPIRate(0, 0)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, s, st
}

var benchDB struct {
	once  sync.Once
	name  string
	files map[string][]byte
	err   error
}

// buildBenchCities builds benchCities' database and returns its files.
func buildBenchCities(t *testing.T) (map[string][]byte, error) {
	ctx := context.Background()
	m := duckdbtest.Build(t, duckdbtest.Options{})
	st := m.Store
	for _, b := range []cityspend.Buyer{
		{ID: "3907", Name: "Sandefjord kommune", Country: "NO", Municipality: "3907", Currency: "NOK", FiscalStart: 1},
		{ID: "3905", Name: "Tønsberg kommune", Country: "NO", Municipality: "3905", Currency: "NOK", FiscalStart: 1},
	} {
		if err := st.CreateBuyer(ctx, b); err != nil {
			return nil, err
		}
		if _, err := ledger.ImportFile(ctx, st, b, m.Ledger, ledger.ImportOptions{RejectsDir: t.TempDir()}); err != nil {
			return nil, err
		}
	}
	if _, err := enrich.Run(ctx, st, enrich.Options{}); err != nil {
		return nil, err
	}
	if _, err := compliance.Compute(ctx, st, "3909", compliance.Options{}); err != nil {
		return nil, err
	}
	// The footprint's conversion tables, as the demo has them.
	if err := st.PutRates(ctx, gen.Rates(2015, 2030)); err != nil {
		return nil, err
	}
	pf, err := population.Read(filepath.Join("..", "ingest", "population", "testdata", "ssb-07459-long.csv"), 0)
	if err != nil {
		return nil, err
	}
	if err := st.ImportPopulation(ctx, &cityspend.PopulationBatch{Source: pf.Source, FileName: "ssb-07459-long.csv", SHA256: "test"}, pf.Figures); err != nil {
		return nil, err
	}
	for _, id := range []string{"3909", "3907"} {
		if err := auth.SetPublishes(ctx, st, id, true); err != nil {
			return nil, err
		}
	}
	for _, u := range []cityspend.User{
		{Email: adminA, Name: "Kari", Grants: []cityspend.Grant{{BuyerID: "3909", Role: cityspend.RoleAdmin}}},
		{Email: sandefjordViewer, Name: "Sara", Grants: []cityspend.Grant{{BuyerID: "3907", Role: cityspend.RoleViewer}}},
		{Email: tonsbergViewer, Name: "Tor", Grants: []cityspend.Grant{{BuyerID: "3905", Role: cityspend.RoleViewer}}},
		{Email: tonsbergAdmin, Name: "Tone", Grants: []cityspend.Grant{{BuyerID: "3905", Role: cityspend.RoleAdmin}}},
		{Email: supplierUser, Name: "Firma", SupplierID: "org:NO-BRC:923609016"},
	} {
		if _, err := auth.AddUser(ctx, st, u, testPassword); err != nil {
			return nil, err
		}
	}
	if err := st.Close(); err != nil {
		return nil, err
	}
	dir := filepath.Dir(m.Ledger)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), "ledger.csv") {
			continue
		}
		if files[e.Name()], err = os.ReadFile(filepath.Join(dir, e.Name())); err != nil {
			return nil, err
		}
		if strings.HasSuffix(e.Name(), ".duckdb") {
			benchDB.name = e.Name()
		}
	}
	if benchDB.name == "" {
		return nil, fmt.Errorf("no database in %s", dir)
	}
	return files, nil
}

func comparisonOf(t *testing.T, c *client) (peers.Comparison, string) {
	t.Helper()
	code, body := c.do("GET", "/api/v1/benchmarks", "", "", nil)
	if code != http.StatusOK {
		t.Fatalf("GET /api/v1/benchmarks: %d %s", code, body)
	}
	var cmp peers.Comparison
	if err := json.Unmarshal([]byte(body), &cmp); err != nil {
		t.Fatal(err)
	}
	return cmp, body
}

func buyerIDs(c peers.Comparison) []string {
	var ids []string
	for _, e := range c.Buyers {
		ids = append(ids, e.BuyerID)
	}
	slices.Sort(ids)
	return ids
}

// tonsbergShown reports what of the unpublished Tønsberg a text shows.
func tonsbergShown(s string) []string {
	var found []string
	for _, x := range []string{"Tønsberg", "T&#248;nsberg", `"3905"`, "/buyers/3905", "-3905", "58862 "} {
		if strings.Contains(s, x) {
			found = append(found, x)
		}
	}
	return found
}

// Only the buyers that publish are compared, for every kind of visitor:
// the unpublished one is in no list, group count or rank of the page or
// the API; its own staff alone see where it would stand, on the page.
// Publishing and unpublishing through the overview's form change the
// comparison at once.
func TestBenchmarksOnlyPublished(t *testing.T) {
	srv, _, _ := benchCities(t)
	visitors := map[string]*client{"anonymous": newClient(t, srv.URL)}
	for _, e := range []string{adminA, sandefjordViewer, tonsbergViewer, tonsbergAdmin, supplierUser} {
		visitors[e] = newClient(t, srv.URL).login(e)
	}
	check := func(published []string) {
		t.Helper()
		for who, c := range visitors {
			cmp, body := comparisonOf(t, c)
			if got := buyerIDs(cmp); !slices.Equal(got, published) {
				t.Errorf("%s: the API compares %v, want %v", who, got, published)
			}
			if found := tonsbergShown(body); len(found) > 0 {
				t.Errorf("%s: the API shows the unpublished Tønsberg: %v", who, found)
			}
			for _, e := range cmp.Buyers {
				for _, f := range e.Figures {
					if f.Rank != nil && f.Rank.Of > len(published) {
						t.Errorf("%s: %s %s ranked of %d, with %d published", who, e.BuyerID, f.Key, f.Rank.Of, len(published))
					}
				}
			}
			for _, lang := range []string{"en", "nb"} {
				code, page := c.do("GET", "/benchmarks?lang="+lang, "", "", nil)
				if code != http.StatusOK {
					t.Fatalf("%s: GET /benchmarks: %d", who, code)
				}
				own := strings.Contains(page, `id="bench-own"`)
				staff := who == tonsbergViewer || who == tonsbergAdmin
				if staff {
					// Its own section, marked unpublished, and nothing of it
					// in the groups' tables.
					if !strings.Contains(page, `id="bench-unpublished-3905"`) {
						t.Errorf("%s (%s): no section on where Tønsberg stands", who, lang)
					}
					before, _, _ := strings.Cut(page, `<section class="bench-group"`)
					_, after, _ := strings.Cut(page, `<section class="bench-group"`)
					if len(tonsbergShown(before)) == 0 || len(tonsbergShown(after)) > 0 {
						t.Errorf("%s (%s): Tønsberg in its own section %v, in the tables %v", who, lang, tonsbergShown(before), tonsbergShown(after))
					}
				} else if found := tonsbergShown(page); len(found) > 0 {
					t.Errorf("%s (%s): the page shows the unpublished Tønsberg: %v", who, lang, found)
				}
				if wantOwn := who != "anonymous" && who != supplierUser; own != wantOwn {
					t.Errorf("%s (%s): section on one's own buyer %v, want %v", who, lang, own, wantOwn)
				}
				for _, id := range published {
					if !strings.Contains(page, `data-buyer="`+id+`"`) {
						t.Errorf("%s (%s): the page lacks the published %s", who, lang, id)
					}
				}
			}
		}
	}
	check([]string{"3907", "3909"})

	// Larvik's admin stops publishing (confirming it); Tønsberg's starts.
	larvik := visitors[adminA]
	if code, body := larvik.postForm("/buyers/3909/publish", url.Values{"publish": {"no"}, "confirm": {"yes"}}); code != http.StatusSeeOther {
		t.Fatalf("unpublish: %d %s", code, body)
	}
	cmp, body := comparisonOf(t, visitors["anonymous"])
	if got := buyerIDs(cmp); !slices.Equal(got, []string{"3907"}) || strings.Contains(body, "Larvik") {
		t.Errorf("after Larvik stopped publishing: %v", got)
	}
	if f := cmp.Buyers[0].Figure(peers.LocalShare); f.Rank != nil || f.NotRanked != peers.MissingPeers {
		t.Errorf("Sandefjord alone: rank %+v, %q", f.Rank, f.NotRanked)
	}
	if code, page := larvik.do("GET", "/benchmarks?lang=en", "", "", nil); code != 200 || !strings.Contains(page, `id="bench-unpublished-3909"`) {
		t.Errorf("Larvik's admin sees where Larvik would stand: %d", code)
	}
	tonsberg := visitors[tonsbergAdmin]
	if code, body := tonsberg.postForm("/buyers/3905/publish", url.Values{"publish": {"yes"}}); code != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", code, body)
	}
	if got := buyerIDs(func() peers.Comparison { c, _ := comparisonOf(t, visitors[sandefjordViewer]); return c }()); !slices.Equal(got, []string{"3905", "3907"}) {
		t.Errorf("after Tønsberg started publishing: %v", got)
	}
}

// The compared figures are the buyers' own: those of their analysis (the
// API's and the dashboards'), of their contract coverage and findings;
// with the population of SSB's file, the peer group and ranks of two.
func TestBenchmarksFiguresAreTheBuyersOwn(t *testing.T) {
	srv, _, st := benchCities(t)
	ctx := context.Background()
	anon := newClient(t, srv.URL)
	// Larvik's plan: two items in its latest year and two in the next,
	// one of each published before its year began, one after.
	ys, err := indicator.Years(ctx, st, "3909")
	if err != nil || len(ys) == 0 {
		t.Fatalf("Larvik's years %v %v", ys, err)
	}
	larvik, err := st.Buyer(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	latest := ys[len(ys)-1].Year
	var items []cityspend.PlanItem
	for i, y := range []int{latest, latest + 1} {
		p := larvik.FiscalYear(y)
		for j, published := range []time.Time{p.From.AddDate(0, -1, 0), p.From.AddDate(0, 1, 0)} {
			items = append(items, cityspend.PlanItem{BuyerID: "3909", ID: fmt.Sprintf("p%d%d", i, j), Title: "Brøyting", Type: "services",
				Value: cityspend.Amount(100_000_00 * (i + j + 1)), Basis: "estimate", Regime: "NO", Threshold: "national", Procedure: "open",
				Notice: p.From.AddDate(0, 3, 0), Status: cityspend.PlanPlanned, Published: true, PublishedAt: published, Source: "manual"})
		}
	}
	if err := st.PutPlanItems(ctx, "3909", items, nil); err != nil {
		t.Fatal(err)
	}
	cmp, _ := comparisonOf(t, anon)
	if len(cmp.Buyers) != 2 || len(cmp.Groups) != 1 || cmp.Groups[0].Key != "NO-large" {
		t.Fatalf("compared %v in groups %+v", buyerIDs(cmp), cmp.Groups)
	}
	persons := map[string]int64{"3909": 48226, "3907": 66013}
	for _, e := range cmp.Buyers {
		code, body := anon.do("GET", "/api/v1/buyers/"+e.BuyerID+"/analysis", "", "", nil)
		if code != 200 {
			t.Fatalf("analysis of %s: %d", e.BuyerID, code)
		}
		var a indicator.Analysis
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			t.Fatal(err)
		}
		if e.Year != a.Year || e.Spend != a.TotalSpend || e.Lines != a.Lines {
			t.Errorf("%s: year %d spend %s lines %d; the analysis %d %s %d", e.BuyerID, e.Year, e.Spend, e.Lines, a.Year, a.TotalSpend, a.Lines)
		}
		if e.Population == nil || e.Population.Persons != persons[e.BuyerID] || e.Population.Year != 2024 || e.Population.Source != population.SourceSSB {
			t.Errorf("%s: population %+v, want %d in 2024 from SSB", e.BuyerID, e.Population, persons[e.BuyerID])
		}
		val := func(key string) float64 {
			f := e.Figure(key)
			if f == nil || f.Value == nil {
				t.Fatalf("%s: no %s: %+v", e.BuyerID, key, f)
			}
			return *f.Value
		}
		for _, c := range []struct {
			key       string
			got, want float64
			cov, wcov float64
		}{
			{peers.LocalShare, val(peers.LocalShare), a.LocalShare.L0, e.Figure(peers.LocalShare).Coverage, a.PlaceCoverage},
			{peers.SMEShare, val(peers.SMEShare), a.SMEShare, e.Figure(peers.SMEShare).Coverage, a.TypeCoverage},
			{peers.SocialShare, val(peers.SocialShare), a.BusinessTypes[cityspend.ClassSocial].Share, e.Figure(peers.SocialShare).Coverage, a.TypeCoverage},
			{peers.CO2ePerMillion, val(peers.CO2ePerMillion), a.CO2e.PerMillion, e.Figure(peers.CO2ePerMillion).Coverage,
				1 - cityspend.Share(a.CO2e.Quality.None.Spend, a.CO2e.Spend)},
			{peers.CO2ePerInhabitant, val(peers.CO2ePerInhabitant), a.CO2e.TotalT / float64(persons[e.BuyerID]), e.Figure(peers.CO2ePerInhabitant).Coverage,
				1 - cityspend.Share(a.CO2e.Quality.None.Spend, a.CO2e.Spend)},
		} {
			if c.got != c.want || c.cov != c.wcov {
				t.Errorf("%s %s: %v (coverage %v), the buyer's own %v (%v)", e.BuyerID, c.key, c.got, c.cov, c.want, c.wcov)
			}
		}
		// Spend per inhabitant, exact money: the spend / the population.
		if m := e.Figure(peers.SpendPerInhabitant).Money; m == nil || int64(*m) != (int64(a.TotalSpend)+persons[e.BuyerID]/2)/persons[e.BuyerID] {
			t.Errorf("%s: spend per inhabitant %v of %s / %d", e.BuyerID, m, a.TotalSpend, persons[e.BuyerID])
		}
		// The overview page (published) shows the same local share.
		_, page := anon.do("GET", "/buyers/"+e.BuyerID+"?lang=nb", "", "", nil)
		if want := i18n.New("nb").Pct(a.LocalShare.L0); !strings.Contains(page, want) {
			t.Errorf("%s: the overview lacks the local share %s", e.BuyerID, want)
		}
		b, _ := st.Buyer(ctx, e.BuyerID)
		cov, err := compliance.ContractCoverage(ctx, st, cityspend.SpendFilter{BuyerID: e.BuyerID, Period: b.FiscalYear(e.Year), Scope: cityspend.ScopeIn})
		if err != nil {
			t.Fatal(err)
		}
		if f := e.Figure(peers.ContractCoverage); cov.HasContract || f.Value != nil || f.Missing != peers.MissingContracts {
			t.Errorf("%s: contract coverage %+v with no contracts loaded (%+v)", e.BuyerID, f, cov)
		}
		// Findings: Larvik's are computed, Sandefjord's are not.
		fs, err := st.Findings(ctx, e.BuyerID)
		if err != nil {
			t.Fatal(err)
		}
		ff := e.Figure(peers.FindingsPer100M)
		switch e.BuyerID {
		case "3909":
			// As compliance rates the buyer's findings (its findings
			// page's) over the analysis's spend.
			r, ok := compliance.RateIn(fs, b.FiscalYear(e.Year), a.TotalSpend)
			if len(fs) == 0 || !ok || ff.Count == nil || *ff.Count != r.Count || *ff.Value != r.Per100M || ff.Low != r.Low || ff.High != r.High {
				t.Errorf("Larvik's findings per 100 million %+v, compliance's %+v, spend %s", ff, r, a.TotalSpend)
			}
		case "3907":
			if ff.Value != nil || ff.Missing != peers.MissingFindings {
				t.Errorf("Sandefjord's findings, never computed: %+v", ff)
			}
		}
		// The plan published ahead of the next year (no year asked), as
		// the plan reckons it.
		pa := e.Figure(peers.PlanAhead)
		ps, err := st.PlanItems(ctx, e.BuyerID)
		if err != nil {
			t.Fatal(err)
		}
		switch ahead := plan.AheadOf(ps, peers.PlanYear(b, peers.Options{Now: cmp.Computed})); {
		case e.BuyerID == "3909" && ahead.Expected == 0 && pa.Missing != peers.MissingPlan,
			e.BuyerID == "3909" && ahead.Expected > 0 && (pa.Value == nil || *pa.Value != ahead.Share):
			t.Errorf("Larvik's plan ahead %+v, the plan's %+v", pa, ahead)
		case e.BuyerID == "3907" && (pa.Value != nil || pa.Missing != peers.MissingPlan):
			t.Errorf("Sandefjord's plan ahead, with no plan: %+v", pa)
		}
		// Ranked among the two.
		if r := e.Figure(peers.LocalShare).Rank; r == nil || r.Of != 2 || r.Best > r.Rank || r.Rank > r.Worst {
			t.Errorf("%s: local share rank %+v", e.BuyerID, r)
		}
	}
	l3909, l3907 := cmp.Buyers[0], cmp.Buyers[1]
	if l3909.BuyerID != "3909" {
		l3909, l3907 = l3907, l3909
	}
	a, b := *l3909.Figure(peers.LocalShare).Value, *l3907.Figure(peers.LocalShare).Value
	if r := l3909.Figure(peers.LocalShare).Rank.Rank; (a > b) != (r == 1) {
		t.Errorf("Larvik's local share %v against Sandefjord's %v: rank %d", a, b, r)
	}
	// A year asked for: the plan ahead is of the year after it, not of
	// the year after today's (whose share, were it planned, would differ).
	code, body := anon.do("GET", fmt.Sprintf("/api/v1/benchmarks?year=%d", latest-1), "", "", nil)
	var earlier peers.Comparison
	if err := json.Unmarshal([]byte(body), &earlier); code != 200 || err != nil {
		t.Fatalf("?year=%d: %d %v", latest-1, code, err)
	}
	ps, err := st.PlanItems(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	ahead := plan.AheadOf(ps, larvik.FiscalYear(latest))
	if !slices.Contains(buyerIDs(earlier), "3909") {
		t.Fatalf("?year=%d compares %v, not Larvik", latest-1, buyerIDs(earlier))
	}
	for _, e := range earlier.Buyers {
		if pa := e.Figure(peers.PlanAhead); e.BuyerID == "3909" && (pa.Value == nil || *pa.Value != ahead.Share || ahead.Expected != 2) {
			t.Errorf("Larvik's plan ahead of %d: %+v, the plan's %+v", latest, pa, ahead)
		}
	}
	// A year without lines compares no one; a year that is not one is
	// refused.
	if code, body := anon.do("GET", "/api/v1/benchmarks?year=1990", "", "", nil); code != 200 || !strings.Contains(body, `"buyers": []`) {
		t.Errorf("1990: %d %s", code, body)
	}
	if code, _ := anon.do("GET", "/api/v1/benchmarks?year=soon", "", "", nil); code != 400 {
		t.Errorf("?year=soon: %d", code)
	}
}

// Every message the benchmark page builds from a key is in the catalogue.
func TestBenchmarkMessages(t *testing.T) {
	keys := []string{}
	for _, ind := range peers.Indicators {
		keys = append(keys, "bench.ind."+ind.Key)
	}
	for _, m := range []string{peers.MissingUnknown, peers.MissingPopulation, peers.MissingContracts, peers.MissingFactors, peers.MissingFindings,
		peers.MissingPlan, peers.MissingSpend} {
		keys = append(keys, "bench.missing."+m)
	}
	for _, b := range []string{peers.BasisPlace, peers.BasisType, peers.BasisContract, peers.BasisFactor, peers.BasisResolved, peers.BasisPlanDated} {
		keys = append(keys, "bench.basis."+b)
	}
	for _, n := range []string{peers.MissingGroup, peers.MissingPeers} {
		keys = append(keys, "bench.notranked."+n)
	}
	for _, g := range []struct {
		country, muni string
		persons       int64
	}{{"NO", "0301", 1}, {"NO", "4601", 1}, {"NO", "1", 1}, {"NO", "1", 6000}, {"NO", "1", 30000}, {"NO", "1", -1},
		{"GB", "E06000001", 1}, {"GB", "E07000001", 1}, {"GB", "E08000001", 1}, {"GB", "E09000001", 1}, {"GB", "E10000001", 1},
		{"GB", "W06000001", 1}, {"GB", "S12000001", 1}, {"GB", "N09000001", 1}, {"GB", "", 1}} {
		keys = append(keys, "bench.group."+refdata.PeerGroup(g.country, g.muni, g.persons))
	}
	for _, k := range keys {
		if !i18n.Has(k) {
			t.Errorf("message %q is not in the catalogue", k)
		}
	}
	if got := groupName(i18n.New("en"), "SE-unknown", "SE"); got != "Buyers in SE without a peer group" {
		t.Errorf("a country without groups: %q", got)
	}
}
