package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/indicator"
)

const pageSize = 100

// linesQuery reads the drill-down filter from the URL: year, supplier,
// account prefix and page. Every filter lives in the URL.
func (s *Server) linesQuery(r *http.Request) (cityspend.Buyer, cityspend.SpendFilter, int, int, error) {
	ctx := r.Context()
	b, err := s.store.Buyer(ctx, r.PathValue("id"))
	if err != nil {
		return b, cityspend.SpendFilter{}, 0, 0, err
	}
	years, err := indicator.Years(ctx, s.store, b.ID)
	if err != nil {
		return b, cityspend.SpendFilter{}, 0, 0, err
	}
	year, err := yearParam(r, years)
	if err != nil {
		return b, cityspend.SpendFilter{}, 0, 0, err
	}
	q := r.URL.Query()
	page := 1
	if v := q.Get("page"); v != "" {
		page, err = strconv.Atoi(v)
		if err != nil || page < 1 {
			return b, cityspend.SpendFilter{}, 0, 0, cityspend.Errorf(cityspend.EINVALID, "page %q is not a page number", v)
		}
	}
	f := cityspend.SpendFilter{BuyerID: b.ID, Period: b.FiscalYear(year), SupplierKey: q.Get("supplier"), AccountPfx: q.Get("account")}
	return b, f, year, page, nil
}

func (s *Server) handleLines(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	b, f, year, page, err := s.linesQuery(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	total, err := s.store.SpendTotal(ctx, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lines, err := s.store.Payments(ctx, f, (page-1)*pageSize, pageSize)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := struct {
		Title, PeriodLabel, Supplier, SupplierLabel, Account, PrevHref, NextHref string
		Buyer                                                                    cityspend.Buyer
		Year                                                                     int
		Total                                                                    cityspend.SpendTotal
		Lines                                                                    []cityspend.Payment
	}{Title: "Ledger lines", PeriodLabel: f.Period.Label(), Supplier: f.SupplierKey, Account: f.AccountPfx, Buyer: b, Year: year, Total: total, Lines: lines}
	if f.SupplierKey != "" {
		v.SupplierLabel = f.SupplierKey
		if len(lines) > 0 && lines[0].Supplier.Name != "" {
			v.SupplierLabel = lines[0].Supplier.Name
		}
	}
	pageHref := func(p int) string {
		q := url.Values{"year": {strconv.Itoa(year)}, "page": {strconv.Itoa(p)}}
		if f.SupplierKey != "" {
			q.Set("supplier", f.SupplierKey)
		}
		if f.AccountPfx != "" {
			q.Set("account", f.AccountPfx)
		}
		return fmt.Sprintf("/buyers/%s/lines?%s", url.PathEscape(b.ID), q.Encode())
	}
	if page > 1 {
		v.PrevHref = pageHref(page - 1)
	}
	if int64(page*pageSize) < total.Lines {
		v.NextHref = pageHref(page + 1)
	}
	s.render(w, r, "lines.html", v)
}
