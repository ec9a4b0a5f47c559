// SPDX-License-Identifier: EUPL-1.2

package factors

import (
	"testing"

	"github.com/cityspend/cityspend"
)

func TestNormalizeCode(t *testing.T) {
	for _, c := range []struct{ scheme, code, want string }{
		{cityspend.SchemeCPV, "45", "45"}, {cityspend.SchemeCPV, "45210000", "4521"}, {cityspend.SchemeCPV, "45210000-2", "4521"},
		{cityspend.SchemeCPV, "90000000", "90"}, {cityspend.SchemeCPV, "4", ""}, {cityspend.SchemeCPV, "4X", ""}, {cityspend.SchemeCPV, "*", "*"},
		{cityspend.SchemeNACE, "4120", "41.20"}, {cityspend.SchemeNACE, "41.2", "41.2"}, {cityspend.SchemeNACE, "41", "41"},
		{cityspend.SchemeKOSTRA, "115", "115"}, {cityspend.SchemeKOSTRA, "1115", ""},
		{cityspend.SchemeNAICS, "236220", "236220"}, {cityspend.SchemeNAICS, "2362201", ""},
		{cityspend.SchemeSupplier, "org:X", "org:X"}, {"planet", "09", ""},
	} {
		if got := NormalizeCode(c.scheme, c.code); got != c.want {
			t.Errorf("NormalizeCode(%s, %q) = %q, want %q", c.scheme, c.code, got, c.want)
		}
	}
}

// Every shipped concordance is in normal form and leads to CPV.
func TestDefaultConcordances(t *testing.T) {
	for _, c := range DefaultConcordances() {
		if c.ToScheme != cityspend.SchemeCPV || NormalizeCode(c.FromScheme, c.FromCode) != c.FromCode || NormalizeCode(c.ToScheme, c.ToCode) != c.ToCode || c.Source == "" {
			t.Errorf("%+v", c)
		}
	}
}
