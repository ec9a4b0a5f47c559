// Package register knows business registers and what they say about
// suppliers: it resolves each payee of a ledger to a registered
// organisation, and places, types, sizes and classifies it relative to a
// buyer. The file formats of particular registers are in its subpackages.
package register

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// legalForms are legal-form words dropped from names before matching, in
// the partnership's countries and beyond.
var legalForms = map[string]bool{
	"as": true, "asa": true, "ans": true, "da": true, "ba": true, "sa": true, "ks": true, "nuf": true, "enk": true, "iks": true, "kf": true,
	"ltd": true, "limited": true, "plc": true, "llp": true, "lp": true, "cic": true, "inc": true, "llc": true, "corp": true,
	"gmbh": true, "ag": true, "kg": true, "ug": true, "ev": true,
	"oy": true, "oyj": true, "ab": true, "aps": true, "is": true, "hb": true,
	"bv": true, "nv": true, "vof": true, "cv": true,
	"sarl": true, "sas": true, "sasu": true, "eurl": true,
	"srl": true, "spa": true, "snc": true,
	"ood": true, "eood": true, "ad": true, "ead": true,
}

// joiners all become "og" so "Hansen & Sønn", "Hansen og Sønn" and
// "Hansen and Son" compare alike.
var joiners = map[string]bool{"og": true, "and": true, "och": true, "und": true, "en": false, "et": true, "&": true}

// branchWords start a branch suffix ("avd. Stavern") that does not name
// another organisation.
var branchWords = map[string]bool{"avd": true, "avdeling": true, "avdelning": true, "filial": true, "branch": true, "afd": true, "afdeling": true, "zweigniederlassung": true, "niederlassung": true}

// NameTokens normalises an organisation name for matching: lower case,
// accents, æ/ø/å and "aa" folded, punctuation removed, "&" and "and" as
// "og", "A/S" as "as", legal forms and branch suffixes dropped.
func NameTokens(name string) []string {
	s := strings.ToLower(name)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == 'æ':
			b.WriteString("ae")
		case r == 'ø', r == 'ö':
			b.WriteByte('o')
		case r == 'ß':
			b.WriteString("ss")
		case r == '&':
			b.WriteString(" & ")
		case r == '/' || r == '.' || r == '\'' || r == '’':
			// "a/s", "a.s.", "o'brien": joined, not split
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	fields := strings.Fields(b.String())
	out := fields[:0]
	for _, f := range fields {
		if branchWords[f] && len(out) > 0 {
			break // the rest names a branch
		}
		if joiners[f] {
			f = "og"
		}
		out = append(out, f)
	}
	// Legal forms at either end (but keep a name that is only a legal form).
	for len(out) > 1 && legalForms[out[len(out)-1]] {
		out = out[:len(out)-1]
	}
	for len(out) > 1 && legalForms[out[0]] {
		out = out[1:]
	}
	// "å" written "aa" ("Aasen", "Haaland") meets "å" folded to "a".
	for i, f := range out {
		if strings.Contains(f, "aa") {
			out[i] = strings.ReplaceAll(f, "aa", "a")
		}
	}
	return out
}

// NameKey is the normalised name as one string.
func NameKey(name string) string { return strings.Join(NameTokens(name), " ") }

// sortedKey is the normalised name with its words in order, so "Elektro
// Larvik" and "Larvik Elektro" meet.
func sortedKey(tokens []string) string {
	c := append([]string(nil), tokens...)
	sort.Strings(c)
	return strings.Join(c, " ")
}

// jaroWinkler is the Jaro–Winkler similarity of two strings, 0 to 1,
// compared byte by byte (normalised names are folded to ASCII letters).
func jaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if la > 64 || lb > 64 {
		a, b = a[:min(la, 64)], b[:min(lb, 64)]
		la, lb = len(a), len(b)
	}
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	var ma, mb [64]bool
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb-1, i+window)
		for j := lo; j <= hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	trans, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			trans++
		}
		k++
	}
	m := float64(matches)
	jaro := (m/float64(la) + m/float64(lb) + (m-float64(trans)/2)/m) / 3
	prefix := 0
	for i := 0; i < min(4, la, lb) && a[i] == b[i]; i++ {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}
