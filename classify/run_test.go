// SPDX-License-Identifier: EUPL-1.2

package classify

import (
	"hash/maphash"
	"testing"

	"github.com/cityspend/cityspend"
)

// A run keeps each distinct reason's clauses once: equal clauses give the
// slice kept first, others are kept as they are.
func TestReasonsOnce(t *testing.T) {
	r := reasons{seed: maphash.MakeSeed(), m: map[uint64][]cityspend.ReasonPart{}}
	a := []cityspend.ReasonPart{{Key: "keyword", Args: []string{"src:description", "brøyt*", "cpv:90620000"}}}
	b := []cityspend.ReasonPart{{Key: "keyword", Args: []string{"src:description", "brøyt*", "cpv:90620000"}}}
	c := []cityspend.ReasonPart{{Key: "keyword", Args: []string{"src:description", "brøyt*"}}, {Key: "cpv:90620000"}}
	if got := r.once(a); &got[0] != &a[0] {
		t.Error("the first clauses are not kept")
	}
	if got := r.once(b); &got[0] != &a[0] {
		t.Error("equal clauses: not the ones kept first")
	}
	if got := r.once(c); &got[0] != &c[0] || len(got) != 2 {
		t.Errorf("other clauses: %v, want them as they are", got)
	}
	if got := r.once(nil); got != nil {
		t.Errorf("no clauses: %v", got)
	}
}
