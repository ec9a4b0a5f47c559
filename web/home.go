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

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	buyers, err := s.store.Buyers(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	view := struct {
		Title  string
		Buyers []homeBuyer
	}{Title: "Buyers"}
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
		view.Buyers = append(view.Buyers, hb)
	}
	s.render(w, r, "home.html", view)
}
