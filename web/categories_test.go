// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/cube"
	"github.com/cityspend/cityspend/i18n"
)

// The categories page: its children sum to the node, drilling down shows
// the child's spend, and the figures are the cube API's.
func TestCategoriesPage(t *testing.T) {
	srv, _ := newTestServer(t)
	var c cube.Result
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/cube?year=2025", 200)), &c); err != nil {
		t.Fatal(err)
	}
	a := apiAnalysisJSON(t, srv.URL, "year=2025")
	var sum cityspend.Amount
	for _, n := range c.Children {
		sum += n.Spend
	}
	if sum != a.TotalSpend || c.Node.Spend != a.TotalSpend {
		t.Fatalf("categories sum to %s, the node is %s, the procurement spend %s", sum, c.Node.Spend, a.TotalSpend)
	}
	l := i18n.New("en")
	page := parse(t, "categories", get(t, srv.URL+"/buyers/3909/categories?year=2025&lang=en&by=org_unit", 200))
	rows := page.rows("categories")
	for i, n := range c.Children {
		eq(t, "category "+n.Code, rows[i][1], l.Money(n.Spend, "NOK"))
	}
	page.rows("breakdown")
	page.id("tail")
	// Drill down into the largest division, then its largest group.
	div := c.Children[0]
	var d cube.Result
	json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/cube?year=2025&category="+div.Prefix, 200)), &d)
	if d.Node.Spend != div.Spend || len(d.Path) != 2 || len(d.Children) == 0 {
		t.Fatalf("division %s: node %s (want %s), path %d, %d children", div.Prefix, d.Node.Spend, div.Spend, len(d.Path), len(d.Children))
	}
	for _, ch := range d.Children {
		if !strings.HasPrefix(ch.Prefix, div.Prefix) || len(ch.Prefix) != 3 {
			t.Errorf("child %q of %q", ch.Prefix, div.Prefix)
		}
	}
	dp := parse(t, "drill", get(t, srv.URL+"/buyers/3909/categories?year=2025&lang=nb&category="+div.Prefix, 200))
	eq(t, "drilled node", dp.id("node-spend"), i18n.New("nb").Money(div.Spend, "NOK"))
	// The lines behind a category sum to it.
	var lp linesPage
	json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/lines?year=2025&category="+div.Prefix, 200)), &lp)
	if lp.TotalSpend != div.Spend {
		t.Errorf("lines of %s sum to %s, the category is %s", div.Prefix, lp.TotalSpend, div.Spend)
	}
	for _, name := range []string{"categories", "fragmentation", "price_volume"} {
		get(t, srv.URL+"/buyers/3909/export/"+name+".csv?year=2025", 200)
	}
	get(t, srv.URL+"/buyers/3909/export/breakdown.xlsx?year=2025&by=supplier", 200)
	get(t, srv.URL+"/buyers/3909/categories?category=4x", 400)
	get(t, srv.URL+"/buyers/3909/categories?by=colour", 400)
}

