// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/i18n"
)

// newTestServer serves a real store holding a generated municipality
// (register, ledger, resolved, scoped, classified), on a real HTTP server
// on a random port.
func newTestServer(t *testing.T) (*httptest.Server, cityspend.Store) {
	t.Helper()
	srv, st, _ := newTestServerWith(t, nil)
	return srv, st
}

// newTestServerWith is newTestServer with the server set up by setup
// before it serves.
func newTestServerWith(t *testing.T, setup func(*Server)) (*httptest.Server, cityspend.Store, *Server) {
	t.Helper()
	m := duckdbtest.Build(t, duckdbtest.Options{})
	srv, s := serveStore(t, m.Store, setup)
	return srv, m.Store, s
}

// serveStore is newTestServerWith over a store of the test's own.
func serveStore(t *testing.T, st cityspend.Store, setup func(*Server)) (*httptest.Server, *Server) {
	t.Helper()
	s, err := New(st, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(s)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	addTestAccounts(t, st)
	c := newClient(t, srv.URL).login(adminA)
	clients.Store(srv.URL, c)
	t.Cleanup(func() { clients.Delete(srv.URL) })
	return srv, s
}

// get fetches a URL as the admin of city A (see newTestServer).
func get(t *testing.T, url string, wantStatus int) string {
	t.Helper()
	c := clientFor(url)
	if c == nil {
		t.Fatalf("no test server for %s", url)
	}
	c.t = t
	code, b := c.do("GET", url, "", "", nil)
	if code != wantStatus {
		t.Fatalf("GET %s: %d, want %d: %s", url, code, wantStatus, b)
	}
	return b
}

func TestSuppliersPages(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	b, _ := st.Buyer(ctx, "3909")
	places, err := st.SpendBy(ctx, cityspend.SpendFilter{BuyerID: "3909", Period: b.FiscalYear(2025), Scope: cityspend.ScopeIn}, cityspend.ByPlace, 0)
	if err != nil {
		t.Fatal(err)
	}
	page := get(t, srv.URL+"/buyers/3909/suppliers?year=2025&lang=en", 200)
	if !strings.Contains(page, `id="unknown-share"`) {
		t.Fatal("the page must show the share of spend whose place is unknown")
	}
	for _, p := range places {
		if !strings.Contains(page, i18n.New("en").Money(p.Spend, "NOK")) {
			t.Errorf("page lacks %s spend %s", p.Key, p.Spend)
		}
	}
	get(t, srv.URL+"/buyers/3909/suppliers?place=L9", 400)
	if !strings.Contains(get(t, srv.URL+"/buyers/3909/suppliers?year=2025&q=zzzz-no-such", 200), "<tbody></tbody>") {
		t.Error("search narrows the list")
	}
	sups, _ := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: "3909"})
	top := sups[0]
	detail := get(t, srv.URL+"/buyers/3909/suppliers/"+top.SupplierID, 200)
	if !strings.Contains(detail, top.PlaceReason) || !strings.Contains(detail, "<form") {
		t.Error("the supplier page shows the reasons and the decision form")
	}
	get(t, srv.URL+"/buyers/3909/suppliers/org:NO-BRC:000000000", 404)

	// A decision: refused without an origin, recorded with one.
	payees, _ := st.Payees(ctx, "3909")
	pid := payees[0].ID
	form := url.Values{"org_number": {"923609016"}, "why": {"checked the invoice"}}
	path := fmt.Sprintf("/buyers/3909/payees/%d/override", pid)
	c := clientFor(srv.URL)
	if code, _ := c.do("POST", path, "application/x-www-form-urlencoded", form.Encode(), map[string]string{csrfHeader: ""}); code != http.StatusForbidden {
		t.Errorf("no form token: %d", code)
	}
	if code, _ := c.do("POST", path, "application/x-www-form-urlencoded", form.Encode(), map[string]string{csrfHeader: "forged"}); code != http.StatusForbidden {
		t.Errorf("a forged token: %d", code)
	}
	if code, body := c.postForm(path, form); code != http.StatusSeeOther {
		t.Fatalf("with the token: %d %s", code, body)
	}
	payees, _ = st.Payees(ctx, "3909")
	if r := payees[0].Resolution; r.Method != cityspend.MatchManual || r.SupplierID != "org:NO-BRC:923609016" {
		t.Errorf("resolution after the decision %+v", r)
	}
	ovs, _ := st.Overrides(ctx, "3909")
	if len(ovs) != 1 || ovs[0].Who != adminA || ovs[0].Why != "checked the invoice" {
		t.Errorf("audit trail %+v", ovs)
	}
}

// A long supplier list comes in pages of 200 with links between them.
func TestSuppliersPaginate(t *testing.T) {
	srv, _ := newTestServer(t)
	row := regexp.MustCompile(`<tr[^>]*>\s*<td><a href="(/buyers/3909/suppliers/[^"?]+)`)
	one := get(t, srv.URL+"/buyers/3909/suppliers?year=2025", 200)
	first := row.FindAllStringSubmatch(one, -1)
	next := regexp.MustCompile(`<a href="([^"]*page=2[^"]*)" rel="next">`).FindStringSubmatch(one)
	if len(first) != suppliersPage || next == nil {
		t.Fatalf("page 1: %d rows, next %v", len(first), next)
	}
	two := get(t, srv.URL+strings.ReplaceAll(next[1], "&amp;", "&"), 200)
	second := row.FindAllStringSubmatch(two, -1)
	if len(second) == 0 || second[0][1] == first[0][1] || !strings.Contains(two, `rel="prev"`) {
		t.Errorf("page 2: %d rows, first %v", len(second), second[:min(1, len(second))])
	}
	get(t, srv.URL+"/buyers/3909/suppliers?year=2025&page=zero", 400)
}
