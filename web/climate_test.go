// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/strategy"
)

// The climate page, its API and the strategy dashboard show the engines'
// figures.
func TestClimateAndStrategyPages(t *testing.T) {
	srv, st, s := newTestServerWith(t, nil)
	ctx := context.Background()
	b, err := st.Buyer(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	// Without rates the footprint says what is missing, and how to fix it.
	page := parse(t, "climate", get(t, srv.URL+"/buyers/3909/climate?year=2025&lang=en", 200))
	if miss := page.id("clim-missing"); !strings.Contains(miss, "no price index for NOK 2025") || !strings.Contains(miss, "import rates") {
		t.Errorf("missing: %q", miss)
	}
	if err := st.PutRates(ctx, gen.Rates(2015, 2030)); err != nil {
		t.Fatal(err)
	}
	s.Invalidate() // written behind the server's back, as the server's own imports would not be
	fp, err := indicator.Footprint(ctx, st, b, 2025, indicator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	en := i18n.New("en")
	page = parse(t, "climate", get(t, srv.URL+"/buyers/3909/climate?year=2025&lang=en", 200))
	if got := page.id("clim-total"); got != en.Dec(fp.TotalT)+" t" || fp.TotalT == 0 {
		t.Errorf("total %q, the engine %v t", got, fp.TotalT)
	}
	if got := page.id("clim-grade"); got != fp.Quality.Grade {
		t.Errorf("grade %q, the engine %q", got, fp.Quality.Grade)
	}
	if rows := page.rows("clim-categories"); len(rows) != len(fp.ByCategory) || rows[0][2] != en.Dec(fp.ByCategory[0].T) {
		t.Errorf("categories: %d rows, first %v; the engine %d, %v", len(rows), rows[0], len(fp.ByCategory), fp.ByCategory[0])
	}
	var api climate.Footprint
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/co2e?year=2025", 200)), &api); err != nil || api.TotalT != fp.TotalT {
		t.Errorf("API %v t, the engine %v t (%v)", api.TotalT, fp.TotalT, err)
	}
	// Issue 18: the generated ledger's classified spend reaches its
	// categories' own factors; less than a fifth of the spend is on a
	// fallback, and the page and the API show the shares and, per category,
	// the factor and its source, in both languages.
	qu := fp.Quality
	if qu.Fallback.Share >= 0.2 || qu.Category.Share < 0.8 || api.Quality.Fallback.Share != qu.Fallback.Share || api.ByCategory[0].Factor == "" {
		t.Errorf("quality %+v; API %+v, first category's factor %q", qu, api.Quality, api.ByCategory[0].Factor)
	}
	nb := i18n.New("nb")
	for lang, l := range map[string]*i18n.Locale{"en": en, "nb": nb} {
		page := parse(t, "climate", get(t, srv.URL+"/buyers/3909/climate?year=2025&lang="+lang, 200))
		rows := map[string][]string{}
		for _, r := range page.rows("clim-quality") {
			rows[r[0]] = r
		}
		for key, p := range map[string]climate.Part{"clim.q.category": qu.Category, "clim.q.fallback": qu.Fallback, "clim.q.supplier": qu.Supplier} {
			if r := rows[l.T(key)]; len(r) < 3 || r[2] != l.Pct(p.Share) {
				t.Errorf("%s: the quality row %s is %v, the engine %s", lang, key, r, l.Pct(p.Share))
			}
		}
		if cats := page.rows("clim-categories"); len(cats) == 0 || !strings.Contains(cats[0][5], fp.ByCategory[0].FactorSource) {
			t.Errorf("%s: the first category's factor %v, the engine %q", lang, cats, fp.ByCategory[0].Factor)
		}
	}
	// What if the largest category had a tenth of its factor.
	top := fp.ByCategory[0].Key[:3]
	q := url.Values{"year": {"2025"}, "what_if": {top + "=0.002:NOK:2017"}}
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/co2e?"+q.Encode(), 200)), &api); err != nil || api.WhatIf == nil ||
		api.WhatIf.TotalT >= fp.TotalT || api.WhatIf.BaseT != fp.TotalT {
		t.Errorf("what if: %+v %v", api.WhatIf, err)
	}
	page = parse(t, "climate", get(t, srv.URL+"/buyers/3909/climate?"+q.Encode()+"&lang=en", 200))
	if !strings.Contains(page.id("what-if-result"), en.Dec(api.WhatIf.TotalT)) {
		t.Errorf("what-if on the page: %q", page.id("what-if-result"))
	}
	get(t, srv.URL+"/api/v1/buyers/3909/co2e?year=2025&what_if=soon", 400)

	// Targets, one through the page's form.
	if err := st.PutTarget(ctx, cityspend.StrategyTarget{BuyerID: "3909", Indicator: cityspend.TargetCO2e, BaselineYear: 2024, TargetYear: 2030,
		TargetValue: 10}, false); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"indicator": {"local_share"}, "baseline_year": {"2024"}, "target_year": {"2030"}, "target": {"45%"}, "note": {"strategy 2024–2030"}}
	code, body := send(t, "POST", srv.URL+"/buyers/3909/strategy?year=2025", "application/x-www-form-urlencoded", form.Encode(),
		map[string]string{"Origin": srv.URL})
	if code != http.StatusSeeOther {
		t.Fatalf("target form: %d %s", code, body)
	}
	form.Set("target", "145%")
	if code, _ := send(t, "POST", srv.URL+"/buyers/3909/strategy?year=2025", "application/x-www-form-urlencoded", form.Encode(),
		map[string]string{"Origin": srv.URL}); code != 400 {
		t.Errorf("a share above 100 %%: %d", code)
	}
	a25, _ := indicator.Analyse(ctx, st, "3909", 2025, indicator.Options{})
	page = parse(t, "strategy", get(t, srv.URL+"/buyers/3909/strategy?year=2025&lang=en", 200))
	rows := map[string][]string{}
	for _, r := range page.rows("targets") {
		rows[r[0]] = r
	}
	local, co2 := rows[en.T("tgt.local_share")], rows[en.T("tgt.co2e_t")]
	if len(local) < 3 || local[2] != en.Pct(a25.LocalShare.L0) {
		t.Errorf("local share on the dashboard %v, the engine %s", local, en.Pct(a25.LocalShare.L0))
	}
	if len(co2) < 3 || co2[2] != en.Dec(a25.CO2e.TotalT)+" t" {
		t.Errorf("CO2e on the dashboard %v, the engine %v t", co2, a25.CO2e.TotalT)
	}
	var api2 struct {
		Targets []strategy.Progress `json:"targets"`
	}
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/strategy?year=2025", 200)), &api2); err != nil || len(api2.Targets) != 2 {
		t.Fatalf("strategy API: %v %+v", err, api2)
	}
	for _, p := range api2.Targets {
		if p.Indicator == cityspend.TargetLocalShare && (p.Current == nil || *p.Current != a25.LocalShare.L0 || p.TargetValue != 0.45 || p.Note == "") {
			t.Errorf("API local share %+v", p)
		}
	}
	// The report carries both.
	rep := get(t, srv.URL+"/buyers/3909/report?year=2025&lang=en", 200)
	if !strings.Contains(rep, `id="clim-total"`) || !strings.Contains(rep, `id="targets"`) {
		t.Error("the report lacks the climate or strategy section")
	}
}

