package web

import (
	"net/http"
	"strconv"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/indicator"
)

func (s *Server) apiBuyers(w http.ResponseWriter, r *http.Request) {
	bs, err := s.store.Buyers(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	if bs == nil {
		bs = []cityspend.Buyer{}
	}
	s.json(w, http.StatusOK, bs)
}

func (s *Server) apiYears(w http.ResponseWriter, r *http.Request) {
	ys, err := indicator.Years(r.Context(), s.store, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if ys == nil {
		ys = []indicator.YearTotal{}
	}
	s.json(w, http.StatusOK, ys)
}

// apiAnalysis returns the same object as `cityspend analyse --json`.
func (s *Server) apiAnalysis(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	years, err := indicator.Years(ctx, s.store, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	year, err := yearParam(r, years)
	if err != nil {
		s.error(w, r, err)
		return
	}
	a, err := indicator.Analyse(ctx, s.store, id, year, indicator.Options{})
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, a)
}

func (s *Server) apiLines(w http.ResponseWriter, r *http.Request) {
	_, f, _, page, err := s.linesQuery(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lines, err := s.store.Payments(r.Context(), f, (page-1)*pageSize, pageSize)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if lines == nil {
		lines = []cityspend.Payment{}
	}
	s.json(w, http.StatusOK, map[string]any{"page": page, "page_size": pageSize, "lines": lines})
}

func (s *Server) apiSuppliers(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	b, err := s.store.Buyer(ctx, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := cityspend.SupplierFilter{BuyerID: b.ID, Unresolved: r.URL.Query().Get("unresolved") == "1", Search: r.URL.Query().Get("q"),
		Place: r.URL.Query().Get("place")}
	if y := r.URL.Query().Get("year"); y != "" {
		year, err := strconv.Atoi(y)
		if err != nil {
			s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "year %q is not a year", y))
			return
		}
		f.Period = b.FiscalYear(year)
	}
	rows, err := s.store.Suppliers(ctx, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if rows == nil {
		rows = []cityspend.SupplierRow{}
	}
	s.json(w, http.StatusOK, rows)
}
