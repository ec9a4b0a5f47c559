// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"strings"
	"unicode"
)

// Identifier schemes, named as org-id.guide names them.
const (
	SchemeNOBRC = "NO-BRC" // Brønnøysund Register Centre (organisasjonsnummer)
	SchemeGBCOH = "GB-COH" // Companies House
	SchemeFIPRO = "FI-PRO" // Finnish Patent and Registration Office (Y-tunnus)
	SchemeNLKVK = "NL-KVK" // Kamer van Koophandel
	SchemeSEBLV = "SE-BLV" // Bolagsverket
	SchemeDKCVR = "DK-CVR" // Det Centrale Virksomhedsregister
	SchemeDEHRB = "DE-HRB"
	// SchemeFRSIRENE is INSEE's SIRENE register: a SIREN (nine digits) for
	// an organisation, a SIRET (its SIREN and five more) for an
	// establishment.
	SchemeFRSIRENE = "FR-SIRENE"
)

// Identifier is an organisation identifier within a scheme.
type Identifier struct {
	Scheme string `json:"scheme"`
	ID     string `json:"id"`
}

func (i Identifier) String() string { return i.Scheme + ":" + i.ID }

// Written is the identifier as a person passes it to a decision (a form,
// --to): the number with its country's prefix for the company registers
// NormalizeOrgNumber reads from a number ("NO974760673", "GB01234567",
// "FR732829320"), else the whole identifier ("GB-CHC:1123456"), which
// NormalizeOrgNumber reads back as it is.
func (i Identifier) Written() string {
	if i.ID != "" && i.ID[0] >= '0' && i.ID[0] <= '9' {
		switch i.Scheme {
		case SchemeNOBRC:
			return "NO" + i.ID
		case SchemeGBCOH:
			return "GB" + i.ID
		case SchemeFRSIRENE:
			return "FR" + i.ID
		}
	}
	return i.String()
}

// parseSchemeID reads an identifier written whole, "SCHEME:ID", with a
// scheme of a country code, a hyphen and letters (org-id.guide's form:
// "GB-CHC:1123456", "GB-COH:SC012345").
func parseSchemeID(s string) (Identifier, bool) {
	scheme, id, ok := strings.Cut(strings.TrimSpace(s), ":")
	id = strings.TrimSpace(id)
	if !ok || id == "" || len(scheme) < 4 || scheme[2] != '-' || !isUpperLetters(scheme[:2]) || !isUpperLetters(scheme[3:]) {
		return Identifier{}, false
	}
	return Identifier{Scheme: scheme, ID: id}, true
}

