// SPDX-License-Identifier: EUPL-1.2

package redflags

// R024: the second-lowest bid ratio is a low outlier. The lower fence is
// q1 − 1.5·IQR of all ratios unless a threshold is set; nothing is flagged
// when q1 or the fence is not positive. A flagged process gets its ratio;
// the winner and the lowest other tenderer get 0.
func (f *finisher) r024(recs []slbrRec) {
	var fence, q1 float64
	if t := f.e.r024Threshold; t != nil {
		fence, q1 = *t, 1
	} else {
		q := newQuantiles(ratioValues(recs))
		q1 = q.lowerQuartile()
		q3 := q.upperQuartile()
		f.res.setMeta(r024, "q1", q1)
		f.res.setMeta(r024, "q3", q3)
		fence = lowerFence(q1, q3)
	}
	f.res.setMeta(r024, "lower_fence", fence)
	if !(q1 > 0 && fence > 0) {
		return
	}
	for _, rec := range recs {
		if rec.ratio <= fence {
			f.set(OCID, rec.ocid, r024, rec.ratio)
			f.set(Tenderer, rec.winner, r024, 0)
			f.set(Tenderer, rec.loser, r024, 0)
		}
	}
}
