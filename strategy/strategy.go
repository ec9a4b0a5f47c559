// SPDX-License-Identifier: EUPL-1.2

// Package strategy measures a buyer's procurement strategy (the
// partnership's Action 1): its goals as targets on the indicators the
// engines compute — local share, SME share, CO2e, the share of contracts
// with climate criteria, the share of spend under contract, the share of
// the plan published in advance, LM3 — each with a baseline and a target
// year, the progress made and the trajectory still needed. It also computes
// the shares of contracts with sustainability criteria (OECD SIGMA:
// contracts above €10,000).
package strategy

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/plan"
)

// Units of the indicators.
const (
	UnitShare = "share" // 0–1
	UnitT     = "t"     // tonnes CO2e
	UnitRatio = "ratio" // a multiplier (LM3)
)

// UnitOf is an indicator's unit.
func UnitOf(ind string) string {
	switch ind {
	case cityspend.TargetCO2e:
		return UnitT
	case cityspend.TargetLM3:
		return UnitRatio
	}
	return UnitShare
}

// Validate checks a target.
func Validate(t cityspend.StrategyTarget) error {
	if !slices.Contains(cityspend.TargetIndicators, t.Indicator) {
		return cityspend.Errorf(cityspend.EINVALID, "indicator %q: use %s", t.Indicator, strings.Join(cityspend.TargetIndicators, ", "))
	}
	if t.BaselineYear < 1990 || t.TargetYear <= t.BaselineYear || t.TargetYear > 2100 {
		return cityspend.Errorf(cityspend.EINVALID, "years %d → %d: the target year comes after the baseline year", t.BaselineYear, t.TargetYear)
	}
	check := func(name string, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || UnitOf(t.Indicator) == UnitShare && v > 1 {
			return cityspend.Errorf(cityspend.EINVALID, "%s %v: a share is 0 to 1 (or a per cent: 40%%), t CO2e and LM3 are not negative", name, v)
		}
		return nil
	}
	if err := check("target", t.TargetValue); err != nil {
		return err
	}
	return check("baseline", t.BaselineValue)
}

// Share is the count and value of contracts with a criterion.
type Share struct {
	Count      int              `json:"count"`
	Value      cityspend.Amount `json:"value"`
	CountShare float64          `json:"count_share"`
	ValueShare float64          `json:"value_share"`
}

// Criteria are the shares of a year's contracts with sustainability
// criteria.
type Criteria struct {
	Year     int    `json:"year"`
	Currency string `json:"currency"`
	Source   string `json:"source"` // contract register, or tender data
	// Threshold is €10,000 in the buyer's currency (0: not applied, with
	// the reason in Note).
	Threshold  cityspend.Amount `json:"threshold"`
	Note       string           `json:"note,omitempty"`
	Contracts  int              `json:"contracts"`
	Value      cityspend.Amount `json:"value"`
	Green      Share            `json:"green"`
	Social     Share            `json:"social"`
	Innovation Share            `json:"innovation"`
	Circular   Share            `json:"circular"`
}

// sigmaEUR is the OECD SIGMA floor of a contract that counts: €10,000.
const sigmaEUR = 10_000

