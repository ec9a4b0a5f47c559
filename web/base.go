// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/indicator"
)

// page is what every page's view holds: the locale, the title, the buyer
// and the query, so that templates can link with the same filters.
type page struct {
	Title string
	L     *i18n.Locale
	Lang  string
	Nav   string // the active tab
	Buyer *cityspend.Buyer
	Year  int
	Years []indicator.YearTotal
	F     indicator.Filters
	URL   *url.URL
	// Other is the other language and the link that switches to it.
	OtherLang, OtherHref string
	// Extra are query parameters a page keeps besides the filters (the
	// supplier and scope of the lines page); the filter form carries them.
	Extra []field
	// Standalone pages (the report as a file) carry their styles inline and
	// no navigation.
	Standalone bool
	// Provisional: an import's follow-up is pending for the buyer (its
	// figures may change when it completes): the page says so.
	Provisional bool
	// Me is the logged-in user (nil for a visitor); CSRF the form token
	// every form that changes something carries.
	Me   *cityspend.User
	CSRF string
	// Refresh reloads the page after so many seconds (0: never): a job's
	// page while the job runs.
	Refresh int
	id      *identity // whose roles Can, IsAdmin and CanDecide ask
}

// publicTabs are the tabs of a buyer's published dashboards.
var publicTabs = map[string]bool{"overview": true, "geography": true, "types": true, "sectors": true, "categories": true,
	"climate": true, "strategy": true, "lm3": true, "report": true}

// Can reports whether the page's user may open a tab of the page's buyer
// (the published ones are shown to whoever sees this page).
func (p page) Can(tab string) bool {
	if adminTabs[tab] {
		return p.IsAdmin()
	}
	return publicTabs[tab] || p.id.roleAt(p.Buyer.ID) != ""
}

// adminTabs are the tabs of a buyer's admins only: its people and audit log.
var adminTabs = map[string]bool{"people": true, "audit": true}

// IsAdmin reports whether the user administers the page's buyer.
func (p page) IsAdmin() bool {
	return p.Buyer != nil && cityspend.RoleAtLeast(p.id.roleAt(p.Buyer.ID), cityspend.RoleAdmin)
}

// CanDecide reports whether the user may change the buyer's data.
func (p page) CanDecide() bool {
	return p.Buyer != nil && cityspend.RoleAtLeast(p.id.roleAt(p.Buyer.ID), cityspend.RoleAnalyst)
}

// field is a query parameter.
type field struct{ Name, Value string }

// locale picks the language: ?lang= (on a page remembered in a cookie,
// and for a logged-in user following a link of this site as their language;
// on the API for that answer), the user's language, the cookie, else the
// browser's Accept-Language.
func (s *Server) locale(w http.ResponseWriter, r *http.Request) *i18n.Locale {
	id := me(r)
	lang := r.URL.Query().Get("lang")
	if lang == "nb" || lang == "en" {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			return i18n.New(lang) // an API client's choice for this answer, not the person's language
		}
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode})
		// The user's language is also that of their mail: another site's
		// link must not change it.
		if id != nil && id.User.ID != 0 && id.User.Lang != lang && fromThisSite(r) {
			if err := s.store.SetUserLang(r.Context(), id.User.ID, lang); err != nil {
				s.log.Warn("remember the user's language", "user", id.User.ID, "err", err)
			} else {
				id.User.Lang = lang
				s.results.peopleChanged() // the sessions kept hold the user as they were
			}
		}
		return i18n.New(lang)
	}
	if id != nil && id.User.Lang != "" {
		return i18n.New(id.User.Lang)
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "nb" || c.Value == "en") {
		return i18n.New(c.Value)
	}
	return i18n.New(i18n.Negotiate(r.Header.Get("Accept-Language")))
}

// fromThisSite reports whether a request comes from this site's own pages
// or from the person (typed, bookmarked): the browser's Sec-Fetch-Site says
// so, else a Referer of this host.
func fromThisSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	case "":
	default:
		return false
	}
	ref, err := url.Parse(r.Referer())
	return err == nil && ref.Host != "" && ref.Host == r.Host
}

