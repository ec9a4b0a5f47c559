// SPDX-License-Identifier: EUPL-1.2

package thresholds

import (
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

func date(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestThresholdTable(t *testing.T) {
	tab := NewTable(nil)
	at := tab.At("NO", GoodsServices, date("2025-06-01"))
	var names []string
	for _, x := range at {
		names = append(names, x.Name)
	}
	if len(at) != 3 || at[0].Amount != 100_000_00 || at[1].Amount != 1_300_000_00 || at[2].Amount != 2_300_000_00 {
		t.Errorf("NO 2025: %v", names)
	}
	if w := tab.At("NO", Works, date("2023-06-01")); w[len(w)-1].Amount != 51_500_000_00 {
		t.Errorf("NO works 2023: %+v", w)
	}
	user := []cityspend.Threshold{{Regime: "NO", Name: "test", Kind: Any, Amount: 1_000_00, Currency: "NOK", ValidFrom: date("2000-01-01")}}
	if got := NewTable(user).At("NO", Works, date("2025-01-01")); len(got) != 1 || got[0].Name != "test" {
		t.Errorf("the user's rows replace the regime's: %+v", got)
	}
	if RegimeOf("SE") != "EU" || RegimeOf("GB") != "UK" || RegimeOf("US") != "" {
		t.Error("regimes")
	}
}
