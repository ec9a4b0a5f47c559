// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"math/bits"
	"strings"
)

// formSet is a set of legal forms, one bit each (see formCodes).
type formSet uint64

// formCodes are the legal forms names and registers write, by the code
// cityspend shows, each with its family (the country or legal tradition it
// belongs to): the same name under AS and ANS is two organisations of one
// country; a name written "Ltd" is not a Norwegian AS at all.
var formCodes = []struct{ code, family string }{
	{"AS", "no"}, {"ASA", "no"}, {"ANS", "no"}, {"DA", "no"}, {"SA", "no"}, {"BA", "no"}, {"KS", "no"}, {"NUF", "no"},
	{"ENK", "no"}, {"IKS", "no"}, {"KF", "no"}, {"FKF", "no"}, {"STI", "no"}, {"FLI", "no"}, {"KOMM", "no"}, {"FYLK", "no"},
	{"STAT", "no"}, {"SF", "no"}, {"ORGL", "no"}, {"PRE", "no"}, {"BBL", "no"}, {"ESEK", "no"}, {"KIRK", "no"},
	{"LTD", "gb"}, {"PLC", "gb"}, {"LLP", "gb"}, {"LP", "gb"}, {"CIC", "gb"}, {"CIO", "gb"}, {"UNLTD", "gb"},
	{"GMBH", "de"}, {"AG", "de"}, {"KG", "de"}, {"UG", "de"}, {"EV", "de"},
	{"AB", "se"}, {"HB", "se"}, {"OY", "fi"}, {"OYJ", "fi"}, {"APS", "dk"}, {"IS", "dk"},
	{"BV", "nl"}, {"NV", "nl"}, {"VOF", "nl"}, {"CV", "nl"},
	{"SARL", "fr"}, {"SAS", "fr"}, {"SASU", "fr"}, {"EURL", "fr"},
	{"SRL", "it"}, {"SPA", "it"}, {"SNC", "it"},
	{"OOD", "bg"}, {"EOOD", "bg"}, {"AD", "bg"}, {"EAD", "bg"},
	{"INC", "us"}, {"LLC", "us"}, {"CORP", "us"},
}

// formBits maps a code to its bit.
var formBits = func() map[string]formSet {
	m := make(map[string]formSet, len(formCodes))
	for i, f := range formCodes {
		m[f.code] = 1 << i
	}
	return m
}()

// formWords are the legal forms as one word of a name, folded ("A/S" is
// "as", "L.T.D" "ltd", "C.I.C." "cic").
var formWords = map[string]string{
	"as": "AS", "asa": "ASA", "ans": "ANS", "da": "DA", "sa": "SA", "ba": "BA", "ks": "KS", "nuf": "NUF", "enk": "ENK",
	"iks": "IKS", "kf": "KF",
	"ltd": "LTD", "limited": "LTD", "plc": "PLC", "llp": "LLP", "lp": "LP", "cic": "CIC", "cio": "CIO",
	"gmbh": "GMBH", "ag": "AG", "kg": "KG", "ug": "UG", "ev": "EV",
	"oy": "OY", "oyj": "OYJ", "ab": "AB", "aps": "APS", "is": "IS", "hb": "HB",
	"bv": "BV", "nv": "NV", "vof": "VOF", "cv": "CV",
	"sarl": "SARL", "sas": "SAS", "sasu": "SASU", "eurl": "EURL",
	"srl": "SRL", "spa": "SPA", "snc": "SNC",
	"ood": "OOD", "eood": "EOOD", "ad": "AD", "ead": "EAD",
	"inc": "INC", "llc": "LLC", "corp": "CORP",
}

// formPhrases are legal forms of several words, as the end of a name.
var formPhrases = []struct {
	words []string
	code  string
}{
	{[]string{"community", "interest", "company"}, "CIC"},
	{[]string{"limited", "liability", "partnership"}, "LLP"},
	{[]string{"public", "limited", "company"}, "PLC"},
	{[]string{"charitable", "incorporated", "organisation"}, "CIO"},
	{[]string{"limited", "partnership"}, "LP"},
	{[]string{"unlimited", "company"}, "UNLTD"},
}

// formOf is the legal form one folded word of a name stands for, or 0.
func formOf(w string) formSet { return formBits[formWords[w]] }

// trailingForm is the legal form at the end of a name's folded words and
// how many words it takes, or 0.
func trailingForm(ws []string) (formSet, int) {
	for _, p := range formPhrases {
		n := len(p.words)
		if len(ws) > n && equalWords(ws[len(ws)-n:], p.words) {
			return formBits[p.code], n
		}
	}
	if f := formOf(ws[len(ws)-1]); f != 0 {
		return f, 1
	}
	return 0, 0
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// registeredForm reads a register's legal form: Enhetsregisteret's codes
// (AS, ANS, ENK, KOMM, …), Companies House's company categories ("Private
// Limited Company", "Community Interest Company", "PRI/LTD BY GUAR/NSC …"),
// or a code as names write it (Ltd, GmbH). Unknown forms are 0.
func registeredForm(s string) formSet {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	if f, ok := formBits[strings.ToUpper(s)]; ok {
		return f
	}
	l := strings.ToLower(s)
	switch {
	case strings.Contains(l, "community interest"):
		return formBits["CIC"]
	case strings.Contains(l, "limited liability partnership"):
		return formBits["LLP"]
	case strings.Contains(l, "limited partnership"):
		return formBits["LP"]
	case strings.Contains(l, "public limited") || strings.Contains(l, "plc"):
		return formBits["PLC"]
	case strings.Contains(l, "charitable incorporated"):
		return formBits["CIO"]
	case strings.Contains(l, "unlimited"):
		return formBits["UNLTD"]
	case strings.Contains(l, "limited") || strings.Contains(l, "ltd") || strings.Contains(l, "lbg"):
		return formBits["LTD"]
	}
	if ws := words(s); len(ws) > 0 {
		if f, n := trailingForm(ws); f != 0 && n == len(ws) {
			return f
		}
	}
	return 0
}

// families is the set of families of a set of forms, as bits (one per
// family, in the order of first appearance in formCodes).
func (f formSet) families() uint16 {
	var out uint16
	for f != 0 {
		i := bits.TrailingZeros64(uint64(f))
		out |= 1 << familyIndex[formCodes[i].family]
		f &^= 1 << i
	}
	return out
}

var familyIndex = func() map[string]int {
	m := map[string]int{}
	for _, f := range formCodes {
		if _, ok := m[f.family]; !ok {
			m[f.family] = len(m)
		}
	}
	return m
}()

// String lists the forms' codes: "AS", "LTD/CIC".
func (f formSet) String() string {
	var out []string
	for f != 0 {
		i := bits.TrailingZeros64(uint64(f))
		out = append(out, formCodes[i].code)
		f &^= 1 << i
	}
	return strings.Join(out, "/")
}
