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
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
)

// The findings, a finding with its evidence lines and a decision, the
// contract register and the coverage dashboard.
func TestCompliancePages(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	// A contract for the largest supplier.
	sups, _ := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: "3909"})
	top := sups[0]
	c := cityspend.Contract{BuyerID: "3909", ID: "K-1", Title: "Framework", Suppliers: []cityspend.ContractSupplier{{SupplierID: top.SupplierID, Name: top.Name}},
		Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), MaxValue: 100_00, HasMax: true,
		Currency: "NOK", File: "k.csv", Line: 2}
	if err := st.ReplaceContracts(ctx, "3909", []cityspend.Contract{c}); err != nil {
		t.Fatal(err)
	}
	if _, err := compliance.Compute(ctx, st, "3909", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	var fs []compliance.FindingJSON
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/findings", 200)), &fs); err != nil || len(fs) == 0 {
		t.Fatalf("findings API: %d, %v", len(fs), err)
	}
	kinds := map[string]bool{}
	for _, f := range fs {
		kinds[f.Kind] = true
		if f.Status != "new" || f.Window.From == "" || f.Detail == "" || !strings.Contains(f.Detail, "ossible") && f.Kind != cityspend.FindingExpired {
			t.Errorf("finding %+v", f)
		}
	}
	if !kinds[cityspend.FindingThreshold] || !kinds[cityspend.FindingOverrun] {
		t.Errorf("kinds %v", kinds)
	}
	// The list's pages together list every finding, each once.
	pages := findingsPages(t, srv.URL, "/buyers/3909/findings?lang=en")
	if len(pages) < 2 {
		t.Errorf("the list of %d findings has %d page, want it in pages of %d groups", len(fs), len(pages), findingsGroups)
	}
	n := 0
	for _, pg := range pages {
		n += len(parse(t, "findings", pg).rows("findings"))
	}
	if n != len(fs) {
		t.Errorf("the pages list %d findings, the API %d", n, len(fs))
	}
	for _, bad := range []string{"0", "x", "999"} {
		get(t, srv.URL+"/buyers/3909/findings?page="+bad, http.StatusNotFound)
	}
	// The pages of a filtered list keep the filter.
	for i, pg := range findingsPages(t, srv.URL, "/buyers/3909/findings?kind="+cityspend.FindingThreshold+"&lang=en") {
		if !strings.Contains(pg, `<option value="`+cityspend.FindingThreshold+`" selected>`) {
			t.Errorf("page %d of the thresholds' findings is not of that filter", i+1)
		}
	}
	var overrun compliance.FindingJSON
	for _, f := range fs {
		if f.Kind == cityspend.FindingOverrun {
			overrun = f
		}
	}
	detail := parse(t, "finding", get(t, srv.URL+"/buyers/3909/findings/"+overrun.ID+"?lang=en", 200))
	if ev := detail.rows("evidence"); len(ev) == 0 || len(ev) != len(overrun.Evidence) {
		t.Errorf("evidence lines: %d, the finding has %d ids", len(ev), len(overrun.Evidence))
	}
	// Dismiss it; it stays dismissed after a recomputation.
	form := url.Values{"status": {"dismissed"}, "why": {"the maximum was raised by an amendment"}}
	if code, body := clientFor(srv.URL).postForm("/buyers/3909/findings/"+overrun.ID+"/decide", form); code != http.StatusSeeOther {
		t.Fatalf("decide: %d %s", code, body)
	}
	// The list asked before the decision is kept between requests; the
	// decision makes it be read anew.
	json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/findings", 200)), &fs)
	for _, f := range fs {
		if f.ID == overrun.ID && f.Status != "dismissed" {
			t.Errorf("the findings API after the decision: %+v", f)
		}
	}
	if _, err := compliance.Compute(ctx, st, "3909", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/findings?kind=contract_overrun", 200)), &fs)
	if len(fs) != 1 || fs[0].Status != "dismissed" || fs[0].Who != adminA {
		t.Errorf("after the decision and a recomputation: %+v", fs)
	}
	cp := parse(t, "contracts", get(t, srv.URL+"/buyers/3909/contracts?lang=en", 200))
	if rows := cp.rows("contracts"); len(rows) != 1 || !strings.Contains(rows[0][7], "overrun") {
		t.Errorf("contracts page: %v", rows)
	}
	cov := parse(t, "coverage", get(t, srv.URL+"/buyers/3909/coverage?year=2025&lang=en", 200))
	if share := cov.id("coverage-share"); share == "0.0%" || share == "" {
		t.Errorf("coverage share %q: the contract covers the largest supplier", share)
	}
	cov.rows("coverage-categories")
	cov.rows("coverage-suppliers")
	get(t, srv.URL+"/buyers/3909/findings/nope", 404)
}

