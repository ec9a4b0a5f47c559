// SPDX-License-Identifier: EUPL-1.2

package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/plan"
	"github.com/cityspend/cityspend/tables"
)

// The load test's mix: what the buyer's people and its API clients ask
// for, each request built by a client's own seeded generator from the
// values the database holds (its years, suppliers, accounts, units,
// findings, plan items), so that most filters and years are ones nobody
// asked for before, and a run is the same run again with the same seed.

// persona is a kind of client: a person with a role who logs in through
// the login form, or a program with an API token.
type persona struct {
	name  string // viewer, analyst, admin, api
	role  string // the role of its users' grant on the buyer
	api   bool   // a bearer token instead of a session
	kinds []kind
}

// kind is a kind of request: its name in the report, the route it asks
// (the report's p50_ms_by_path key), how often a client picks it (its
// weight against the persona's other kinds), and how a client makes its
// URL.
type kind struct {
	name   string
	route  string
	weight int
	url    func(r *rand.Rand, d *mixData) string
}

// mixData are the values of the benchmark database the URLs are made of.
type mixData struct {
	buyer    string
	years    []int // oldest first
	lines    int64 // the buyer's procurement lines, all years
	sups     []string
	words    []string // search texts: the start of suppliers' names
	groups   []string // account groups (two characters)
	accounts []string
	units    []string
	sections []string
	findings []string
	items    []string
}

