package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/indicator"
)

// yearParam reads ?year=, defaulting to the latest year with data.
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

type buyerView struct {
	Title                             string
	A                                 *indicator.Analysis
	Years                             []indicator.YearTotal
	YearBars, GroupBars, SupplierBars []bar
	LinesHref                         string
}

func (s *Server) handleBuyer(w http.ResponseWriter, r *http.Request) {
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
	v := buyerView{Title: a.BuyerName, A: a, Years: years,
		LinesHref: fmt.Sprintf("/buyers/%s/lines?year=%d", url.PathEscape(id), year)}
	for _, y := range years {
		v.YearBars = append(v.YearBars, bar{Label: y.Label, Value: y.Spend, Text: shortMoney(y.Spend, a.Currency),
			Href: fmt.Sprintf("/buyers/%s?year=%d", url.PathEscape(id), y.Year)})
	}
	for _, g := range a.ByAccountGroup {
		label := g.Key
		if g.Label != "" {
			label += " " + g.Label
		}
		v.GroupBars = append(v.GroupBars, bar{Label: label, Value: g.Spend, Text: formatMoney(g.Spend, a.Currency),
			Href: v.LinesHref + "&account=" + url.QueryEscape(g.Key)})
	}
	for i, g := range a.TopSuppliers {
		if i == 10 {
			break
		}
		v.SupplierBars = append(v.SupplierBars, bar{Label: g.Name, Value: g.Spend, Text: formatMoney(g.Spend, a.Currency),
			Href: v.LinesHref + "&supplier=" + url.QueryEscape(g.SupplierID)})
	}
	s.render(w, r, "buyer.html", v)
}
