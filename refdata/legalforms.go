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

// SizeCategory is the size a register's own size category says, with why.
type SizeCategory struct {
	Size string // micro, small, medium, large (cityspend.Size*)
	Why  string
}

// RegisterSizeCategories are the size categories registers publish that
// settle an organisation's size, by CompanyCategoryKey. Companies House's
// Accounts.AccountCategory is the regime of the last accounts filed: only
// micro-entities (Companies Act 2006 s.384A) and small companies (s.382;
// abridged and "total exemption" accounts are open to small companies
// only, s.444 and s.477) and medium-sized companies (s.465) can file
// them, so they say the company is an SME by the UK's thresholds; "full",
// "group", "dormant" and "no accounts filed" say nothing of size and are
// not on the list. INSEE's catégorie d'entreprise (décret 2008-1354):
// ETI (250–4,999 employees) and GE are large by the EU definition; PME
// spans micro to medium, so SIRENE's head-count band decides those.
var RegisterSizeCategories = map[string]SizeCategory{
	"microentity":         {"micro", "accounts filed as a micro-entity (Companies Act 2006 s.384A)"},
	"small":               {"small", "accounts filed as a small company (Companies Act 2006 s.382)"},
	"totalexemptionsmall": {"small", "small-company accounts exempt from audit (Companies Act 2006 s.477)"},
	"totalexemptionfull":  {"small", "full accounts exempt from audit as a small company (Companies Act 2006 s.477)"},
	"unauditedabridged":   {"small", "abridged accounts, open to small companies only (Companies Act 2006 s.444)"},
	"auditedabridged":     {"small", "abridged accounts, open to small companies only (Companies Act 2006 s.444)"},
	"medium":              {"medium", "accounts filed as a medium-sized company (Companies Act 2006 s.465)"},
	"eti":                 {"large", "entreprise de taille intermédiaire in SIRENE (250–4,999 employees; décret 2008-1354)"},
	"ge":                  {"large", "grande entreprise in SIRENE (décret 2008-1354)"},
}