// The personas. The browser personas share the pages every role of the
// buyer sees; the analyst and the admin add the pages of their role.
func personas() []persona {
	b := func(p string) string { return "/buyers/{id}" + p }
	page := func(p string) func(*rand.Rand, *mixData) string {
		return func(r *rand.Rand, d *mixData) string { return d.path(p) + "?year=" + d.year(r) }
	}
	static := func(p string) func(*rand.Rand, *mixData) string {
		return func(r *rand.Rand, d *mixData) string { return d.path(p) }
	}
	browser := []kind{
		{"dashboard", b("") + " (and geography, business-types, sectors, lm3)", 20, func(r *rand.Rand, d *mixData) string {
			p := pick(r, []string{"", "/geography", "/business-types", "/sectors", "/lm3"})
			return d.path(p) + "?year=" + d.year(r) + d.filter(r, 3)
		}},
		{"climate", b("/climate"), 5, func(r *rand.Rand, d *mixData) string {
			return d.path("/climate") + "?year=" + d.year(r) + d.filter(r, 5)
		}},
		{"categories", b("/categories"), 5, func(r *rand.Rand, d *mixData) string {
			return d.path("/categories") + "?year=" + d.year(r) + d.filter(r, 5)
		}},
		{"report", b("/report"), 3, page("/report")},
		{"strategy", b("/strategy"), 3, page("/strategy")},
		{"suppliers", b("/suppliers"), 8, func(r *rand.Rand, d *mixData) string {
			u := d.path("/suppliers") + "?year=" + d.year(r)
			if r.IntN(3) == 0 && len(d.words) > 0 {
				u += "&q=" + url.QueryEscape(pick(r, d.words))
			}
			return u + d.filter(r, 5)
		}},
		{"supplier", b("/suppliers/{sid}"), 8, func(r *rand.Rand, d *mixData) string {
			return d.path("/suppliers/"+url.PathEscape(pick(r, d.sups))) + "?year=" + d.year(r)
		}},
		{"lines", b("/lines"), 12, func(r *rand.Rand, d *mixData) string { return d.path("/lines") + d.linesQuery(r) }},
		{"review_categories", b("/review"), 4, static("/review")},
		{"review_payees", b("/suppliers/review"), 4, static("/suppliers/review")},
		{"findings", b("/findings"), 5, static("/findings")},
		{"finding", b("/findings/{fid}"), 3, func(r *rand.Rand, d *mixData) string {
			return d.path("/findings/" + url.PathEscape(pick(r, d.findings)))
		}},
		{"plan", b("/plan"), 4, static("/plan")},
		{"plan_item", b("/plan/{item}"), 3, func(r *rand.Rand, d *mixData) string { return d.path("/plan/" + url.PathEscape(pick(r, d.items))) }},
		{"export_csv", b("/export/{table}.csv"), 2, func(r *rand.Rand, d *mixData) string { return d.export(r, "csv") }},
		{"export_xlsx", b("/export/{table}.xlsx"), 2, func(r *rand.Rand, d *mixData) string { return d.export(r, "xlsx") }},
		{"export_lines", b("/export/lines.{csv,xlsx}"), 1, func(r *rand.Rand, d *mixData) string {
			return d.path("/export/lines."+pick(r, []string{"csv", "xlsx"})) + "?year=" + d.year(r) + "&supplier=" + url.QueryEscape(pick(r, d.sups))
		}},
	}
	analyst := append(slices.Clone(browser),
		kind{"imports", b("/imports"), 2, static("/imports")},
		kind{"contracts", b("/contracts"), 2, static("/contracts")},
		kind{"coverage", b("/coverage"), 2, page("/coverage")},
	)
	admin := append(slices.Clone(browser),
		kind{"people", b("/people"), 2, static("/people")},
		kind{"audit", b("/audit"), 2, static("/audit")},
	)
	a := func(p string) string { return "/api/v1/buyers/{id}" + p }
	api := []kind{
		{"api_analysis", a("/analysis"), 6, func(r *rand.Rand, d *mixData) string {
			return d.api("/analysis") + "?year=" + d.year(r) + d.filter(r, 3)
		}},
		{"api_co2e", a("/co2e"), 3, func(r *rand.Rand, d *mixData) string { return d.api("/co2e") + "?year=" + d.year(r) }},
		{"api_cube", a("/cube"), 3, func(r *rand.Rand, d *mixData) string { return d.api("/cube") + "?year=" + d.year(r) + d.filter(r, 4) }},
		{"api_suppliers", a("/suppliers"), 5, func(r *rand.Rand, d *mixData) string {
			u := d.api("/suppliers") + "?year=" + d.year(r)
			if r.IntN(3) == 0 && len(d.words) > 0 {
				u += "&q=" + url.QueryEscape(pick(r, d.words))
			}
			return u
		}},
		{"api_lines", a("/lines"), 6, func(r *rand.Rand, d *mixData) string { return d.api("/lines") + d.linesQuery(r) }},
		{"api_review", a("/review"), 2, func(r *rand.Rand, d *mixData) string { return d.api("/review") }},
		{"api_findings", a("/findings"), 2, func(r *rand.Rand, d *mixData) string { return d.api("/findings") }},
		{"api_plan", a("/plan"), 2, func(r *rand.Rand, d *mixData) string { return d.api("/plan") }},
	}
	return []persona{
		{name: "viewer", role: cityspend.RoleViewer, kinds: browser},
		{name: "analyst", role: cityspend.RoleAnalyst, kinds: analyst},
		{name: "admin", role: cityspend.RoleAdmin, kinds: admin},
		{name: "api", role: cityspend.RoleViewer, api: true, kinds: api},
	}
}

// clientPersonas is the persona of each of n clients: of every eight,
// three viewers, two analysts, an admin and two API clients, dealt so
// that a few clients already have every persona.
func clientPersonas(n int) []int {
	deal := []int{0, 3, 1, 2, 0, 3, 1, 0} // viewer api analyst admin viewer api analyst viewer
	out := make([]int, n)
	for i := range out {
		out[i] = deal[i%len(deal)]
	}
	return out
}

