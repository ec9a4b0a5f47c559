package classify_test

import (
	"context"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/internal/fixture"
)

// On the generator's labelled data (a seed the rules were not tuned on):
// ≥ 95 % of spend classified, division accuracy ≥ 90 %, group ≥ 80 %.
func TestAccuracyOnGeneratedLedger(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated municipality")
	}
	m := fixture.Build(t, fixture.Options{Seed: 5, Lines: 20000})
	rows, err := classify.ReadTruth(m.Truth)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := classify.Evaluate(context.Background(), m.Store, m.Buyer.ID, rows)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d lines: coverage %.3f, division %.3f, group %.3f; %v", ev.Lines, ev.Coverage, ev.DivisionAccuracy, ev.GroupAccuracy, ev.ByRule)
	if ev.Coverage < 0.95 || ev.DivisionAccuracy < 0.90 || ev.GroupAccuracy < 0.80 {
		t.Errorf("coverage %.3f (want ≥ 0.95), division %.3f (≥ 0.90), group %.3f (≥ 0.80); confusions %+v", ev.Coverage,
			ev.DivisionAccuracy, ev.GroupAccuracy, ev.Confusions)
	}
	// The stored classification agrees: every line's spend is classified
	// but for what the evaluation left out.
	items, err := m.Store.Items(context.Background(), m.Buyer.ID)
	if err != nil {
		t.Fatal(err)
	}
	var all, done cityspend.Amount
	for _, it := range items {
		a := max(it.Spend, -it.Spend)
		all += a
		if it.Category.CPV != "" {
			done += a
			if it.Category.Rule == "" || it.Category.Reason == "" {
				t.Errorf("item %d: a category without its rule and reason: %+v", it.ID, it.Category)
			}
		}
	}
	if cityspend.Share(done, all) < 0.95 {
		t.Errorf("stored coverage %.3f", cityspend.Share(done, all))
	}
}
