package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/register"
	"github.com/cityspend/cityspend/register/brreg"
)

// newTestServer serves a real store holding a generated ledger, on a real
// HTTP server on a random port.
func newTestServer(t *testing.T) (*httptest.Server, cityspend.Store) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := duckdb.Open(ctx, filepath.Join(dir, "w.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Municipality: "3909", Currency: "NOK", FiscalStart: 1, Synthetic: true}
	if err := st.CreateBuyer(ctx, b); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "l.csv")
	if _, err := gen.WriteLedgerFile(ctx, file, gen.NewUniverse(1), gen.LedgerOptions{Municipality: "3909", FromYear: 2024, Years: 2, Lines: 4000, Format: gen.FormatCSV}); err != nil {
		t.Fatal(err)
	}
	if _, err := ledger.ImportFile(ctx, st, b, file, ledger.ImportOptions{RejectsDir: dir}); err != nil {
		t.Fatal(err)
	}
	reg := filepath.Join(dir, "enheter.json")
	if _, err := gen.WriteRegisterFile(ctx, reg, gen.NewUniverse(1), gen.RegisterOptions{}); err != nil {
		t.Fatal(err)
	}
	rr, err := brreg.Open(reg)
	if err != nil {
		t.Fatal(err)
	}
	rb := cityspend.RegisterBatch{Source: "brreg", FileName: "enheter.json"}
	if err := st.ImportRegister(ctx, &rb, rr); err != nil {
		t.Fatal(err)
	}
	rr.Close()
	res, err := register.NewResolver(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.ResolveBuyer(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := indicator.RefreshScope(ctx, st, b.ID); err != nil {
		t.Fatal(err)
	}
	s, err := New(st, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, st
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