func (s *Server) newPage(w http.ResponseWriter, r *http.Request, title, nav string) page {
	l := s.locale(w, r)
	p := page{Title: title, L: l, Lang: l.Lang, Nav: nav, URL: r.URL, CSRF: csrfToken(r)}
	if id := me(r); id != nil {
		p.Me, p.id = &id.User, id
	}
	p.OtherLang = "nb"
	if l.Lang == "nb" {
		p.OtherLang = "en"
	}
	q := r.URL.Query()
	q.Set("lang", p.OtherLang)
	p.OtherHref = r.URL.Path + "?" + q.Encode()
	return p
}

// Link returns a path with the page's year and filters, changed by pairs of
// key and value ("" removes a key).
func (p page) Link(path string, kv ...string) string {
	q := url.Values{}
	if p.Year != 0 {
		q.Set("year", strconv.Itoa(p.Year))
	}
	for k, v := range p.FilterValues() {
		q.Set(k, v)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			q.Del(kv[i])
		} else {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// DrillHref is the link to a page of the buyer's lines or suppliers (suffix
// "/lines", "/suppliers/ID") with the page's year and filters changed by kv,
// for a user who may open that page, else "": a visitor to published
// dashboards is never shown a link that asks them to log in.
func (p page) DrillHref(suffix string, kv ...string) string {
	tab, _, _ := strings.Cut(strings.TrimPrefix(suffix, "/"), "/")
	if p.Buyer == nil || !p.Can(tab) {
		return ""
	}
	return p.Link(p.BuyerPath(suffix), kv...)
}

// Drill is text linked as DrillHref links it, or the text alone.
func (p page) Drill(text, suffix string, kv ...string) template.HTML {
	t := template.HTMLEscapeString(text)
	if href := p.DrillHref(suffix, kv...); href != "" {
		return template.HTML(`<a href="` + template.HTMLEscapeString(href) + `">` + t + `</a>`)
	}
	return template.HTML(t)
}

// FilterValues are the set filters as query parameters.
func (p page) FilterValues() map[string]string {
	m := map[string]string{}
	for k, v := range map[string]string{"org_unit": p.F.OrgUnit, "account": p.F.AccountGroup, "type": p.F.Type, "place": p.F.Place, "section": p.F.Section,
		"category": p.F.Category} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

// BuyerPath is the buyer's base path plus a suffix.
func (p page) BuyerPath(suffix string) string {
	if p.Buyer == nil {
		return "/"
	}
	return "/buyers/" + url.PathEscape(p.Buyer.ID) + suffix
}

// spendFilter is the store filter of the page's year and filters, over the
// procurement (in-scope) lines the indicators count.
func (p page) spendFilter() cityspend.SpendFilter {
	return cityspend.SpendFilter{BuyerID: p.Buyer.ID, Period: p.Buyer.FiscalYear(p.Year), AccountPfx: p.F.AccountGroup,
		OrgUnit: p.F.OrgUnit, Place: p.F.Place, Type: p.F.Type, Section: p.F.Section, Category: p.F.Category, Scope: cityspend.ScopeIn}
}

// HasFilters reports whether any filter is set.
func (p page) HasFilters() bool { return p.F != (indicator.Filters{}) }

var (
	validPlaces = map[string]bool{"": true, "L0": true, "L1": true, "L2": true, "L3": true, "unknown": true}
	validTypes  = map[string]bool{"": true, "public": true, "social_enterprise": true, "micro": true, "small": true, "medium": true, "large": true, "unknown": true}
)

// filters reads the analysis filters from the URL, checking them.
func filters(r *http.Request) (indicator.Filters, error) {
	q := r.URL.Query()
	f := indicator.Filters{OrgUnit: q.Get("org_unit"), AccountGroup: q.Get("account"), Type: q.Get("type"), Place: q.Get("place"),
		Section: strings.ToUpper(q.Get("section")), Category: strings.TrimSpace(q.Get("category"))}
	if f.Section == "UNKNOWN" {
		f.Section = cityspend.SectorUnknown
	}
	if !validPlaces[f.Place] {
		return f, cityspend.Errorf(cityspend.EINVALID, "place %q: use L0, L1, L2, L3 or unknown", f.Place)
	}
	if !validTypes[f.Type] {
		return f, cityspend.Errorf(cityspend.EINVALID, "business type %q is not one of public, social_enterprise, micro, small, medium, large, unknown", f.Type)
	}
	if len(f.Section) > 1 && f.Section != cityspend.SectorUnknown {
		return f, cityspend.Errorf(cityspend.EINVALID, "NACE section %q is one letter", f.Section)
	}
	if c := f.Category; c != "" && c != cityspend.CategoryUnclassified {
		if len(c) < 2 || len(c) > 8 || strings.Trim(c, "0123456789") != "" {
			return f, cityspend.Errorf(cityspend.EINVALID, "category %q: give the first 2 to 8 digits of a CPV code, or unclassified", c)
		}
	}
	return f, nil
}

// buyerPage reads the buyer, its years, the year and the filters of a
// dashboard request.
func (s *Server) buyerPage(w http.ResponseWriter, r *http.Request, title, nav string) (page, error) {
	p := s.newPage(w, r, title, nav)
	b, err := s.buyer(r, r.PathValue("id"))
	if err != nil {
		return p, err
	}
	p.Buyer = &b
	if p.Provisional, err = s.provisional(r, b.ID); err != nil {
		return p, err
	}
	if p.Years, err = s.yearLabels(r, b); err != nil {
		return p, err
	}
	if p.Year, err = yearParam(r, p.Years); err != nil {
		return p, err
	}
	if p.F, err = filters(r); err != nil {
		return p, err
	}
	return p, nil
}

// analysisOptions reads ?top= besides the page's filters.
func analysisOptions(r *http.Request, p page) (indicator.Options, error) {
	opt := indicator.Options{TopN: 300, Filters: p.F, Lang: p.Lang}
	if v := r.URL.Query().Get("top"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			return opt, cityspend.Errorf(cityspend.EINVALID, "top %q is not a number of suppliers from 1 to 100000", v)
		}
		opt.TopN = n
	}
	return opt, nil
}

// analysis runs the indicator engine for a dashboard page; the climate
// footprint only for the pages that show it, and then the climate page's
// (kept apart): the report computes nothing the overview and the climate
// page have computed, nor they what it has.
func (s *Server) analysis(r *http.Request, p page) (*indicator.Analysis, error) {
	opt, err := analysisOptions(r, p)
	if err != nil {
		return nil, err
	}
	opt.SkipCO2e = true
	a, err := s.analyse(r, p.Buyer.ID, p.Year, opt)
	if err != nil || p.Nav != "report" && p.Nav != "climate" {
		return a, err
	}
	fp, err := s.sharedFootprint(r, p)
	if err != nil {
		return nil, err
	}
	// A copy: the analysis kept is shared.
	own := *a
	own.CO2e = fp
	return &own, nil
}

// analyse runs the indicator engine, or returns the result an earlier
// request with the same buyer, year and options computed while the data
// stayed the same. The result is shared: callers only read it.
func (s *Server) analyse(r *http.Request, buyerID string, year int, opt indicator.Options) (*indicator.Analysis, error) {
	key := fmt.Sprintf("analysis|%s|%d|%d|%v|%+v|%s|%v|%v", buyerID, year, opt.TopN, opt.Calendar, opt.Filters, opt.Lang, opt.SkipCO2e, opt.Label != nil)
	v, err := s.results.get(key, func() (any, error) {
		// Not the request's context: a client going away must not spoil
		// the result for the others waiting on it.
		return indicator.Analyse(context.WithoutCancel(r.Context()), s.store, buyerID, year, opt)
	})
	if err != nil {
		return nil, err
	}
	return v.(*indicator.Analysis), nil
}

// yearParam reads ?year=, defaulting to the latest year with lines.
func yearParam(r *http.Request, years []indicator.YearTotal) (int, error) {
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > 2200 {
			return 0, cityspend.Errorf(cityspend.EINVALID, "year %q is not a year", v)
		}
		return y, nil
	}
	if len(years) == 0 {
		return 0, cityspend.Errorf(cityspend.ENOTFOUND, "this buyer has no ledger lines yet; import a ledger first")
	}
	return years[len(years)-1].Year, nil
}

// PeriodLabel names the page's year as the buyer counts it ("2024", "2024/25").
func (p page) PeriodLabel() string {
	if p.Buyer == nil {
		return ""
	}
	return p.Buyer.FiscalYear(p.Year).Label()
}