// choose picks a kind by the weights.
func choose(r *rand.Rand, ks []kind) *kind {
	total := 0
	for _, k := range ks {
		total += k.weight
	}
	n := r.IntN(total)
	for i := range ks {
		if n < ks[i].weight {
			return &ks[i]
		}
		n -= ks[i].weight
	}
	return &ks[len(ks)-1]
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func (d *mixData) path(p string) string { return "/buyers/" + url.PathEscape(d.buyer) + p }
func (d *mixData) api(p string) string  { return "/api/v1/buyers/" + url.PathEscape(d.buyer) + p }

// year is the latest year more often than not, else the one before, else
// any year the buyer has.
func (d *mixData) year(r *rand.Rand) string {
	n := len(d.years)
	switch x := r.IntN(10); {
	case x < 6 || n == 1:
		return strconv.Itoa(d.years[n-1])
	case x < 8:
		return strconv.Itoa(d.years[n-2])
	default:
		return strconv.Itoa(pick(r, d.years))
	}
}

// filter is, one time in oneIn, a dashboard filter (an account group, a
// unit, a place band, a business type or a NACE section) as "&k=v".
func (d *mixData) filter(r *rand.Rand, oneIn int) string {
	if r.IntN(oneIn) != 0 {
		return ""
	}
	switch r.IntN(5) {
	case 0:
		if len(d.groups) > 0 {
			return "&account=" + url.QueryEscape(pick(r, d.groups))
		}
	case 1:
		if len(d.units) > 0 {
			return "&org_unit=" + url.QueryEscape(pick(r, d.units))
		}
	case 2:
		return "&place=" + pick(r, []string{"L0", "L1", "L2", "L3"})
	case 3:
		return "&type=" + pick(r, []string{"public", "micro", "small", "medium", "large"})
	}
	if len(d.sections) > 0 {
		return "&section=" + url.QueryEscape(pick(r, d.sections))
	}
	return ""
}

// linesQuery is the query of a page of lines: a year, filtered by a
// supplier, an account (a group or a whole account) or a unit, at times
// a later page.
func (d *mixData) linesQuery(r *rand.Rand) string {
	q := "?year=" + d.year(r)
	switch r.IntN(4) {
	case 0:
		q += "&supplier=" + url.QueryEscape(pick(r, d.sups))
	case 1:
		if len(d.accounts) > 0 {
			q += "&account=" + url.QueryEscape(pick(r, d.accounts))
		}
	case 2:
		if len(d.units) > 0 {
			q += "&org_unit=" + url.QueryEscape(pick(r, d.units))
		}
	default:
		if len(d.groups) > 0 {
			q += "&account=" + url.QueryEscape(pick(r, d.groups))
		}
	}
	if r.IntN(4) == 0 {
		q += "&page=" + strconv.Itoa(2+r.IntN(3))
	}
	return q
}

// export is the URL of a table's download other than the lines: a table
// of the dashboards or the spend cube, the supplier list or the plan (not
// the pipeline: a UK notice, for buyers paying in GBP).
func (d *mixData) export(r *rand.Rand, format string) string {
	names := slices.Concat(tables.AnalysisTables, tables.CubeTables, []string{"suppliers", "plan"})
	return d.path("/export/"+pick(r, names)+"."+format) + "?year=" + d.year(r) + d.filter(r, 4)
}

// loadData reads the values of the URLs from the benchmark database,
// computing the buyer's findings and generating its plan first when it
// has none (the pages of one finding and one plan item need them).
func loadData(ctx context.Context, st *duckdb.DB, buyer string) (*mixData, error) {
	ys, err := years(ctx, st)
	if err != nil {
		return nil, err
	}
	b, err := st.Buyer(ctx, buyer)
	if err != nil {
		return nil, err
	}
	d := &mixData{buyer: buyer}
	for _, y := range ys {
		d.years = append(d.years, y.Year)
		d.lines += y.Lines
	}
	f := cityspend.SpendFilter{BuyerID: buyer, Period: b.FiscalYear(d.years[len(d.years)-1]), Scope: cityspend.ScopeIn}
	keys := func(dim cityspend.Dimension, limit int) ([]string, error) {
		gs, err := st.SpendBy(ctx, f, dim, limit)
		if err != nil {
			return nil, fmt.Errorf("bench: the %s of the load test: %w", dim, err)
		}
		var ks []string
		for _, g := range gs {
			if g.Key != "" {
				ks = append(ks, g.Key)
			}
		}
		return ks, nil
	}
	// The suppliers as the supplier list shows them (the supplier page
	// finds only those; the lines of an import not yet resolved have
	// keys of their own).
	sups, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: buyer, Period: f.Period, Scope: cityspend.ScopeIn})
	if err != nil {
		return nil, fmt.Errorf("bench: the suppliers of the load test: %w", err)
	}
	var names []string
	for _, s := range sups[:min(len(sups), 500)] {
		d.sups = append(d.sups, s.SupplierID)
		names = append(names, s.Name)
	}
	if len(d.sups) == 0 {
		return nil, fmt.Errorf("bench: buyer %s has no suppliers in %d", buyer, d.years[len(d.years)-1])
	}
	d.words = searchWords(names)
	if d.groups, err = keys(cityspend.ByAccountGroup, 100); err != nil {
		return nil, err
	}
	if d.accounts, err = keys(cityspend.ByAccount, 300); err != nil {
		return nil, err
	}
	if d.units, err = keys(cityspend.ByOrgUnit, 300); err != nil {
		return nil, err
	}
	if d.sections, err = keys(cityspend.BySection, 30); err != nil {
		return nil, err
	}

	fs, err := st.Findings(ctx, buyer)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		if _, err := compliance.Compute(ctx, st, buyer, compliance.Options{}); err != nil {
			return nil, fmt.Errorf("bench: the findings of the load test: %w", err)
		}
		if fs, err = st.Findings(ctx, buyer); err != nil {
			return nil, err
		}
	}
	for _, f := range fs {
		d.findings = append(d.findings, f.ID)
	}
	items, err := st.PlanItems(ctx, buyer)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		if _, err := plan.Generate(ctx, st, buyer, plan.Options{Who: "bench"}); err != nil {
			return nil, fmt.Errorf("bench: the plan of the load test: %w", err)
		}
		if items, err = st.PlanItems(ctx, buyer); err != nil {
			return nil, err
		}
	}
	for _, it := range items {
		d.items = append(d.items, it.ID)
	}
	if len(d.findings) == 0 || len(d.items) == 0 {
		return nil, fmt.Errorf("bench: buyer %s has %d findings and %d plan items: the load test asks for one of each", buyer, len(d.findings), len(d.items))
	}
	return d, nil
}

