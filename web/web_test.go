package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/internal/fixture"
)

// newTestServer serves a real store holding a generated municipality
// (register, ledger, resolved, scoped, classified), on a real HTTP server
// on a random port.
func newTestServer(t *testing.T) (*httptest.Server, cityspend.Store) {
	t.Helper()
	m := fixture.Build(t, fixture.Options{})
	s, err := New(m.Store, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, m.Store
}

func get(t *testing.T, url string, wantStatus int) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: %d, want %d: %s", url, resp.StatusCode, wantStatus, b)
	}
	return string(b)
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
	form := "org_number=923609016&why=checked+the+invoice&who=kari"
	post := func(origin string) *http.Response {
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/buyers/3909/payees/%d/override", srv.URL, pid), strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(""); resp.StatusCode != http.StatusForbidden {
		t.Errorf("no origin: %d", resp.StatusCode)
	}
	if resp := post("http://evil.example"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("other origin: %d", resp.StatusCode)
	}
	if resp := post(srv.URL); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("same origin: %d", resp.StatusCode)
	}
	payees, _ = st.Payees(ctx, "3909")
	if r := payees[0].Resolution; r.Method != cityspend.MatchManual || r.SupplierID != "org:NO-BRC:923609016" {
		t.Errorf("resolution after the decision %+v", r)
	}
	ovs, _ := st.Overrides(ctx, "3909")
	if len(ovs) != 1 || ovs[0].Who != "kari" || ovs[0].Why != "checked the invoice" {
		t.Errorf("audit trail %+v", ovs)
	}
}
