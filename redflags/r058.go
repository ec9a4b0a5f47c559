// SPDX-License-Identifier: EUPL-1.2

package redflags

// R058: the second-lowest bid ratio is a high outlier (the winner bid far
// below everyone else). The upper fence is q3 + 1.5·IQR of all ratios unless
// a threshold is set; nothing is flagged when the fence is not positive. A
// flagged process gets its ratio and the winner gets 0.
func (f *finisher) r058(recs []slbrRec) {
	var fence float64
	if t := f.e.r058Threshold; t != nil {
		fence = *t
	} else {
		q := newQuantiles(ratioValues(recs))
		q1 := q.lowerQuartile()
		q3 := q.upperQuartile()
		f.res.setMeta(r058, "q1", q1)
		f.res.setMeta(r058, "q3", q3)
		fence = upperFence(q1, q3)
	}
	f.res.setMeta(r058, "upper_fence", fence)
	if !(fence > 0) {
		return
	}
	for _, rec := range recs {
		if rec.ratio >= fence {
			f.set(OCID, rec.ocid, r058, rec.ratio)
			f.set(Tenderer, rec.winner, r058, 0)
		}
	}
}
