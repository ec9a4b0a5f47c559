// SPDX-License-Identifier: EUPL-1.2

package strategy_test

import (
	"context"
	"net/url"
	"reflect"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/strategy"
)

// A target from the strategy page's form: decimal commas, shares as
// fractions or per cents, and what is missing or not a number refused.
func TestTargetFromForm(t *testing.T) {
	form := func(kv ...string) url.Values {
		f := url.Values{"indicator": {cityspend.TargetLocalShare}, "target": {"0.4"}, "baseline_year": {"2024"}, "target_year": {"2030"}}
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	for _, tt := range []struct {
		name             string
		f                url.Values
		target, baseline float64
		hasBaseline      bool
		code             string
	}{
		{"a share as a fraction", form(), 0.4, 0, false, ""},
		{"a share as a per cent", form("target", "40 %"), 0.4, 0, false, ""},
		{"a share above 1 is a per cent", form("target", "40"), 0.4, 0, false, ""},
		{"a decimal comma", form("target", "0,45", "baseline", "12,5%"), 0.45, 0.125, true, ""},
		{"tonnes stay tonnes", form("indicator", cityspend.TargetCO2e, "target", "900"), 900, 0, false, ""},
		{"a per cent sign divides by 100, whatever the unit", form("indicator", cityspend.TargetCO2e, "target", "900%"), 9, 0, false, ""},
		{"no target", form("target", " "), 0, 0, false, cityspend.EINVALID},
		{"a target that is no number", form("target", "much"), 0, 0, false, cityspend.EINVALID},
		{"a baseline that is no number", form("baseline", "some"), 0, 0, false, cityspend.EINVALID},
		{"a year that is no number", form("target_year", "soon"), 0, 0, false, cityspend.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, hasBaseline, err := strategy.FromForm("3909", tt.f)
			if cityspend.ErrorCode(err) != tt.code {
				t.Fatalf("%v, want %q", err, tt.code)
			}
			if err != nil {
				return
			}
			if got.BuyerID != "3909" || got.TargetValue != tt.target || got.BaselineValue != tt.baseline || hasBaseline != tt.hasBaseline ||
				got.BaselineYear != 2024 || got.TargetYear != 2030 {
				t.Errorf("%+v (baseline given %v)", got, hasBaseline)
			}
		})
	}
}

// A target is stored once it checks out; the page and the API measure
// the targets and the criteria shares as the engines do.
func TestSetAndMeasure(t *testing.T) {
	ctx := context.Background()
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Municipality: "3909", Currency: "NOK", FiscalStart: 1}
	st := duckdbtest.Lines(t, []cityspend.Buyer{b}, []duckdbtest.Line{
		{Buyer: "3909", Org: "923609016", Date: "2024-03-01", CPV: "90910000", Amount: 400_000_00},
		{Buyer: "3909", Org: "974760673", Date: "2025-03-01", CPV: "50700000", Amount: 300_000_00},
	})
	bad := cityspend.StrategyTarget{BuyerID: "3909", Indicator: cityspend.TargetLocalShare, BaselineYear: 2030, TargetYear: 2024, TargetValue: 0.5}
	if err := strategy.Set(ctx, st, bad, false); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("a target before its baseline: %v", err)
	}
	if ts, _, _ := st.Targets(ctx, "3909"); len(ts) != 0 {
		t.Fatalf("a refused target was stored: %+v", ts)
	}
	good := cityspend.StrategyTarget{BuyerID: "3909", Indicator: cityspend.TargetOnContract, BaselineYear: 2024, BaselineValue: 0.1, TargetYear: 2030,
		TargetValue: 0.8}
	if err := strategy.Set(ctx, st, good, true); err != nil {
		t.Fatal(err)
	}
	ts, given, err := st.Targets(ctx, "3909")
	if err != nil || len(ts) != 1 || ts[0].TargetValue != 0.8 || !given[0] {
		t.Errorf("targets %+v %v %v", ts, given, err)
	}
	ps, crit, err := strategy.Measure(ctx, st, b, 2025)
	if err != nil {
		t.Fatal(err)
	}
	wantPs, err := strategy.Evaluate(ctx, st, b, 2025)
	if err != nil {
		t.Fatal(err)
	}
	wantCrit, err := strategy.CriteriaShares(ctx, st, b, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || !reflect.DeepEqual(ps, wantPs) || !reflect.DeepEqual(crit, wantCrit) {
		t.Errorf("measured %+v %+v, the engines say %+v %+v", ps, crit, wantPs, wantCrit)
	}
}
