// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"net/http"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/indicator"
)

type homeBuyer struct {
	cityspend.Buyer
	Latest string
	Spend  cityspend.Amount
	Lines  int64
}

type homeView struct {
	page
	Buyers []homeBuyer
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	buyers, err := s.visibleBuyers(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := homeView{page: s.newPage(w, r, "", "")}
	v.Title = v.L.T("home.title")
	for _, b := range buyers {
		hb := homeBuyer{Buyer: b}
		years, err := indicator.Years(r.Context(), s.store, b.ID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if n := len(years); n > 0 {
			y := years[n-1]
			hb.Latest, hb.Spend, hb.Lines = y.Label, y.Spend, y.Lines
		}
		v.Buyers = append(v.Buyers, hb)
	}
	s.render(w, r, "home.html", v)
}
