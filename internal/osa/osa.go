// SPDX-License-Identifier: EUPL-1.2

// Package osa is the optimal-string-alignment edit distance: the number of
// insertions, deletions, substitutions and adjacent transpositions that
// turn one sequence into another. Supplier names are compared by their
// bytes and ledger headers by their runes; both use this one
// implementation.
package osa

// Distance is the distance between a and b, or a number above limit as
// soon as it must exceed limit. Sequences of up to 64 elements are
// compared without allocating.
func Distance[E comparable](a, b []E, limit int) int {
	var buf [3 * 65]int
	n := len(b) + 1
	var rows []int
	if 3*n <= len(buf) {
		rows = buf[:3*n]
	} else {
		rows = make([]int, 3*n)
	}
	prev2, prev, cur := rows[:n], rows[n:2*n], rows[2*n:]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
