// SPDX-License-Identifier: EUPL-1.2

package redflags

// R025: a tenderer that bids often wins rarely. Over processes whose awards
// are all final with one active award to one supplier, each tenderer with a
// valid bid (single-tenderer bids only) counts one submission per process,
// and one win if it is the supplier. Flagged: tenderers whose submissions
// reach the configured percentile (75th) of all tenderers' submissions and
// whose win ratio is at or below the lower fence (q1 − 1.5·IQR of all win
// ratios, or the threshold). Nothing is flagged if q1 or the fence is not
// positive. The value is the win ratio.
func (w *worker) foldR025(r *release) {
	supplier, ok := soleSupplier(r)
	if !ok {
		return
	}
	ids := &w.setA
	ids.reset()
	for i := range r.bids {
		b := &r.bids[i]
		if b.status.is("valid") && len(b.tenderers) == 1 && b.tenderers[0].ok {
			ids.add(b.tenderers[0].v)
		}
	}
	for _, id := range ids.list {
		f := w.frac(w.r025, id)
		f.den++
		if id == supplier {
			f.num++
		}
	}
}

func (f *finisher) r025(tenderers []keyedFraction) {
	dens := make([]float64, len(tenderers))
	for i, t := range tenderers {
		dens[i] = float64(t.den)
	}
	minSubmissions := newQuantiles(dens).percentile(f.e.r025Percentile)
	var fence, q1 float64
	if t := f.e.r025Threshold; t != nil {
		fence, q1 = *t, 1
	} else {
		ratios := make([]float64, len(tenderers))
		for i, t := range tenderers {
			ratios[i] = float64(t.num) / float64(t.den)
		}
		q := newQuantiles(ratios)
		q1 = q.lowerQuartile()
		q3 := q.upperQuartile()
		f.res.setMeta(r025, "q1", q1)
		f.res.setMeta(r025, "q3", q3)
		fence = lowerFence(q1, q3)
	}
	f.res.setMeta(r025, "upper_fence", minSubmissions)
	f.res.setMeta(r025, "lower_fence", fence)
	if !(q1 > 0 && fence > 0) {
		return
	}
	for _, t := range tenderers {
		ratio := float64(t.num) / float64(t.den)
		if float64(t.den) >= minSubmissions && ratio <= fence {
			f.set(Tenderer, t.key, r025, ratio)
		}
	}
}
