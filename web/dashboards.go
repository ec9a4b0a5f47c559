// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/refdata"
	"github.com/cityspend/cityspend/strategy"
)

// dashView is the view of every dashboard page: the page and the analysis.
type dashView struct {
	page
	// Publishes: the buyer's dashboards are public (shown to its admins,
	// who may change it on the overview).
	Publishes bool
	A         *indicator.Analysis
	Prev      *indicator.TrendYear // last year's trend row, for deltas
	Cur       *indicator.TrendYear
	Now       time.Time // when the page was made (the report says so)
	// Retained says how much more (or less) stayed in the municipality
	// than at the first year's local share; "" in the first year.
	Retained string
	// The report's climate and strategy sections.
	FP       *climate.Footprint
	Targets  []targetRow
	Criteria *strategy.Criteria
	// OwnRules are the buyer's own scope rules, for those who may change
	// them (CanDecide) on the overview.
	OwnRules []cityspend.ScopeRule
	// Charts, drawn from the analysis.
	YearBars, BandBars, TypeBars, SectorBars, SupplierBars, GroupBars, MuniBars []bar
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, nav, page string) {
	v, err := s.dashView(w, r, nav)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, page, v)
}

// dashView runs the analysis of a dashboard request and draws its charts.
func (s *Server) dashView(w http.ResponseWriter, r *http.Request, nav string) (dashView, error) {
	p, err := s.buyerPage(w, r, "", nav)
	if err != nil {
		return dashView{}, err
	}
	if nav == "report" {
		s.prefetchReport(r, p)
	}
	a, err := s.analysis(r, p)
	if err != nil {
		return dashView{}, err
	}
	p.Title = p.Buyer.Name + " · " + p.L.T("nav."+nav)
	v := dashView{page: p, A: a, Now: time.Now(), FP: a.CO2e}
	if p.IsAdmin() {
		if v.Publishes, err = s.publishes(r.Context(), p.Buyer.ID); err != nil {
			return dashView{}, err
		}
	}
	if nav == "overview" && p.CanDecide() {
		if v.OwnRules, err = s.store.ScopeRules(r.Context(), p.Buyer.ID); err != nil {
			return dashView{}, err
		}
	}
	if nav == "report" {
		sv, err := s.strategyView(r, p)
		if err != nil {
			return dashView{}, err
		}
		v.Targets, v.Criteria = sv.Targets, sv.Criteria
	}
	for i := range a.Trend {
		if a.Trend[i].Year == p.Year {
			v.Cur = &a.Trend[i]
			if i > 0 {
				v.Prev = &a.Trend[i-1]
			}
		}
	}
	l, cur := p.L, a.Currency
	if v.Cur != nil && v.Prev != nil {
		base := a.Trend[0].Label
		if x := v.Cur.ExtraRetainedLocally; x >= 0 {
			v.Retained = l.T("fig.retained", l.Money(x, cur), base)
		} else {
			v.Retained = l.T("fig.lost", l.Money(-x, cur), base)
		}
	}
	for _, t := range a.Trend {
		v.YearBars = append(v.YearBars, bar{Label: t.Label, Value: t.TotalSpend, Text: l.Short(t.TotalSpend, cur),
			Href: p.Link(p.BuyerPath(""), "year", strconv.Itoa(t.Year))})
	}
	for _, band := range indicator.Bands {
		b := a.Bands[band]
		v.BandBars = append(v.BandBars, bar{Label: l.T("band." + band), Value: b.Spend, Text: l.Short(b.Spend, cur) + " · " + l.Pct(b.Share),
			Href: p.DrillHref("/suppliers", "place", band)})
	}
	for _, t := range cityspend.BusinessTypes {
		b := a.BusinessTypes[t]
		v.TypeBars = append(v.TypeBars, bar{Label: l.T("type." + t), Value: b.Spend, Text: l.Short(b.Spend, cur) + " · " + l.Pct(b.Share),
			Href: p.DrillHref("/suppliers", "type", t)})
	}
	for i, sec := range a.Sectors {
		if i == 12 {
			break
		}
		v.SectorBars = append(v.SectorBars, bar{Label: sectionLabel(sec.Section, sec.Name), Value: sec.Spend,
			Text: l.Short(sec.Spend, cur) + " · " + l.T("local") + " " + l.Known(sec.LocalShare, sec.PlaceCoverage), Href: p.DrillHref("/suppliers", "section", sec.Section)})
	}
	for i, t := range a.TopSuppliers {
		if i == 10 {
			break
		}
		v.SupplierBars = append(v.SupplierBars, bar{Label: t.Name, Value: t.Spend, Text: l.Short(t.Spend, cur),
			Href: p.DrillHref("/suppliers/" + url.PathEscape(t.SupplierID))})
	}
	for _, g := range a.ByAccountGroup {
		label := g.Key
		if g.Label != "" {
			label += " " + accountGroupLabel(l, p.Buyer, g.Key, g.Label)
		}
		v.GroupBars = append(v.GroupBars, bar{Label: label, Value: g.Spend, Text: l.Short(g.Spend, cur),
			Href: p.DrillHref("/lines", "account", g.Key)})
	}
	for i, m := range a.Municipalities {
		if i == 15 {
			break
		}
		label := m.Name
		if m.Code != "" && m.Code != m.Name {
			label = m.Code + " " + m.Name
		}
		v.MuniBars = append(v.MuniBars, bar{Label: label, Value: m.Spend, Text: l.Short(m.Spend, cur) + " · " + placeCode(l, m.Band)})
	}
	return v, nil
}

// placeCode is a place band as the tables write it: its code (L0 … L3,
// explained in the glossary), an unknown place in words.
func placeCode(l *i18n.Locale, band string) string {
	if band == "" || band == cityspend.PlaceUnknown {
		return l.T("band.unknown")
	}
	return band
}

// dash is the handler of a dashboard page.
func (s *Server) dash(nav, page string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.dashboard(w, r, nav, page) }
}

// accountGroupLabel is an account group's name in the page's language (the
// analysis names it in the buyer's).
func accountGroupLabel(l *i18n.Locale, b *cityspend.Buyer, key, label string) string {
	if b != nil {
		if in := refdata.AccountGroupLabelIn(b.Country, key, l.Lang); in != "" {
			return in
		}
	}
	return label
}

// sectionLabel is an industry section's code and name; the section of
// suppliers with no known industry is named only (its code is a word).
func sectionLabel(section, name string) string {
	if section == cityspend.SectorUnknown {
		return name
	}
	return section + " " + name
}
