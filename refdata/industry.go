// SPDX-License-Identifier: EUPL-1.2

package refdata

import "strings"

// National industry classifications that extend NACE Rev. 2.
//
// UK SIC 2007 is identical to NACE Rev. 2 "down to and including the
// four-digit class level"; a fifth digit (the subclass) breaks some classes
// down further (ONS, "UK SIC 2007", Operation 2007:
// https://www.ons.gov.uk/methodology/classificationsandstandards/ukstandardindustrialclassificationofeconomicactivities/operation2007).
// So 43220 is NACE class 43.22. Companies House adds three codes of its own
// that are in neither (checked against the ONS structure of the 731
// subclasses): 74990 non-trading company, 98000 residents property
// management, 99999 dormant company; they say nothing of an industry.
//
// NAF rév. 2, France's classification since 1 January 2008, "has the same
// structure as NACE rev. 2 but with an additional level, specific to
// France, that of the sub-class" (INSEE, https://www.insee.fr/en/metadonnees/definition/c1078):
// a letter after the class, 43.22A → 43.22. Older French codes (NAF rév. 1,
// NAF 1993, NAP) do not map.

// SchemeUKSIC2007 and SchemeNAFRev2 name the classifications in
// cityspend.Organisation.IndustryScheme.
const (
	SchemeUKSIC2007 = "UK SIC 2007"
	SchemeNAFRev2   = "NAF rév. 2"
)

// companiesHouseOnly are Companies House's own SIC codes.
var companiesHouseOnly = map[string]string{
	"74990": "non-trading company",
	"98000": "residents property management",
	"99999": "dormant company",
}

// NACEFromUKSIC returns the NACE Rev. 2 class ("43.22") of a five-digit UK
// SIC 2007 code ("43220"), or "" when it has none (not five digits, not a
// NACE division, or one of Companies House's own codes).
func NACEFromUKSIC(code string) string {
	code = strings.TrimSpace(code)
	if len(code) != 5 || !digits(code) {
		return ""
	}
	if _, own := companiesHouseOnly[code]; own {
		return ""
	}
	if NACESection(code[:2]) == "" {
		return ""
	}
	return code[:2] + "." + code[2:4]
}

// CompaniesHouseOwnSIC says what a Companies House code outside UK SIC 2007
// means ("dormant company"), or "".
func CompaniesHouseOwnSIC(code string) string { return companiesHouseOnly[strings.TrimSpace(code)] }

// NACEFromNAF returns the NACE Rev. 2 class ("43.22") of a NAF rév. 2 code
// ("43.22A", also written "4322A"), or "".
func NACEFromNAF(code string) string {
	c := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(code), ".", ""))
	if len(c) != 5 || !digits(c[:4]) || c[4] < 'A' || c[4] > 'Z' {
		return ""
	}
	if NACESection(c[:2]) == "" {
		return ""
	}
	return c[:2] + "." + c[2:4]
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
