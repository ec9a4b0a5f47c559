// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
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

// strategyView measures the targets of a page's year, with their charts.
func (s *Server) strategyView(r *http.Request, p page) (strategyView, error) {
	ps, err := strategy.Evaluate(r.Context(), s.store, *p.Buyer, p.Year)
	if err != nil {
		return strategyView{}, err
	}
	crit, err := strategy.CriteriaShares(r.Context(), s.store, *p.Buyer, p.Year)
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
	t := cityspend.StrategyTarget{BuyerID: p.Buyer.ID, Indicator: r.PostFormValue("indicator"), Note: strings.TrimSpace(r.PostFormValue("note"))}
	num := func(name string) (float64, bool, error) {
		raw := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue(name), ",", "."))
		if raw == "" {
			return 0, false, nil
		}
		pct := strings.HasSuffix(raw, "%")
		f, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(raw, "%")), 64)
		if err != nil {
			return 0, false, cityspend.Errorf(cityspend.EINVALID, "%s %q is not a number", name, r.PostFormValue(name))
		}
		if pct || strategy.UnitOf(t.Indicator) == strategy.UnitShare && f > 1 {
			f /= 100 // shares are typed as per cents
		}
		return f, true, nil
	}
	var hasBase, hasTarget bool
	if t.BaselineValue, hasBase, err = num("baseline"); err == nil {
		t.TargetValue, hasTarget, err = num("target")
	}
	if err == nil && !hasTarget {
		err = cityspend.Errorf(cityspend.EINVALID, "give the target value")
	}
	if err == nil {
		if t.BaselineYear, err = strconv.Atoi(r.PostFormValue("baseline_year")); err == nil {
			t.TargetYear, err = strconv.Atoi(r.PostFormValue("target_year"))
		}
		if err != nil {
			err = cityspend.Errorf(cityspend.EINVALID, "the years are numbers")
		}
	}
	if err == nil {
		err = strategy.Validate(t)
	}
	if err == nil {
		err = s.store.PutTarget(r.Context(), t, hasBase)
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
	ps, err := strategy.Evaluate(r.Context(), s.store, *p.Buyer, p.Year)
	if err != nil {
		s.error(w, r, err)
		return
	}
	crit, err := strategy.CriteriaShares(r.Context(), s.store, *p.Buyer, p.Year)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if ps == nil {
		ps = []strategy.Progress{}
	}
	s.json(w, http.StatusOK, map[string]any{"buyer": p.Buyer.ID, "year": p.Year, "targets": ps, "criteria": crit})
}
