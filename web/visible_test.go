// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/enrich"
)

// Both Larvik's and Tønsberg's supplier (roads for Larvik, books for
// Tønsberg), and one only Tønsberg knows.
const (
	sharedSupplier   = "org:NO-BRC:923609016" // supplierUser's firm
	tonsbergSupplier = "org:NO-BRC:974760673"
	tonsbergAdmin    = "admin@tonsberg.test"
	bothViewer       = "region@vestfold.test" // a viewer at Larvik and Tønsberg
)

// twoCities serves a store with Larvik (publishing) and Tønsberg (not) and
// their ledgers, Tønsberg's lines left out unless withTonsberg; Larvik has
// a published challenge and a plan item for printed books, and a printer
// of its own.
func twoCities(t *testing.T, withTonsberg bool) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	lines := []duckdbtest.Line{
		{Buyer: "3909", Org: "923609016", Date: "2025-03-01", CPV: "45233141", Amount: 90_000_00},
		{Buyer: "3909", Org: "910000004", Date: "2025-03-02", CPV: "22110000", Amount: 12_000_00},
	}
	if withTonsberg {
		lines = append(lines,
			duckdbtest.Line{Buyer: "3905", Org: "923609016", Date: "2025-04-01", CPV: "22110000", Amount: 49_162_54},
			duckdbtest.Line{Buyer: "3905", Org: "974760673", Date: "2025-04-02", CPV: "22110000", Amount: 31_000_00})
	}
	st := duckdbtest.Lines(t, []cityspend.Buyer{
		{ID: "3909", Name: "Larvik kommune", Country: "NO", Municipality: "3909", Currency: "NOK", FiscalStart: 1},
		{ID: "3905", Name: "Tønsberg kommune", Country: "NO", Municipality: "3905", Currency: "NOK", FiscalStart: 1},
	}, lines)
	if _, err := enrich.Run(ctx, st, enrich.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := auth.SetPublishes(ctx, st, "3909", true); err != nil {
		t.Fatal(err)
	}
	if err := st.PutCapability(ctx, cityspend.Capability{SupplierID: "org:NO-BRC:910000012", Name: "Trykk AS",
		Description: "Printing of books, brochures and school books", CPV: []string{"22110000"}}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	if _, err := st.PutChallenge(ctx, cityspend.Challenge{BuyerID: "3909", ID: "CH-1", Title: "Printed books for schools",
		Problem: "We need printing of school books and brochures", CPV: []string{"22110000"}, Status: cityspend.ChallengePublished,
		Currency: "NOK", CreatedAt: at, UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutPlanItems(ctx, "3909", []cityspend.PlanItem{{BuyerID: "3909", ID: "P-1", Title: "Printed books for schools",
		Need: "printing of school books", CPV: []string{"22110000"}, Type: "goods", Status: cityspend.PlanPlanned}}, nil); err != nil {
		t.Fatal(err)
	}
	s, err := New(st, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	addTestAccounts(t, st)
	mustAdd(t, st, cityspend.User{Email: tonsbergAdmin, Name: "Tone", Grants: []cityspend.Grant{{BuyerID: "3905", Role: cityspend.RoleAdmin}}})
	mustAdd(t, st, cityspend.User{Email: bothViewer, Name: "Rolf", Grants: []cityspend.Grant{{BuyerID: "3909", Role: cityspend.RoleViewer},
		{BuyerID: "3905", Role: cityspend.RoleViewer}}})
	return srv
}

// matchesAPI reads Larvik's challenge and plan item matches through the
// API, as the client's user.
func matchesAPI(t *testing.T, c *client) string {
	t.Helper()
	var out []string
	for _, path := range []string{"/api/v1/buyers/3909/challenges/CH-1/matches", "/api/v1/buyers/3909/plan/P-1/matches"} {
		code, body := c.do("GET", path, "", "", nil)
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, code, body)
		}
		var ms []json.RawMessage
		if err := json.Unmarshal([]byte(body), &ms); err != nil || len(ms) == 0 {
			t.Fatalf("GET %s: %v %s", path, err, body)
		}
		out = append(out, body)
	}
	return strings.Join(out, "\n")
}

// tonsbergEvidence reports what of Tønsberg's ledger a text shows.
func tonsbergEvidence(s string) []string {
	var found []string
	for _, x := range []string{"Tønsberg", "buyer 3905", `"buyer_id": "3905"`, "49162.54", tonsbergSupplier} {
		if strings.Contains(s, x) {
			found = append(found, x)
		}
	}
	return found
}

// hasHistory reports whether matches (JSON) give the supplier's history
// with Tønsberg: its name and what it paid, in the reason's data.
func hasHistory(matches string) bool {
	return regexp.MustCompile(`"kind": "history",[^}]*"buyer_id": "3905",\s*"buyer": "Tønsberg kommune",\s*"amount": "49162.54"`).MatchString(matches)
}

// Another city's unpublished spend stays out of matching (audit, issue
// 15.1): Larvik's viewer sees matches — in the API, on the plan item's page
// and the challenge's desk — built from Larvik's ledger and the suppliers'
// profiles alone, identical to those of a store without Tønsberg's lines,
// whoever asked before (a viewer of both cities does see Tønsberg's
// evidence, by name); a supplier's opportunities leave out its history with
// Tønsberg. Once Tønsberg publishes, its evidence counts for everyone.
func TestMatchesLeaveOutUnpublishedBuyers(t *testing.T) {
	full, alone := twoCities(t, true), twoCities(t, false)
	vera := newClient(t, full.URL).login(viewerA)
	want := matchesAPI(t, newClient(t, alone.URL).login(viewerA))
	pages := func(c *client) string {
		var all []string
		for _, path := range []string{"/buyers/3909/plan/P-1?lang=en", "/buyers/3909/challenges/CH-1?lang=en"} {
			code, body := c.do("GET", path, "", "", nil)
			if code != http.StatusOK || !strings.Contains(body, `data-id="org:NO-BRC:910000012"`) {
				t.Fatalf("GET %s: %d, without its matches", path, code)
			}
			all = append(all, body)
		}
		return strings.Join(all, "\n")
	}
	both := newClient(t, full.URL).login(bothViewer)
	for i, c := range []*client{vera, both, vera} {
		got := matchesAPI(t, c)
		if c == both {
			if !hasHistory(got) || !strings.Contains(got, tonsbergSupplier) {
				t.Errorf("%d: a viewer of both cities misses Tønsberg's evidence: %s", i, got)
			}
			continue
		}
		if ev := tonsbergEvidence(got); len(ev) > 0 {
			t.Errorf("%d: Larvik's viewer sees Tønsberg's unpublished ledger (%v) in the matches: %s", i, ev, got)
		}
		if got != want {
			t.Errorf("%d: Larvik's viewer's matches with Tønsberg's hidden lines:\n%s\nwithout them:\n%s", i, got, want)
		}
		if ev := tonsbergEvidence(pages(c)); len(ev) > 0 {
			t.Errorf("%d: the plan item's or the challenge's page shows Tønsberg's unpublished ledger (%v)", i, ev)
		}
	}
	sup := newClient(t, full.URL).login(supplierUser)
	if _, page := sup.do("GET", "/supplier?lang=en", "", "", nil); len(tonsbergEvidence(page)) > 0 || !strings.Contains(page, `id="no-opportunities"`) {
		t.Errorf("the supplier's opportunities draw on Tønsberg's unpublished ledger (%v)", tonsbergEvidence(page))
	}

	tone := newClient(t, full.URL).login(tonsbergAdmin)
	if code, body := tone.postForm("/buyers/3905/publish", url.Values{"publish": {"yes"}}); code != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", code, body)
	}
	if got := matchesAPI(t, vera); !hasHistory(got) || !strings.Contains(got, tonsbergSupplier) {
		t.Errorf("Tønsberg's published evidence missing from Larvik's viewer's matches: %s", got)
	}
	if _, page := sup.do("GET", "/supplier?lang=en", "", "", nil); !strings.Contains(page, `data-id="CH-1"`) || !strings.Contains(page, "supplied Tønsberg kommune") {
		t.Error("the supplier's opportunities leave out its published history with Tønsberg")
	}
}
