// SPDX-License-Identifier: EUPL-1.2

package law

import (
	"sort"
	"strings"
)

// Note splits a source of law the findings cite (a threshold's row, an
// exemption's citation, a contract finding's rule) into the citation
// itself — act, section, notice, address, as the law names them — and the
// project's own explanation of it in plain words, which pages write in
// their language (i18n's law.note.<Key>; not the law's text). The source
// as stored in findings and given by the API is unchanged.
type Note struct {
	Key   string // the explanation's message: law.note.<Key>
	Match string // a piece of text only this source holds
	Cite  string // the citation, in no one language
}

// Notes are the notes of every source the product ships.
var Notes = []Note{
	// Thresholds (refdata/thresholds).
	{"no-floor", "the rules apply from NOK 100 000", "anskaffelsesloven § 2; anskaffelsesforskriften (FOR-2016-08-12-974) § 5-1 " +
		"(https://lovdata.no/dokument/SF/forskrift/2016-08-12-974; regjeringen.no, Veileder til anskaffelsesforskriften, kap. 5)"},
	{"no-national-2017", "national threshold NOK 1.1 m", "anskaffelsesforskriften (FOR-2016-08-12-974) § 5-1"},
	{"no-national-2018", "national threshold NOK 1.3 m", "anskaffelsesforskriften § 5-1; FOR-2018-04-04-533 " +
		"(https://www.regjeringen.no/no/aktuelt/justerer-opp-terskelverdier/id2596319/; " +
		"https://www.ks.no/ks-advokatene/nyheter/nye-eos-terskelverdier-for-2024-2026/)"},
	{"no-eea-2017", "EEA thresholds from 1 January 2017", "anskaffelsesforskriften (FOR-2016-08-12-974) § 5-3"},
	{"no-eea-2018", "§ 5-3 as amended by FOR-2018-04-04-533", "anskaffelsesforskriften § 5-3; FOR-2018-04-04-533 " +
		"(https://www.regjeringen.no/no/aktuelt/justerer-opp-terskelverdier/id2596319/)"},
	{"no-eea-2020", "FOR-2020-02-12-128", "anskaffelsesforskriften § 5-3; FOR-2020-02-12-128 " +
		"(https://www.anskaffelser.no/nyhet/2020/02/eos-terskelverdiene-er-endret)"},
	{"no-eea-2022", "in force 23 March 2022", "anskaffelsesforskriften § 5-3; Nærings- og fiskeridepartementet " +
		"(https://gmco.no/nye-eos-terskelverdier-fra-23-mars-2022/, https://kildeboas.no/aktuelt/nye-e%C3%B8s-terskelverdier-i-norge-for-2024-2026)"},
	{"no-eea-2024", "in force 14 March 2024", "anskaffelsesforskriften § 5-3 (https://www.regjeringen.no/no/aktuelt/terskelverdier/id3030686/; " +
		"https://anskaffelser.no/avtaler-og-regelverk/terskelverdier-offentlige-anskaffelser)"},
	{"no-light-2022", "unchanged from 2022 (https://dinanbudshjelp.no/", "https://dinanbudshjelp.no/nye-terskelverdier-fra-14-03-2024/"},
	{"eu-light", "EUR 750 000, not revised", "Directive 2014/24/EU art. 4(d); art. 74; Annex XIV (OJ L 94, 28.3.2014, p. 65)"},
	{"eu-2022", "(EU) 2021/1952", "Directive 2014/24/EU art. 4; Commission Delegated Regulation (EU) 2021/1952 (OJ L 398, 11.11.2021)"},
	{"eu-2024", "(EU) 2023/2495", "Directive 2014/24/EU art. 4; Commission Delegated Regulation (EU) 2023/2495 (OJ L, 2023/2495, 16.11.2023)"},
	{"eu-2026", "(EU) 2025/2152", "Directive 2014/24/EU art. 4; Commission Delegated Regulation (EU) 2025/2152 (OJ L, 23.10.2025) " +
		"(https://www.mondaq.com/ireland/government-contracts-procurement-ppp/1696870/public-procurement-thresholds-for-2026-2027)"},
	{"uk-2022", "PPN 10/21", "Public Contracts Regulations 2015 reg. 5 (Cabinet Office PPN 10/21)"},
	{"uk-2024", "SI 2023/1279", "Public Contracts Regulations 2015 reg. 5; SI 2023/1279 (PPN 11/23); Procurement Act 2023 Schedule 1"},
	{"uk-2026", "(Threshold Amounts) (Amendment) Regulations 2025", "Procurement Act 2023 Schedule 1; " +
		"The Procurement Act 2023 (Threshold Amounts) (Amendment) Regulations 2025 " +
		"(PPN 023; https://insights.devonshires.com/post/102lxjy/new-public-procurement-thresholds-from-1-january-2026)"},
	{"uk-light", "light-touch contracts: Procurement Act 2023", "Procurement Act 2023 s. 9; Schedule 1; The Procurement Regulations 2024; " +
		"Public Contracts Regulations 2015 reg. 5(1)(d); reg. 74"},
	// Exemptions (Exemptions' sources).
	{"in-house-no", "§ 3-1 (utvidet egenregi; Teckal", "anskaffelsesforskriften § 3-1; C-107/98 Teckal; kommuneloven kap. 9"},
	{"in-house-eu", "art. 12(1)–(3); Court of Justice C-107/98", "Directive 2014/24/EU art. 12(1)–(3); Court of Justice C-107/98 Teckal"},
	{"in-house-uk", "Schedule 2 para. 2 (vertical arrangements)", "Procurement Act 2023 Schedule 2 para. 2"},
	{"inter-municipal-no", "lov om interkommunale selskaper) and § 3-3", "anskaffelsesforskriften § 3-1; § 3-3; lov om interkommunale selskaper"},
	{"inter-municipal-eu", "art. 12(3) (joint control) and art. 12(4)", "Directive 2014/24/EU art. 12(3); art. 12(4)"},
	{"inter-municipal-uk", "paras. 2–3 (vertical and horizontal arrangements)", "Procurement Act 2023 Schedule 2 paras. 2–3"},
	{"public-body-no", "§ 2-5 (kontrakter tildelt på grunnlag av enerett)", "anskaffelsesforskriften § 3-3; § 2-5"},
	{"public-body-eu", "art. 11 (exclusive rights)", "Directive 2014/24/EU art. 11; art. 12(4)"},
	{"public-body-uk", "para. 3 (horizontal arrangements) and para. 4", "Procurement Act 2023 Schedule 2 para. 3; para. 4"},
	{"framework-no", "§ 26-1 to § 26-3", "anskaffelsesforskriften § 26-1 – § 26-3"},
	{"framework-uk", "ss. 45–47 (frameworks)", "Procurement Act 2023 ss. 45–47; s. 46"},
	{"excluded-no", "§ 2-4 (unntak:", "anskaffelsesforskriften § 2-4"},
	{"excluded-uk", "Schedule 2 (exempted contracts)", "Procurement Act 2023 Schedule 2"},
	// The contract findings (compliance).
	{"overrun", "spend beyond the contract's maximum", "Directive 2014/24/EU art. 72; Procurement Act 2023 s. 74"},
	{"expired", "a contract whose options are used up", "Directive 2014/24/EU art. 72"},
	{"split", "no splitting to avoid the rules", "anskaffelsesforskriften § 5-4; Directive 2014/24/EU art. 5(3); Procurement Act 2023 Schedule 3 para. 6"},
	// Sources that are an article cited alone.
	{"framework-eu", "Directive 2014/24/EU art. 33", "Directive 2014/24/EU art. 33"},
	{"excluded-eu", "Directive 2014/24/EU art. 10", "Directive 2014/24/EU art. 10"},
}

// NotesOf are the notes of a source, in the order the source cites them
// (a row may cite two: a UK light-touch row its year's thresholds and the
// light-touch rules); none for a source the product does not ship (a
// user's threshold). A note whose Match is its whole Cite (an article
// cited alone) is the note of that source only.
func NotesOf(source string) []Note {
	type at struct {
		i int
		n Note
	}
	var found []at
	for _, n := range Notes {
		if n.Match == n.Cite {
			if source == n.Match {
				return []Note{n}
			}
			continue
		}
		if i := strings.Index(source, n.Match); i >= 0 {
			found = append(found, at{i, n})
		}
	}
	sort.Slice(found, func(a, b int) bool { return found[a].i < found[b].i })
	out := make([]Note, len(found))
	for i, f := range found {
		out[i] = f.n
	}
	return out
}
