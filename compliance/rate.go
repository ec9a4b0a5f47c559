// SPDX-License-Identifier: EUPL-1.2

package compliance

import (
	"math"

	"github.com/cityspend/cityspend"
)

// Rate is how many findings a year's procurement had per 100 million of
// its spend (in the buyer's currency), with an approximate 95 % interval
// of the rate: the figure the cities compared rank (peers).
type Rate struct {
	Count     int
	Per100M   float64
	Low, High float64
}

// RateIn is the rate of the findings not dismissed whose window ends in p,
// per 100 million of spend (minor units, p's procurement spend); ok is
// false when there is no spend to divide by.
func RateIn(fs []cityspend.Finding, p cityspend.Period, spend cityspend.Amount) (r Rate, ok bool) {
	if spend <= 0 {
		return Rate{}, false
	}
	for _, f := range fs {
		if f.Status != cityspend.StatusDismissed && p.Contains(f.To) {
			r.Count++
		}
	}
	per := 1e8 / (float64(spend) / 100) // per 100 million of the currency
	lo, hi := poisson(r.Count)
	r.Per100M, r.Low, r.High = float64(r.Count)*per, lo*per, hi*per
	return r, true
}

// poisson is an approximate 95 % interval of a count: n ± 1.96 √n, and 0
// to 3 for none (the rule of three).
func poisson(n int) (lo, hi float64) {
	if n == 0 {
		return 0, 3
	}
	d := 1.96 * math.Sqrt(float64(n))
	return math.Max(0, float64(n)-d), float64(n) + d
}
