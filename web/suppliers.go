// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/register"
)

// resolverCache holds the register index between requests: building it
// reads every registered unit. It is built again after a command changed
// the installation (drop): a register or the municipality codes imported
// through the server.
type resolverCache struct {
	mu  sync.Mutex
	res *register.Resolver
}

// drop forgets the index: the next request builds it again.
func (c *resolverCache) drop() {
	c.mu.Lock()
	c.res = nil
	c.mu.Unlock()
}

func (s *Server) resolver(ctx context.Context) (*register.Resolver, error) {
	s.resolvers.mu.Lock()
	defer s.resolvers.mu.Unlock()
	if s.resolvers.res == nil {
		r, err := register.NewResolver(ctx, s.store)
		if err != nil {
			return nil, err
		}
		s.resolvers.res = r
	}
	return s.resolvers.res, nil
}

type placeShare struct {
	Band  string
	Spend cityspend.Amount
	Share float64
}

type suppliersView struct {
	page
	Rows        []supplierLine
	Places      []placeShare
	Unknown     placeShare
	Total       cityspend.Amount
	Q, Sort     string
	Unresolved  bool
	Shown, More int
	CSV, XLSX   string
	// The pages of a long list.
	PageNo             int
	PrevHref, NextHref string
}

const suppliersPage = 200

// supplierLine is a row of the suppliers table, formatted: the template
// only places strings (a table of 200 rows is the most requested page).
type supplierLine struct {
	URL, Name, OrgNumber, Match string
	Unresolved                  bool
	Place, PlaceReason, Type    string
	TypeReason, Sector          string
	Spend, LinesURL, Lines      string
}

func supplierLines(p page, rows []cityspend.SupplierRow) []supplierLine {
	out := make([]supplierLine, len(rows))
	lines := p.BuyerPath("/lines")
	for i, r := range rows {
		l := supplierLine{URL: p.Link(p.BuyerPath("/suppliers/" + url.QueryEscape(r.SupplierID))), Name: r.Name, Unresolved: r.Method == "",
			Place: r.Place, PlaceReason: reasonText(p.L, r.PlaceReason), Type: p.L.T("type." + r.BusinessType()), TypeReason: reasonText(p.L, r.TypeReason),
			Sector: r.NACESection + " " + r.NACE, Spend: p.L.Money(r.Spend, p.Buyer.Currency), LinesURL: p.Link(lines, "supplier", r.SupplierID),
			Lines: p.L.Int(r.Lines)}
		if r.Org != nil {
			l.OrgNumber = r.Org.ID
		}
		if r.Place == cityspend.PlaceUnknown { // the bands are codes (L0–L3), explained in the glossary
			l.Place = p.L.T("band.unknown")
		}
		if l.Unresolved {
			l.Match = p.L.T("match.unresolved")
		} else {
			l.Match = p.L.T("match." + r.Method)
		}
		out[i] = l
	}
	return out
}

