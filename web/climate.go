// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"regexp"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/indicator"
)

// The climate engine's reasons for spend it could not count: no factor,
// or a factor whose currency or price year cannot be reached
// (climate/convert.go).
var (
	missingIndex = regexp.MustCompile(`^no price index for (\S+) (\d{4})$`)
	missingRate  = regexp.MustCompile(`^no exchange rate (\S+)→(\S+) for (\d{4})$`)
)

// missingReason is why the footprint counted no factor for some spend, in
// the page's language (the API gives the engine's English reason).
func missingReason(l *i18n.Locale, r string) string {
	if r == climate.NoFactor {
		return l.T("clim.miss.nofactor")
	}
	if m := missingIndex.FindStringSubmatch(r); m != nil {
		return l.T("clim.miss.noindex", m[1], m[2])
	}
	if m := missingRate.FindStringSubmatch(r); m != nil {
		return l.T("clim.miss.norate", m[1], m[2], m[3])
	}
	return r
}

// tBar is a chart bar of t CO2e: the bar's length is the kilograms.
func tBar(label string, t float64, text, href string) bar {
	return bar{Label: label, Value: cityspend.Amount(math.Round(t * 1000)), Text: text, Href: href}
}

type climateView struct {
	page
	FP         *climate.Footprint
	Categories template.HTML
	Units      template.HTML
	// The what-if form.
	WhatIf, Supplier string
	// Sources is nil: each category row names its factor's source (the
	// printed report cites them by number instead, co2e-categories).
	Sources *factorSources
}

// footprintOptions are the options of a page's footprint: the analysis's,
// with the category names of the page's language.
func (s *Server) footprintOptions(r *http.Request, p page) (indicator.Options, error) {
	opt, err := analysisOptions(r, p)
	if err != nil {
		return opt, err
	}
	label, err := s.labeler(r.Context())
	if err != nil {
		return opt, err
	}
	opt.Label = climate.Labeler(label)
	return opt, nil
}

// sharedFootprint is the footprint of a page's year and filters, kept
// between requests while the data stays the same (the climate page's and
// the report's): callers only read it.
func (s *Server) sharedFootprint(r *http.Request, p page) (*climate.Footprint, error) {
	opt, err := s.footprintOptions(r, p)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("footprint|%s|%d|%d|%v|%+v|%s", p.Buyer.ID, p.Year, opt.TopN, opt.Calendar, opt.Filters, opt.Lang)
	v, err := s.results.get(key, func() (any, error) {
		return indicator.Footprint(context.WithoutCancel(r.Context()), s.store, *p.Buyer, p.Year, opt)
	})
	if err != nil {
		return nil, err
	}
	return v.(*climate.Footprint), nil
}

// footprint computes the footprint of a page's year and filters, and a
// what-if when the request asks for one (?what_if=CPV=KG[:CUR:YEAR]).
func (s *Server) footprint(r *http.Request, p page) (*climate.Footprint, error) {
	shared, err := s.sharedFootprint(r, p)
	if err != nil {
		return nil, err
	}
	// A copy: the cached footprint is shared, and a what-if is the request's own.
	own := *shared
	fp := &own
	if w := strings.TrimSpace(r.URL.Query().Get("what_if")); w != "" {
		opt, err := s.footprintOptions(r, p)
		if err != nil {
			return nil, err
		}
		o, err := climate.ParseOverride(w, p.Buyer.Currency, p.Year)
		if err != nil {
			return nil, cityspend.Errorf(cityspend.EINVALID, "%v", err)
		}
		o.SupplierID = strings.TrimSpace(r.URL.Query().Get("supplier"))
		if err := indicator.WhatIf(r.Context(), s.store, *p.Buyer, p.Year, opt, fp, o); err != nil {
			return nil, err
		}
	}
	return fp, nil
}

func (s *Server) handleClimate(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "climate")
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Title = p.Buyer.Name + " · " + p.L.T("nav.climate")
	p.Extra = []field{{"what_if", r.URL.Query().Get("what_if")}, {"supplier", r.URL.Query().Get("supplier")}}
	fp, err := s.footprint(r, p)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := climateView{page: p, FP: fp, WhatIf: r.URL.Query().Get("what_if"), Supplier: r.URL.Query().Get("supplier")}
	var cats, units []bar
	for i, c := range fp.ByCategory {
		if i == 15 {
			break
		}
		label := c.Key
		if c.Label != "" {
			label = c.Key[:3] + " " + c.Label
		}
		href := ""
		if c.Key != "unclassified" {
			href = p.Link(p.BuyerPath("/categories"), "category", c.Key[:3])
		}
		cats = append(cats, tBar(label, c.T, p.L.Dec(c.T)+" t · "+p.L.Pct(c.Share), href))
	}
	for i, u := range fp.ByUnit {
		if i == 15 {
			break
		}
		units = append(units, tBar(u.Key, u.T, p.L.Dec(u.T)+" t · "+p.L.Pct(u.Share), p.DrillHref("/lines", "org_unit", u.Key)))
	}
	v.Categories = hbarChart(p.L.T("clim.bycategory"), cats)
	v.Units = hbarChart(p.L.T("clim.byunit"), units)
	s.render(w, r, "climate.html", v)
}

// apiCO2e returns the footprint object `cityspend climate --json` prints,
// with the page's year and filters and an optional what-if.
func (s *Server) apiCO2e(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.jsonResult(w, r, func() (any, error) { return s.footprint(r, p) })
}
