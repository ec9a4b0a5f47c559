// SPDX-License-Identifier: EUPL-1.2

package web

import (
	_ "embed"
	"net/http"
	"strconv"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/indicator"
)

func (s *Server) apiBuyers(w http.ResponseWriter, r *http.Request) {
	bs, err := s.visibleBuyers(r)
	if err != nil {
		s.error(w, r, err)
		return
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

// apiAnalysisOf runs the indicator engine for an API request: the page's
// year and filters, ?top=, ?calendar=1 and ?lang= (sector names; English
// unless asked), exactly as `cityspend analyse --json` does.
func (s *Server) apiAnalysisOf(r *http.Request, p page) (*indicator.Analysis, error) {
	opt, err := analysisOptions(r, p)
	if err != nil {
		return nil, err
	}
	opt.Lang = "en"
	if r.URL.Query().Get("lang") == "nb" {
		opt.Lang = "nb"
	}
	switch v := r.URL.Query().Get("calendar"); v {
	case "", "0", "false":
	case "1", "true":
		opt.Calendar = true
	default:
		return nil, cityspend.Errorf(cityspend.EINVALID, "calendar %q: use 1 or 0", v)
	}
	return s.analyse(r, p.Buyer.ID, p.Year, opt)
}

// apiAnalysis returns the same object as `cityspend analyse --json`.
func (s *Server) apiAnalysis(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.jsonResult(w, r, func() (any, error) { return s.apiAnalysisOf(r, p) })
}

// apiLM3 returns the local multiplier of a year, or 404 when no survey is loaded.
func (s *Server) apiLM3(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	a, err := s.apiAnalysisOf(r, p)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if a.LM3 == nil {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "no supplier survey is loaded for %s %s; load one with cityspend import survey", a.Buyer, a.Period.Label))
		return
	}
	s.json(w, http.StatusOK, a.LM3)
}

// linesPage is the API's page of ledger lines.
type linesPage struct {
	Page       int                 `json:"page"`
	PageSize   int                 `json:"page_size"`
	TotalLines int64               `json:"total_lines"`
	TotalSpend cityspend.Amount    `json:"total_spend"`
	Lines      []cityspend.Payment `json:"lines"`
}

func (s *Server) apiLines(w http.ResponseWriter, r *http.Request) {
	_, f, n, err := s.linesQuery(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	total, lines, err := s.linesPage(r, f, n)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if lines == nil {
		lines = []cityspend.Payment{}
	}
	s.json(w, http.StatusOK, linesPage{Page: n, PageSize: pageSize, TotalLines: total.Lines, TotalSpend: total.Spend, Lines: lines})
}

// apiSuppliers lists suppliers with their procurement spend in the year,
// with the dashboards' filters, ?q=, ?sort=, ?unresolved=1, ?offset= and ?limit=.
func (s *Server) apiSuppliers(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := supplierFilter(p, r)
	q := r.URL.Query()
	for _, kv := range []struct {
		name string
		dst  *int
		max  int
	}{{"offset", &f.Offset, 1 << 30}, {"limit", &f.Limit, 100000}} {
		if v := q.Get(kv.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > kv.max {
				s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "%s %q is not a number from 0 to %d", kv.name, v, kv.max))
				return
			}
			*kv.dst = n
		}
	}
	if f.Limit == 0 {
		f.Limit = 1000
	}
	s.jsonResult(w, r, func() (any, error) {
		rows, err := s.suppliers(r, f)
		if rows == nil && err == nil {
			rows = []cityspend.SupplierRow{}
		}
		return rows, err
	})
}

//go:embed openapi.json
var openAPI []byte

// apiOpenAPI serves the OpenAPI 3 description of the API.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}
