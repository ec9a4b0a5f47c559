// SPDX-License-Identifier: EUPL-1.2

package refdata

import (
	"strings"
	"unicode"
)

// SocialCompanyCategories are the Companies House company categories of
// the social economy (the CompanyCategory column of the Free Company Data
// Product), by CompanyCategoryKey: community interest companies,
// charitable incorporated organisations and the co-operative and community
// benefit societies of the Co-operative and Community Benefit Societies
// Act 2014. A company limited by guarantee is often but not always a
// non-profit, so it is not on the list.
var SocialCompanyCategories = map[string]string{
	"communityinterestcompany":                   "community interest company",
	"charitableincorporatedorganisation":         "charitable incorporated organisation",
	"scottishcharitableincorporatedorganisation": "charitable incorporated organisation",
	"registeredsociety":                          "registered society (co-operative or community benefit society)",
	"industrialandprovidentsociety":              "registered society (co-operative or community benefit society)",
}

// CompanyCategoryKey is the form categories are compared in: letters and
// digits only, lower case ("Community Interest Company" →
// "communityinterestcompany").
func CompanyCategoryKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// SocialNameSuffixes are the endings the law requires in the names of
// social-economy forms, by country, in normalised words (upper case, single
// letters joined: "C.I.C." is CIC): a UK community interest company's name
// ends with "community interest company" or "CIC", in Welsh "cwmni buddiant
// cymunedol" or "CBC" (Companies (Audit, Investigations and Community
// Enterprise) Act 2004, s. 33).
var SocialNameSuffixes = map[string]map[string]string{
	"GB": {
		"CIC": "community interest company", "COMMUNITY INTEREST COMPANY": "community interest company",
		"CBC": "community interest company", "CWMNI BUDDIANT CYMUNEDOL": "community interest company",
	},
}