// ValidNorwegianOrgNumber reports whether s is nine digits with a valid MOD11
// check digit (weights 3,2,7,6,5,4,3,2).
func ValidNorwegianOrgNumber(s string) bool {
	if len(s) != 9 {
		return false
	}
	weights := [8]int{3, 2, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i := 0; i < 9; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		if i < 8 {
			sum += int(s[i]-'0') * weights[i]
		}
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(s[8]-'0')
}

// NorwegianOrgNumberCheckDigit returns the MOD11 check digit for eight digits,
// or -1 when no valid number can end them.
func NorwegianOrgNumberCheckDigit(first8 string) int {
	weights := [8]int{3, 2, 7, 6, 5, 4, 3, 2}
	if len(first8) != 8 {
		return -1
	}
	sum := 0
	for i := 0; i < 8; i++ {
		if first8[i] < '0' || first8[i] > '9' {
			return -1
		}
		sum += int(first8[i]-'0') * weights[i]
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	if check == 10 {
		return -1
	}
	return check
}

// NormalizeOrgNumber cleans an organisation or VAT number as people write it
// ("NO 123 456 785 MVA", "123.456.785", "GB 123 4567 89") and returns the
// identifier it stands for. country is the country to assume when the number
// carries no prefix. ok is false when nothing usable remains.
func NormalizeOrgNumber(s, country string) (Identifier, bool) {
	if id, ok := parseSchemeID(s); ok {
		return id, true
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	v := b.String()
	v = strings.TrimSuffix(v, "MVA")
	cc := strings.ToUpper(country)
	if len(v) > 2 && vatPrefixes[v[:2]] && strings.ContainsAny(v[2:3], "0123456789") {
		cc, v = v[:2], v[2:]
		if cc == "EL" {
			cc = "GR"
		}
	}
	if v == "" {
		return Identifier{}, false
	}
	switch cc {
	case "NO":
		if ValidNorwegianOrgNumber(v) {
			return Identifier{SchemeNOBRC, v}, true
		}
		return Identifier{}, false
	case "FI":
		// Y-tunnus 1234567-8; VAT FI12345678.
		d := strings.ReplaceAll(v, "-", "")
		if len(d) == 8 && isDigits(d) {
			return Identifier{SchemeFIPRO, d[:7] + "-" + d[7:]}, true
		}
	case "GB":
		if len(v) == 8 && (isDigits(v) || isUpperLetters(v[:2]) && isDigits(v[2:])) {
			return Identifier{SchemeGBCOH, v}, true
		}
	case "NL":
		if len(v) == 8 && isDigits(v) {
			return Identifier{SchemeNLKVK, v}, true
		}
	case "DK":
		if len(v) == 8 && isDigits(v) {
			return Identifier{SchemeDKCVR, v}, true
		}
	case "FR":
		// SIREN 732 829 320; SIRET 732 829 320 00074 (its organisation's
		// SIREN is its first nine digits); VAT FR44 732829320, whose key is
		// (12 + 3 × (SIREN mod 97)) mod 97.
		switch {
		case len(v) == 9 && ValidSIREN(v):
			return Identifier{SchemeFRSIRENE, v}, true
		case len(v) == 14 && ValidSIRET(v):
			return Identifier{SchemeFRSIRENE, v[:9]}, true
		case len(v) == 11 && ValidSIREN(v[2:]) && (!isDigits(v[:2]) || FrenchVATKey(v[2:]) == v[:2]):
			return Identifier{SchemeFRSIRENE, v[2:]}, true
		}
		return Identifier{}, false
	case "SE":
		d := v
		if len(d) == 12 && strings.HasSuffix(d, "01") { // VAT SE5560000000 01
			d = d[:10]
		}
		if len(d) == 10 && isDigits(d) {
			return Identifier{SchemeSEBLV, d}, true
		}
	}
	if cc == "" || len(v) < 4 {
		return Identifier{}, false
	}
	// A number cityspend cannot tie to a company register: kept under the
	// country's VAT scheme, so it still identifies the supplier.
	return Identifier{cc + "-VAT", v}, true
}

// ValidSIREN reports whether s is nine digits with a valid Luhn check,
// as every SIREN is.
func ValidSIREN(s string) bool { return len(s) == 9 && luhn(s) }

// ValidSIRET reports whether s is fourteen digits with a valid Luhn check
// (La Poste's establishments, SIREN 356000000, sum their digits to a
// multiple of 5 instead).
func ValidSIRET(s string) bool {
	if len(s) != 14 || !isDigits(s) {
		return false
	}
	if s[:9] == "356000000" {
		sum := 0
		for i := 0; i < len(s); i++ {
			sum += int(s[i] - '0')
		}
		return sum%5 == 0
	}
	return luhn(s)
}

// FrenchVATKey is the two-digit key of a French VAT number for a SIREN.
func FrenchVATKey(siren string) string {
	n := 0
	for i := 0; i < len(siren); i++ {
		n = (n*10 + int(siren[i]-'0')) % 97
	}
	k := (12 + 3*n) % 97
	return string([]byte{byte('0' + k/10), byte('0' + k%10)})
}

// luhn checks digits with the Luhn algorithm.
func luhn(s string) bool {
	if !isDigits(s) {
		return false
	}
	sum := 0
	for i := 0; i < len(s); i++ {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// vatPrefixes are the country prefixes of European VAT numbers ("EL" is
// Greece); other two-letter starts, like Companies House's "SC", are part of
// the number.
var vatPrefixes = map[string]bool{"AT": true, "BE": true, "BG": true, "CY": true, "CZ": true, "DE": true, "DK": true,
	"EE": true, "EL": true, "ES": true, "FI": true, "FR": true, "GB": true, "HR": true, "HU": true, "IE": true, "IT": true,
	"LT": true, "LU": true, "LV": true, "MT": true, "NL": true, "NO": true, "PL": true, "PT": true, "RO": true, "SE": true,
	"SI": true, "SK": true, "XI": true, "CH": true, "IS": true}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isUpperLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return s != ""
}
