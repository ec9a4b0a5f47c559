// SPDX-License-Identifier: EUPL-1.2

package redflags

// R035: all bids are disqualified except the winner's. When all awards are
// final, exactly one tenderer has valid bids and it is exactly the set of
// suppliers of the active awards, the number of other tenderers with
// disqualified bids is counted; at or above the threshold (1, never less)
// the process gets that count and the winner gets 0.
func (w *worker) foldR035(r *release) {
	_, _, final := completeAwards(r)
	if !final {
		return
	}
	winners, valid, disqualified := &w.setA, &w.setB, &w.setC
	winners.reset()
	valid.reset()
	disqualified.reset()
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
	for i := range r.bids {
		b := &r.bids[i]
		if !b.status.ok {
			continue
		}
		switch b.status.v {
		case "valid":
			for _, t := range b.tenderers {
				if t.ok {
					valid.add(t.v)
				}
			}
		case "disqualified":
			for _, t := range b.tenderers {
				if t.ok {
					disqualified.add(t.v)
				}
			}
		}
	}
	if valid.len() != 1 || winners.len() != 1 || winners.list[0] != valid.list[0] {
		return
	}
	winner := valid.list[0]
	n := uint64(0)
	for _, id := range disqualified.list {
		if id != winner {
			n++
		}
	}
	if n >= w.e.r035Threshold {
		w.set(OCID, r.ocid.v, r035, float64(n))
		w.set(Tenderer, winner, r035, 0)
	}
}
