// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// /healthz, /readyz (503 while shutting down), /metrics after requests (on
// the metrics listener only), and the security headers on every response.
func TestOperations(t *testing.T) {
	srv, _, s := newTestServerWith(t, nil)
	c := clientFor(srv.URL)
	get(t, srv.URL+"/buyers/3909?year=2025", 200)
	get(t, srv.URL+"/api/v1/buyers/3909/findings", 200)
	newClient(t, srv.URL).do("GET", "/api/v1/buyers/3909/findings", "", "", nil) // 401
	if code, body := c.do("GET", "/readyz", "", "", nil); code != 200 || body != "ready\n" {
		t.Errorf("readyz: %d %q", code, body)
	}
	s.draining.Store(true)
	if code, _ := c.do("GET", "/readyz", "", "", nil); code != 503 {
		t.Errorf("readyz while shutting down: %d", code)
	}
	s.draining.Store(false)
	// /metrics is not the public's: the site does not serve it; the
	// metrics listener (serve --metrics-addr) does.
	if code, _ := c.do("GET", "/metrics", "", "", nil); code != http.StatusNotFound {
		t.Errorf("/metrics on the site: %d, want 404", code)
	}
	ms := httptest.NewServer(s.MetricsHandler())
	defer ms.Close()
	code, m := c.do("GET", ms.URL+"/metrics", "", "", nil)
	if code != 200 {
		t.Fatalf("/metrics on the metrics listener: %d", code)
	}
	for _, want := range []string{
		`cityspend_http_requests_total{route="GET /buyers/{id}",code="200"} 1`,
		`cityspend_http_requests_total{route="GET /api/v1/buyers/{id}/findings",code="401"} 1`,
		`cityspend_http_request_duration_seconds_count{route="GET /buyers/{id}"} 1`,
		`cityspend_logins_total{result="ok"} 1`,
		"go_goroutines ",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if !regexp.MustCompile(`(?m)^cityspend_http_request_duration_seconds_bucket\{route="GET /buyers/\{id\}",le="\+Inf"\} 1$`).MatchString(m) {
		t.Error("the histogram's +Inf bucket")
	}
	resp, err := http.Get(srv.URL + "/buyers/3909?year=2025")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h := resp.Header
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") ||
		h.Get("X-Frame-Options") != "DENY" || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("security headers %v", h)
	}
	// The pages need nothing the policy forbids: no script, no inline style.
	page := get(t, srv.URL+"/buyers/3909?year=2025", 200)
	if strings.Contains(page, "<script") || strings.Contains(page, "style=\"") || strings.Contains(page, "<style") {
		t.Error("a page has script or inline style")
	}
}

// A form larger than the limit is refused with 413 before it is read.
func TestRequestBodyLimit(t *testing.T) {
	srv, _ := newTestServer(t)
	c := clientFor(srv.URL)
	big := "why=" + strings.Repeat("x", maxForm+1)
	code, _ := c.do("POST", "/buyers/3909/strategy", "application/x-www-form-urlencoded", big, map[string]string{csrfHeader: ""})
	if code != http.StatusRequestEntityTooLarge {
		t.Errorf("a %d MB form: %d", len(big)>>20, code)
	}
}

// Quotes and SQL in filters are values, never SQL.
func TestFiltersAreValues(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, path := range []string{
		"/buyers/3909/suppliers?year=2025&q=" + url.QueryEscape("O'Brien'; DROP TABLE payments; --"),
		"/api/v1/buyers/3909/analysis?year=2025&org_unit=" + url.QueryEscape("' OR 1=1 --"),
		"/api/v1/buyers/3909/lines?year=2025&supplier=" + url.QueryEscape("x' OR 'a'='a"),
	} {
		get(t, srv.URL+path, 200)
	}
	var a struct {
		TotalSpend string `json:"total_spend"`
	}
	json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/analysis?year=2025&org_unit="+url.QueryEscape("' OR 1=1 --"), 200)), &a)
	if a.TotalSpend != "0.00" {
		t.Errorf("a unit named like SQL selects %s", a.TotalSpend)
	}
	get(t, srv.URL+"/api/v1/buyers/3909/analysis?year=2025", 200) // the table is still there
}
