// SPDX-License-Identifier: EUPL-1.2

package refdata

import "testing"

func TestNACEFromNational(t *testing.T) {
	for code, want := range map[string]string{"43220": "43.22", "01110": "01.11", "62012": "62.01", "99000": "99.00",
		"99999": "", "74990": "", "98000": "", "4322": "", "00000": "", "4322A": "", "": ""} {
		if got := NACEFromUKSIC(code); got != want {
			t.Errorf("UK SIC %q: %q, want %q", code, got, want)
		}
	}
	if CompaniesHouseOwnSIC("99999") != "dormant company" || CompaniesHouseOwnSIC("43220") != "" {
		t.Error("Companies House's own codes")
	}
	for code, want := range map[string]string{"43.22A": "43.22", "4322A": "43.22", "32.12z": "32.12", "85.59A": "85.59",
		"22.02": "", "52.4A": "", "00.00Z": "", "43.22": ""} {
		if got := NACEFromNAF(code); got != want {
			t.Errorf("NAF %q: %q, want %q", code, got, want)
		}
	}
}
