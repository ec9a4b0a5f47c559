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
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/feeds"
	"github.com/cityspend/cityspend/gen"
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
	os, err := New(other, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	otherSrv := httptest.NewServer(os.Handler())
	t.Cleanup(otherSrv.Close)
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