// supplierFilter is the suppliers list's query: the page's year and
// filters, over procurement lines, plus search, sort and unresolved.
func supplierFilter(p page, r *http.Request) cityspend.SupplierFilter {
	q := r.URL.Query()
	return cityspend.SupplierFilter{BuyerID: p.Buyer.ID, Period: p.Buyer.FiscalYear(p.Year), Unresolved: q.Get("unresolved") == "1",
		Place: p.F.Place, Type: p.F.Type, Section: p.F.Section, OrgUnit: p.F.OrgUnit, AccountPfx: p.F.AccountGroup, Category: p.F.Category,
		Scope: cityspend.ScopeIn, Search: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort")}
}

func (s *Server) handleSuppliers(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "suppliers")
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Title = p.Buyer.Name + " · " + p.L.T("nav.suppliers")
	sf := supplierFilter(p, r)
	p.Extra = []field{{"q", sf.Search}, {"sort", sf.Sort}}
	if sf.Unresolved {
		p.Extra = append(p.Extra, field{"unresolved", "1"})
	}
	v := suppliersView{page: p, Q: sf.Search, Unresolved: sf.Unresolved, Sort: sf.Sort}
	// The place shares are of the other filters' spend, so that every band
	// can be picked from here.
	f := p.spendFilter()
	f.Place = ""
	places, err := s.spendBy(r, f, cityspend.ByPlace)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, g := range places {
		v.Total += g.Spend
	}
	for _, band := range indicator.Bands {
		ps := placeShare{Band: band}
		for _, g := range places {
			if g.Key == band {
				ps.Spend, ps.Share = g.Spend, cityspend.Share(g.Spend, v.Total)
			}
		}
		v.Places = append(v.Places, ps)
		if band == cityspend.PlaceUnknown {
			v.Unknown = ps
		}
	}
	v.PageNo = 1
	if n := r.URL.Query().Get("page"); n != "" {
		if v.PageNo, err = strconv.Atoi(n); err != nil || v.PageNo < 1 || v.PageNo > 1_000_000 {
			s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "page %q is not a page number", n))
			return
		}
	}
	sf.Offset, sf.Limit = (v.PageNo-1)*suppliersPage, suppliersPage+1
	rows, err := s.suppliers(r, sf)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(rows) > suppliersPage {
		rows, v.More = rows[:suppliersPage], 1
	}
	v.Rows, v.Shown = supplierLines(p, rows), len(rows)
	extra := []string{"q", sf.Search, "sort", sf.Sort}
	if sf.Unresolved {
		extra = append(extra, "unresolved", "1")
	}
	pageLink := func(n int) string {
		return p.Link(p.BuyerPath("/suppliers"), append(append([]string(nil), extra...), "page", strconv.Itoa(n))...)
	}
	if v.PageNo > 1 {
		v.PrevHref = pageLink(v.PageNo - 1)
	}
	if v.More > 0 {
		v.NextHref = pageLink(v.PageNo + 1)
	}
	v.CSV = p.Link(p.BuyerPath("/export/suppliers.csv"), extra...)
	v.XLSX = p.Link(p.BuyerPath("/export/suppliers.xlsx"), extra...)
	s.render(w, r, "suppliers.html", v)
}

type supplierView struct {
	page
	Supplier cityspend.SupplierRow
	Payees   []cityspend.PayeeRecord
	Org      *cityspend.Organisation
	History  []cityspend.HistoryEntry
	Saved    bool
	LinesURL string
}

func (s *Server) handleSupplier(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "suppliers")
	if err != nil {
		s.error(w, r, err)
		return
	}
	sid := r.PathValue("sid")
	rec, err := s.supplierRecord(r, p.Buyer.ID, sid)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := supplierView{page: p, Supplier: rec.Supplier, Payees: rec.Payees, Org: rec.Org, History: rec.History, Saved: r.URL.Query().Get("saved") == "1"}
	v.Title = v.Supplier.Name
	v.LinesURL = p.Link(p.BuyerPath("/lines"), "supplier", sid)
	s.render(w, r, "supplier.html", v)
}

// handleOverride records a person's decision about a payee and resolves
// the buyer's payees again.
func (s *Server) handleOverride(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	buyerID := r.PathValue("id")
	pid, err := strconv.Atoi(r.PathValue("pid"))
	if err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "payee %q is not a number", r.PathValue("pid")))
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "the form could not be read"))
		return
	}
	res, err := s.resolver(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	target, err := res.Override(ctx, buyerID, int64(pid), r.PostFormValue("org_number"), who(r), r.PostFormValue("why"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	// What the payee now is (the tax authority, another council) may
	// change whether its lines are procurement.
	if err := indicator.RefreshScope(ctx, s.store, buyerID); err != nil {
		s.error(w, r, err)
		return
	}
	if to, ok := reviewReturn(buyerID, r.PostFormValue("back")); ok { // decided on a page of the review: back to it
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/buyers/%s/suppliers/%s?saved=1", url.PathEscape(buyerID), url.PathEscape(target)), http.StatusSeeOther)
}

// handleScope adds a rule of the buyer's own to its procurement scope, or
// removes one, and decides its lines again (indicator.AddScopeRule).
func (s *Server) handleScope(w http.ResponseWriter, r *http.Request) {
	buyerID := r.PathValue("id")
	if err := r.ParseForm(); err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "the form could not be read"))
		return
	}
	var err error
	switch op := r.PostFormValue("op"); op {
	case "add":
		err = indicator.AddScopeRule(r.Context(), s.store, buyerID, cityspend.ScopeRule{Action: r.PostFormValue("action"),
			Pattern: r.PostFormValue("pattern"), Reason: r.PostFormValue("reason")})
	case "remove":
		err = indicator.RemoveScopeRule(r.Context(), s.store, buyerID, r.PostFormValue("pattern"))
	default:
		err = cityspend.Errorf(cityspend.EINVALID, "op %q: use add or remove", op)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/buyers/%s?saved=scope#scope", url.PathEscape(buyerID)), http.StatusSeeOther)
}