// The factor behind each category is written in the page's language:
// a decimal comma and "priser" on a Norwegian page, a point in English.
func TestClimateFactorsInThePagesLanguage(t *testing.T) {
	srv, st, s := newTestServerWith(t, nil)
	if err := st.PutRates(context.Background(), gen.Rates(2015, 2030)); err != nil {
		t.Fatal(err)
	}
	s.Invalidate()
	cell := regexp.MustCompile(`<td class="factor">([^<]*)<br>`)
	for lang, want := range map[string]*regexp.Regexp{
		"nb": regexp.MustCompile(`^[0-9]+(,[0-9]+)? kg CO2e per [A-Z]{3} \(\d{4}-priser\)$`),
		"en": regexp.MustCompile(`^[0-9]+(\.[0-9]+)? kg CO2e per [A-Z]{3} \(\d{4} prices\)$`),
	} {
		page := get(t, srv.URL+"/buyers/3909/climate?year=2025&lang="+lang, 200)
		cells := cell.FindAllStringSubmatch(page, -1)
		if len(cells) == 0 {
			t.Fatalf("%s: no factor column", lang)
		}
		for _, c := range cells {
			if !want.MatchString(c[1]) {
				t.Errorf("%s: factor %q", lang, c[1])
			}
		}
	}
}

// Why the footprint left spend out, in the page's language.
func TestMissingReason(t *testing.T) {
	nb, en := i18n.New("nb"), i18n.New("en")
	for in, want := range map[string]string{
		climate.NoFactor:                    "ingen faktor for kategorien, kontoen eller bransjen",
		"no price index for GBP 2025":       "ingen prisindeks for GBP 2025",
		"no exchange rate GBP→EUR for 2024": "ingen valutakurs GBP→EUR for 2024",
		"something new":                     "something new",
	} {
		if got := missingReason(nb, in); got != want {
			t.Errorf("nb %q: %q, want %q", in, got, want)
		}
		if got := missingReason(en, in); got != in {
			t.Errorf("en %q: %q", in, got)
		}
	}
}
