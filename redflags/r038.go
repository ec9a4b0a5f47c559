// SPDX-License-Identifier: EUPL-1.2

package redflags

import "fmt"

// R038: a high share of disqualified bids. Submitted bids are counted per
// buyer and per procuring entity (all bids of their processes) and per
// tenderer (its own bids), with how many were disqualified. Among those with
// at least minimum_contracting_processes bids (buyers, procuring entities;
// default 2) or minimum_submitted_bids (tenderers; default 2), the ratio is
// flagged at or above the upper fence (q3 + 1.5·IQR of the group's ratios, or
// the threshold), if the fence is positive. The value is the ratio.
func (w *worker) foldR038(r *release) {
	submitted, disqualified := uint64(0), uint64(0)
	for i := range r.bids {
		b := &r.bids[i]
		if !b.submitted() {
			continue
		}
		submitted++
		inc := uint64(0)
		if b.status.v == "disqualified" {
			inc = 1
		}
		disqualified += inc
		for _, t := range b.tenderers {
			if t.ok {
				f := w.frac(w.r038[2], t.v)
				f.num += inc
				f.den++
			}
		}
	}
	if submitted == 0 {
		return
	}
	if r.buyerID.ok {
		f := w.frac(w.r038[0], r.buyerID.v)
		f.num += disqualified
		f.den += submitted
	}
	if id := r.tender.procuringEntityID; id.ok {
		f := w.frac(w.r038[1], id.v)
		f.num += disqualified
		f.den += submitted
	}
}

func (f *finisher) r038(g Group, all []keyedFraction) {
	minimum := f.e.r038MinProcs
	if g == Tenderer {
		minimum = f.e.r038MinBids
	}
	kept := all[:0:0]
	for _, k := range all {
		if k.den >= minimum {
			kept = append(kept, k)
		}
	}
	if len(kept) == 0 {
		return
	}
	ratio := func(k keyedFraction) float64 { return float64(k.num) / float64(k.den) }
	var fence float64
	if t := f.e.r038Threshold; t != nil {
		fence = *t
	} else {
		ratios := make([]float64, len(kept))
		for i, k := range kept {
			ratios[i] = ratio(k)
		}
		q := newQuantiles(ratios)
		q1 := q.lowerQuartile()
		q3 := q.upperQuartile()
		f.res.setMeta(r038, fmt.Sprintf("%s_q1", g), q1)
		f.res.setMeta(r038, fmt.Sprintf("%s_q3", g), q3)
		fence = upperFence(q1, q3)
	}
	f.res.setMeta(r038, fmt.Sprintf("%s_upper_fence", g), fence)
	if !(fence > 0) {
		return
	}
	for _, k := range kept {
		if v := ratio(k); v >= fence {
			f.set(g, k.key, r038, v)
		}
	}
}
