// SPDX-License-Identifier: EUPL-1.2

package redflags

// R030: a late bid won. A valid bid whose date sorts after the tender
// period's end date (the two strings are compared as text, as the
// reference does) and whose tenderer is a supplier of an active award flags
// the process and that tenderer (value 1).
func (w *worker) foldR030(r *release) {
	end := r.tender.endDate
	if !end.ok || len(r.awards) == 0 || len(r.bids) == 0 {
		return
	}
	winners := &w.setA
	winners.reset()
	for i := range r.awards {
		a := &r.awards[i]
		if !a.status.is("active") {
			continue
		}
		for _, s := range a.suppliers {
			if s.ok {
				winners.add(s.v)
			}
		}
	}
	if winners.len() == 0 {
		return
	}
	for i := range r.bids {
		b := &r.bids[i]
		if !b.status.is("valid") || !b.date.ok || !(b.date.v > end.v) {
			continue
		}
		for _, t := range b.tenderers {
			if t.ok && winners.has(t.v) {
				w.set(OCID, r.ocid.v, r030, 1)
				w.set(Tenderer, t.v, r030, 1)
			}
		}
	}
}
