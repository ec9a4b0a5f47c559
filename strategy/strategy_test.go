// SPDX-License-Identifier: EUPL-1.2

package strategy_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/strategy"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestTrajectoryAndValidate(t *testing.T) {
	tg := cityspend.StrategyTarget{Indicator: cityspend.TargetLocalShare, BaselineYear: 2024, TargetYear: 2030, TargetValue: 0.4}
	for _, c := range []struct {
		year int
		want float64
	}{{2020, 0.28}, {2024, 0.28}, {2027, 0.34}, {2030, 0.4}, {2035, 0.4}} {
		if got := strategy.Trajectory(tg, 0.28, c.year); !near(got, c.want) {
			t.Errorf("%d: %v, want %v", c.year, got, c.want)
		}
	}
	for _, bad := range []cityspend.StrategyTarget{
		{Indicator: "happiness", BaselineYear: 2024, TargetYear: 2030, TargetValue: 1},
		{Indicator: cityspend.TargetLocalShare, BaselineYear: 2024, TargetYear: 2024, TargetValue: 0.4},
		{Indicator: cityspend.TargetLocalShare, BaselineYear: 2024, TargetYear: 2030, TargetValue: 40},
		{Indicator: cityspend.TargetCO2e, BaselineYear: 2024, TargetYear: 2030, TargetValue: -1},
	} {
		if strategy.Validate(bad) == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
	if err := strategy.Validate(cityspend.StrategyTarget{Indicator: cityspend.TargetCO2e, BaselineYear: 2024, TargetYear: 2030, TargetValue: 900}); err != nil {
		t.Error(err)
	}
}

