// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/pdf"
)

// doc is a parsed page with lookups by id and by table row.
type doc struct {
	t    *testing.T
	root *html.Node
	name string
}

func parse(t *testing.T, name, page string) doc {
	t.Helper()
	n, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc{t: t, root: n, name: name}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func find(n *html.Node, ok func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && ok(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, ok); f != nil {
			return f
		}
	}
	return nil
}

func findAll(n *html.Node, ok func(*html.Node) bool, out []*html.Node) []*html.Node {
	if n.Type == html.ElementNode && ok(n) {
		out = append(out, n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = findAll(c, ok, out)
	}
	return out
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

// id returns the text of the element with an id.
func (d doc) id(id string) string {
	d.t.Helper()
	n := find(d.root, func(n *html.Node) bool { return attr(n, "id") == id })
	if n == nil {
		d.t.Fatalf("%s: no element #%s", d.name, id)
	}
	return text(n)
}

// row returns the cells' texts of the row of table #table whose data-key
// is key, or whose n-th row it is when key is "".
func (d doc) rows(table string) [][]string {
	d.t.Helper()
	tb := find(d.root, func(n *html.Node) bool { return attr(n, "id") == table })
	if tb == nil {
		d.t.Fatalf("%s: no table #%s", d.name, table)
	}
	body := find(tb, func(n *html.Node) bool { return n.Data == "tbody" })
	var out [][]string
	for _, tr := range findAll(body, func(n *html.Node) bool { return n.Data == "tr" }, nil) {
		var cells []string
		for _, c := range findAll(tr, func(n *html.Node) bool { return n.Data == "td" || n.Data == "th" }, nil) {
			cells = append(cells, text(c))
		}
		out = append(out, cells)
	}
	return out
}

// links returns the hrefs inside the row of a table with a data-key.
func (d doc) rowLinks(table, key string) []string {
	d.t.Helper()
	tb := find(d.root, func(n *html.Node) bool { return attr(n, "id") == table })
	if tb == nil {
		d.t.Fatalf("%s: no table #%s", d.name, table)
	}
	tr := find(tb, func(n *html.Node) bool { return n.Data == "tr" && attr(n, "data-key") == key })
	if tr == nil {
		d.t.Fatalf("%s: table #%s has no row %s", d.name, table, key)
	}
	var out []string
	for _, a := range findAll(tr, func(n *html.Node) bool { return n.Data == "a" }, nil) {
		out = append(out, attr(a, "href"))
	}
	return out
}

func eq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

// apiAnalysis reads the indicator JSON of the API for a query.
func apiAnalysisJSON(t *testing.T, base, query string) *indicator.Analysis {
	t.Helper()
	var a indicator.Analysis
	if err := json.Unmarshal([]byte(get(t, base+"/api/v1/buyers/3909/analysis?"+query, 200)), &a); err != nil {
		t.Fatal(err)
	}
	return &a
}

// Each dashboard page shows the indicator JSON's figures, formatted for the
// page's language, with and without filters.
func TestDashboardsShowTheIndicatorFigures(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	// An LM3 survey answer from the largest local supplier.
	b, _ := st.Buyer(ctx, "3909")
	local, err := st.SupplierSpend(ctx, cityspend.SpendFilter{BuyerID: "3909", Period: b.FiscalYear(2025), Place: cityspend.PlaceLocal, Scope: cityspend.ScopeIn}, false)
	if err != nil || len(local) == 0 {
		t.Fatalf("no local suppliers: %v", err)
	}
	if err := st.PutSurveyResponses(ctx, "3909", 2025, []cityspend.SurveyResponse{{SupplierID: local[0].SupplierID, Turnover: 1_000_000_00,
		WageBill: 400_000_00, StaffTotal: 10, StaffLocal: 5, NonWageCosts: 300_000_00, NonWageLocalPct: 5000, JobsCreated: 2, Line: 2}}); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct{ lang, filters string }{{"en", ""}, {"nb", ""}, {"en", "place=L0"}, {"nb", "type=small"}, {"en", "section=F"}} {
		q := "year=2025&lang=" + tc.lang
		if tc.filters != "" {
			q += "&" + tc.filters
		}
		a := apiAnalysisJSON(t, srv.URL, q)
		l := i18n.New(tc.lang)
		money := func(x cityspend.Amount) string { return l.Money(x, "NOK") }
		name := func(p string) string { return p + "?" + q }

		ov := parse(t, name("overview"), get(t, srv.URL+"/buyers/3909?"+q, 200))
		eq(t, name("overview total"), ov.id("total-spend"), money(a.TotalSpend))
		eq(t, name("overview L0"), ov.id("local-share"), l.Pct(a.LocalShare.L0))
		eq(t, name("overview L0+L1"), ov.id("region-share"), l.Pct(a.LocalShare.L0L1))
		eq(t, name("overview SME"), ov.id("sme-share"), l.Pct(a.SMEShare))
		eq(t, name("overview suppliers"), ov.id("suppliers"), l.Int(a.Suppliers))
		if tc.filters == "" {
			eq(t, name("overview LM3"), ov.id("lm3"), l.Dec(a.LM3.Value))
		}
		for i, row := range ov.rows("account-groups") {
			g := a.ByAccountGroup[i]
			eq(t, name("account group spend"), row[1], money(g.Spend))
		}

		geo := parse(t, name("geography"), get(t, srv.URL+"/buyers/3909/geography?"+q, 200))
		for i, band := range indicator.Bands {
			row := geo.rows("bands")[i]
			x := a.Bands[band]
			eq(t, name("band "+band), row[0], l.T("band."+band))
			eq(t, name("band spend "+band), row[1], money(x.Spend))
			eq(t, name("band share "+band), row[2], l.Pct(x.Share))
			eq(t, name("band suppliers "+band), row[3], l.Int(x.Suppliers))
			eq(t, name("band top-N "+band), row[4], l.Pct(a.TopNPopulation.Bands[band].Share))
		}
		eq(t, name("leakage L0"), geo.id("leak-l0"), money(a.Leakage.OutsideL0))
		eq(t, name("leakage L1"), geo.id("leak-l1"), money(a.Leakage.OutsideL1))
		eq(t, name("deprived"), geo.id("deprived"), l.Pct(a.Deprived.Share))
		munis := geo.rows("municipalities")
		if len(munis) != len(a.Municipalities) {
			t.Fatalf("%s: %d municipalities, want %d", name("geography"), len(munis), len(a.Municipalities))
		}
		for i, m := range a.Municipalities {
			eq(t, name("municipality spend"), munis[i][2], money(m.Spend))
		}
		trend := geo.rows("trend")
		for i, y := range a.Trend {
			eq(t, name("trend spend"), trend[i][1], money(y.TotalSpend))
			eq(t, name("trend L0"), trend[i][2], l.Pct(y.LocalShare.L0))
			eq(t, name("trend retained"), trend[i][6], money(y.ExtraRetainedLocally))
		}

		ty := parse(t, name("types"), get(t, srv.URL+"/buyers/3909/business-types?"+q, 200))
		for i, bt := range cityspend.BusinessTypes {
			row := ty.rows("business-types")[i]
			eq(t, name("type spend "+bt), row[1], money(a.BusinessTypes[bt].Spend))
			eq(t, name("type suppliers "+bt), row[3], l.Int(a.BusinessTypes[bt].Suppliers))
		}
		eq(t, name("types SME"), ty.id("sme-share"), l.Pct(a.SMEShare))

		se := parse(t, name("sectors"), get(t, srv.URL+"/buyers/3909/sectors?"+q, 200))
		rows := se.rows("sectors")
		if len(rows) != len(a.Sectors) {
			t.Fatalf("%s: %d sectors, want %d", name("sectors"), len(rows), len(a.Sectors))
		}
		for i, x := range a.Sectors {
			eq(t, name("sector"), rows[i][0], sectionLabel(x.Section, x.Name))
			eq(t, name("sector spend"), rows[i][1], money(x.Spend))
			eq(t, name("sector local share"), rows[i][3], l.Pct(x.LocalShare))
		}
		gaps := se.rows("market-gaps")
		for i, g := range a.MarketGaps {
			eq(t, name("gap leaking"), gaps[i][4], money(g.Leaking))
		}

		rep := parse(t, name("report"), get(t, srv.URL+"/buyers/3909/report?"+q, 200))
		eq(t, name("report total"), rep.id("total-spend"), money(a.TotalSpend))
		eq(t, name("report L0"), rep.id("local-share"), l.Pct(a.LocalShare.L0))
		tops := rep.rows("top-suppliers")
		for i, s := range a.TopSuppliers {
			eq(t, name("report top supplier"), tops[i][5], money(s.Spend))
		}

		if tc.filters == "" {
			lm := parse(t, name("lm3"), get(t, srv.URL+"/buyers/3909/lm3?"+q, 200))
			eq(t, name("LM3"), lm.id("lm3-value"), l.Dec(a.LM3.Value))
			eq(t, name("R2"), lm.id("lm3-r2"), money(a.LM3.R2))
		}
	}
}

// Every figure links to the lines behind it: a band's amount opens lines
// that sum to it, and the band opens its suppliers, whose spend sums to it.
func TestFiguresLinkToTheirLines(t *testing.T) {
	srv, _ := newTestServer(t)
	a := apiAnalysisJSON(t, srv.URL, "year=2025")
	geo := parse(t, "geography", get(t, srv.URL+"/buyers/3909/geography?year=2025&lang=en", 200))
	for _, band := range indicator.Bands {
		links := geo.rowLinks("bands", band)
		if len(links) < 2 {
			t.Fatalf("band %s has links %v", band, links)
		}
		var lp linesPage
		u, _ := url.Parse(links[1])
		if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1"+u.Path+"?"+u.RawQuery, 200)), &lp); err != nil {
			t.Fatal(err)
		}
		if lp.TotalSpend != a.Bands[band].Spend {
			t.Errorf("band %s: lines behind the figure sum to %s, the figure is %s", band, lp.TotalSpend, a.Bands[band].Spend)
		}
		var sups []cityspend.SupplierRow
		u, _ = url.Parse(links[0])
		if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1"+u.Path+"?"+u.RawQuery+"&limit=100000", 200)), &sups); err != nil {
			t.Fatal(err)
		}
		var sum cityspend.Amount
		for _, s := range sups {
			sum += s.Spend
		}
		if sum != a.Bands[band].Spend || int64(len(sups)) != a.Bands[band].Suppliers {
			t.Errorf("band %s: %d suppliers with %s, the figures are %d and %s", band, len(sups), sum, a.Bands[band].Suppliers, a.Bands[band].Spend)
		}
	}
	// The excluded spend has its own lines.
	var lp linesPage
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/lines?year=2025&scope=out", 200)), &lp); err != nil {
		t.Fatal(err)
	}
	if lp.TotalSpend != a.ExcludedSpend {
		t.Errorf("excluded lines sum to %s, the figure is %s", lp.TotalSpend, a.ExcludedSpend)
	}
}

