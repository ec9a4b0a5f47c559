// SPDX-License-Identifier: EUPL-1.2

package redflags

import "slices"

// The second-lowest bid ratio, shared by R024 and R058: for a process whose
// awards are all final, with exactly one active award to exactly one
// supplier, it is (lowest valid bid of any other tenderer − lowest valid bid
// of the supplier) ÷ the supplier's lowest valid bid. Only valid bids with an
// amount, a currency and exactly one tenderer count, and only in the main
// currency. It is undefined if another tenderer bid lower than the winner
// (the award was then not on price alone), and for processes whose
// procurementMethodDetails is not compared on price.

// gap tracks, for one currency, the supplier's and the others' lowest bids.
type gap struct {
	win, lose       float64
	winner, loser   string
	hasWin, hasLose bool
}

func (w *worker) foldSLBR(r *release) {
	e := w.e
	if !matchesDetails(r, e.priceInclude, e.priceExclude) {
		return
	}
	supplier, ok := soleSupplier(r)
	if !ok {
		return
	}
	// Work out the ratio for each currency present (or just the configured
	// one): the main currency is only known once the whole input is read.
	curs := &w.setB
	curs.reset()
	gaps := w.gaps[:0]
	for i := range r.bids {
		b := &r.bids[i]
		if !priced(b) {
			continue
		}
		if !e.fixedCurrency && curs.len() == 0 {
			w.observeCurrency(b.currency.v)
		}
		if e.fixedCurrency && b.currency.v != e.currency {
			continue
		}
		k := curs.add(b.currency.v)
		if k == len(gaps) {
			gaps = append(gaps, gap{})
		}
		g := &gaps[k]
		id := b.tenderers[0].v
		if id == supplier {
			if !g.hasWin || b.amount < g.win {
				g.win, g.winner, g.hasWin = b.amount, id, true
			}
		} else if !g.hasLose || b.amount < g.lose {
			g.lose, g.loser, g.hasLose = b.amount, id, true
		}
	}
	w.gaps = gaps
	for k, g := range gaps {
		if g.hasWin && g.hasLose && g.lose >= g.win {
			w.slbr = append(w.slbr, slbrRec{line: w.line, ocid: r.ocid.v, currency: curs.list[k],
				ratio: (g.lose - g.win) / g.win, winner: g.winner, loser: g.loser})
		}
	}
}

// priced reports whether a bid is valid, with an amount, a currency and a
// single identified tenderer.
func priced(b *bid) bool {
	return b.status.is("valid") && b.hasAmount && b.currency.ok && len(b.tenderers) == 1 && b.tenderers[0].ok
}

// secondLowestBidRatios gathers the ratios in the main currency, one per
// ocid (the last line wins when an ocid repeats), in input order.
func secondLowestBidRatios(workers []*worker, currency string) []slbrRec {
	var all []slbrRec
	for _, w := range workers {
		for _, rec := range w.slbr {
			if rec.currency == currency {
				all = append(all, rec)
			}
		}
	}
	slices.SortStableFunc(all, func(a, b slbrRec) int { return cmpInt(a.line, b.line) })
	last := make(map[string]int, len(all))
	for i, rec := range all {
		last[rec.ocid] = i
	}
	out := all[:0]
	for i, rec := range all {
		if last[rec.ocid] == i {
			out = append(out, rec)
		}
	}
	return out
}

func ratioValues(recs []slbrRec) []float64 {
	v := make([]float64, len(recs))
	for i, rec := range recs {
		v[i] = rec.ratio
	}
	return v
}
