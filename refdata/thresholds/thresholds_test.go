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
	if w := tab.At("NO", Works, date("2021-06-01")); w[len(w)-1].Amount != 51_500_000_00 {
		t.Errorf("NO works 2021: %+v", w)
	}
	if w := tab.At("NO", Works, date("2023-06-01")); w[len(w)-1].Amount != 56_000_000_00 {
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

func TestRowsCited(t *testing.T) {
	slugs := map[string]bool{RuleNOFloor: true, RuleNONational: true, RuleNOEEA: true, RuleEU: true, RuleUK: true, RuleLightNO: true,
		RuleLightEU: true, RuleLightUK: true}
	for i, x := range Shipped {
		if x.Source == "" || !slugs[x.Rule] || x.ValidFrom.IsZero() || (!x.ValidTo.IsZero() && !x.ValidTo.After(x.ValidFrom)) || x.Amount <= 0 {
			t.Errorf("row %d (%s %s): source %q, rule %q, %v–%v", i, x.Regime, x.Name, x.Source, x.Rule, x.ValidFrom, x.ValidTo)
		}
		if (x.Regime == "UK") != (x.Currency == "GBP") || x.IncludesVAT && x.Regime != "UK" {
			t.Errorf("row %d: currency or VAT: %+v", i, x)
		}
		// No two rows of the same rule, kind and authority overlap.
		for j, y := range Shipped[:i] {
			if x.Regime == y.Regime && x.Rule == y.Rule && x.Kind == y.Kind && x.Authority == y.Authority &&
				(y.ValidTo.IsZero() || x.ValidFrom.Before(y.ValidTo)) && (x.ValidTo.IsZero() || y.ValidFrom.Before(x.ValidTo)) {
				t.Errorf("rows %d and %d overlap: %s %s", j, i, x.Regime, x.Name)
			}
		}
	}
}

func TestKindOf(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{"45210000", Works}, {"452", Works}, {"45210000-2", Works},
		{"85100000", Light}, {"851", Light}, {"85312000-9", Light}, {"80110000", Light}, {"55524000", Light}, {"75000000", Light},
		{"79951000", Light}, {"79710000", Light}, {"98000000", Light}, {"64110000", Light},
		{"30190000", GoodsServices}, {"799", GoodsServices}, {"98300000", GoodsServices}, {"64200000", GoodsServices}, {"640", GoodsServices},
		{"72000000", GoodsServices}, {"", GoodsServices}, {"account:6700", GoodsServices},
	} {
		if got := KindOf(c.code); got != c.want {
			t.Errorf("KindOf(%q) = %s, want %s", c.code, got, c.want)
		}
	}
}

func TestLightRows(t *testing.T) {
	tab := NewTable(nil)
	for _, c := range []struct {
		regime, on string
		want       cityspend.Amount
	}{{"NO", "2025-06-01", 7_800_000_00}, {"NO", "2021-06-01", 7_200_000_00}, {"EU", "2026-03-01", 750_000_00}, {"UK", "2026-03-01", 663_540_00}} {
		at := tab.At(c.regime, Light, date(c.on))
		if len(at) == 0 || at[len(at)-1].Amount != c.want || at[len(at)-1].Kind != Light {
			t.Errorf("%s light on %s: %+v", c.regime, c.on, at)
		}
		for _, x := range at {
			if x.Kind == GoodsServices || x.Kind == Works {
				t.Errorf("%s light on %s holds an ordinary row: %s", c.regime, c.on, x.Name)
			}
		}
	}
	// Central-government rows only for central authorities.
	if at := tab.At("EU", GoodsServices, date("2026-03-01")); len(at) != 1 || at[0].Amount != 216_000_00 {
		t.Errorf("EU sub-central 2026: %+v", at)
	}
	if at := tab.AtFor("EU", GoodsServices, Central, date("2026-03-01")); len(at) != 1 || at[0].Amount != 140_000_00 {
		t.Errorf("EU central 2026: %+v", at)
	}
}

func TestNoticeByDate(t *testing.T) {
	tab := NewTable(nil)
	// NOK 2.25 m of goods: above the EEA threshold of 2022–2024 (2.2 m),
	// below that of 2024–2026 (2.3 m).
	amt := cityspend.Amount(2_250_000_00)
	if x, ok := tab.Notice("NO", GoodsServices, date("2023-06-01"), amt); !ok || x.Rule != RuleNOEEA {
		t.Errorf("2023: %+v %v", x, ok)
	}
	if x, ok := tab.Notice("NO", GoodsServices, date("2025-06-01"), amt); !ok || x.Rule != RuleNONational {
		t.Errorf("2025: %+v %v", x, ok)
	}
	// Health services of NOK 3 m: below the light regime's threshold.
	if x, ok := tab.Notice("NO", Light, date("2025-06-01"), 3_000_000_00); ok {
		t.Errorf("light 3 m: %+v", x)
	}
	if x, ok := tab.Notice("NO", Light, date("2025-06-01"), 8_000_000_00); !ok || x.Rule != RuleLightNO {
		t.Errorf("light 8 m: %+v %v", x, ok)
	}
	// The UK's thresholds include VAT: £190 000 excl. VAT is £228 000 with
	// it, over £214 904 (2025); £175 000 excl. VAT is £210 000, under.
	if x, ok := tab.Notice("UK", GoodsServices, date("2025-06-01"), 190_000_00); !ok || !x.IncludesVAT {
		t.Errorf("UK 190 000: %+v %v", x, ok)
	}
	if x, ok := tab.Notice("UK", GoodsServices, date("2025-06-01"), 175_000_00); ok {
		t.Errorf("UK 175 000: %+v", x)
	}
	if got := ExVAT(cityspend.Threshold{Regime: "UK", Amount: 214_904_00, IncludesVAT: true}); got != 179_086_66 {
		t.Errorf("ExVAT: %d", got)
	}
}
