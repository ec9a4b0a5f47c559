// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
)

// Matching quality on the labelled synthetic set: the right supplier in
// the top 5 for at least 90 % of challenges, on several seeds.
func TestMatchingQuality(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 4, 5} {
		cands, chs, truth := Synthetic(seed)
		top5, top1 := TopN(cands, chs, truth, 5), TopN(cands, chs, truth, 1)
		t.Logf("seed %d: %d challenges, %d suppliers: right one first %.0f %%, in the top 5 %.0f %%", seed, len(chs), len(cands), top1*100, top5*100)
		if top5 < 0.9 {
			t.Errorf("seed %d: top-5 %.2f, want ≥ 0.90", seed, top5)
		}
	}
}

// Every match says why; no fit, no match; local first when the buyer asks.
func TestRankReasons(t *testing.T) {
	ch := cityspend.Challenge{BuyerID: "3909", Title: "Snow clearing", Problem: "We need snow clearing and gritting of pavements", CPV: []string{"77300000"}}
	cands := []Candidate{
		{SupplierID: "a", Name: "Far AS", CPV: []string{"77310000"}, Text: "snow clearing gritting pavements winter", Municipality: "0301", Size: cityspend.ClassLarge},
		{SupplierID: "b", Name: "Near AS", CPV: []string{"77310000"}, Text: "snow clearing winter", Municipality: "3909", Size: cityspend.ClassSmall,
			Spend: map[string]map[string]cityspend.Amount{"3909": {"77300000": 1_000_00}}},
		{SupplierID: "c", Name: "Bakery AS", CPV: []string{"15810000"}, Text: "bread cakes", Municipality: "3909"},
	}
	ms := Rank(ch, "3909", cands, 0)
	if len(ms) != 2 {
		t.Fatalf("matches %+v", ms)
	}
	for _, m := range ms {
		if len(m.Reasons) == 0 || !strings.Contains(strings.Join(m.Reasons, ";"), "CPV 77300000") {
			t.Errorf("%s: reasons %v", m.Name, m.Reasons)
		}
	}
	if ms[0].SupplierID != "b" || !strings.Contains(strings.Join(ms[0].Reasons, ";"), "local") || !strings.Contains(strings.Join(ms[0].Reasons, ";"), "supplied buyer 3909") {
		t.Errorf("the local SME that supplied the buyer comes first: %+v", ms)
	}
}
