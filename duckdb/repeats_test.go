// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"math/rand/v2"
	"testing"

	"github.com/cityspend/cityspend"
)

// TestRepeatSieve: every key added twice is a candidate (no repeat is ever
// missed, across the chained filters), and few keys added once are.
func TestRepeatSieve(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	s := newRepeatSieve()
	const n = 3 * sieveFirstKeys // three filters
	var repeated []cityspend.DedupKey
	for i := 0; i < n; i++ {
		k := cityspend.DedupKey{Hi: r.Uint64(), Lo: r.Uint64()}
		s.add(k)
		if i%1000 == 0 {
			repeated = append(repeated, k)
		}
	}
	for _, k := range repeated {
		s.add(k)
	}
	if len(s.filters) < 2 {
		t.Fatalf("%d filters after %d keys; want the chain to grow", len(s.filters), n)
	}
	keys, ok := s.candidates()
	if !ok {
		t.Fatal("the sieve gave up")
	}
	got := map[cityspend.DedupKey]bool{}
	for _, k := range keys {
		got[k] = true
	}
	for _, k := range repeated {
		if !got[k] {
			t.Fatalf("repeated key %v is not a candidate", k)
		}
	}
	if extra := len(keys) - len(repeated); extra > n/200 {
		t.Errorf("%d candidates for %d repeated keys: %d false positives in %d keys, want under 0.5%%", len(keys), len(repeated), extra, n)
	}
}

// TestRepeatSieveGivesUp: past its bound of collected keys the sieve says
// it cannot tell, rather than miss a repeat or grow without end.
func TestRepeatSieveGivesUp(t *testing.T) {
	s := newRepeatSieve()
	for i := 0; i <= sieveMaxMaybe; i++ {
		k := cityspend.DedupKey{Hi: uint64(i) * 0x9e3779b97f4a7c15, Lo: uint64(i) * 0xbf58476d1ce4e5b9}
		s.add(k)
		s.add(k)
	}
	if _, ok := s.candidates(); ok {
		t.Fatalf("the sieve kept %d repeated keys; want it to give up past %d", sieveMaxMaybe+1, sieveMaxMaybe)
	}
}

func BenchmarkRepeatSieve(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	keys := make([]cityspend.DedupKey, 1<<22)
	for i := range keys {
		keys[i] = cityspend.DedupKey{Hi: r.Uint64(), Lo: r.Uint64()}
	}
	b.ResetTimer()
	s := newRepeatSieve()
	for i := 0; i < b.N; i++ {
		if i%len(keys) == 0 {
			s = newRepeatSieve()
		}
		s.add(keys[i%len(keys)])
	}
}
