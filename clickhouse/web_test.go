// SPDX-License-Identifier: EUPL-1.2

package clickhouse

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/storetest"
	"github.com/cityspend/cityspend/web"
)

// The server on the ClickHouse store: every dashboard page and API answer
// of a buyer is the embedded store's, byte for byte (but for the form
// tokens each server draws, the batch ids, and the times findings and plan
// items were computed).
func TestDashboardsOnClickHouse(t *testing.T) {
	dsn(t)
	ctx := context.Background()
	embedded, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "e.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { embedded.Close() })
	pages := []string{"", "/geography", "/business-types", "/sectors", "/categories", "/categories?level=3&by=supplier", "/suppliers",
		"/suppliers/org:NO-BRC:" + storetestOrg, "/lines", "/lines?category=909", "/lines?page=2", "/findings", "/contracts", "/coverage",
		"/plan", "/climate", "/strategy", "/report", "/review", "/export/lines.csv", "/export/suppliers.csv"}
	apis := []string{"/analysis", "/indicators", "/years", "/co2e", "/suppliers", "/lines", "/findings", "/contracts", "/plan", "/cube?level=3",
		"/review", "/strategy"}
	bodies := map[string]map[string]string{}
	for name, st := range map[string]cityspend.Store{"duckdb": embedded, "clickhouse": openStore(t)} {
		storetest.LoadCompliance(t, st)
		if err := st.SetSetting(ctx, "3909", cityspend.SettingPublish, "yes"); err != nil {
			t.Fatal(err)
		}
		id, err := auth.AddUser(ctx, st, cityspend.User{Email: "v@example.org", Name: "V", Grants: []cityspend.Grant{{BuyerID: "3909",
			Role: cityspend.RoleViewer}}}, "a-long-enough-password")
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := auth.NewAPIToken(ctx, st, id, "t", cityspend.ScopeRead, time.Hour, time.Now().UTC())
		if err != nil {
			t.Fatal(err)
		}
		s, err := web.New(st, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s.Handler())
		t.Cleanup(srv.Close)
		bodies[name] = map[string]string{}
		get := func(path string) {
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("%s %s: %d %.300s", name, path, resp.StatusCode, b)
			}
			bodies[name][path] = string(b)
		}
		for _, p := range pages {
			get("/buyers/3909" + p + sep(p) + "year=2025")
		}
		for _, p := range apis {
			get("/api/v1/buyers/3909" + p + sep(p) + "year=2025")
		}
	}
	// Ready while the cluster answers, not when it does not.
	ready := func(st cityspend.Store) int {
		s, err := web.New(st, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		return rec.Code
	}
	st := openStore(t)
	if code := ready(st); code != 200 {
		t.Errorf("/readyz with the cluster up: %d", code)
	}
	st.Lines().Close()
	if code := ready(st); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz without the cluster: %d, want 503", code)
	}

	// Form tokens, batch ids in line ids, and the times things were computed.
	tokens := regexp.MustCompile(`(name="csrf" value=")[^"]*"|\b\d{1,19}:(\d+)\b|("(?:computed_at|created|updated|calendar_from|calendar_to)": )"[^"]*"|("batch_id": )\d+`)
	for path, want := range bodies["duckdb"] {
		got := bodies["clickhouse"][path]
		if n, w := tokens.ReplaceAllString(got, "$1$2$3$4"), tokens.ReplaceAllString(want, "$1$2$3$4"); n != w || len(w) < 2 {
			i := 0
			for i < len(n) && i < len(w) && n[i] == w[i] {
				i++
			}
			t.Errorf("%s differs from the embedded store's at byte %d:\nClickHouse: %.300s\nDuckDB:     %.300s", path, i, n[max(i-100, 0):], w[max(i-100, 0):])
		}
	}
}

const storetestOrg = "982463718"

func sep(p string) string {
	for _, c := range p {
		if c == '?' {
			return "&"
		}
	}
	return "?"
}
