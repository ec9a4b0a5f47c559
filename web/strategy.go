// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/strategy"
)

type targetRow struct {
	strategy.Progress
	Chart template.HTML
}

type strategyView struct {
	page
	Targets  []targetRow
	Criteria *strategy.Criteria
	Saved    bool
}

// formatTarget writes an indicator's value for the reader.
func formatTarget(l *i18n.Locale, unit string, v float64) string {
	switch unit {
	case strategy.UnitShare:
		return l.Pct(v)
	case strategy.UnitT:
		return l.Dec(v) + " t"
	}
	return l.Dec(v)
}

// formatChange writes a change of an indicator a year: percentage points
// for shares.
func formatChange(l *i18n.Locale, unit string, v float64) string {
	if unit == strategy.UnitShare {
		return l.PP(v * 100)
	}
	s := formatTarget(l, unit, v)
	if v > 0 {
		s = "+" + s
	}
	return s
}

func (s *Server) handleStrategy(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "strategy")
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Title = p.Buyer.Name + " · " + p.L.T("nav.strategy")
	v, err := s.strategyView(r, p)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v.Saved = r.URL.Query().Get("saved") == "1"
	s.render(w, r, "strategy.html", v)
}

// measured is what strategy.Measure gives.
type measured struct {
	ps   []strategy.Progress
	crit *strategy.Criteria
}

// measure measures the targets of a page's year, kept between requests
// while the data stays the same (the strategy page's, the report's and the
// API's): callers only read it.
func (s *Server) measure(r *http.Request, p page) ([]strategy.Progress, *strategy.Criteria, error) {
	v, err := s.results.get(fmt.Sprintf("strategy|%s|%d", p.Buyer.ID, p.Year), func() (any, error) {
		st := strategyStore{Store: s.store, s: s, r: r, lang: p.Lang}
		ps, crit, err := strategy.Measure(context.WithoutCancel(r.Context()), st, *p.Buyer, p.Year)
		return measured{ps, crit}, err
	})
	if err != nil {
		return nil, nil, err
	}
	m := v.(measured)
	return m.ps, m.crit, nil
}

// strategyStore is the store as the strategy reads it, its analyses kept
// with the dashboards' (strategy.Analyser): with targets, the strategy's
// analysis of the latest year is the overview's and the report's, not one
// of its own. It asks in the page's language: the trend it reads is the
// same in every language.
type strategyStore struct {
	cityspend.Store
	s    *Server
	r    *http.Request
	lang string
}

var _ strategy.Analyser = strategyStore{}

// Analyse implements strategy.Analyser with the options a page's analysis
// has by default (analysisOptions).
func (x strategyStore) Analyse(_ context.Context, buyerID string, year int, opt indicator.Options) (*indicator.Analysis, error) {
	if opt.TopN == 0 {
		opt.TopN = 300
	}
	if opt.Lang == "" {
		opt.Lang = x.lang
	}
	return x.s.analyse(x.r, buyerID, year, opt)
}

// strategyView measures the targets of a page's year, with their charts.
func (s *Server) strategyView(r *http.Request, p page) (strategyView, error) {
	ps, crit, err := s.measure(r, p)
	if err != nil {
		return strategyView{}, err
	}
	v := strategyView{page: p, Criteria: crit}
	for _, pr := range ps {
		var hist [][2]float64
		for _, h := range pr.History {
			hist = append(hist, [2]float64{float64(h.Year), h.Value})
		}
		unit := pr.Unit
		v.Targets = append(v.Targets, targetRow{Progress: pr, Chart: trajectoryChart(p.L.T("tgt."+pr.Indicator), pr.BaselineYear, pr.BaselineValue,
			pr.TargetYear, pr.TargetValue, hist, func(x float64) string { return formatTarget(p.L, unit, x) })})
	}
	return v, nil
}

// handleStrategySet adds or changes a target from the page's form.
func (s *Server) handleStrategySet(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "strategy")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "the form could not be read"))
		return
	}
	t, hasBase, err := strategy.FromForm(p.Buyer.ID, r.PostForm)
	if err == nil {
		err = strategy.Set(r.Context(), s.store, t, hasBase)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("%s?year=%d&saved=1", p.BuyerPath("/strategy"), p.Year), http.StatusSeeOther)
}

// apiStrategy returns what `cityspend strategy --json` prints.
func (s *Server) apiStrategy(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	ps, crit, err := s.measure(r, p)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if ps == nil {
		ps = []strategy.Progress{}
	}
	s.json(w, http.StatusOK, map[string]any{"buyer": p.Buyer.ID, "year": p.Year, "targets": ps, "criteria": crit})
}
