// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/feeds"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/peers"
)

// Cities compared across installations: this installation reads another's
// published benchmarks (a second real server on 127.0.0.1 with its own
// database) and compares its publishing buyer in the same peer group,
// marked with the source, the date and the hash of what was read; the
// other's unpublished buyer never comes across. When the other server is
// gone, the last read stays, with the error.
func TestBenchmarksAcrossInstallations(t *testing.T) {
	ctx := context.Background()
	// The other installation: Færder publishes, Holmestrand does not.
	other := duckdbtest.Lines(t, []cityspend.Buyer{
		{ID: "3911", Name: "Færder kommune", Country: "NO", Municipality: "3911", Currency: "NOK", FiscalStart: 1},
		{ID: "3903", Name: "Holmestrand kommune", Country: "NO", Municipality: "3903", Currency: "NOK", FiscalStart: 1},
	}, []duckdbtest.Line{
		{Buyer: "3911", Org: "923609016", Date: "2025-03-01", CPV: "45233141", Amount: 900_000_00},
		{Buyer: "3911", Org: "910000004", Date: "2025-03-02", CPV: "22110000", Amount: 120_000_00},
		{Buyer: "3903", Org: "923609016", Date: "2025-04-01", CPV: "22110000", Amount: 491_625_40},
	})
	if _, err := enrich.Run(ctx, other, enrich.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := other.ImportPopulation(ctx, &cityspend.PopulationBatch{Source: "SSB 07459", FileName: "f.csv", SHA256: "f"}, []cityspend.PopulationFigure{
		{Country: "NO", Area: "3911", Name: "Færder", Year: 2025, Persons: 27_500, Source: "SSB 07459"},
		{Country: "NO", Area: "3903", Name: "Holmestrand", Year: 2025, Persons: 25_000, Source: "SSB 07459"}}); err != nil {
		t.Fatal(err)
	}
	if err := other.PutRates(ctx, gen.Rates(2015, 2030)); err != nil {
		t.Fatal(err)
	}
	if err := auth.SetPublishes(ctx, other, "3911", true); err != nil {
		t.Fatal(err)
	}
	otherSrv := serveInstallation(t, other)
	resp, err := http.Get(otherSrv.URL + "/api/v1/benchmarks")
	if err != nil {
		t.Fatal(err)
	}
	published, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	sum := sha256.Sum256(published)

	// This installation reads it, as `cityspend feeds add URL` does.
	srv, s, st := benchCities(t)
	f, err := feeds.New(otherSrv.URL+"/", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	f = feeds.Reader{Timeout: 5 * time.Second}.Read(ctx, f)
	if f.Error != "" || f.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("read %+v, want the hash of %s", f, published)
	}
	if err := st.PutFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	s.Invalidate()

	anon := newClient(t, srv.URL)
	cmp, body := comparisonOf(t, anon)
	if strings.Contains(body, "Holmestrand") || strings.Contains(body, `"3903"`) {
		t.Error("the other installation's unpublished buyer came across")
	}
	var faerder *peers.Entry
	for i, e := range cmp.Buyers {
		if e.BuyerID == "3911" {
			faerder = &cmp.Buyers[i]
		} else if e.Source != nil {
			t.Errorf("%s has a source", e.BuyerID)
		}
	}
	if faerder == nil || faerder.Source == nil || faerder.Source.URL != otherSrv.URL+"/api/v1/benchmarks" ||
		faerder.Source.SHA256 != hex.EncodeToString(sum[:]) || !faerder.Source.ReadAt.Equal(f.ReadAt) {
		t.Fatalf("Færder: %+v", faerder)
	}
	if faerder.Group != "NO-large" || faerder.Population == nil || faerder.Population.Persons != 27_500 {
		t.Errorf("Færder in %s with population %+v", faerder.Group, faerder.Population)
	}
	for _, e := range cmp.Buyers {
		if r := e.Figure(peers.CO2ePerMillion).Rank; r == nil || r.Of != 3 {
			t.Errorf("%s: CO2e per million rank %+v, want of 3 (two here, one there)", e.BuyerID, r)
		}
	}
	_, page := anon.do("GET", "/benchmarks?lang=en", "", "", nil)
	host := strings.TrimPrefix(otherSrv.URL, "http://")
	for _, want := range []string{"Færder kommune", "read from " + host, hex.EncodeToString(sum[:])[:12], `id="bench-feeds"`,
		`href="` + otherSrv.URL + `/buyers/3911?year=`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "Holmestrand") {
		t.Error("the page shows the other installation's unpublished buyer")
	}

	// The other server is gone: the last read stays, with the error.
	otherSrv.Close()
	fs, changed, err := feeds.Reader{Timeout: 2 * time.Second}.Refresh(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if changed || len(fs) != 1 || fs[0].Error == "" || fs[0].SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("after the other server stopped: %+v", fs)
	}
	s.Invalidate()
	_, page = anon.do("GET", "/benchmarks?lang=nb", "", "", nil)
	if !strings.Contains(page, "Færder kommune") || !strings.Contains(page, `class="bench-feed-error"`) {
		t.Error("the page should keep Færder from the last read and show the failed attempt")
	}
}

// The joint-procurement finder across installations: this installation
// reads another's published plan (its /public/{id}/plan.json: OCDS
// planning releases, from a second real server) and a foreign publisher's
// package in euros. The other installation's cleaning of schools joins
// Larvik's, marked with where and when it was read and linked to its
// pipeline; nobody here is invited to it (the form is not shown, and a
// post is refused); the euro item and a copy of Larvik's own item are left
// out. Both languages say it.
func TestJointAcrossInstallations(t *testing.T) {
	ctx := context.Background()
	need := time.Now().UTC().AddDate(0, 10, 0).Truncate(24 * time.Hour)
	item := func(buyer, id, title, cpv string, value cityspend.Amount) cityspend.PlanItem {
		return cityspend.PlanItem{BuyerID: buyer, ID: id, Title: title, Type: "services", CPV: []string{cpv}, Value: value, NeedDate: need,
			ContractStart: need, Status: cityspend.PlanPlanned, Published: true, PublishedAt: time.Now().UTC()}
	}
	other := duckdbtest.Lines(t, []cityspend.Buyer{
		{ID: "3911", Name: "Færder kommune", Country: "NO", Municipality: "3911", Currency: "NOK", FiscalStart: 1},
	}, []duckdbtest.Line{{Buyer: "3911", Org: "923609016", Date: "2025-03-01", CPV: "90911200", Amount: 900_000_00}})
	if err := other.PutPlanItems(ctx, "3911", []cityspend.PlanItem{item("3911", "S-1", "Renhold av skoler", "90911200", 1_600_000_00)}, nil); err != nil {
		t.Fatal(err)
	}
	otherSrv := serveInstallation(t, other)
	// A foreign publisher's planning releases: cleaning in euros, and a
	// copy of Larvik's own item (Larvik publishes its plan there too).
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		at := need.Format(time.RFC3339)
		io.WriteString(w, `{"uri":"x","version":"1.1","releases":[
{"ocid":"ocds-x-1","id":"1","date":"2026-11-01T00:00:00Z","tag":["planning"],"buyer":{"id":"FR-1","name":"Ville de Nantes"},
 "tender":{"id":"N-1","title":"Nettoyage des écoles","mainProcurementCategory":"services","value":{"amount":2000000,"currency":"EUR"},
  "items":[{"id":"1","classification":{"scheme":"CPV","id":"90911200"}}],"contractPeriod":{"startDate":"`+at+`"}}},
{"ocid":"ocds-x-2","id":"2","date":"2026-11-01T00:00:00Z","tag":["planning"],"buyer":{"id":"NO-BRC-1","name":"Larvik kommune"},
 "tender":{"id":"P-A","title":"School cleaning (copy)","mainProcurementCategory":"services","value":{"amount":1100000,"currency":"NOK"},
  "items":[{"id":"1","classification":{"scheme":"CPV","id":"90910000"}}],"contractPeriod":{"startDate":"`+at+`"}}}]}`)
	}))
	t.Cleanup(foreign.Close)

	srv, st, _ := newTestServerWith(t, nil)
	if err := st.PutPlanItems(ctx, "3909", []cityspend.PlanItem{item("3909", "P-A", "School cleaning", "90910000", 1_100_000_00)}, nil); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{otherSrv.URL + "/public/3911/plan.json", foreign.URL + "/plan.json"} {
		f, err := feeds.NewPlanning(u, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if f = (feeds.Reader{Timeout: 5 * time.Second}).Read(ctx, f); f.Error != "" || f.SHA256 == "" {
			t.Fatalf("read %s: %+v", u, f)
		}
		if err := st.PutFeed(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	// A comparison is not a planning feed.
	if f, _ := feeds.NewPlanning(otherSrv.URL+"/api/v1/benchmarks", time.Now()); (feeds.Reader{}).Read(ctx, f).Error == "" {
		t.Error("a comparison read as planning releases")
	}

	per := newClient(t, srv.URL).login(analystA)
	host := strings.TrimPrefix(otherSrv.URL, "http://")
	for lang, from := range map[string]string{"en": "read from " + host, "nb": "lest fra " + host} {
		_, page := per.do("GET", "/buyers/3909/joint?lang="+lang, "", "", nil)
		if !strings.Contains(page, `data-group="909" data-item="P-A"`) || !strings.Contains(page, "Renhold av skoler") ||
			!strings.Contains(page, `href="`+otherSrv.URL+`/public/3911/pipeline"`) || !strings.Contains(page, from) {
			t.Errorf("%s: the other installation's item is not shown with its source:\n%s", lang, page)
		}
		if strings.Contains(page, "Nettoyage") || strings.Contains(page, "School cleaning (copy)") {
			t.Errorf("%s: the euro item or Larvik's own copy came in", lang)
		}
		if strings.Contains(page, `action="/buyers/3909/joint/invite"`) || !strings.Contains(page, i18n.New(lang).T("jp.elsewhere")) {
			t.Errorf("%s: an invitation offered to buyers on other installations", lang)
		}
	}
	if code, _ := per.postForm("/buyers/3909/joint/invite", url.Values{"item": {"P-A"}, "group": {"909"}}); code != http.StatusBadRequest {
		t.Errorf("an invitation to another installation's buyer: %d", code)
	}
}

// serveInstallation serves another installation's store on 127.0.0.1, with no
// accounts of this one's tests.
func serveInstallation(t *testing.T, st cityspend.Store) *httptest.Server {
	t.Helper()
	s, err := New(st, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv
}
