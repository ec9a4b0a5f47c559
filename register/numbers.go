// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"strings"

	"github.com/cityspend/cityspend"
)

// FoundNumber is an organisation or VAT number found in a text.
type FoundNumber struct {
	ID cityspend.Identifier
	// Marked: the text says what it is — a country prefix ("NO…MVA",
	// "GB 123 4567 82") or a label ("org.nr", "VAT", "Company No.").
	Marked     bool
	Start, End int // its bytes in the text
}

// Labels that say a number is an organisation, VAT or company number, as
// they read with punctuation removed and lower case ("Org.nr.:" → "orgnr").
var (
	orgLabels = []string{"orgnr", "org nr", "orgno", "org no", "organisasjonsnr", "organisasjonsnummer", "organisationsnummer",
		"foretaksnr", "foretaksregisteret", "mva", "mvanr", "mva nr", "orgnummer"}
	vatLabels = []string{"vat", "vat no", "vat nr", "vat reg", "vat reg no", "vat regno", "vat registration", "vat registration no",
		"vat registration number", "vat number", "vat id"}
	sireneLabels  = []string{"siren", "siret", "rcs"}
	companyLabels = []string{"company no", "company number", "company reg", "company reg no", "company registration no",
		"company registration number", "co no", "coy no", "reg no", "registered no", "registered number", "registration no",
		"registration number", "crn", "companies house"}
)

// FindNumbers finds the organisation and VAT numbers written in a text:
// Norwegian organisation numbers (nine digits with a valid check digit,
// written whole or in threes, with or without "NO" and "MVA"), UK VAT
// numbers ("GB" or a VAT label; nine digits with a valid check), UK
// company numbers after a label such as "Company No." (six to eight
// digits, or two letters and six), French SIREN and SIRET numbers (nine and
// fourteen digits with a valid Luhn check, after "SIREN"/"SIRET" or in a
// French ledger) and French VAT numbers with their key, and other European
// VAT numbers with their country prefix. A bare nine-digit number counts as
// Norwegian only when country is NO or unknown, as a SIREN only when it is
// FR. Numbers inside longer runs of digits (bank
// accounts, KID, dates) are not numbers of organisations.
func FindNumbers(text, country string) []FoundNumber {
	var out []FoundNumber
	add := func(f FoundNumber) {
		for _, o := range out {
			if o.ID == f.ID {
				return
			}
		}
		out = append(out, f)
	}
	for i := 0; i < len(text); {
		c := text[i]
		// Not inside a word or a longer number ("2801.45.67890").
		if i > 0 && (isAlnum(text[i-1]) || i > 1 && (text[i-1] == '.' || text[i-1] == '-') && isDigit(text[i-2])) {
			i++
			continue
		}
		switch {
		case isDigit(c):
			if f, end, ok := numberAt(text, i, i, "", country); ok {
				add(f)
				i = end
				continue
			}
		case isUpper(c) && i+2 < len(text) && isUpper(text[i+1]):
			if f, end, ok := prefixedAt(text, i, country); ok {
				add(f)
				i = end
				continue
			}
		}
		i++
	}
	return out
}

