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
// reads every registered unit.
type resolverCache struct {
	mu  sync.Mutex
	res *register.Resolver
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
	Title       string
	Buyer       cityspend.Buyer
	Year        int
	Years       []indicator.YearTotal
	Period      string
	Rows        []cityspend.SupplierRow
	Places      []placeShare
	Unknown     placeShare
	Q, Place    string
	Unresolved  bool
	Sort        string
	Total       cityspend.Amount
	Shown, More int
}

const suppliersPage = 200

func (s *Server) handleSuppliers(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	b, err := s.store.Buyer(ctx, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	years, err := indicator.Years(ctx, s.store, b.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	year, err := yearParam(r, years)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	v := suppliersView{Title: "Suppliers", Buyer: b, Year: year, Years: years, Period: b.FiscalYear(year).Label(),
		Q: strings.TrimSpace(q.Get("q")), Place: q.Get("place"), Unresolved: q.Get("unresolved") == "1", Sort: q.Get("sort")}
	switch v.Place {
	case "", cityspend.PlaceLocal, cityspend.PlaceRegion, cityspend.PlaceCountry, cityspend.PlaceAbroad, cityspend.PlaceUnknown:
	default:
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "place %q: use L0, L1, L2, L3 or unknown", v.Place))
		return
	}
	period := b.FiscalYear(year)
	places, err := s.store.SpendBy(ctx, cityspend.SpendFilter{BuyerID: b.ID, Period: period}, cityspend.ByPlace, 0)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, p := range places {
		v.Total += p.Spend
	}
	for _, band := range []string{cityspend.PlaceLocal, cityspend.PlaceRegion, cityspend.PlaceCountry, cityspend.PlaceAbroad, cityspend.PlaceUnknown} {
		ps := placeShare{Band: band}
		for _, p := range places {
			if p.Key == band {
				ps.Spend, ps.Share = p.Spend, cityspend.Share(p.Spend, v.Total)
			}
		}
		v.Places = append(v.Places, ps)
		if band == cityspend.PlaceUnknown {
			v.Unknown = ps
		}
	}
	rows, err := s.store.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: b.ID, Period: period, Unresolved: v.Unresolved,
		Place: v.Place, Search: v.Q, Sort: v.Sort, Limit: suppliersPage + 1})
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(rows) > suppliersPage {
		rows, v.More = rows[:suppliersPage], 1
	}
	v.Rows, v.Shown = rows, len(rows)
	s.render(w, r, "suppliers.html", v)
}

type supplierView struct {
	Title    string
	Buyer    cityspend.Buyer
	Supplier cityspend.SupplierRow
	Payees   []cityspend.PayeeRecord
	Org      *cityspend.Organisation
	History  []cityspend.HistoryEntry
	Saved    bool
	LinesURL string
}

func (s *Server) handleSupplier(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	b, err := s.store.Buyer(ctx, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	sid := r.PathValue("sid")
	rows, err := s.store.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: b.ID})
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := supplierView{Title: "Supplier", Buyer: b, Saved: r.URL.Query().Get("saved") == "1"}
	found := false
	for _, row := range rows {
		if row.SupplierID == sid {
			v.Supplier, found = row, true
		}
	}
	if !found {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no supplier %s", b.ID, sid))
		return
	}
	v.Title = v.Supplier.Name
	payees, err := s.store.Payees(ctx, b.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, p := range payees {
		if p.Resolution.SupplierID == sid {
			v.Payees = append(v.Payees, p)
		}
	}
	if v.Supplier.Org != nil {
		if o, err := s.store.Organisation(ctx, *v.Supplier.Org); err == nil {
			v.Org = &o
			if v.History, err = s.store.OrganisationHistory(ctx, o.ID); err != nil {
				s.error(w, r, err)
				return
			}
		}
	}
	v.LinesURL = fmt.Sprintf("/buyers/%s/lines?supplier=%s", url.PathEscape(b.ID), url.QueryEscape(sid))
	s.render(w, r, "supplier.html", v)
}

// handleOverride records a person's decision about a payee and resolves
// the buyer's payees again.
func (s *Server) handleOverride(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := sameOrigin(r); err != nil {
		s.error(w, r, err)
		return
	}
	b, err := s.store.Buyer(ctx, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	pid, err := strconv.Atoi(r.PathValue("pid"))
	if err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "payee %q is not a number", r.PathValue("pid")))
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "the form could not be read"))
		return
	}
	why, who := strings.TrimSpace(r.PostFormValue("why")), strings.TrimSpace(r.PostFormValue("who"))
	if why == "" || who == "" {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "say who decides and why: both are kept in the audit trail"))
		return
	}
	payees, err := s.store.Payees(ctx, b.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var p *cityspend.PayeeRecord
	for i := range payees {
		if int(payees[i].ID) == pid {
			p = &payees[i]
		}
	}
	if p == nil {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no payee %d", b.ID, pid))
		return
	}
	o := cityspend.Override{BuyerID: b.ID, Payee: p.Payee, Who: who, Why: why}
	if n := strings.TrimSpace(r.PostFormValue("org_number")); n != "" {
		id, ok := cityspend.NormalizeOrgNumber(n, b.Country)
		if !ok {
			s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "%q is not an organisation number", n))
			return
		}
		o.SupplierID = "org:" + id.String()
	}
	if err := s.store.PutOverride(ctx, o); err != nil {
		s.error(w, r, err)
		return
	}
	res, err := s.resolver(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if _, err := res.ResolveBuyer(ctx, b.ID); err != nil {
		s.error(w, r, err)
		return
	}
	target := o.SupplierID
	if target == "" {
		target = p.SupplierKey
	}
	http.Redirect(w, r, fmt.Sprintf("/buyers/%s/suppliers/%s?saved=1", url.PathEscape(b.ID), url.PathEscape(target)), http.StatusSeeOther)
}

// sameOrigin refuses a state-changing request that comes from another site
// (until sessions with CSRF tokens arrive, the UI is meant for localhost).
func sameOrigin(r *http.Request) error {
	origin := r.Header.Get("Origin")
	if origin == "" {
		origin = r.Header.Get("Referer")
	}
	if origin == "" {
		return cityspend.Errorf(cityspend.EFORBIDDEN, "the request does not say where it comes from")
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host != r.Host {
		return cityspend.Errorf(cityspend.EFORBIDDEN, "the request comes from another site")
	}
	return nil
}
