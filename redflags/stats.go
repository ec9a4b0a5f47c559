// SPDX-License-Identifier: EUPL-1.2

package redflags

import (
	"math"
	"slices"
)

// quantiles estimates quantiles of a sample with the median-unbiased
// method (Hyndman and Fan's type 8), as the statistics library behind
// ocdscardinal does: h = (n + 1/3)·tau + 1/3, then linear interpolation
// between the order statistics around h, clamped to the extremes.
type quantiles struct {
	sorted []float64
	hasNaN bool
}

func newQuantiles(data []float64) *quantiles {
	q := &quantiles{sorted: data}
	for _, v := range data {
		if math.IsNaN(v) {
			q.hasNaN = true
		}
	}
	if !q.hasNaN {
		slices.Sort(q.sorted)
	}
	return q
}

func (q *quantiles) quantile(tau float64) float64 {
	n := len(q.sorted)
	if !(tau >= 0 && tau <= 1) || n == 0 {
		return math.NaN()
	}
	if q.hasNaN {
		// The reference's extremes are NaN then, and its selection of inner
		// order statistics is undefined (it depends on hash order, or
		// fails): treat every quantile as NaN, which flags nothing.
		return math.NaN()
	}
	h := (float64(n)+1.0/3.0)*tau + 1.0/3.0
	hf := int64(h)
	if hf <= 0 || tau == 0 {
		return q.sorted[0]
	}
	if hf >= int64(n) || ulpsEqualOne(tau) {
		return q.sorted[n-1]
	}
	a := q.sorted[hf-1]
	b := q.sorted[hf]
	return a + (h-float64(hf))*(b-a)
}

// ulpsEqualOne reports whether tau equals 1 within machine epsilon or four
// units in the last place, the tolerance the reference applies.
func ulpsEqualOne(tau float64) bool {
	if math.Abs(tau-1) <= 0x1p-52 {
		return true
	}
	if tau < 0 {
		return false
	}
	d := int64(math.Float64bits(tau)) - int64(math.Float64bits(1))
	return d >= -4 && d <= 4
}

func (q *quantiles) lowerQuartile() float64 { return q.quantile(0.25) }
func (q *quantiles) upperQuartile() float64 { return q.quantile(0.75) }

// percentile is the quantile at p/100.
func (q *quantiles) percentile(p uint64) float64 { return q.quantile(float64(p) / 100) }

// upperFence is q3 + 1.5·IQR, computed with one rounding as the reference does.
func upperFence(q1, q3 float64) float64 { return math.FMA(q3-q1, 1.5, q3) }

// lowerFence is q1 − 1.5·IQR, computed with one rounding.
func lowerFence(q1, q3 float64) float64 { return math.FMA(q3-q1, -1.5, q1) }
