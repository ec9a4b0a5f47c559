// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"math/bits"

	"github.com/cityspend/cityspend"
)

// repeatSieve finds, while a file's rows are staged, the keys that may occur
// in it more than once, so that the import numbers the occurrences of those
// keys only (dedup) instead of grouping every line of the batch by its key:
// at 10 million lines that grouping is a hash table of 10 million keys,
// 1.3–1.7 s of the import (docs/benchmarks.md).
//
// Every key goes through a blocked Bloom filter: a key seen before is
// certainly reported as seen, a key not seen before is reported as seen
// with a small probability (about 0.1% at 16 bits per key), so the keys it
// collects are every repeated key and a few more, which the numbering then
// finds once each. Filters are chained: when one holds its capacity, a new
// one four times larger takes the next keys, and a key is looked up in
// all. Memory is bounded: past sieveMaxBits of filters, or sieveMaxMaybe
// keys collected, the sieve gives up (overflow) and the import groups the
// batch by key as before.
type repeatSieve struct {
	filters  []bloomBlocks
	maybe    map[cityspend.DedupKey]struct{}
	overflow bool
}

const (
	// sieveFirstKeys is the capacity of the first filter (2 MB); each next
	// one has four times the capacity of the last.
	sieveFirstKeys = 1 << 20
	// sieveBitsPerKey sizes a filter for its capacity.
	sieveBitsPerKey = 16
	// sieveMaxBits bounds the filters' memory: 64 MB, about 21 million
	// keys (the filters of 1, 4 and 16 million).
	sieveMaxBits = 64 << 23
	// sieveMaxMaybe bounds the keys collected (about 40 MB with the map's
	// overhead); a file with more repeats is numbered by grouping.
	sieveMaxMaybe = 1 << 20
)

func newRepeatSieve() *repeatSieve {
	return &repeatSieve{maybe: map[cityspend.DedupKey]struct{}{}}
}

// add notes a key; a key it may have seen before is collected.
func (s *repeatSieve) add(k cityspend.DedupKey) {
	if s.overflow {
		return
	}
	for i := range s.filters {
		if s.filters[i].has(k) {
			s.maybe[k] = struct{}{}
			if len(s.maybe) > sieveMaxMaybe {
				s.giveUp()
			}
			return
		}
	}
	if len(s.filters) == 0 || s.filters[len(s.filters)-1].full() {
		capacity := sieveFirstKeys << (2 * len(s.filters))
		total := 0
		for _, f := range s.filters {
			total += len(f.words) * 64
		}
		if total+capacity*sieveBitsPerKey > sieveMaxBits {
			s.giveUp()
			return
		}
		s.filters = append(s.filters, newBloomBlocks(capacity))
	}
	s.filters[len(s.filters)-1].set(k)
}

func (s *repeatSieve) giveUp() {
	s.overflow, s.filters, s.maybe = true, nil, nil
}

// candidates are the keys that may repeat within the file, and whether the
// sieve could tell (false: it gave up, every key is a candidate).
func (s *repeatSieve) candidates() ([]cityspend.DedupKey, bool) {
	if s.overflow {
		return nil, false
	}
	keys := make([]cityspend.DedupKey, 0, len(s.maybe))
	for k := range s.maybe {
		keys = append(keys, k)
	}
	return keys, true
}

// bloomBlocks is a blocked Bloom filter: a key sets one bit in each of the
// eight words of one 64-byte block (one cache line), chosen by its low
// half; its high half picks the bits. The key is a hash already.
type bloomBlocks struct {
	words    []uint64
	blocks   uint64 // a power of two
	n, limit int
}

func newBloomBlocks(capacity int) bloomBlocks {
	blocks := uint64(1) << bits.Len64(uint64(capacity*sieveBitsPerKey/512-1))
	return bloomBlocks{words: make([]uint64, blocks*8), blocks: blocks, limit: capacity}
}

func (f *bloomBlocks) full() bool { return f.n >= f.limit }

func (f *bloomBlocks) block(k cityspend.DedupKey) []uint64 {
	b := (k.Lo & (f.blocks - 1)) * 8
	return f.words[b : b+8 : b+8]
}

func (f *bloomBlocks) set(k cityspend.DedupKey) {
	w := f.block(k)
	h := k.Hi
	for i := range w {
		w[i] |= 1 << (h & 63)
		h >>= 6
	}
	f.n++
}

func (f *bloomBlocks) has(k cityspend.DedupKey) bool {
	w := f.block(k)
	h := k.Hi
	for i := range w {
		if w[i]&(1<<(h&63)) == 0 {
			return false
		}
		h >>= 6
	}
	return true
}
