package web

import (
	"context"
	"encoding/json"
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
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Synthetic: true}
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

// The page's figures are the indicator engine's figures.
func TestBuyerPageMatchesIndicators(t *testing.T) {
	srv, st := newTestServer(t)
	a, err := indicator.Analyse(context.Background(), st, "3909", 2025, indicator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var api indicator.Analysis
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/analysis?year=2025", 200)), &api); err != nil {
		t.Fatal(err)
	}
	if api.TotalSpend != a.TotalSpend || api.Lines != a.Lines || api.Suppliers != a.Suppliers || len(api.TopSuppliers) != len(a.TopSuppliers) {
		t.Errorf("API %+v, engine %+v", api, a)
	}
	page := get(t, srv.URL+"/buyers/3909?year=2025", 200)
	for _, want := range []string{
		formatMoney(a.TotalSpend, "NOK"), formatInt(a.Lines), formatInt(a.Suppliers),
		formatMoney(a.TopSuppliers[0].Spend, "NOK"), formatMoney(a.ByAccountGroup[0].Spend, "NOK"),
		"Synthetic data", "<svg",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("buyer page lacks %q", want)
		}
	}
	// Drill-down: the top supplier's lines add up to its spend.
	top := a.TopSuppliers[0]
	lines := get(t, srv.URL+"/buyers/3909/lines?year=2025&supplier="+top.Key, 200)
	if !strings.Contains(lines, formatMoney(top.Spend, "NOK")) || !strings.Contains(lines, formatInt(top.Lines)+" lines") {
		t.Errorf("lines page does not show %s over %d lines", top.Spend, top.Lines)
	}
	var api2 struct{ Lines []cityspend.Payment }
	json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/lines?year=2025&supplier="+top.Key, 200)), &api2)
	if len(api2.Lines) == 0 || api2.Lines[0].SupplierKey != top.Key {
		t.Errorf("API lines %+v", api2.Lines)
	}
}

func TestErrorsAndDefaults(t *testing.T) {
	srv, _ := newTestServer(t)
	if !strings.Contains(get(t, srv.URL+"/", 200), "Larvik kommune") {
		t.Error("home page lists the buyers")
	}
	// Without ?year the latest year is shown.
	if !strings.Contains(get(t, srv.URL+"/buyers/3909", 200), "· 2025") {
		t.Error("default year is the latest")
	}
	get(t, srv.URL+"/buyers/nobody", 404)
	get(t, srv.URL+"/buyers/3909?year=soon", 400)
	get(t, srv.URL+"/buyers/3909/lines?page=0", 400)
	if body := get(t, srv.URL+"/api/v1/buyers/nobody/analysis", 404); !strings.Contains(body, `"not_found"`) {
		t.Errorf("API errors are JSON: %s", body)
	}
	get(t, srv.URL+"/nowhere", 404)
	get(t, srv.URL+"/healthz", 200)
	if css := get(t, srv.URL+"/static/style.css", 200); !strings.Contains(css, ".chart") {
		t.Error("static CSS")
	}
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		a    cityspend.Amount
		cur  string
		want string
	}{
		{123456750, "NOK", "1\u00a0234\u00a0567,50 kr"},
		{123456750, "GBP", "£1,234,567.50"},
		{-5, "EUR", "−0,05\u00a0€"},
		{100, "CHF", "1.00 CHF"},
	}
	for _, tt := range tests {
		if got := formatMoney(tt.a, tt.cur); got != tt.want {
			t.Errorf("formatMoney(%d, %s) = %q, want %q", tt.a, tt.cur, got, tt.want)
		}
	}
	if got := shortMoney(123456789_00, "NOK"); got != "123.4 m NOK" {
		t.Errorf("shortMoney = %q", got)
	}
}

func TestSuppliersPages(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	b, _ := st.Buyer(ctx, "3909")
	places, err := st.SpendBy(ctx, cityspend.SpendFilter{BuyerID: "3909", Period: b.FiscalYear(2025)}, cityspend.ByPlace, 0)
	if err != nil {
		t.Fatal(err)
	}
	page := get(t, srv.URL+"/buyers/3909/suppliers?year=2025", 200)
	if !strings.Contains(page, `id="unknown-share"`) {
		t.Fatal("the page must show the share of spend whose place is unknown")
	}
	for _, p := range places {
		if !strings.Contains(page, formatMoney(p.Spend, "NOK")) {
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