// A decision in the review queue reclassifies the group's lines, is kept
// in the audit trail, and the cube and the indicators follow.
func TestReviewDecision(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	var groups []cityspend.ReviewGroup
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/review", 200)), &groups); err != nil || len(groups) == 0 {
		t.Fatalf("review queue: %d groups, %v", len(groups), err)
	}
	page := get(t, srv.URL+"/buyers/3909/review?lang=en", 200)
	if !strings.Contains(page, groups[0].SupplierName) || !strings.Contains(page, `name="cpv"`) {
		t.Fatal("the review page shows the groups with a form")
	}
	// A Norwegian page names the rule and gives the classifier's reason in
	// bokmål, rendered from its clauses: no English reason text.
	nb := get(t, srv.URL+"/buyers/3909/review?lang=nb", 200)
	if r := groups[0].Category; r.Rule != "" && !strings.Contains(nb, i18n.New("nb").T("rule."+r.Rule)) || len(r.Why) == 0 {
		t.Errorf("the Norwegian review page's rule for %+v", r)
	}
	reasons := regexp.MustCompile(`<span class="reason">([^<]*)</span>`).FindAllStringSubmatch(nb, -1)
	if len(reasons) == 0 {
		t.Error("the Norwegian review page gives no reasons")
	}
	english := regexp.MustCompile(`\b(the|matches|keyword rule|supplier|agree|but|suggests|decided|text model|generic|usually sell)\b`)
	for _, m := range reasons {
		if english.MatchString(m[1]) {
			t.Errorf("a Norwegian review page's reason is in English: %q", m[1])
		}
	}
	// The page and the API give the one English reason, codes named as CPV codes ("CPV 72000000 IT services").
	if en := get(t, srv.URL+"/buyers/3909/review?lang=en", 200); !strings.Contains(en, `<span class="reason">`+html.EscapeString(groups[0].Category.Reason)+`</span>`) {
		t.Errorf("the English review page's reason: want %q", groups[0].Category.Reason)
	}
	g := groups[0]
	before := apiAnalysisJSON(t, srv.URL, "year=2025&category=985")
	// The categories page and the cube are kept between requests: asked
	// before the decision, they follow it all the same.
	en := i18n.New("en")
	cubeOf := func(q string) cube.Result {
		t.Helper()
		var c cube.Result
		if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/cube?"+q, 200)), &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	cubeBefore := cubeOf("year=2025&category=985")
	pageBefore := parse(t, "categories", get(t, srv.URL+"/buyers/3909/categories?year=2025&lang=en&category=985", 200))
	eq(t, "node before", pageBefore.id("node-spend"), en.Money(cubeBefore.Node.Spend, "NOK"))
	eq(t, "to review before", pageBefore.id("review-count"), en.Int(int64(len(groups))))
	form := url.Values{"supplier": {g.SupplierID}, "account": {g.Account}, "old": {g.Category.CPV}, "cpv": {"98500000"}, "scope": {"supplier"},
		"why": {"private households"}}
	kari := clientFor(srv.URL)
	if code, _ := kari.do("POST", "/buyers/3909/categories/decide", "application/x-www-form-urlencoded", form.Encode(), map[string]string{csrfHeader: ""}); code != http.StatusForbidden {
		t.Errorf("no form token: %d", code)
	}
	if code, _ := newClient(t, srv.URL).login(viewerA).postForm("/buyers/3909/categories/decide", form); code != http.StatusForbidden {
		t.Errorf("a viewer decides: %d", code)
	}
	bad := url.Values{"supplier": {g.SupplierID}, "cpv": {"98500000-1"}, "why": {"x"}}
	if code, _ := kari.postForm("/buyers/3909/categories/decide", bad); code != http.StatusBadRequest {
		t.Errorf("a wrong check digit: %d", code)
	}
	if code, body := kari.postForm("/buyers/3909/categories/decide", form); code != http.StatusSeeOther {
		t.Fatalf("decide: %d %s", code, body)
	}
	ds, _ := st.CategoryDecisions(ctx, "3909")
	if len(ds) != 1 || ds[0].Who != adminA || ds[0].Why != "private households" || ds[0].OldCPV != g.Category.CPV || ds[0].CPV != "98500000" {
		t.Fatalf("audit trail %+v", ds)
	}
	items, _ := st.Items(ctx, "3909")
	n := 0
	for _, it := range items {
		if it.SupplierID == g.SupplierID {
			n++
			if it.Category.CPV != "98500000" || it.Category.Rule != "decision" || !strings.Contains(it.Category.Reason, "kari") {
				t.Errorf("item %d of the supplier: %+v", it.ID, it.Category)
			}
		}
	}
	if n == 0 {
		t.Fatal("the supplier has no items")
	}
	after := apiAnalysisJSON(t, srv.URL, "year=2025&category=985")
	if after.TotalSpend <= before.TotalSpend {
		t.Errorf("the indicators with category 985: %s before, %s after", before.TotalSpend, after.TotalSpend)
	}
	cubeAfter := cubeOf("year=2025&category=985")
	if cubeAfter.Node.Spend <= cubeBefore.Node.Spend {
		t.Errorf("the cube of category 985: %s before, %s after", cubeBefore.Node.Spend, cubeAfter.Node.Spend)
	}
	var groupsAfter []cityspend.ReviewGroup
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/review", 200)), &groupsAfter); err != nil || len(groupsAfter) >= len(groups) {
		t.Errorf("review queue after the decision: %d groups (%d before), %v", len(groupsAfter), len(groups), err)
	}
	pageAfter := parse(t, "categories", get(t, srv.URL+"/buyers/3909/categories?year=2025&lang=en&category=985", 200))
	eq(t, "node after", pageAfter.id("node-spend"), en.Money(cubeAfter.Node.Spend, "NOK"))
	eq(t, "to review after", pageAfter.id("review-count"), en.Int(int64(len(groupsAfter))))
	c := cubeOf("year=2025&category=98&by=supplier")
	found := false
	for _, b := range c.Breakdown {
		found = found || b.Key == g.SupplierID
	}
	if !found {
		t.Errorf("the cube of division 98 does not list the supplier %s", g.SupplierID)
	}
}
