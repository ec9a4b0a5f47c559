// SPDX-License-Identifier: EUPL-1.2

// Package thresholds is the dated table of procurement thresholds by regime
// (Norway, the EU, the UK), excluding VAT, as published (METHODS §4), and
// the regime of a buyer's country. Compliance findings, the procurement
// plan's procedures and the broker's joint opportunities read the same
// table.
package thresholds

import (
	"sort"
	"time"

	"github.com/cityspend/cityspend"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Threshold kinds.
const (
	GoodsServices = "goods_services"
	Works         = "works"
	Any           = "any"
)

// Shipped thresholds, excluding VAT (METHODS §4). Users add or change rows
// with `cityspend thresholds`; a regime's user rows replace the shipped ones.
// UK thresholds since 2024 include VAT in law; the rows here are the
// published figures, and amounts in the ledger exclude VAT, so a UK finding
// is conservative by the VAT.
var Shipped = []cityspend.Threshold{
	{Regime: "NO", Name: "the regulations' floor", Kind: Any, Amount: 100_000_00, Currency: "NOK", ValidFrom: day(2017, 1, 1)},
	{Regime: "NO", Name: "national threshold (notice on Doffin)", Kind: Any, Amount: 1_300_000_00, Currency: "NOK", ValidFrom: day(2022, 1, 1)},
	{Regime: "NO", Name: "EEA threshold, municipalities, goods and services", Kind: GoodsServices, Amount: 2_050_000_00, Currency: "NOK",
		ValidFrom: day(2022, 1, 1), ValidTo: day(2024, 1, 1)},
	{Regime: "NO", Name: "EEA threshold, works", Kind: Works, Amount: 51_500_000_00, Currency: "NOK", ValidFrom: day(2022, 1, 1), ValidTo: day(2024, 1, 1)},
	{Regime: "NO", Name: "EEA threshold, municipalities, goods and services", Kind: GoodsServices, Amount: 2_300_000_00, Currency: "NOK",
		ValidFrom: day(2024, 1, 1)},
	{Regime: "NO", Name: "EEA threshold, works", Kind: Works, Amount: 57_800_000_00, Currency: "NOK", ValidFrom: day(2024, 1, 1)},
	{Regime: "EU", Name: "sub-central authorities, goods and services", Kind: GoodsServices, Amount: 221_000_00, Currency: "EUR",
		ValidFrom: day(2024, 1, 1), ValidTo: day(2026, 1, 1)},
	{Regime: "EU", Name: "works and concessions", Kind: Works, Amount: 5_538_000_00, Currency: "EUR", ValidFrom: day(2024, 1, 1), ValidTo: day(2026, 1, 1)},
	{Regime: "EU", Name: "sub-central authorities, goods and services", Kind: GoodsServices, Amount: 216_000_00, Currency: "EUR", ValidFrom: day(2026, 1, 1)},
	{Regime: "EU", Name: "works and concessions", Kind: Works, Amount: 5_404_000_00, Currency: "EUR", ValidFrom: day(2026, 1, 1)},
	{Regime: "UK", Name: "other contracting authorities, goods and services", Kind: GoodsServices, Amount: 214_904_00, Currency: "GBP",
		ValidFrom: day(2024, 1, 1)},
	{Regime: "UK", Name: "works", Kind: Works, Amount: 5_372_609_00, Currency: "GBP", ValidFrom: day(2024, 1, 1)},
}

// euCountries use the EU's thresholds.
var euCountries = map[string]bool{"AT": true, "BE": true, "BG": true, "HR": true, "CY": true, "CZ": true, "DK": true, "EE": true, "FI": true,
	"FR": true, "DE": true, "GR": true, "HU": true, "IE": true, "IT": true, "LV": true, "LT": true, "LU": true, "MT": true, "NL": true, "PL": true,
	"PT": true, "RO": true, "SK": true, "SI": true, "ES": true, "SE": true}

// RegimeOf is the threshold regime of a buyer's country.
func RegimeOf(country string) string {
	switch {
	case country == "NO":
		return "NO"
	case country == "GB":
		return "UK"
	case euCountries[country]:
		return "EU"
	}
	return ""
}

// Table is the thresholds in force, the user's rows replacing a regime's
// shipped ones.
type Table []cityspend.Threshold

// NewTable merges the user's rows over the shipped ones.
func NewTable(user []cityspend.Threshold) Table {
	own := map[string]bool{}
	for _, t := range user {
		own[t.Regime] = true
	}
	var out Table
	for _, t := range Shipped {
		if !own[t.Regime] {
			out = append(out, t)
		}
	}
	return append(out, user...)
}

// At returns a regime's thresholds for a kind on a date, lowest first.
func (t Table) At(regime, kind string, on time.Time) []cityspend.Threshold {
	var out []cityspend.Threshold
	for _, x := range t {
		if x.Regime != regime || (x.Kind != Any && x.Kind != kind) || on.Before(x.ValidFrom) || (!x.ValidTo.IsZero() && !on.Before(x.ValidTo)) {
			continue
		}
		out = append(out, x)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Amount < out[j].Amount })
	return out
}
