// SPDX-License-Identifier: EUPL-1.2

package i18n

import (
	"testing"

	"github.com/cityspend/cityspend/i18n/i18ntest"
)

// The reasons the register and the resolver write for Norwegian suppliers,
// in bokmål.
func TestReasonsInBokmal(t *testing.T) {
	nb, en := New("nb"), New("en")
	for in, want := range map[string]string{
		"in 3909 Larvik":                                     "i 3909 Larvik",
		"in 0301 Oslo, outside the region":                   "i 0301 Oslo, utenfor regionen",
		"in 3907 Sandefjord, in county 39":                   "i 3907 Sandefjord, i fylke 39",
		"branch 974760673 in 3909 Larvik":                    "underenhet 974760673 i 3909 Larvik",
		"in 3909 Larvik, registered under the old code 0709": "i 3909 Larvik, registrert under det gamle kommunenummeret 0709",
		"registered abroad (DE) (from the ledger lines)":     "registrert i utlandet (DE) (fra bilagslinjene)",
		"postcode 3256 is local":                             "postnummer 3256 er lokalt",
		"postcode 3250 is neither local nor in the region":   "postnummer 3250 er verken lokalt eller i regionen",
		"branch 974760673 in ORKANGER":                       "underenhet 974760673 i ORKANGER",
		"in ORKANGER":                                        "i ORKANGER",
		"in 3805 Holmestrand, in the buyer's region list":    "i 3805 Holmestrand, i oppdragsgiverens liste over regionen",
		"in SKIEN, in the region":                            "i SKIEN, i regionen",
		"in NO, but no municipality is known":                "i NO, men ingen kommune er kjent",
		"no address":                                         "ingen adresse",
		"a health trust (HF, RHF in the name)":               "et helseforetak (HF, RHF i navnet)",
		"legal form AS":                                      "organisasjonsform AS",
		"association (FLI)":                                  "forening (FLI)",
		"municipality (KOMM)":                                "kommune (KOMM)",
		"inter-municipal company (IKS)":                      "interkommunalt selskap (IKS)",
		"county council (FYLK)":                              "fylkeskommune (FYLK)",
		"12 employees in the register":                       "12 ansatte i registeret",
		"head count withheld by the register (under 5)":      "antall ansatte skjermet i registeret (under 5)",
		"not resolved to a registered organisation (no registered name is close)":                                                     "ikke koblet til en registrert virksomhet (ikke noe registrert navn er nært)",
		"organisation number 923609016":                                                                                               "organisasjonsnummer 923609016",
		"organisation number 923609016 in the name or number columns (not in the loaded registers)":                                   "organisasjonsnummer 923609016 i navne- eller nummerkolonnene (ikke i de innlastede registrene)",
		"decided by kari@larvik.no on 2026-11-02: the invoice says so (kept unresolved)":                                              "avgjort av kari@larvik.no 2026-11-02: the invoice says so (holdt ukoblet)",
		`close to "NORD VEI AS" (0.93); told apart from 2 other organisations by postcode 3256, in municipality 3909`:                 "nær «NORD VEI AS» (0,93); skilt fra 2 andre virksomheter ved postnummer 3256, i kommune 3909",
		"same name; legal form written AS, registered ASA":                                                                            "samme navn; organisasjonsform skrevet AS, registrert ASA",
		`ambiguous: "A AS" and "B AS" are equally close`:                                                                              "tvetydig: «A AS» og «B AS» er like nære",
		`no registered name is close enough (best "NORD AS", 0.61)`:                                                                   "ikke noe registrert navn er nært nok (nærmest «NORD AS», 0,61)",
		"organisation number 974760673 of a branch of NORD VEI AS, in the name or number columns (registered as NORD VEI AVD LARVIK)": "organisasjonsnummer 974760673 til en underenhet av NORD VEI AS, i navne- eller nummerkolonnene (registrert som NORD VEI AVD LARVIK)",
	} {
		if got := nb.Reason(in); got != want {
			t.Errorf("%q:\n got %q\nwant %q", in, got, want)
		}
		if got := en.Reason(in); got != in {
			t.Errorf("English changed %q to %q", in, got)
		}
	}
	// Every public body form and sector code of refdata/nace.go.
	for _, in := range []string{"municipal enterprise (KF)", "county municipal enterprise (FKF)", "the state (STAT)", "part of the state (ORGL)",
		"state enterprise (SF)", "the Church of Norway (KIRK)", "administrative unit of the public sector (ADOS)", "central government (sector 6100)",
		"local government (sector 6500)", "state-owned company (sector 1110)", "municipally owned company (sector 1120)",
		"non-profit institution (sector 7000)", "foundation (STI)", "cooperative (SA)", "in the register of voluntary organisations",
		"a registered business", "sole proprietorship with no registered head count", "the register gives no head count or turnover",
		"no name and no organisation number", "no name", "same name, words reordered", `the name of its branch 974760673 "NORD VEI AVD LARVIK"`,
		// refdata/publicbody's names.
		"a municipality (its name says kommune)", "a county (its name says fylkeskommune)",
		"an inter-municipal company or a municipal enterprise (IKS, KF, FKF in the name)", "a health trust (HF, RHF in the name)",
		"the tax authority", "the state's pension fund", "a state agency", "the police"} {
		if got := nb.Reason(in); i18ntest.English.MatchString(got) {
			t.Errorf("%q in bokmål: %q", in, got)
		}
	}
}
