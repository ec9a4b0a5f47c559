// SPDX-License-Identifier: EUPL-1.2

package redflags

// R048: a supplier with unusually diverse items. For each supplier that is
// the only supplier of an active award, the distinct item classification
// prefixes (the first `digits` characters, default 2) across its awards are
// counted, as is the number of processes it supplied items in. Among
// suppliers with at least minimum_contracting_processes processes (default
// 20), those with as many prefixes as the upper fence (q3 + 1.5·IQR, or the
// threshold) or more are flagged with that number.
func (w *worker) foldR048(r *release) {
	for i := range r.awards {
		a := &r.awards[i]
		if !a.status.is("active") || len(a.suppliers) != 1 || !a.suppliers[0].ok {
			continue
		}
		id := a.suppliers[0].v
		for _, class := range a.items {
			c := w.r048[id]
			if c == nil {
				c = &classes{codes: map[string]struct{}{}, first: w.line, lastLine: -1}
				w.r048[id] = c
			}
			if c.lastLine != w.line {
				c.lastLine = w.line
				c.count++
			}
			p := prefix(class, w.e.r048Digits)
			if _, ok := c.codes[p]; !ok {
				c.codes[p] = struct{}{}
			}
		}
	}
}

// prefix returns the first n characters (runes) of s.
func prefix(s string, n uint64) string {
	var i uint64
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

func (f *finisher) r048(suppliers []keyedClasses) {
	kept := suppliers[:0:0]
	for _, s := range suppliers {
		if s.count >= f.e.r048MinProcs {
			kept = append(kept, s)
		}
	}
	var fence float64
	if t := f.e.r048Threshold; t != nil {
		fence = float64(*t)
	} else {
		lengths := make([]float64, len(kept))
		for i, s := range kept {
			lengths[i] = float64(len(s.codes))
		}
		q := newQuantiles(lengths)
		q1 := q.lowerQuartile()
		q3 := q.upperQuartile()
		f.res.setMeta(r048, "q1", q1)
		f.res.setMeta(r048, "q3", q3)
		fence = upperFence(q1, q3)
	}
	f.res.setMeta(r048, "upper_fence", fence)
	for _, s := range kept {
		if n := float64(len(s.codes)); n >= fence {
			f.set(Tenderer, s.key, r048, n)
		}
	}
}
