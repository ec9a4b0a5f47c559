// SPDX-License-Identifier: EUPL-1.2

package i18n

import (
	"regexp"
	"testing"

	"github.com/cityspend/cityspend/i18n/i18ntest"
	"github.com/cityspend/cityspend/refdata"
	"github.com/cityspend/cityspend/refdata/publicbody"
	"github.com/cityspend/cityspend/register/companieshouse"
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

// The reasons the UK and French registers give (Companies House, the
// charity registers, SIRENE, the UK's public bodies) are in bokmål too.
func TestUKAndFrenchReasonsInBokmal(t *testing.T) {
	nb, en := New("nb"), New("en")
	for in, want := range map[string]string{
		"community interest company (companies-house)":                                                                               "samfunnsinteresseselskap (CIC) (Companies House)",
		"registered charity (Charity Commission for England and Wales) (charities)":                                                  "registrert veldedig organisasjon (veldedighetstilsynet for England og Wales) (veldedighetsregistrene)",
		"registered charity 1190077 that is also this company (charity register)":                                                    "registrert veldedig organisasjon 1190077 som også er dette selskapet (veldedighetsregisteret)",
		"in the social and solidarity economy (SIRENE) (sirene)":                                                                     "i den sosiale og solidariske økonomien (SIRENE) (SIRENE)",
		"community interest company (company category Community Interest Company)":                                                   "samfunnsinteresseselskap (CIC) (selskapskategori «Community Interest Company»)",
		"community interest company (its name ends with CIC)":                                                                        "samfunnsinteresseselskap (CIC) (navnet slutter på CIC)",
		"head-count band 10-19 (classified by head count only)":                                                                      "ansattintervall 10-19 (klassifisert bare etter antall ansatte)",
		"turnover €1500000 (≤ €2m)":                                                                                                  "omsetning €1500000 (≤ €2 mill.)",
		"turnover €75000000 (> €50m)":                                                                                                "omsetning €75000000 (> €50 mill.)",
		"in E07000178 Oxford":                                                                                                        "i E07000178 Oxford",
		"in E07000180 Vale of White Horse, in county E10000025":                                                                      "i E07000180 Vale of White Horse, i fylke E10000025",
		"legal form Private Limited Company":                                                                                         "organisasjonsform «Private Limited Company»",
		"in 44143, in the buyer's region list (by postcode 44400 in the postcode register) (from the ledger lines)":                  "i 44143, i oppdragsgiverens liste over regionen (etter postnummer 44400 i postnummerregisteret) (fra bilagslinjene)",
		"in 44109 Nantes, in the buyer's region list":                                                                                "i 44109 Nantes, i oppdragsgiverens liste over regionen",
		"in E07000123 Preston, outside the region (by postcode PR1 2AA in the postcode register)":                                    "i E07000123 Preston, utenfor regionen (etter postnummer PR1 2AA i postnummerregisteret)",
		"postcode OX4 2AB is local":                                                                                                  "postnummer OX4 2AB er lokalt",
		"in E07000180 Vale of White Horse, in region E12000008 (by postcode OX14 3AA (terminated 2019-04) in the postcode register)": "i E07000180 Vale of White Horse, i region E12000008 (etter postnummer OX14 3AA (nedlagt 2019-04) i postnummerregisteret)",
		"postcode 44240 covers 44035 La Chapelle-sur-Erdre, 44201 Sucé-sur-Erdre, all outside the region":                            "postnummer 44240 dekker 44035 La Chapelle-sur-Erdre, 44201 Sucé-sur-Erdre, alle utenfor regionen",
		"Oxfordshire County Council (E10000025 GB-LAE-OXF): local authority in the ONS / GOV.UK list":                                "Oxfordshire County Council (E10000025 GB-LAE-OXF): lokal myndighet i listen til ONS / GOV.UK",
		"Oxford City Council (E07000178): local authority in the ONS / GOV.UK list (OCC: the initials of the buyer's own council or of the county council over it)": "Oxford City Council (E07000178): lokal myndighet i listen til ONS / GOV.UK (OCC: forbokstavene til oppdragsgiverens egen lokale myndighet eller til fylkesmyndigheten over den)",
	} {
		if got := nb.Reason(in); got != want {
			t.Errorf("%q:\n got %q\nwant %q", in, got, want)
		}
		if got := en.Reason(in); got != in {
			t.Errorf("English changed %q to %q", in, got)
		}
	}
	// Every category and form the tables and registers name, and a body
	// of each kind the UK's lists and rules recognise.
	var whys []string
	for _, w := range refdata.SocialCompanyCategories {
		whys = append(whys, w+" (company category X)")
	}
	for _, w := range companieshouse.SocialCategories {
		whys = append(whys, w+" (companies-house)")
	}
	for _, c := range refdata.RegisterSizeCategories {
		whys = append(whys, c.Why)
	}
	for _, m := range refdata.SocialNameSuffixes {
		for suffix, w := range m {
			whys = append(whys, w+" (its name ends with "+suffix+")")
		}
	}
	whys = append(whys, "registered charity (Scottish Charity Regulator) (charities)", "registered charity (Charity Commission for Northern Ireland) (charities)")
	for _, name := range []string{"HM Revenue and Customs", "Cabinet Office", "Driver and Vehicle Licensing Agency", "HM Land Registry",
		"Environment Agency", "NHS England", "Teachers' Pensions", "Greater London Authority", "Greater Manchester Pension Fund",
		"Oxfordshire County Council", "Barton Parish Council", "Nowhere District Council", "West Midlands Combined Authority",
		"Thames Valley Police", "Kent Fire and Rescue Service", "Oxford University Hospitals NHS Foundation Trust",
		"Secretary of State for Nowhere", "Oxford Magistrates Court"} {
		b, ok := publicbody.Match("GB", name)
		if !ok {
			t.Errorf("%q is not a UK public body", name)
			continue
		}
		whys = append(whys, b.Why)
	}
	for _, in := range whys {
		got := nb.Reason(in)
		// What stays as written: a register's own name for a category,
		// an act's title, SIRENE's categories in French.
		got = regexp.MustCompile(`«[^»]*»|\([A-Z][^()]*(Act|Regulations) [^()]*\)|entreprise de taille intermédiaire|grande entreprise|navnet slutter på [^)]*`).ReplaceAllString(got, "")
		if w := i18ntest.English.FindAllString(got, -1); len(w) > 0 {
			t.Errorf("%q in bokmål: %q (%v)", in, got, w)
		}
	}
}
