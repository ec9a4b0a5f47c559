// SPDX-License-Identifier: EUPL-1.2

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

	"github.com/cityspend/cityspend/internal/osa"
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

// fold spells the letters of the partnership's languages in ASCII, as
// people who cannot type them do.
var fold = map[rune]string{
	'æ': "ae", 'ø': "o", 'å': "a", 'ä': "a", 'ö': "o", 'ü': "u", 'ß': "ss", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'á': "a", 'à': "a", 'â': "a", 'ã': "a", 'ó': "o", 'ò': "o", 'ô': "o", 'õ': "o", 'í': "i", 'ì': "i", 'î': "i", 'ï': "i",
	'ú': "u", 'ù': "u", 'û': "u", 'ñ': "n", 'ç': "c", 'š': "s", 'ž': "z", 'č': "c", 'ý': "y", 'ÿ': "y", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th",
	'’': "", '‘': "", '´': "", '–': " ", '—': " ", '\u00a0': " ",
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
	for _, r := range s {
		if r >= 0x80 {
			if f, ok := fold[r]; ok {
				b.WriteString(f)
				continue
			}
			// Anything else: decompose and drop the accents.
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) && (unicode.IsLetter(d) || unicode.IsDigit(d)) {
					b.WriteRune(d)
				}
			}
			continue
		}
		switch {
		case r == '&':
			b.WriteString(" & ")
		case r == '/' || r == '.' || r == '\'':
			// "a/s", "a.s.", "o'brien": joined, not split
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
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

// joinedSimilarity compares two normalised names with their spaces removed
// (1 − edit distance / length), so "it service" meets "itservice".
func joinedSimilarity(a, b string) float64 {
	a, b = strings.ReplaceAll(a, " ", ""), strings.ReplaceAll(b, " ", "")
	return wordSimilarity(a, b)
}

// tokenSimilarity compares two normalised names (words separated by single
// spaces) word by word, in any order: each word is matched to the most
// similar word of the other name (1 − edit distance / length), weighted by
// its length, in both directions. A typo in one word costs little; a
// different word costs much. It does not allocate.
func tokenSimilarity(a, b string) float64 {
	if a == "" || b == "" {
		return 0
	}
	return (directed(a, b) + directed(b, a)) / 2
}

func directed(a, b string) float64 {
	var sum, weight float64
	for rest := a; rest != ""; {
		var x string
		x, rest, _ = strings.Cut(rest, " ")
		best := 0.0
		for other := b; other != "" && best < 1; {
			var y string
			y, other, _ = strings.Cut(other, " ")
			if s := wordSimilarity(x, y); s > best {
				best = s
			}
		}
		w := float64(len(x))
		sum += best * w
		weight += w
	}
	if weight == 0 {
		return 0
	}
	return sum / weight
}

func wordSimilarity(a, b string) float64 {
	if a == b {
		return 1
	}
	n := max(len(a), len(b))
	if n == 0 {
		return 1
	}
	// Words that differ in more than half their letters count as different.
	limit := n / 2
	if d := len(a) - len(b); d > limit || -d > limit {
		return 0
	}
	d := osaDistance(a, b, limit)
	if d > limit {
		return 0
	}
	return 1 - float64(d)/float64(n)
}

// osaDistance is the edit distance of two words by their bytes (at most
// the first 64 of each), or more than limit as soon as it must exceed limit.
// It does not allocate.
func osaDistance(a, b string, limit int) int {
	var ab, bb [64]byte
	return osa.Distance(ab[:copy(ab[:], a)], bb[:copy(bb[:], b)], limit)
}