// numberAt reads a number whose digits start at i; prefix is the country
// prefix written before it, from start ("" and i for none).
func numberAt(text string, start, i int, prefix, country string) (FoundNumber, int, bool) {
	groups, end := digitGroups(text, i)
	if len(groups) == 0 {
		return FoundNumber{}, 0, false
	}
	digits := strings.Join(groups, "")
	shape := groupShape(groups)
	label := labelBefore(text, start)
	// "MVA" straight after (Norwegian VAT numbers: NO 123 456 785 MVA).
	mvaEnd := mvaAfter(text, end)
	// The digits must end the number: not followed by a letter (but MVA)
	// or by more digits.
	if mvaEnd == 0 && end < len(text) && isAlnum(text[end]) {
		return FoundNumber{}, 0, false
	}
	stop := end
	if mvaEnd > 0 {
		stop = mvaEnd
	}
	found := func(id cityspend.Identifier, marked bool) (FoundNumber, int, bool) {
		return FoundNumber{ID: id, Marked: marked, Start: start, End: stop}, stop, true
	}
	nine := shape == "9" || shape == "3-3-3"
	fourteen := shape == "14" || shape == "3-3-3-5"
	switch {
	case prefix == "" && (label == "sirene" || country == "FR" && (label == "" || label == "vat")):
		marked := label == "sirene"
		switch {
		case nine && cityspend.ValidSIREN(digits):
			return found(cityspend.Identifier{Scheme: cityspend.SchemeFRSIRENE, ID: digits}, marked)
		case fourteen && cityspend.ValidSIRET(digits):
			return found(cityspend.Identifier{Scheme: cityspend.SchemeFRSIRENE, ID: digits}, marked)
		case label == "vat" && shape == "11" || shape == "2-3-3-3":
			if id, ok := cityspend.NormalizeOrgNumber("FR"+digits, ""); ok {
				return found(id, true)
			}
		}
	case prefix == "FR":
		if shape == "11" || shape == "2-9" || shape == "2-3-3-3" {
			if id, ok := cityspend.NormalizeOrgNumber("FR"+digits, ""); ok {
				return found(id, true)
			}
		}
	case prefix == "" && label == "company" && (country == "GB" || country == "") && (shape == "8" || shape == "7" || shape == "6"):
		// Companies House numbers: for a British (or unknown) country only; a
		// Norwegian or French ledger's "reg no" is no UK company number.
		return found(cityspend.Identifier{Scheme: cityspend.SchemeGBCOH, ID: strings.Repeat("0", 8-len(digits)) + digits}, true)
	case prefix == "GB" || prefix == "" && label == "vat" && country == "GB":
		if (shape == "9" || shape == "3-4-2") && validGBVAT(digits) {
			return found(cityspend.Identifier{Scheme: "GB-VAT", ID: digits}, true)
		}
	case prefix == "NO" || prefix == "":
		if !nine || !cityspend.ValidNorwegianOrgNumber(digits) {
			break
		}
		marked := prefix == "NO" || mvaEnd > 0 || label == "org" || label == "vat"
		if marked || country == "" || country == "NO" {
			return found(cityspend.Identifier{Scheme: cityspend.SchemeNOBRC, ID: digits}, marked)
		}
	default:
		if len(groups) <= 3 && len(digits) >= 8 && len(digits) <= 12 {
			if id, ok := cityspend.NormalizeOrgNumber(prefix+digits, ""); ok {
				return found(id, true)
			}
		}
	}
	return FoundNumber{}, 0, false
}

// prefixedAt reads a number with two capital letters before it at i: a
// VAT number's country prefix ("NO987654321", "GB 123 4567 82",
// "SE556012345601"), or the letters of a UK company number after its
// label ("Company No. SC123456").
func prefixedAt(text string, i int, country string) (FoundNumber, int, bool) {
	prefix := text[i : i+2]
	j := i + 2
	if j+6 <= len(text) && labelBefore(text, i) == "company" {
		groups, end := digitGroups(text, j)
		if len(groups) == 1 && len(groups[0]) == 6 && (end == len(text) || !isAlnum(text[end])) {
			return FoundNumber{ID: cityspend.Identifier{Scheme: cityspend.SchemeGBCOH, ID: text[i:end]}, Marked: true, Start: i, End: end}, end, true
		}
	}
	if !vatCountry(prefix) {
		return FoundNumber{}, 0, false
	}
	spaced := false
	if j < len(text) && text[j] == ' ' {
		j++
		spaced = true
	}
	if j >= len(text) || !isDigit(text[j]) {
		return FoundNumber{}, 0, false
	}
	// A prefix apart from its number is one only in the written forms that
	// say so: "NO 123 456 785 MVA", "GB 123 4567 82".
	if spaced {
		groups, end := digitGroups(text, j)
		shape := groupShape(groups)
		if !(prefix == "NO" && mvaAfter(text, end) > 0 || prefix == "GB" && shape == "3-4-2" ||
			prefix == "FR" && (shape == "2-9" || shape == "2-3-3-3")) {
			return FoundNumber{}, 0, false
		}
	}
	return numberAt(text, i, j, prefix, country)
}

