// SPDX-License-Identifier: EUPL-1.2

package gen

import (
	"sort"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// ContractPair is a supplier's spend in one CPV group: what a synthetic
// contract register (the demo's, the plan's tests') gives a contract to.
type ContractPair struct {
	Group, SupplierID string
	Spend             cityspend.Amount
	First             time.Time // the first month with spend
}

// LargestPairs sums monthly spend by CPV group and supplier (account
// groups and spend without a supplier left out) and returns the n largest
// pairs, the largest first, ties by group then supplier.
func LargestPairs(months []cityspend.MonthSpend, n int) []ContractPair {
	type key struct{ group, supplier string }
	by := map[key]*ContractPair{}
	for _, m := range months {
		if strings.HasPrefix(m.Group, "account:") || m.SupplierID == "" {
			continue
		}
		k := key{m.Group, m.SupplierID}
		p := by[k]
		if p == nil {
			p = &ContractPair{Group: m.Group, SupplierID: m.SupplierID, First: m.Month}
			by[k] = p
		}
		p.Spend += m.Spend
		if m.Month.Before(p.First) {
			p.First = m.Month
		}
	}
	pairs := make([]ContractPair, 0, len(by))
	for _, p := range by {
		pairs = append(pairs, *p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		a, b := pairs[i], pairs[j]
		if a.Spend != b.Spend {
			return a.Spend > b.Spend
		}
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		return a.SupplierID < b.SupplierID
	})
	return pairs[:min(n, len(pairs))]
}
