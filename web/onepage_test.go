// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/i18n"
)

// A supplier's page and a finding's page read that one supplier or
// finding, and keep it between requests: each shows what the whole lists
// say of it, a decision shows at once, another buyer's supplier or finding
// is not found, and the JSON API is as before.
func TestOneSupplierAndFinding(t *testing.T) {
	srv, st, server := newTestServerWith(t, nil)
	ctx := context.Background()
	if _, err := compliance.Compute(ctx, st, "3909", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	en := i18n.New("en")
	sups, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: "3909"})
	if err != nil || len(sups) < 2 {
		t.Fatalf("suppliers: %d, %v", len(sups), err)
	}
	for _, x := range sups {
		path := srv.URL + "/buyers/3909/suppliers/" + url.PathEscape(x.SupplierID) + "?lang=en"
		for range 2 { // the second from what the server kept
			page := get(t, path, 200)
			if !strings.Contains(page, html.EscapeString(x.Name)) || !strings.Contains(page, html.EscapeString(en.T("sd.spendlines", en.Money(x.Spend, "NOK"), en.Int(x.Lines)))) {
				t.Errorf("supplier %s: the page lacks its name %q or its spend %s in %d lines", x.SupplierID, x.Name, x.Spend, x.Lines)
			}
		}
	}
	fs, err := st.Findings(ctx, "3909")
	if err != nil || len(fs) == 0 {
		t.Fatalf("findings: %d, %v", len(fs), err)
	}
	names, err := compliance.SupplierNames(ctx, st, "3909")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		raw := get(t, srv.URL+"/buyers/3909/findings/"+url.PathEscape(f.ID)+"?lang=en", 200)
		if got, want := parse(t, "finding", raw).id("finding-status"), en.T("status."+f.Status); !strings.HasPrefix(got, want) {
			t.Errorf("finding %s: status %q, want %q", f.ID, got, want)
		}
		if n := names[f.SupplierID]; f.SupplierID != "" && n != "" && !strings.Contains(raw, html.EscapeString(n)) {
			t.Errorf("finding %s: the page lacks its supplier's name %q", f.ID, n)
		}
	}
	// A decision shows on the page kept before it.
	form := url.Values{"status": {"confirmed"}, "why": {"checked the invoices"}}
	if code, body := clientFor(srv.URL).postForm("/buyers/3909/findings/"+fs[0].ID+"/decide", form); code != http.StatusSeeOther {
		t.Fatalf("decide: %d %s", code, body)
	}
	page := parse(t, "finding", get(t, srv.URL+"/buyers/3909/findings/"+url.PathEscape(fs[0].ID)+"?lang=en", 200))
	if got := page.id("finding-status"); !strings.HasPrefix(got, en.T("status.confirmed")) {
		t.Errorf("after the decision: status %q", got)
	}
	// The findings API as before: every finding, the decision in it.
	var api []compliance.FindingJSON
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/findings", 200)), &api); err != nil || len(api) != len(fs) {
		t.Fatalf("findings API: %d findings, want %d; %v", len(api), len(fs), err)
	}
	for i, f := range api {
		if f.ID != fs[i].ID || (f.ID == fs[0].ID) != (f.Status == cityspend.StatusConfirmed) {
			t.Errorf("findings API %d: %+v", i, f)
		}
	}
	// Both are kept: a decision recorded behind the server's back (by
	// another writer in its process) shows after Invalidate, not before.
	other := fs[len(fs)-1]
	status := func() (page, api string) {
		t.Helper()
		page = parse(t, "finding", get(t, srv.URL+"/buyers/3909/findings/"+url.PathEscape(other.ID)+"?lang=en", 200)).id("finding-status")
		// The list's row says the same as the finding's page.
		list := strings.Join(findingsPages(t, srv.URL, "/buyers/3909/findings?lang=en"), "")
		i := strings.Index(list, `<tr data-id="`+html.EscapeString(other.ID)+`"`)
		if i < 0 {
			t.Fatalf("the findings page has no row for %s", other.ID)
		}
		row, _, _ := strings.Cut(list[i:], "</tr>")
		if !strings.Contains(row, "<td>"+strings.SplitN(page, " ", 2)[0]+"</td>") {
			t.Errorf("the findings page's row of %s says otherwise than its page (%q): %s", other.ID, page, row)
		}
		var l []compliance.FindingJSON
		if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/findings", 200)), &l); err != nil {
			t.Fatal(err)
		}
		for _, f := range l {
			if f.ID == other.ID {
				api = f.Status
			}
		}
		return page, api
	}
	status() // kept
	if err := st.PutFindingDecision(ctx, cityspend.FindingDecision{BuyerID: "3909", FindingID: other.ID, Status: cityspend.StatusDismissed,
		Who: "kari", Why: "behind the server's back"}); err != nil {
		t.Fatal(err)
	}
	if page, api := status(); !strings.HasPrefix(page, en.T("status."+other.Status)) || api != other.Status {
		t.Errorf("before Invalidate: the page says %q, the API %q; want what was kept (%s)", page, api, other.Status)
	}
	server.Invalidate()
	if page, api := status(); !strings.HasPrefix(page, en.T("status.dismissed")) || api != cityspend.StatusDismissed {
		t.Errorf("after Invalidate: the page says %q, the API %q; want dismissed", page, api)
	}
	// Another buyer's admin: 3909's supplier and finding are not 3907's,
	// asked before and after 3909's pages were kept.
	b := newClient(t, srv.URL).login(adminB)
	for _, path := range []string{"/buyers/3907/suppliers/" + url.PathEscape(sups[0].SupplierID), "/buyers/3907/findings/" + url.PathEscape(fs[0].ID)} {
		if code, _ := b.do("GET", srv.URL+path, "", "", nil); code != http.StatusNotFound {
			t.Errorf("GET %s as 3907's admin: %d, want 404", path, code)
		}
	}
	for _, path := range []string{"/buyers/3909/suppliers/" + url.PathEscape(sups[0].SupplierID), "/buyers/3909/findings/" + url.PathEscape(fs[0].ID)} {
		if code, _ := b.do("GET", srv.URL+path, "", "", nil); code != http.StatusForbidden && code != http.StatusNotFound {
			t.Errorf("GET %s as 3907's admin: %d, want no access", path, code)
		}
	}
}