// A finding's page says what was found, the rule with its citation, the
// exemptions checked and what would clear it, in the page's language, each
// rule and exemption linked to its page of the legal handbook.
func TestFindingLaw(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	if _, err := compliance.Compute(ctx, st, "3909", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	var fs []compliance.FindingJSON
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/findings?kind=threshold_aggregation", 200)), &fs); err != nil {
		t.Fatal(err)
	}
	var f compliance.FindingJSON
	for _, x := range fs {
		if x.SupplierID != "" {
			f = x
			break
		}
	}
	if f.ID == "" || f.Rule == "" || f.RuleSource == "" || len(f.Exemptions) == 0 || f.Confidence <= 0 || f.Threshold <= 0 {
		t.Fatalf("no supplier's threshold finding with its law: %+v", f)
	}
	for lang, want := range map[string][]string{
		"nb": {"er ikke dekket av noen kontrakt", "Unntak som er vurdert", "Hva som vil avklare det", "Hjemmel"},
		"en": {"is covered by no contract", "Exemptions checked", "What would clear it", "Citation"},
	} {
		body := get(t, srv.URL+"/buyers/3909/findings/"+f.ID+"?lang="+lang, 200)
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the finding's page lacks %q", lang, w)
			}
		}
		d := parse(t, "finding", body)
		if rule := d.id("finding-rule"); rule == "" || !strings.Contains(body, `href="/handbook/`+f.Rule+`"`) ||
			!strings.Contains(body, `href="/handbook/direct-award"`) {
			t.Errorf("%s: the rule %q is not linked to the handbook", lang, rule)
		}
		checks := d.rows("exemptions")
		if len(checks) != len(f.Exemptions) {
			t.Errorf("%s: %d exemptions shown, %d checked", lang, len(checks), len(f.Exemptions))
		}
		for _, c := range f.Exemptions {
			if !strings.Contains(body, `href="/handbook/`+c.Slug+`"`) {
				t.Errorf("%s: exemption %s not linked", lang, c.Slug)
			}
		}
		list := get(t, srv.URL+"/buyers/3909/findings?lang="+lang, 200)
		if !strings.Contains(list, `href="/handbook/`+f.Rule+`"`) {
			t.Errorf("%s: the list does not link the rule", lang)
		}
	}
	// The list ranks the groups by money at risk weighted by confidence.
	groups := compliance.Group(func() []cityspend.Finding {
		all, _ := st.Findings(ctx, "3909")
		return all
	}())
	for i := 1; i < len(groups); i++ {
		if groups[i].Risk > groups[i-1].Risk {
			t.Errorf("group %d ranks above a riskier one", i-1)
		}
	}
}

var nextPage = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)

// findingsPages are the pages of a list of findings from the one at path
// on, following the links to the next.
func findingsPages(t *testing.T, base, path string) []string {
	t.Helper()
	var out []string
	for path != "" && len(out) < 100 {
		page := get(t, base+path, 200)
		out = append(out, page)
		path = ""
		if i := strings.Index(page, `id="findings-pager"`); i >= 0 {
			if m := nextPage.FindStringSubmatch(page[i:]); m != nil {
				path = html.UnescapeString(m[1])
			}
		}
	}
	return out
}
