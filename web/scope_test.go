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

	"github.com/cityspend/cityspend/indicator"
)

// The overview states every share with the coverage beside it, lists the
// excluded spend by reason in the page's language, and lets an analyst
// override the scope with a rule and a reason; the analysis changes at
// once and changes back when the rule is removed.
func TestScopeOnTheWeb(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	analysis := func() indicator.Analysis {
		t.Helper()
		var a indicator.Analysis
		if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/analysis?year=2025", 200)), &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	before := analysis()
	if before.LocalShare.Coverage <= 0 || before.LocalShare.Coverage > 1 || before.Coverage > 1 {
		t.Fatalf("coverage: place %v, top N %v", before.LocalShare.Coverage, before.Coverage)
	}
	page := html.UnescapeString(get(t, srv.URL+"/buyers/3909?year=2025&lang=nb", 200))
	for _, want := range []string{`id="place-known"`, `id="type-known"`, `id="scope-form"`, `id="excluded"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the overview lacks %s", want)
		}
	}
	if len(before.Excluded) == 0 {
		t.Fatal("the generated municipality has no excluded spend")
	}
	for _, e := range before.Excluded {
		if nb := indicator.ScopeReason(e.Key, "nb"); !strings.Contains(page, nb) {
			t.Errorf("the Norwegian overview lacks the reason %q", nb)
		}
	}
	c := clientFor(srv.URL)
	add := url.Values{"op": {"add"}, "action": {"exclude"}, "pattern": {"prefix:12"}, "reason": {"moved to another analysis"}}
	if code, body := c.postForm("/buyers/3909/scope", add); code != http.StatusSeeOther {
		t.Fatalf("add a rule: %d %s", code, body)
	}
	after := analysis()
	found := false
	for _, e := range after.Excluded {
		found = found || (e.Key == "moved to another analysis" && e.Spend > 0)
	}
	if !found || after.TotalSpend >= before.TotalSpend {
		t.Errorf("after the rule: total %s (before %s), excluded %+v", after.TotalSpend, before.TotalSpend, after.Excluded)
	}
	rules, err := st.ScopeRules(ctx, "3909")
	if err != nil || len(rules) != 1 || rules[0].Pattern != "prefix:12" {
		t.Errorf("the buyer's rules %+v %v", rules, err)
	}
	page = get(t, srv.URL+"/buyers/3909?year=2025&saved=scope", 200)
	if !strings.Contains(page, `id="own-rules"`) || !strings.Contains(page, "moved to another analysis") || !strings.Contains(page, `id="scope-saved"`) {
		t.Error("the overview lists the buyer's own rule")
	}
	if code, _ := c.postForm("/buyers/3909/scope", url.Values{"op": {"add"}, "action": {"exclude"}, "pattern": {"nonsense:1"}, "reason": {"x"}}); code != http.StatusBadRequest {
		t.Errorf("a bad pattern: %d", code)
	}
	if code, _ := c.postForm("/buyers/3909/scope", url.Values{"op": {"remove"}, "pattern": {"prefix:12"}}); code != http.StatusSeeOther {
		t.Errorf("remove the rule: %d", code)
	}
	if again := analysis(); again.TotalSpend != before.TotalSpend {
		t.Errorf("rule removed: total %s, want %s", again.TotalSpend, before.TotalSpend)
	}
	// A visitor sees no form and cannot post one.
	v := newClient(t, srv.URL)
	if code, _ := v.do("POST", "/buyers/3909/scope", "application/x-www-form-urlencoded", add.Encode(), map[string]string{csrfHeader: ""}); code < 400 {
		t.Errorf("a visitor changed the scope: %d", code)
	}
}
