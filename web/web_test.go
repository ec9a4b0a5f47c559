package web

import (
	"context"
	"encoding/json"
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