// digitGroups reads runs of digits from i separated by one space, dot or
// hyphen (the same each time), at most four runs; end is after the last
// digit.
func digitGroups(text string, i int) ([]string, int) {
	var groups []string
	var sep byte
	for len(groups) < 4 {
		j := i
		for j < len(text) && isDigit(text[j]) {
			j++
		}
		if j == i {
			break
		}
		groups = append(groups, text[i:j])
		i = j
		if j+1 < len(text) && (text[j] == ' ' || text[j] == '.' || text[j] == '-') && isDigit(text[j+1]) && (sep == 0 || sep == text[j]) {
			sep = text[j]
			i = j + 1
			continue
		}
		break
	}
	end := i
	if len(groups) == 4 { // a fifth run: a longer number than any here
		if end+1 < len(text) && (text[end] == sep) && isDigit(text[end+1]) {
			return nil, end
		}
	}
	return groups, end
}

// groupShape names the grouping of digit runs: "9" for nine digits
// together, "3-3-3" in threes, "" for anything else.
func groupShape(groups []string) string {
	var b strings.Builder
	for i, g := range groups {
		if i > 0 {
			b.WriteByte('-')
		}
		if len(g) > 12 {
			return ""
		}
		b.WriteString(itoa(len(g)))
	}
	return b.String()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

// mvaAfter returns the end of "MVA" (after a space or none) at i, or 0.
func mvaAfter(text string, i int) int {
	j := i
	if j < len(text) && text[j] == ' ' {
		j++
	}
	if j+3 <= len(text) && strings.EqualFold(text[j:j+3], "mva") && (j+3 == len(text) || !isAlnum(text[j+3])) {
		return j + 3
	}
	return 0
}

// labelBefore reads the label just before a number: "org" (an
// organisation or Norwegian VAT number), "vat", "company", or "".
func labelBefore(text string, i int) string {
	lo := max(0, i-32)
	var b []byte
	for _, c := range []byte(text[lo:i]) {
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c >= 'a' && c <= 'z':
			b = append(b, c)
		case c == ' ' || c == '\t':
			if len(b) > 0 && b[len(b)-1] != ' ' {
				b = append(b, ' ')
			}
		case c == '.' || c == ':' || c == '#' || c == '-' || c == '/' || c == '(' || c == ')' || c == ',':
			// "org.nr.:", "Co. No." read as the words
			if c == '.' || c == ',' || c == '(' || c == ')' {
				continue
			}
			if len(b) > 0 && b[len(b)-1] != ' ' {
				b = append(b, ' ')
			}
		default:
			b = b[:0] // digits or other letters end the label
		}
	}
	w := strings.TrimSpace(string(b))
	ends := func(labels []string) bool {
		for _, l := range labels {
			if w == l || strings.HasSuffix(w, " "+l) {
				return true
			}
		}
		return false
	}
	switch {
	case ends(sireneLabels):
		return "sirene"
	case ends(companyLabels):
		return "company"
	case ends(vatLabels):
		return "vat"
	case ends(orgLabels):
		return "org"
	}
	return ""
}

// validGBVAT checks a UK VAT number's check digits (the mod 97 and the
// newer mod 9755 schemes).
func validGBVAT(d string) bool {
	if len(d) != 9 {
		return false
	}
	sum := 0
	for i := 0; i < 7; i++ {
		sum += int(d[i]-'0') * (8 - i)
	}
	sum += int(d[7]-'0')*10 + int(d[8]-'0')
	return sum%97 == 0 || (sum+55)%97 == 0
}

// vatCountry reports whether two upper-case letters are a European VAT
// number's country prefix.
func vatCountry(p string) bool {
	switch p {
	case "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GB", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT",
		"NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK", "XI", "CH", "IS":
		return true
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || isUpper(c) || c >= 0x80
}
