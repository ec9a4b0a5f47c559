// SPDX-License-Identifier: EUPL-1.2

package gen

import (
	"math"

	"github.com/cityspend/cityspend"
)

// RatesSource labels the synthetic conversion tables.
const RatesSource = "cityspend demo: illustrative values, not official statistics"

// Rates are synthetic conversion tables for the demo's climate footprint: a
// NOK price index rising 3 % a year from 100 in 2017, and flat exchange
// rates (1 NOK = 0.10 USD = 0.09 EUR) for the years from..to. They are
// made up, labelled as such, and replaced by importing real ones.
func Rates(from, to int) []cityspend.Rate {
	var out []cityspend.Rate
	for y := from; y <= to; y++ {
		idx := math.Round(100*math.Pow(1.03, float64(y-2017))*100) / 100
		out = append(out, cityspend.Rate{Kind: cityspend.RateDeflator, Currency: "NOK", Year: y, Value: idx, Source: RatesSource},
			cityspend.Rate{Kind: cityspend.RateFX, Currency: "NOK", To: "USD", Year: y, Value: 0.10, Source: RatesSource},
			cityspend.Rate{Kind: cityspend.RateFX, Currency: "NOK", To: "EUR", Year: y, Value: 0.09, Source: RatesSource})
	}
	return out
}

// UKRates are the same made-up tables for the demo's English council: a
// GBP price index rising 3 % a year from 100 in 2017 and flat exchange
// rates (1 GBP = 1.27 USD = 1.17 EUR).
func UKRates(from, to int) []cityspend.Rate {
	var out []cityspend.Rate
	for y := from; y <= to; y++ {
		idx := math.Round(100*math.Pow(1.03, float64(y-2017))*100) / 100
		out = append(out, cityspend.Rate{Kind: cityspend.RateDeflator, Currency: "GBP", Year: y, Value: idx, Source: RatesSource},
			cityspend.Rate{Kind: cityspend.RateFX, Currency: "GBP", To: "USD", Year: y, Value: 1.27, Source: RatesSource},
			cityspend.Rate{Kind: cityspend.RateFX, Currency: "GBP", To: "EUR", Year: y, Value: 1.17, Source: RatesSource})
	}
	return out
}
