// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/cityspend/cityspend"
)

const pageSize = 100

// linesQuery reads the drill-down from the URL: the dashboard's year and
// filters, plus supplier, scope ("" procurement lines, "out" the excluded
// lines, "all" both) and page. Every filter lives in the URL.
func (s *Server) linesQuery(w http.ResponseWriter, r *http.Request) (page, cityspend.SpendFilter, int, error) {
	p, err := s.buyerPage(w, r, "", "lines")
	if err != nil {
		return p, cityspend.SpendFilter{}, 0, err
	}
	q := r.URL.Query()
	n := 1
	if v := q.Get("page"); v != "" {
		n, err = strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, cityspend.SpendFilter{}, 0, cityspend.Errorf(cityspend.EINVALID, "page %q is not a page number", v)
		}
	}
	f := p.spendFilter()
	f.SupplierKey = q.Get("supplier")
	switch q.Get("scope") {
	case "":
	case "out":
		f.Scope = cityspend.ScopeOut
	case "all":
		f.Scope = cityspend.ScopeAll
	default:
		return p, f, 0, cityspend.Errorf(cityspend.EINVALID, "scope %q: use out (excluded lines) or all", q.Get("scope"))
	}
	p.Extra = []field{{"supplier", f.SupplierKey}, {"scope", q.Get("scope")}}
	return p, f, n, nil
}

type linesView struct {
	page
	SupplierLabel      string
	Scope              string
	Total              cityspend.SpendTotal
	Lines              []cityspend.Payment
	PageNo, Pages      int
	PrevHref, NextHref string
	CSV, XLSX          string
}

// linesPage is page n of a filter's lines and their total, each kept
// between requests while the data stays the same: the total once for
// every page of the filter. Cold, the two are read at once (the total
// from the cube, the page from the lines).
func (s *Server) linesPage(r *http.Request, f cityspend.SpendFilter, n int) (cityspend.SpendTotal, []cityspend.Payment, error) {
	ctx := context.WithoutCancel(r.Context())
	var total any
	var terr error
	var wg sync.WaitGroup
	wg.Go(func() {
		total, terr = s.results.get(fmt.Sprintf("linestotal|%+v", f), func() (any, error) {
			return s.store.SpendTotal(ctx, f)
		})
	})
	lines, err := s.results.get(fmt.Sprintf("lines|%+v|%d", f, n), func() (any, error) {
		return s.store.Payments(ctx, f, (n-1)*pageSize, pageSize)
	})
	wg.Wait()
	if err = cmp.Or(terr, err); err != nil {
		return cityspend.SpendTotal{}, nil, err
	}
	return total.(cityspend.SpendTotal), lines.([]cityspend.Payment), nil
}

func (s *Server) handleLines(w http.ResponseWriter, r *http.Request) {
	p, f, n, err := s.linesQuery(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	total, lines, err := s.linesPage(r, f, n)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Title = p.Buyer.Name + " · " + p.L.T("nav.lines")
	v := linesView{page: p, Scope: r.URL.Query().Get("scope"), Total: total, Lines: lines, PageNo: n,
		Pages: int((total.Lines + pageSize - 1) / pageSize)}
	if f.SupplierKey != "" {
		v.SupplierLabel = f.SupplierKey
		if len(lines) > 0 && lines[0].Supplier.Name != "" {
			v.SupplierLabel = lines[0].Supplier.Name
		}
	}
	pageHref := func(n int) string {
		return p.Link(p.BuyerPath("/lines"), "supplier", f.SupplierKey, "scope", v.Scope, "page", strconv.Itoa(n))
	}
	if n > 1 {
		v.PrevHref = pageHref(n - 1)
	}
	if int64(n*pageSize) < total.Lines {
		v.NextHref = pageHref(n + 1)
	}
	v.CSV = p.Link(p.BuyerPath("/export/lines.csv"), "supplier", f.SupplierKey, "scope", v.Scope)
	v.XLSX = p.Link(p.BuyerPath("/export/lines.xlsx"), "supplier", f.SupplierKey, "scope", v.Scope)
	s.render(w, r, "lines.html", v)
}