// CriteriaShares counts the contracts of a year (starting in the buyer's
// fiscal year, above €10,000: the maximum value, else the spend linked)
// with each criterion: from the contract register, or from the tender
// data (procedures awarded in the year) when the register has none.
func CriteriaShares(ctx context.Context, st Store, b cityspend.Buyer, year int) (*Criteria, error) {
	c := &Criteria{Year: year, Currency: b.Currency}
	rates, err := st.Rates(ctx)
	if err != nil {
		return nil, err
	}
	if b.Currency == "EUR" {
		c.Threshold = sigmaEUR * 100
	} else if v, err := climate.NewConverter(rates).Exchange(sigmaEUR, "EUR", b.Currency, year); err == nil {
		c.Threshold = cityspend.Amount(math.Round(v * 100))
	} else {
		c.Note = fmt.Sprintf("the €10,000 floor is not applied: %v", err)
	}
	p := b.FiscalYear(year)
	type row struct {
		value cityspend.Amount
		crit  cityspend.Criteria
	}
	var rows []row
	contracts, err := st.Contracts(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	for _, k := range contracts {
		if k.Start.IsZero() || !p.Contains(k.Start) {
			continue
		}
		v := k.Spend
		if k.HasMax {
			v = k.MaxValue
		}
		rows = append(rows, row{v, k.Criteria})
	}
	c.Source = "contract register"
	if len(rows) == 0 {
		tenders, err := st.Tenders(ctx, b.ID, "")
		if err != nil {
			return nil, err
		}
		for _, t := range tenders {
			awarded := t.Status == "complete" && !t.Date.IsZero() && p.Contains(t.Date)
			if !awarded {
				continue
			}
			rows = append(rows, row{t.Value, t.Criteria})
		}
		c.Source = "tender data"
	}
	for _, r := range rows {
		if c.Threshold > 0 && r.value < c.Threshold {
			continue
		}
		c.Contracts++
		c.Value += r.value
		for _, s := range []struct {
			on bool
			to *Share
		}{{r.crit.Green, &c.Green}, {r.crit.Social, &c.Social}, {r.crit.Innovation, &c.Innovation}, {r.crit.Circular, &c.Circular}} {
			if s.on {
				s.to.Count++
				s.to.Value += r.value
			}
		}
	}
	for _, s := range []*Share{&c.Green, &c.Social, &c.Innovation, &c.Circular} {
		if c.Contracts > 0 {
			s.CountShare = float64(s.Count) / float64(c.Contracts)
		}
		s.ValueShare = cityspend.Share(s.Value, c.Value)
	}
	return c, nil
}

// Values computes the strategy's indicators of a buyer's years with the
// engines (an indicator without data for a year is absent): the analysis's
// trend gives every year's local and SME shares in one scan, the footprint
// every year's t CO2e in one query.
type Values struct {
	st     Store
	b      cityspend.Buyer
	loaded bool
	m      map[int]map[string]float64
	lm3    map[int]bool // the years LM3 was looked up in
}

// NewValues reads indicators for a buyer.
func NewValues(st Store, b cityspend.Buyer) *Values {
	return &Values{st: st, b: b, m: map[int]map[string]float64{}, lm3: map[int]bool{}}
}

func (v *Values) set(year int, ind string, x float64) {
	if v.m[year] == nil {
		v.m[year] = map[string]float64{}
	}
	v.m[year][ind] = x
}

// Of returns the indicator's value in a year, and whether there is one.
func (v *Values) Of(ctx context.Context, ind string, year int) (float64, bool, error) {
	if !v.loaded {
		if err := v.load(ctx); err != nil {
			return 0, false, err
		}
		v.loaded = true
	}
	if ind == cityspend.TargetLM3 && !v.lm3[year] {
		v.lm3[year] = true
		a, err := v.analyse(ctx, year)
		if err != nil {
			return 0, false, err
		}
		if a.LM3 != nil {
			v.set(year, cityspend.TargetLM3, a.LM3.Value)
		}
	}
	x, ok := v.m[year][ind]
	return x, ok, nil
}

// Analyser is a Store that keeps analyses (the server's results): Values
// asks it for a year's analysis instead of running the engine again.
type Analyser interface {
	Analyse(ctx context.Context, buyerID string, year int, opt indicator.Options) (*indicator.Analysis, error)
}

// analyse is the analysis of a year (without the footprint, which Values
// reads by year on its own).
func (v *Values) analyse(ctx context.Context, year int) (*indicator.Analysis, error) {
	opt := indicator.Options{SkipCO2e: true}
	if a, ok := v.st.(Analyser); ok {
		return a.Analyse(ctx, v.b.ID, year, opt)
	}
	return indicator.Analyse(ctx, v.st, v.b.ID, year, opt)
}

func (v *Values) load(ctx context.Context) error {
	years, err := v.st.FiscalYears(ctx, v.b.ID)
	if err != nil {
		return err
	}
	if len(years) > 0 {
		a, err := v.analyse(ctx, years[len(years)-1])
		if err != nil {
			return err
		}
		for _, t := range a.Trend {
			if t.TotalSpend != 0 {
				v.set(t.Year, cityspend.TargetLocalShare, t.LocalShare.L0)
				v.set(t.Year, cityspend.TargetSMEShare, t.SMEShare)
			}
		}
		set, err := climate.Load(ctx, v.st, v.b.ID)
		if err != nil {
			return err
		}
		fps, err := set.ByYear(ctx, v.st, cityspend.SpendFilter{BuyerID: v.b.ID}, v.b.Currency, climate.Options{NoUnits: true})
		if err != nil {
			return err
		}
		for y, fp := range fps {
			// A year none of whose spend reached a factor (no rates for
			// it, say) has no footprint, not a footprint of zero.
			if fp.Spend-fp.Quality.None.Spend != 0 {
				v.set(y, cityspend.TargetCO2e, fp.TotalT)
			}
		}
	}
	items, err := v.st.PlanItems(ctx, v.b.ID)
	if err != nil {
		return err
	}
	// The share of spend under contract: every year's in one query.
	cells, err := v.st.SpendCross(ctx, cityspend.SpendFilter{BuyerID: v.b.ID, Scope: cityspend.ScopeIn}, cityspend.ByFiscalYear, cityspend.ByOnContract)
	if err != nil {
		return err
	}
	onSpend, all := map[int]cityspend.Amount{}, map[int]cityspend.Amount{}
	for _, c := range cells {
		y, err := strconv.Atoi(c.A)
		if err != nil {
			return fmt.Errorf("spend under contract: year %q: %w", c.A, err)
		}
		all[y] += c.Spend
		if c.B == "on" {
			onSpend[y] += c.Spend
		}
	}
	for y, a := range all {
		if a != 0 {
			v.set(y, cityspend.TargetOnContract, cityspend.Share(onSpend[y], a))
		}
	}
	for _, year := range years {
		crit, err := CriteriaShares(ctx, v.st, v.b, year)
		if err != nil {
			return err
		}
		if crit.Contracts > 0 {
			v.set(year, cityspend.TargetClimateCriteria, crit.Green.CountShare)
		}
		p := v.b.FiscalYear(year)
		var inYear []cityspend.PlanItem
		for _, it := range plan.Active(items) {
			if !it.Notice.IsZero() && p.Contains(it.Notice) {
				inYear = append(inYear, it)
			}
		}
		if d := plan.Summarise(inYear, p.From, p.From); d.WithNotice > 0 {
			v.set(year, cityspend.TargetPlanInAdvance, d.InAdvanceShare)
		}
	}
	return nil
}

// Progress is how far a target has come.
type Progress struct {
	cityspend.StrategyTarget
	Unit           string   `json:"unit"`
	BaselineSource string   `json:"baseline_source"` // data, given, or none
	Year           int      `json:"year"`
	Current        *float64 `json:"current"`  // nil: no data for the year
	Required       float64  `json:"required"` // on the straight line from the baseline to the target, in the year
	Done           *float64 `json:"progress"` // share of the way from the baseline to the target
	OnTrack        *bool    `json:"on_track"`
	PerYear        *float64 `json:"needed_per_year"` // the change a year still needed
	// History are the indicator's values from the baseline year on.
	History []Point `json:"history"`
}

// Point is a year's value.
type Point struct {
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

// Evaluate measures every target of a buyer in a year.
func Evaluate(ctx context.Context, st Store, b cityspend.Buyer, year int) ([]Progress, error) {
	targets, given, err := st.Targets(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	years, err := st.FiscalYears(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	vals := NewValues(st, b)
	var out []Progress
	for i, t := range targets {
		p := Progress{StrategyTarget: t, Unit: UnitOf(t.Indicator), Year: year, BaselineSource: "given"}
		if !given[i] {
			p.BaselineSource = "none"
			v, ok, err := vals.Of(ctx, t.Indicator, t.BaselineYear)
			if err != nil {
				return nil, err
			}
			if ok {
				p.BaselineValue, p.BaselineSource = v, "data"
			}
		}
		for _, y := range years {
			if y < t.BaselineYear || y > year {
				continue
			}
			v, ok, err := vals.Of(ctx, t.Indicator, y)
			if err != nil {
				return nil, err
			}
			if ok {
				p.History = append(p.History, Point{y, v})
			}
		}
		sort.Slice(p.History, func(i, j int) bool { return p.History[i].Year < p.History[j].Year })
		p.Required = Trajectory(t, p.BaselineValue, year)
		if cur, ok, err := vals.Of(ctx, t.Indicator, year); err != nil {
			return nil, err
		} else if ok {
			p.Current = &cur
			if p.BaselineSource != "none" {
				if d := t.TargetValue - p.BaselineValue; d != 0 {
					pr := (cur - p.BaselineValue) / d
					p.Done = &pr
				}
				up := t.TargetValue >= p.BaselineValue
				on := up && cur >= p.Required || !up && cur <= p.Required
				p.OnTrack = &on
			}
			if t.TargetYear > year {
				per := (t.TargetValue - cur) / float64(t.TargetYear-year)
				p.PerYear = &per
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// Trajectory is the value on the straight line from the baseline to the
// target in a year (the baseline before, the target after).
func Trajectory(t cityspend.StrategyTarget, baseline float64, year int) float64 {
	switch {
	case year <= t.BaselineYear:
		return baseline
	case year >= t.TargetYear:
		return t.TargetValue
	}
	f := float64(year-t.BaselineYear) / float64(t.TargetYear-t.BaselineYear)
	return baseline + (t.TargetValue-baseline)*f
}
