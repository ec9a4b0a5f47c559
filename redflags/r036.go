// SPDX-License-Identifier: EUPL-1.2

package redflags

// R036: the lowest bid is disqualified while the award is on price. For a
// process with an active award, among submitted bids with an amount in the
// main currency, the process is flagged (value 1) if the lowest one (the
// first, on ties) is disqualified and at least one is valid. Processes
// whose procurementMethodDetails is not compared on price are skipped.

// lowestBid tracks, for one currency, the lowest submitted bid.
type lowestBid struct {
	amount                      float64
	has, disqualified, hasValid bool
}

func (w *worker) foldR036(r *release) {
	e := w.e
	if !matchesDetails(r, e.priceInclude, e.priceExclude) {
		return
	}
	active := false
	for i := range r.awards {
		if r.awards[i].status.is("active") {
			active = true
			break
		}
	}
	if !active {
		return
	}
	// As for the bid ratio, work it out per currency present.
	curs := &w.setB
	curs.reset()
	lows := w.lows[:0]
	for i := range r.bids {
		b := &r.bids[i]
		if !b.submitted() || !b.hasAmount || !b.currency.ok {
			continue
		}
		if !e.fixedCurrency && curs.len() == 0 {
			w.observeCurrency(b.currency.v)
		}
		if e.fixedCurrency && b.currency.v != e.currency {
			continue
		}
		k := curs.add(b.currency.v)
		if k == len(lows) {
			lows = append(lows, lowestBid{})
		}
		l := &lows[k]
		if !l.has || b.amount < l.amount {
			l.amount, l.has = b.amount, true
			l.disqualified = b.status.v == "disqualified"
		}
		if b.status.v == "valid" {
			l.hasValid = true
		}
	}
	w.lows = lows
	for k, l := range lows {
		if l.hasValid && l.disqualified {
			w.r036 = append(w.r036, r036Rec{line: w.line, ocid: r.ocid.v, currency: curs.list[k]})
		}
	}
}
