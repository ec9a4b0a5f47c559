// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
)

// send makes a request as the admin of city A and returns the status and
// body; redirects are not followed. The form token goes in the header
// unless header names it ("" leaves it out).
func send(t *testing.T, method, u, ctype, body string, header map[string]string) (int, string) {
	t.Helper()
	c := clientFor(u)
	if c == nil {
		t.Fatalf("no test server for %s", u)
	}
	c.t = t
	return c.do(method, u, ctype, body, header)
}

// The plan through the API and the pages: generate, edit, publish; the
// public pipeline, its Atom feed and OCDS releases; the exports.
func TestPlanPagesAndAPI(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	sups, _ := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: "3909"})
	end := time.Now().UTC().AddDate(0, 10, 0).Truncate(24 * time.Hour)
	c := cityspend.Contract{BuyerID: "3909", ID: "K-9", Title: "School cleaning", CPV: "90910000",
		Suppliers: []cityspend.ContractSupplier{{SupplierID: sups[0].SupplierID, Name: sups[0].Name}},
		Start:     end.AddDate(-3, 0, 0), End: end, Final: end.AddDate(1, 0, 0), MaxValue: 4_000_000_00, HasMax: true, Currency: "NOK", File: "k.csv", Line: 2}
	if err := st.ReplaceContracts(ctx, "3909", []cityspend.Contract{c}); err != nil {
		t.Fatal(err)
	}
	api := srv.URL + "/api/v1/buyers/3909/plan"
	jsonType := "application/json"
	var who map[string]string // the session's user makes the changes

	// Changes need JSON and the form token.
	if code, _ := send(t, "POST", api+"/generate", "application/x-www-form-urlencoded", "horizon_months=24", who); code != 400 {
		t.Errorf("a form posted to the API: %d", code)
	}
	if code, _ := send(t, "POST", api+"/generate", jsonType, `{"horizon_months":24}`, map[string]string{csrfHeader: ""}); code != 403 {
		t.Errorf("a change without the form token: %d", code)
	}
	code, body := send(t, "POST", api+"/generate", jsonType, `{"horizon_months":24}`, who)
	if code != 200 || !strings.Contains(body, `"added"`) {
		t.Fatalf("generate: %d %s", code, body)
	}
	var list struct {
		Items     []cityspend.PlanItem `json:"items"`
		Dashboard struct {
			Items int `json:"items"`
		} `json:"dashboard"`
	}
	if err := json.Unmarshal([]byte(get(t, api, 200)), &list); err != nil || len(list.Items) == 0 || list.Dashboard.Items != len(list.Items) {
		t.Fatalf("plan API: %v %d items", err, len(list.Items))
	}
	var ext cityspend.PlanItem
	for _, it := range list.Items {
		if it.ContractID == "K-9" {
			ext = it
		}
	}
	if ext.Action != "decide_extension" || ext.Value != 4_000_000_00 {
		t.Fatalf("the contract's item: %+v", ext)
	}

	// PATCH through the API: bad changes are refused and leave it as it was.
	if code, body := send(t, "PATCH", api+"/"+ext.ID, jsonType, `{"status":"finished"}`, who); code != 400 || !strings.Contains(body, "status") {
		t.Errorf("bad status: %d %s", code, body)
	}
	if code, _ := send(t, "PATCH", api+"/nope", jsonType, `{"owner":"x"}`, who); code != 404 {
		t.Errorf("unknown item: %d", code)
	}
	code, body = send(t, "PATCH", api+"/"+ext.ID, jsonType, `{"owner":"Kari Nordmann","social":true}`, who)
	var patched cityspend.PlanItem
	if code != 200 || json.Unmarshal([]byte(body), &patched) != nil || !patched.Social || patched.Owner != "Kari Nordmann" {
		t.Fatalf("patch: %d %s", code, body)
	}

	// The page: the item is listed; edit it through its form.
	page := parse(t, "plan", get(t, srv.URL+"/buyers/3909/plan?lang=en", 200))
	if rows := page.rows("plan"); len(rows) != len(list.Items) {
		t.Errorf("the page lists %d items, the API %d", len(rows), len(list.Items))
	}
	item := parse(t, "planitem", get(t, srv.URL+"/buyers/3909/plan/"+ext.ID+"?lang=en", 200))
	// The regime and the procedure, each linked to its handbook page (the
	// band's element was item-band; the regime and procedure have their
	// own rows since issue 19).
	raw := get(t, srv.URL+"/buyers/3909/plan/"+ext.ID+"?lang=en", 200)
	if !strings.Contains(item.id("item-regime"), "EEA") || !strings.Contains(raw, `href="/handbook/threshold-no-eea"`) ||
		!strings.Contains(item.id("item-procedure"), "open procedure") || !strings.Contains(raw, `href="/handbook/procedure-open"`) {
		t.Errorf("regime %q, procedure %q", item.id("item-regime"), item.id("item-procedure"))
	}
	if nb := parse(t, "planitem", get(t, srv.URL+"/buyers/3909/plan/"+ext.ID+"?lang=nb", 200)); !strings.Contains(nb.id("item-procedure"), "åpen anbudskonkurranse") {
		t.Errorf("Norwegian procedure: %q", nb.id("item-procedure"))
	}
	form := url.Values{"title": {"Cleaning of schools and kindergartens"}, "type": {"services"}, "cpv": {"90910000 90911200"},
		"estimated_value": {"2 500 000,50"}, "status": {"planned"}, "environmental": {"on"}, "climate_weight_pct": {"30"},
		"sme_suitable": {"on"}, "who": {"ola"}, "need_date": {ext.NeedDate.Format("2006-01-02")}}
	if code, _ := send(t, "POST", srv.URL+"/buyers/3909/plan/"+ext.ID, "application/x-www-form-urlencoded", form.Encode(), map[string]string{csrfHeader: ""}); code != 403 {
		t.Errorf("a form without its token: %d", code)
	}
	// The analyst Per edits it (Kari, the admin, set the owner through the API).
	per := newClient(t, srv.URL).login(analystA)
	code, body = per.postForm("/buyers/3909/plan/"+ext.ID+"?lang=nb", form)
	if code != http.StatusSeeOther {
		t.Fatalf("edit form: %d %s", code, body)
	}
	var got struct {
		cityspend.PlanItem
		History []cityspend.PlanChange `json:"history"`
	}
	if err := json.Unmarshal([]byte(get(t, api+"/"+ext.ID, 200)), &got); err != nil {
		t.Fatal(err)
	}
	if got.Title != "Cleaning of schools and kindergartens" || got.Value != 2_500_000_50 || len(got.CPV) != 2 || !got.SME || got.Social ||
		got.Owner != "Kari Nordmann" || got.Status != cityspend.PlanPlanned || !got.Edited {
		t.Errorf("after the form: %+v", got.PlanItem)
	}
	whoChanged := map[string]bool{}
	for _, h := range got.History {
		whoChanged[h.Who+":"+h.Field] = true
	}
	if !whoChanged[adminA+":owner"] || !whoChanged[analystA+":title"] || !whoChanged[analystA+":social"] || whoChanged[analystA+":owner"] {
		t.Errorf("history: %v", whoChanged)
	}
	// The history in the page's language: yes and no, the type, amounts
	// and dates as the page writes them, not the fields' JSON.
	hist := parse(t, "planitem", get(t, srv.URL+"/buyers/3909/plan/"+ext.ID+"?lang=nb", 200)).rows("plan-history")
	cells := map[string][]string{}
	for _, r := range hist {
		if len(r) == 5 {
			cells[r[2]] = r[3:]
		}
	}
	nb := i18n.New("nb")
	for label, want := range map[string][]string{
		"Sosialt":       {"nei", "ja"},
		"Anslått verdi": {nb.Money(4_000_000_00, "NOK"), nb.Money(2_500_000_50, "NOK")},
		"Ansvarlig":     {"", "Kari Nordmann"},
	} {
		if got := cells[label]; !slices.Equal(got, want) && !slices.Equal(got, []string{want[1], want[0]}) {
			t.Errorf("history of %s: %q, want %q", label, got, want)
		}
	}
	for label, c := range cells {
		for _, v := range c {
			if v == "true" || v == "false" || strings.HasPrefix(v, `"`) || regexp.MustCompile(`^\d+\.\d\d$|T\d\d:`).MatchString(v) {
				t.Errorf("history of %s: %q as kept", label, v)
			}
		}
	}

	// Not published yet: the public page and feeds do not show it.
	if pub := get(t, srv.URL+"/public/3909/pipeline?lang=en", 200); strings.Contains(pub, got.Title) {
		t.Error("an unpublished item is public")
	}
	form = url.Values{"item": {ext.ID}, "action": {"publish"}, "who": {"ola"}}
	if code, body := send(t, "POST", srv.URL+"/buyers/3909/plan", "application/x-www-form-urlencoded", form.Encode(), nil); code != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", code, body)
	}
	pub := parse(t, "pipeline", get(t, srv.URL+"/public/3909/pipeline?lang=en", 200))
	if !strings.Contains(pub.id(ext.ID), got.Title) || strings.Contains(get(t, srv.URL+"/public/3909/pipeline", 200), "/buyers/3909") {
		t.Errorf("public page: %q", pub.id(ext.ID))
	}
	atom := get(t, srv.URL+"/public/3909/pipeline.atom", 200)
	if !strings.Contains(atom, got.Title) || !strings.Contains(atom, srv.URL+"/public/3909/pipeline#"+ext.ID) {
		t.Errorf("atom: %s", atom)
	}
	var pkg struct {
		Releases []struct {
			Tag    []string `json:"tag"`
			Tender struct {
				Title  string `json:"title"`
				Status string `json:"status"`
			} `json:"tender"`
			Planning struct {
				Budget struct {
					Amount struct {
						Amount json.Number `json:"amount"`
					} `json:"amount"`
				} `json:"budget"`
			} `json:"planning"`
		} `json:"releases"`
	}
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/public/3909/plan.json", 200)), &pkg); err != nil || len(pkg.Releases) != 1 {
		t.Fatalf("ocds: %v %+v", err, pkg)
	}
	if r := pkg.Releases[0]; r.Tender.Title != got.Title || r.Tender.Status != "planned" || r.Tag[0] != "planning" || r.Planning.Budget.Amount.Amount != "2500000.50" {
		t.Errorf("release: %+v", r)
	}
	csv := get(t, srv.URL+"/buyers/3909/export/plan.csv", 200)
	if !strings.HasPrefix(csv, "id,title,status,published") || !strings.Contains(csv, got.Title) || !strings.Contains(csv, "2500000.50") {
		t.Errorf("plan.csv: %.300s", csv)
	}
	get(t, srv.URL+"/buyers/3909/export/plan.xlsx", 200)
	get(t, srv.URL+"/buyers/3909/export/pipeline.csv", 404) // a Norwegian buyer has no UK pipeline notice
	get(t, srv.URL+"/public/nope/pipeline", 404)

	// Split through the API, merge back through the page.
	code, body = send(t, "POST", api+"/"+ext.ID+"/split", jsonType, `{"shares":[70,30]}`, who)
	var parts []cityspend.PlanItem
	if code != 200 || json.Unmarshal([]byte(body), &parts) != nil || len(parts) != 2 || parts[0].Value+parts[1].Value != 2_500_000_50 {
		t.Fatalf("split: %d %s", code, body)
	}
	form = url.Values{"item": {parts[0].ID, parts[1].ID}, "action": {"merge"}, "who": {"ola"}}
	if code, body := send(t, "POST", srv.URL+"/buyers/3909/plan", "application/x-www-form-urlencoded", form.Encode(), nil); code != http.StatusSeeOther {
		t.Fatalf("merge: %d %s", code, body)
	}
	var merged cityspend.PlanItem
	if err := json.Unmarshal([]byte(get(t, api+"/"+ext.ID, 200)), &merged); err != nil || merged.Value != 2_500_000_50 {
		t.Errorf("merged back: %v %s", err, merged.Value)
	}
	// Add by hand through the page.
	form = url.Values{"title": {"Electric buses"}, "type": {"goods"}, "estimated_value": {"12000000"}, "need_date": {"2028-01-01"}, "who": {"ola"}}
	if code, body := send(t, "POST", srv.URL+"/buyers/3909/plan/new", "application/x-www-form-urlencoded", form.Encode(), nil); code != http.StatusSeeOther {
		t.Fatalf("add: %d %s", code, body)
	}
	if v := get(t, api, 200); !strings.Contains(v, "Electric buses") {
		t.Error("the item added by hand is not in the plan")
	}
}