// The targets are measured with the engines: every value equals the
// indicator engine's (or the footprint's, the contracts', the plan's).
func TestEvaluateEqualsTheEngines(t *testing.T) {
	ctx := context.Background()
	m := duckdbtest.Build(t, duckdbtest.Options{})
	st, b := m.Store, m.Buyer
	if err := st.PutRates(ctx, gen.Rates(2015, 2030)); err != nil {
		t.Fatal(err)
	}
	day := func(y int, mo time.Month, d int) time.Time { return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC) }
	sups, _ := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: b.ID})
	// Contracts starting in 2025: one green above €10k (NOK 111,111.11 at the demo rate), one not, one green below the floor.
	cs := []cityspend.Contract{
		{ID: "K-1", Title: "Green", Start: day(2025, 2, 1), End: day(2026, 1, 31), MaxValue: 1_000_000_00, HasMax: true, Criteria: cityspend.Criteria{Green: true, Social: true}},
		{ID: "K-2", Title: "Plain", Start: day(2025, 3, 1), End: day(2026, 2, 28), MaxValue: 3_000_000_00, HasMax: true},
		{ID: "K-3", Title: "Small", Start: day(2025, 4, 1), End: day(2025, 12, 31), MaxValue: 50_000_00, HasMax: true, Criteria: cityspend.Criteria{Green: true}},
	}
	for i := range cs {
		cs[i].BuyerID, cs[i].Currency, cs[i].File, cs[i].Line = b.ID, "NOK", "k.csv", i+2
		cs[i].Suppliers = []cityspend.ContractSupplier{{SupplierID: sups[i].SupplierID, Name: sups[i].Name}}
	}
	if err := st.ReplaceContracts(ctx, b.ID, cs); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.LinkContracts(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	crit, err := strategy.CriteriaShares(ctx, st, b, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if crit.Source != "contract register" || crit.Threshold != 111_111_11 || crit.Contracts != 2 || crit.Green.Count != 1 || !near(crit.Green.CountShare, 0.5) ||
		!near(crit.Green.ValueShare, 0.25) || crit.Social.Count != 1 || crit.Circular.Count != 0 {
		t.Errorf("criteria %+v", crit)
	}
	targets := []cityspend.StrategyTarget{
		{Indicator: cityspend.TargetLocalShare, BaselineYear: 2024, TargetYear: 2030, TargetValue: 0.5},
		{Indicator: cityspend.TargetSMEShare, BaselineYear: 2024, TargetYear: 2030, TargetValue: 0.6},
		{Indicator: cityspend.TargetCO2e, BaselineYear: 2024, TargetYear: 2030, TargetValue: 100},
		{Indicator: cityspend.TargetOnContract, BaselineYear: 2024, BaselineValue: 0.1, TargetYear: 2030, TargetValue: 0.8},
		{Indicator: cityspend.TargetClimateCriteria, BaselineYear: 2024, BaselineValue: 0.2, TargetYear: 2030, TargetValue: 0.9},
		{Indicator: cityspend.TargetLM3, BaselineYear: 2024, TargetYear: 2030, TargetValue: 2},
	}
	for _, tg := range targets {
		tg.BuyerID = b.ID
		if err := st.PutTarget(ctx, tg, tg.BaselineValue != 0); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := strategy.Evaluate(ctx, st, b, 2025)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]strategy.Progress{}
	for _, p := range ps {
		got[p.Indicator] = p
	}
	a24, _ := indicator.Analyse(ctx, st, b.ID, 2024, indicator.Options{})
	a25, _ := indicator.Analyse(ctx, st, b.ID, 2025, indicator.Options{})
	check := func(ind string, base, cur float64) {
		t.Helper()
		p := got[ind]
		if p.Current == nil || !near(*p.Current, cur) || !near(p.BaselineValue, base) {
			t.Errorf("%s: baseline %v current %v, the engines say %v and %v", ind, p.BaselineValue, p.Current, base, cur)
		}
		if !near(p.Required, strategy.Trajectory(p.StrategyTarget, base, 2025)) || p.OnTrack == nil || p.PerYear == nil ||
			!near(*p.PerYear, (p.TargetValue-cur)/5) {
			t.Errorf("%s: %+v", ind, p)
		}
	}
	check(cityspend.TargetLocalShare, a24.LocalShare.L0, a25.LocalShare.L0)
	check(cityspend.TargetSMEShare, a24.SMEShare, a25.SMEShare)
	check(cityspend.TargetCO2e, a24.CO2e.TotalT, a25.CO2e.TotalT)
	check(cityspend.TargetClimateCriteria, 0.2, crit.Green.CountShare)
	if a25.CO2e.TotalT == 0 || got[cityspend.TargetLocalShare].BaselineSource != "data" || got[cityspend.TargetOnContract].BaselineSource != "given" {
		t.Errorf("sources: %+v", got)
	}
	// On contract: the engine's spend by contract link.
	on, _ := st.SpendBy(ctx, cityspend.SpendFilter{BuyerID: b.ID, Period: b.FiscalYear(2025), Scope: cityspend.ScopeIn}, cityspend.ByOnContract, 0)
	var onSpend, all cityspend.Amount
	for _, g := range on {
		all += g.Spend
		if g.Key == "on" {
			onSpend += g.Spend
		}
	}
	check(cityspend.TargetOnContract, 0.1, cityspend.Share(onSpend, all))
	if onSpend == 0 {
		t.Error("no spend linked to the contracts")
	}
	// No survey: LM3 has no value, and says so.
	if p := got[cityspend.TargetLM3]; p.Current != nil || p.OnTrack != nil || p.BaselineSource != "none" {
		t.Errorf("lm3 without a survey: %+v", p)
	}
	if len(got[cityspend.TargetLocalShare].History) != 2 {
		t.Errorf("history %+v", got[cityspend.TargetLocalShare].History)
	}
}

// Spend no factor reached (no price index for it) is no footprint: the
// CO2e target has no value in those years rather than 0 t.
func TestCO2eWithoutRatesHasNoValue(t *testing.T) {
	ctx := context.Background()
	m := duckdbtest.Build(t, duckdbtest.Options{})
	st, b := m.Store, m.Buyer
	tg := cityspend.StrategyTarget{BuyerID: b.ID, Indicator: cityspend.TargetCO2e, BaselineYear: 2024, TargetYear: 2030, TargetValue: 100}
	if err := st.PutTarget(ctx, tg, false); err != nil {
		t.Fatal(err)
	}
	ps, err := strategy.Evaluate(ctx, st, b, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Current != nil || ps[0].BaselineSource != "none" || len(ps[0].History) != 0 {
		t.Errorf("co2e without rates: %+v", ps)
	}
}
