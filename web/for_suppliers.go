// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"net/http"

	"github.com/cityspend/cityspend/broker"
)

// forSuppliersView is the suppliers' way in: what the buyers here offer
// the market, and how to take part.
type forSuppliersView struct {
	page
	Offers []broker.MarketOffer
}

func (s *Server) handleForSuppliers(w http.ResponseWriter, r *http.Request) {
	v := forSuppliersView{page: s.newPage(w, r, "", "")}
	v.Title = v.L.T("fs.title")
	var err error
	if v.Offers, err = s.broker.Offers(r.Context()); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, "for_suppliers.html", v)
}