// A long plan comes in pages of 50 items; a page beyond the plan is not
// found.
func TestPlanPaginates(t *testing.T) {
	srv, st := newTestServer(t)
	var items []cityspend.PlanItem
	for i := range 60 {
		items = append(items, cityspend.PlanItem{BuyerID: "3909", ID: fmt.Sprintf("P-%02d", i), Title: fmt.Sprintf("Item %02d", i), Type: "services",
			Value: cityspend.Amount(100_000_00 * (i + 1)), Status: cityspend.PlanIdea})
	}
	if err := st.PutPlanItems(context.Background(), "3909", items, nil); err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`<tr data-id="(P-\d\d)">`)
	one := get(t, srv.URL+"/buyers/3909/plan", 200)
	two := get(t, srv.URL+"/buyers/3909/plan?page=2", 200)
	r1, r2 := row.FindAllStringSubmatch(one, -1), row.FindAllStringSubmatch(two, -1)
	if len(r1) != planPage || len(r2) != 60-planPage || !strings.Contains(one, `rel="next"`) || !strings.Contains(two, `rel="prev"`) {
		t.Errorf("pages of %d and %d items", len(r1), len(r2))
	}
	get(t, srv.URL+"/buyers/3909/plan?page=3", 404)
}

// Every field a plan item's history names is one of the item's and has
// its label in the catalogue.
func TestPlanFieldLabels(t *testing.T) {
	var keys []string
	tp := reflect.TypeFor[cityspend.PlanItem]()
	for i := range tp.NumField() {
		keys = append(keys, strings.Split(tp.Field(i).Tag.Get("json"), ",")[0])
	}
	for field, key := range planFields {
		if !slices.Contains(keys, field) {
			t.Errorf("%s is no field of a plan item", field)
		}
		if !i18n.Has(key) {
			t.Errorf("%s: message %q is not in the catalogue", field, key)
		}
	}
}
