// SPDX-License-Identifier: EUPL-1.2

package redflags

import (
	"slices"
)

type priceKey struct {
	amount   float64
	currency string
}

// R028: identical bid prices from different tenderers. Among submitted bids
// with an amount, a currency and at least one identified tenderer, two bids
// with the same amount and currency but different sets of tenderers flag
// the process and all those tenderers (value 1). A tenderer may repeat its
// own price. Processes whose procurementMethodDetails is not compared on
// price are skipped.
func (w *worker) foldR028(r *release) {
	e := w.e
	if !matchesDetails(r, e.priceInclude, e.priceExclude) {
		return
	}
	clear(w.prices)
	w.arena = w.arena[:0]
	for i := range r.bids {
		b := &r.bids[i]
		if !b.submitted() || !b.hasAmount || !b.currency.ok {
			continue
		}
		// The bid's tenderers as a sorted set, kept in the arena.
		start := len(w.arena)
		for _, t := range b.tenderers {
			if t.ok {
				w.arena = append(w.arena, t.v)
			}
		}
		ids := w.arena[start:len(w.arena):len(w.arena)]
		if len(ids) == 0 {
			continue
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		key := priceKey{b.amount, b.currency.v}
		if other, ok := w.prices[key]; ok && !slices.Equal(ids, other) {
			w.set(OCID, r.ocid.v, r028, 1)
			for _, id := range ids {
				w.set(Tenderer, id, r028, 1)
			}
			for _, id := range other {
				w.set(Tenderer, id, r028, 1)
			}
		}
		w.prices[key] = ids
	}
}