// searchWords are what people type in the supplier search: the first
// letters (four to six) of a word of a supplier's name.
func searchWords(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for i, name := range names {
		for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) }) {
			rs := []rune(strings.ToLower(w))
			n := 4 + i%3
			if len(rs) < n {
				continue
			}
			if s := string(rs[:n]); !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
			break
		}
	}
	return out
}

// loadPassword is the password of the load test's users.
const loadPassword = "load-test-password"

// loadUsers are the load test's n users of a persona, with the persona's
// role on the buyer (made in the database the first time).
func loadUsers(ctx context.Context, st cityspend.AccountStore, buyer string, p persona, n int) ([]cityspend.User, error) {
	var out []cityspend.User
	for i := range n {
		email := fmt.Sprintf("load-%s-%02d@bench.invalid", p.name, i+1)
		u, err := st.UserByEmail(ctx, email)
		if cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
			u = cityspend.User{Email: email, Name: fmt.Sprintf("Load %s %d", p.name, i+1), Grants: []cityspend.Grant{{BuyerID: buyer, Role: p.role}}}
			if u.ID, err = auth.AddUser(ctx, st, u, loadPassword); err != nil {
				return nil, fmt.Errorf("bench: the load test's user %s: %w", email, err)
			}
		} else if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// noRedirect keeps a redirect's answer (a login's 303) as the answer.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
