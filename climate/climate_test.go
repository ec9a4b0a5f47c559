// SPDX-License-Identifier: EUPL-1.2

package climate

import (
	"math"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/factors"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// fixture is a hand-computed footprint: every figure below is worked out
// in the comments.
func fixture() (*Set, []cityspend.FootprintCell) {
	f := func(scheme, code string, kg float64, cur string, year int) cityspend.EmissionFactor {
		return cityspend.EmissionFactor{Set: "t", Scheme: scheme, Code: code, KgPerUnit: kg, Currency: cur, PriceYear: year, PriceBasis: "purchaser",
			Source: "test", Licence: "test"}
	}
	fs := []cityspend.EmissionFactor{
		f("cpv", "45", 0.02, "NOK", 2017),
		f("naics", "236220", 0.224, "USD", 2022),
		f("cpv", "9091", 0.05, "EUR", 2020),
		f("cpv", "4522", 0.3, "SEK", 2022), // no SEK rate: passed over
		f("supplier", "org:X", 0.01, "NOK", 2024),
		f("kostra", "115", 0.1, "NOK", 2024),
	}
	cs := []cityspend.Concordance{{FromScheme: "naics", FromCode: "236220", ToScheme: "cpv", ToCode: "4521"}}
	rs := []cityspend.Rate{
		{Kind: "deflator", Currency: "NOK", Year: 2017, Value: 100}, {Kind: "deflator", Currency: "NOK", Year: 2020, Value: 110},
		{Kind: "deflator", Currency: "NOK", Year: 2022, Value: 120}, {Kind: "deflator", Currency: "NOK", Year: 2024, Value: 130},
		{Kind: "fx", Currency: "NOK", To: "USD", Year: 2022, Value: 0.10},
		{Kind: "fx", Currency: "EUR", To: "NOK", Year: 2020, Value: 10}, // used the other way
	}
	cells := []cityspend.FootprintCell{
		// 1 300 000 NOK 2024 → ×120/130 = 1 200 000 NOK 2022 → ×0.10 = 120 000 USD → ×0.224 = 26 880 kg (category, via NAICS).
		{SupplierID: "org:A", Category: "45214200", Account: "1230", OrgUnit: "skole", Spend: 1_300_000_00},
		// 650 000 → ×100/130 = 500 000 NOK 2017 → ×0.02 = 10 000 kg (fallback: the division).
		{SupplierID: "org:B", Category: "45110000", Account: "1230", OrgUnit: "skole", Spend: 650_000_00},
		// The supplier's own factor: 100 000 × 0.01 = 1 000 kg (supplier).
		{SupplierID: "org:X", Category: "45214200", Account: "1230", OrgUnit: "helse", Spend: 100_000_00},
		// 1 430 000 → ×110/130 = 1 210 000 NOK 2020 → /10 = 121 000 EUR → ×0.05 = 6 050 kg (category).
		{SupplierID: "org:C", Category: "90911200", Account: "1240", OrgUnit: "helse", Spend: 1_430_000_00},
		// Unclassified, KOSTRA art 115: 200 000 × 0.1 = 20 000 kg (fallback).
		{SupplierID: "org:D", Account: "1115", OrgUnit: "helse", Spend: 200_000_00},
		// No factor: office supplies, art 200.
		{SupplierID: "org:E", Category: "30192000", Account: "1200", OrgUnit: "helse", Spend: 50_000_00},
		// SEK factor without a rate: the division's instead, 130 000 → 100 000 NOK 2017 → 2 000 kg (fallback).
		{SupplierID: "org:F", Category: "45220000", Account: "1230", OrgUnit: "skole", Spend: 130_000_00},
	}
	return Compile("t", fs, cs, rs), cells
}

func TestFootprintByHand(t *testing.T) {
	set, cells := fixture()
	fp := set.Compute(cells, 2024, "NOK", Options{})
	// 26.88 + 10 + 1 + 6.05 + 20 + 0 + 2 = 65.93 t on 3 860 000 NOK.
	if !near(fp.TotalT, 65.93) || fp.Spend != 3_860_000_00 || !near(fp.PerMillion, 17.08) {
		t.Errorf("total %v t, spend %s, per million %v", fp.TotalT, fp.Spend, fp.PerMillion)
	}
	q := fp.Quality
	if q.Supplier.Spend != 100_000_00 || q.Category.Spend != 2_730_000_00 || q.Fallback.Spend != 980_000_00 || q.None.Spend != 50_000_00 ||
		!near(q.Category.T, 32.93) || !near(q.Fallback.T, 32) || q.Grade != "C" {
		t.Errorf("quality %+v", q)
	}
	if len(q.Missing) != 1 || q.Missing[0].Spend != 50_000_00 || !strings.Contains(q.Missing[0].Reason, "no factor") {
		t.Errorf("missing %+v", q.Missing)
	}
	cats := map[string]Figure{}
	for _, c := range fp.ByCategory {
		cats[c.Key] = c
	}
	// Group 452: 26.88 + 1 + 2; 451: 10; 909: 6.05; unclassified: 20.
	if !near(cats["45200000"].T, 29.88) || !near(cats["45100000"].T, 10) || !near(cats["90900000"].T, 6.05) || !near(cats["unclassified"].T, 20) ||
		cats["30100000"].T != 0 || cats["30100000"].Quality != "D" || cats["45100000"].Quality != "C" || fp.ByCategory[0].Key != "45200000" ||
		!near(fp.ByCategory[0].Share, 0.4532) || cats["45200000"].Label == "" {
		t.Errorf("by category %+v", fp.ByCategory)
	}
	units := map[string]float64{}
	for _, u := range fp.ByUnit {
		units[u.Key] = u.T
	}
	if !near(units["skole"], 38.88) || !near(units["helse"], 27.05) {
		t.Errorf("by unit %v", units)
	}
	if fp.BySupplier[0].Key != "org:A" || !near(fp.BySupplier[0].T, 26.88) || fp.BySupplier[0].Quality != "B" {
		t.Errorf("by supplier %+v", fp.BySupplier[0])
	}
	// What if org:A gave its own factor, 0.005 kg per NOK of 2024: 6.5 t instead of 26.88.
	o := &Override{Category: "4521", SupplierID: "org:A", Factor: cityspend.EmissionFactor{KgPerUnit: 0.005, Currency: "NOK", PriceYear: 2024}}
	wi := set.Compute(cells, 2024, "NOK", Options{Override: o})
	if !near(wi.TotalT, 45.55) || wi.Quality.Supplier.Spend != 1_400_000_00 {
		t.Errorf("what if: %v t, supplier-specific spend %s", wi.TotalT, wi.Quality.Supplier.Spend)
	}
	// The year before, with less spend: the change.
	prev := set.Compute(cells[:2], 2024, "NOK", Options{})
	prev.Year = 2023
	fp.Compare(prev)
	if fp.Previous == nil || !near(fp.Previous.TotalT, 36.88) || !near(fp.Previous.ChangeT, 29.05) || !near(fp.Previous.ChangePct, 0.7877) {
		t.Errorf("previous %+v", fp.Previous)
	}
	if s := set.Explain(cells[0], 2024, "NOK"); !strings.Contains(s, "naics 236220 → cpv 4521") || !strings.Contains(s, "26880.0 kg") {
		t.Errorf("explain: %s", s)
	}
}

func TestConverter(t *testing.T) {
	c := NewConverter([]cityspend.Rate{{Kind: "deflator", Currency: "NOK", Year: 2020, Value: 110}, {Kind: "deflator", Currency: "NOK", Year: 2024, Value: 132},
		{Kind: "fx", Currency: "NOK", To: "EUR", Year: 2020, Value: 0.1}})
	if v, err := c.Convert(132, "NOK", 2024, "EUR", 2020); err != nil || !near(v, 11) {
		t.Errorf("132 NOK 2024 → EUR 2020: %v %v", v, err)
	}
	if v, err := c.Exchange(10, "EUR", "NOK", 2020); err != nil || !near(v, 100) {
		t.Errorf("the rate the other way: %v %v", v, err)
	}
	for _, bad := range []func() error{
		func() error { _, err := c.Convert(1, "NOK", 2023, "NOK", 2020); return err },
		func() error { _, err := c.Convert(1, "NOK", 2020, "USD", 2020); return err },
		func() error { _, err := c.Exchange(1, "NOK", "EUR", 2021); return err },
	} {
		if bad() == nil {
			t.Error("a conversion without its rate must fail")
		}
	}
}

func TestDefaults(t *testing.T) {
	fs := factors.Defaults()
	cs := factors.DefaultConcordances()
	kinds := map[string]int{}
	for _, c := range cs {
		kinds[c.FromScheme]++
		if factors.NormalizeCode(c.ToScheme, c.ToCode) != c.ToCode || factors.NormalizeCode(c.FromScheme, c.FromCode) != c.FromCode {
			t.Errorf("concordance %+v is not normalised", c)
		}
	}
	if kinds["naics"] != 45+272 || kinds["kostra"] < 10 || kinds["nace"] < 50 {
		t.Errorf("concordances %v", kinds)
	}
	// Norwegian spend of 2021 at 10 NOK/USD: each category its industry's
	// EPA factor through the concordance, the unclassified the national
	// average.
	set := Compile(factors.DefaultSet, fs, cs, []cityspend.Rate{{Kind: "deflator", Currency: "NOK", Year: 2021, Value: 1},
		{Kind: "deflator", Currency: "NOK", Year: 2017, Value: 1}, {Kind: "fx", Currency: "USD", To: "NOK", Year: 2021, Value: 10}})
	fp := set.Compute([]cityspend.FootprintCell{{SupplierID: "a", Category: "45210000", Spend: 1_000_000_00},
		{SupplierID: "b", Category: "15000000", Spend: 1_000_000_00}, {SupplierID: "c", Spend: 1_000_000_00}}, 2021, "NOK", Options{})
	// 100 000 USD × 0.256 (NAICS 236220) = 25.6 t; food, classified to its
	// division only, 100 000 USD × 0.603 (NAICS 311999) = 60.3 t, its whole
	// category's factor; the unclassified 1 000 000 × 0.021033 = 21.03 t.
	if !near(fp.TotalT, round(25.6+60.3+11e9/523e9*1e6/1000, 3)) || fp.Quality.Category.Spend != 2_000_000_00 || fp.Quality.Fallback.Spend != 1_000_000_00 ||
		!fp.Quality.Estimate {
		t.Errorf("defaults: %v t, %+v", fp.TotalT, fp.Quality)
	}
	cats := map[string]Figure{}
	for _, c := range fp.ByCategory {
		cats[c.Key] = c
	}
	if f := cats["45200000"]; f.Factor != "naics 236220 → cpv 452: 0.256 kg CO2e per USD, 2021 prices" || f.FactorSource != factors.EPASource {
		t.Errorf("the factor shown for group 452: %q (%q)", f.Factor, f.FactorSource)
	}
	if f := cats["unclassified"]; !strings.HasPrefix(f.Factor, "the set's catch-all: ") || !strings.Contains(f.FactorSource, "523") {
		t.Errorf("the factor shown for the unclassified: %q (%q)", f.Factor, f.FactorSource)
	}
}

// A NACE factor finer than the concordance (EXIOBASE's classes) reaches
// CPV through its longest mapped prefix.
func TestNACEFactorThroughPrefix(t *testing.T) {
	fs := []cityspend.EmissionFactor{{Set: "x", Scheme: "nace", Code: "10.51", KgPerUnit: 0.17, Currency: "EUR", PriceYear: 2022, Source: "x"}}
	cs := []cityspend.Concordance{{FromScheme: "nace", FromCode: "10.5", ToScheme: "cpv", ToCode: "155"}}
	rs := []cityspend.Rate{{Kind: "fx", Currency: "EUR", To: "NOK", Year: 2022, Value: 10}}
	fp := Compile("x", fs, cs, rs).Compute([]cityspend.FootprintCell{{SupplierID: "a", Category: "15510000", Spend: 1_000_000_00}}, 2022, "NOK", Options{})
	// 1 000 000 NOK = 100 000 EUR × 0.17 = 17 t, category-specific.
	if !near(fp.TotalT, 17) || fp.Quality.Category.Spend != 1_000_000_00 || !strings.Contains(fp.ByCategory[0].Factor, "nace 10.51 (as 10.5) → cpv 155") {
		t.Errorf("%v t, %+v, %q", fp.TotalT, fp.Quality, fp.ByCategory[0].Factor)
	}
}