// The language comes from ?lang=, then the cookie, then Accept-Language.
func TestLanguage(t *testing.T) {
	srv, st := newTestServer(t)
	// A visitor without a session: the buyer publishes its dashboards.
	if err := st.SetSetting(context.Background(), "3909", cityspend.SettingPublish, "yes"); err != nil {
		t.Fatal(err)
	}
	req := func(path, accept, cookie string) string {
		r, _ := http.NewRequest("GET", srv.URL+path, nil)
		if accept != "" {
			r.Header.Set("Accept-Language", accept)
		}
		if cookie != "" {
			r.AddCookie(&http.Cookie{Name: "lang", Value: cookie})
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if p := req("/buyers/3909?year=2025", "nb-NO,nb;q=0.9,en;q=0.5", ""); !strings.Contains(p, `lang="nb"`) || !strings.Contains(p, "Oversikt") {
		t.Error("Accept-Language nb gives Norwegian")
	}
	if p := req("/buyers/3909?year=2025", "en-GB", ""); !strings.Contains(p, `<html lang="en"`) || !strings.Contains(p, "Overview") {
		t.Error("Accept-Language en gives English")
	}
	if p := req("/buyers/3909?year=2025", "en-GB", "nb"); !strings.Contains(p, `<html lang="nb"`) {
		t.Error("the cookie wins over Accept-Language")
	}
	if p := req("/buyers/3909?year=2025&lang=en", "nb", "nb"); !strings.Contains(p, `<html lang="en"`) {
		t.Error("?lang= wins over the cookie")
	}
	// Norwegian money and numbers.
	a := apiAnalysisJSON(t, srv.URL, "year=2025")
	p := req("/buyers/3909?year=2025&lang=nb", "", "")
	if want := i18n.New("nb").Money(a.TotalSpend, "NOK"); !strings.Contains(p, want) || !strings.HasSuffix(want, "\u00a0kr") || !strings.Contains(want, ",") {
		t.Errorf("Norwegian total %q not on the page", want)
	}
}

// Exports: every table as CSV and XLSX, with the page's filters.
func TestExports(t *testing.T) {
	srv, _ := newTestServer(t)
	a := apiAnalysisJSON(t, srv.URL, "year=2025&place=L0")
	csv := get(t, srv.URL+"/buyers/3909/export/bands.csv?year=2025", 200)
	if !strings.HasPrefix(csv, "band,spend,share,suppliers,top_n_share\n") {
		t.Errorf("bands CSV header: %q", strings.SplitN(csv, "\n", 2)[0])
	}
	tops := get(t, srv.URL+"/buyers/3909/export/top_suppliers.csv?year=2025&place=L0", 200)
	lines := strings.Split(strings.TrimSpace(tops), "\n")
	if len(lines) != len(a.TopSuppliers)+1 {
		t.Errorf("top suppliers CSV has %d rows, want %d", len(lines)-1, len(a.TopSuppliers))
	}
	if !strings.Contains(lines[1], ","+a.TopSuppliers[0].Spend.String()+",") {
		t.Errorf("first row %q lacks the exact amount %s", lines[1], a.TopSuppliers[0].Spend)
	}
	for _, name := range []string{"trend", "municipalities", "business_types", "sectors", "divisions", "market_gaps", "account_groups", "excluded", "suppliers", "lines"} {
		get(t, srv.URL+"/buyers/3909/export/"+name+".csv?year=2025", 200)
		x := get(t, srv.URL+"/buyers/3909/export/"+name+".xlsx?year=2025&lang=nb", 200)
		if !strings.HasPrefix(x, "PK") {
			t.Errorf("%s.xlsx is not a workbook", name)
		}
	}
	// The lines export holds exactly the lines behind the figure.
	lc := get(t, srv.URL+"/buyers/3909/export/lines.csv?year=2025&place=L0", 200)
	n := strings.Count(strings.TrimSpace(lc), "\n")
	var lp linesPage
	json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/lines?year=2025&place=L0", 200)), &lp)
	if int64(n) != lp.TotalLines {
		t.Errorf("lines export has %d rows, want %d", n, lp.TotalLines)
	}
	get(t, srv.URL+"/buyers/3909/export/nothing.csv", 404)
	get(t, srv.URL+"/buyers/3909/export/bands.pdf", 404)
	if x := get(t, srv.URL+"/buyers/3909/survey.xlsx?year=2025", 200); !strings.HasPrefix(x, "PK") {
		t.Error("the survey template is not a workbook")
	}
}

// Bad filters are a 400 with a clear message; an unknown buyer a 404.
func TestDashboardErrors(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, q := range []string{"place=L7", "type=huge", "section=FOO", "year=abc", "top=0"} {
		p := get(t, srv.URL+"/buyers/3909/geography?"+q, 400)
		if !strings.Contains(p, `id="error-message"`) {
			t.Errorf("%s: no error message", q)
		}
		get(t, srv.URL+"/api/v1/buyers/3909/analysis?"+q, 400)
	}
	get(t, srv.URL+"/buyers/nope", 404)
	get(t, srv.URL+"/api/v1/buyers/nope/analysis", 404)
	get(t, srv.URL+"/api/v1/buyers/3909/lines?scope=maybe", 400)
}

// The API's analysis is the object `cityspend analyse --json` prints: the
// engine's, encoded the same way.
func TestAPIAnalysisIsTheEngines(t *testing.T) {
	srv, st := newTestServer(t)
	for _, q := range []struct {
		query string
		opts  indicator.Options
	}{
		{"year=2025", indicator.Options{}},
		{"year=2024&place=L1&top=20&lang=nb", indicator.Options{TopN: 20, Lang: "nb", Filters: indicator.Filters{Place: "L1"}}},
	} {
		a, err := indicator.Analyse(context.Background(), st, "3909", map[bool]int{true: 2025, false: 2024}[strings.Contains(q.query, "2025")], q.opts)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.MarshalIndent(a, "", "  ")
		got := strings.TrimSpace(get(t, srv.URL+"/api/v1/buyers/3909/analysis?"+q.query, 200))
		if got != string(want) {
			t.Errorf("%s: the API's analysis differs from the engine's", q.query)
		}
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/openapi.json", 200)), &doc); err != nil || doc["openapi"] != "3.0.3" {
		t.Fatalf("openapi.json: %v", err)
	}
	// Every API route the server registers is described, with its method.
	paths := doc["paths"].(map[string]any)
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	routes := regexp.MustCompile(`"(GET|POST|PATCH|PUT|DELETE) /api/v1(/[^"]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(routes) < 15 {
		t.Fatalf("found %d API routes in routes.go", len(routes))
	}
	for _, m := range routes {
		if m[2] == "/openapi.json" {
			continue
		}
		ops, _ := paths[m[2]].(map[string]any)
		if ops[strings.ToLower(m[1])] == nil {
			t.Errorf("openapi.json does not describe %s %s", m[1], m[2])
		}
	}
}

// The report page prints to PDF with Chromium, when it is installed.
func TestReportPDF(t *testing.T) {
	if _, err := pdf.Browser(); err != nil {
		t.Skipf("no PDF: %v", err)
	}
	srv, _, s := newTestServerWith(t, nil)
	url := srv.URL + "/buyers/3909/report.pdf?year=2025&lang=nb"
	doc := get(t, url, 200)
	if !strings.HasPrefix(doc, "%PDF-") {
		t.Errorf("not a PDF: %.20q", doc)
	}
	// Printed once while the data stays the same: without a browser, the
	// same document comes again; after a change, it is printed anew.
	t.Setenv("CITYSPEND_CHROMIUM", filepath.Join(t.TempDir(), "no-chromium"))
	if again := get(t, url, 200); again != doc {
		t.Error("the second request printed the report again")
	}
	s.Invalidate()
	if code, _ := clientFor(srv.URL).do("GET", url, "", "", nil); code != 500 {
		t.Errorf("after a change, without a browser: %d, want 500 (printed anew)", code)
	}
}

// An error page speaks the page's language: what happened and what to do
// in bokmål on a Norwegian page, the code's English detail folded away
// beneath it; an English page shows the detail itself. A refused login
// says why in the page's language.
func TestErrorPagesInThePagesLanguage(t *testing.T) {
	srv, _ := newTestServer(t)
	nb := get(t, srv.URL+"/buyers/nope?lang=nb", 404)
	if !strings.Contains(nb, "<h1>Fant ikke siden</h1>") || !strings.Contains(nb, `id="error-explain"`) ||
		!regexp.MustCompile(`<details id="error-detail"><summary>Teknisk melding \(på engelsk\)</summary><p id="error-message" lang="en">`).MatchString(nb) {
		t.Errorf("Norwegian 404:\n%s", nb)
	}
	en := get(t, srv.URL+"/buyers/nope?lang=en", 404)
	if !strings.Contains(en, "<h1>Not found</h1>") || strings.Contains(en, "<details") || !strings.Contains(en, `<p id="error-message">`) {
		t.Errorf("English 404:\n%s", en)
	}
	c := newClient(t, srv.URL)
	c.do("GET", "/login?lang=nb", "", "", nil)
	code, body := c.do("POST", "/login", "application/x-www-form-urlencoded",
		url.Values{"email": {adminA}, "password": {"not the password"}, "csrf": {c.csrf}}.Encode(), map[string]string{csrfHeader: ""})
	if code != 401 || !strings.Contains(body, "E-postadressen eller passordet er feil.") || strings.Contains(body, "the e-mail or the password") {
		t.Errorf("a refused Norwegian login: %d", code)
	}
}
