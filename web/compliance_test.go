// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
)

// The findings, a finding with its evidence lines and a decision, the
// contract register and the coverage dashboard.
func TestCompliancePages(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	// A contract for the largest supplier.
	sups, _ := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: "3909"})
	top := sups[0]
	c := cityspend.Contract{BuyerID: "3909", ID: "K-1", Title: "Framework", Suppliers: []cityspend.ContractSupplier{{SupplierID: top.SupplierID, Name: top.Name}},
		Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), MaxValue: 100_00, HasMax: true,
		Currency: "NOK", File: "k.csv", Line: 2}
	if err := st.ReplaceContracts(ctx, "3909", []cityspend.Contract{c}); err != nil {
		t.Fatal(err)
	}
	if _, err := compliance.Compute(ctx, st, "3909", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	var fs []compliance.FindingJSON
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/findings", 200)), &fs); err != nil || len(fs) == 0 {
		t.Fatalf("findings API: %d, %v", len(fs), err)
	}
	kinds := map[string]bool{}
	for _, f := range fs {
		kinds[f.Kind] = true
		if f.Status != "new" || f.Window.From == "" || f.Detail == "" || !strings.Contains(f.Detail, "ossible") && f.Kind != cityspend.FindingExpired {
			t.Errorf("finding %+v", f)
		}
	}
	if !kinds[cityspend.FindingThreshold] || !kinds[cityspend.FindingOverrun] {
		t.Errorf("kinds %v", kinds)
	}
	page := parse(t, "findings", get(t, srv.URL+"/buyers/3909/findings?lang=en", 200))
	if n := len(page.rows("findings")); n != len(fs) {
		t.Errorf("the page lists %d findings, the API %d", n, len(fs))
	}
	var overrun compliance.FindingJSON
	for _, f := range fs {
		if f.Kind == cityspend.FindingOverrun {
			overrun = f
		}
	}
	detail := parse(t, "finding", get(t, srv.URL+"/buyers/3909/findings/"+overrun.ID+"?lang=en", 200))
	if ev := detail.rows("evidence"); len(ev) == 0 || len(ev) != len(overrun.Evidence) {
		t.Errorf("evidence lines: %d, the finding has %d ids", len(ev), len(overrun.Evidence))
	}
	// Dismiss it; it stays dismissed after a recomputation.
	form := url.Values{"status": {"dismissed"}, "why": {"the maximum was raised by an amendment"}}
	if code, body := clientFor(srv.URL).postForm("/buyers/3909/findings/"+overrun.ID+"/decide", form); code != http.StatusSeeOther {
		t.Fatalf("decide: %d %s", code, body)
	}
	if _, err := compliance.Compute(ctx, st, "3909", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/findings?kind=contract_overrun", 200)), &fs)
	if len(fs) != 1 || fs[0].Status != "dismissed" || fs[0].Who != adminA {
		t.Errorf("after the decision and a recomputation: %+v", fs)
	}
	cp := parse(t, "contracts", get(t, srv.URL+"/buyers/3909/contracts?lang=en", 200))
	if rows := cp.rows("contracts"); len(rows) != 1 || !strings.Contains(rows[0][7], "overrun") {
		t.Errorf("contracts page: %v", rows)
	}
	cov := parse(t, "coverage", get(t, srv.URL+"/buyers/3909/coverage?year=2025&lang=en", 200))
	if share := cov.id("coverage-share"); share == "0.0%" || share == "" {
		t.Errorf("coverage share %q: the contract covers the largest supplier", share)
	}
	cov.rows("coverage-categories")
	cov.rows("coverage-suppliers")
	get(t, srv.URL+"/buyers/3909/findings/nope", 404)
}
