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

// notPlaces are words in a trailing parenthesis that do not name a place:
// "Acme (UK)", "Hansen Bygg (under avvikling)".
var notPlaces = map[string]bool{"uk": true, "gb": true, "england": true, "wales": true, "scotland": true, "ni": true, "norge": true,
	"norway": true, "sverige": true, "sweden": true, "danmark": true, "holdings": true, "holding": true, "group": true, "trading": true,
	"services": true, "in": true, "liquidation": true, "administration": true, "dissolved": true, "under": true, "avvikling": true,
	"konkurs": true, "the": true, "old": true, "new": true, "account": true}

// NameTokens normalises an organisation name for matching: lower case,
// accents, æ/ø/å and "aa" folded, punctuation removed, "&" and "and" as
// "og", "A/S" as "as", legal forms and branch suffixes dropped.
func NameTokens(name string) []string { return parseName(name, "", false).tokens }

// parsedName is a name read for matching.
type parsedName struct {
	tokens  []string      // the folded words, without legal forms and branch suffix
	forms   formSet       // the legal forms written in it
	branch  string        // the place a branch suffix names, as a town key ("" for none)
	full    []string      // tokens with a trailing "(Place)" kept as words; nil when there is none
	numbers []FoundNumber // organisation and VAT numbers written in it (when asked for)
	// looseBody and loosePlace are the name and the place of a branch
	// suffix written without a separator ("Bowland Consulting Lytham St
	// Annes Branch"), where the place may be longer than its last word.
	looseBody, loosePlace string
}

// parseName reads a name: its words, the legal forms written in it, the
// place a branch suffix names ("avd. Stavern", "– Preston branch",
// "(Preston)") and, with numbers, the organisation and VAT numbers written
// in it ("Firma AS 987654321"), which are not words of the name.
func parseName(name, country string, numbers bool) parsedName {
	var p parsedName
	if numbers && strings.ContainsAny(name, "0123456789") {
		p.numbers = FindNumbers(name, country)
		if len(p.numbers) > 0 {
			b := []byte(name)
			for _, n := range p.numbers {
				for i := n.Start; i < n.End; i++ {
					b[i] = ' '
				}
			}
			name = string(b)
		}
	}
	var loose bool
	name, p.branch, loose = branchSuffix(name)
	if loose {
		p.looseBody, p.loosePlace = name, p.branch
	}
	var paren []string
	if p.branch == "" {
		var place string
		if name, place = parenPlace(name); place != "" {
			paren = words(place)
			p.branch = strings.Join(paren, " ")
		}
	}
	fields := words(name)
	out := fields[:0]
	for i, f := range fields {
		if branchWords[f] && len(out) > 0 {
			// The rest names a branch: its place, without a legal form.
			rest := fields[i+1:]
			for len(rest) > 0 && formOf(rest[len(rest)-1]) != 0 {
				rest = rest[:len(rest)-1]
			}
			if p.branch == "" && len(rest) > 0 && len(rest) <= 3 {
				p.branch = strings.Join(foldAA(append([]string(nil), rest...)), " ")
			}
			break
		}
		if joiners[f] {
			f = "og"
		}
		out = append(out, f)
	}
	// Legal forms at either end (but keep a name that is only a legal form,
	// and a place such as "Ås" that folds to one).
	raw := strings.Fields(name)
	folded := func(i int) bool { return i >= 0 && i < len(raw) && !isASCII(raw[i]) }
	for len(out) > 1 && !(len(out) == len(fields) && folded(len(raw)-1)) {
		f, n := trailingForm(out)
		if f == 0 || n >= len(out) {
			break
		}
		p.forms |= f
		out = out[:len(out)-n]
	}
	for len(out) > 1 && formOf(out[0]) != 0 && !folded(0) {
		p.forms |= formOf(out[0])
		out = out[1:]
	}
	p.tokens = foldAA(out)
	if len(paren) > 0 {
		p.full = append(append([]string(nil), p.tokens...), foldAA(paren)...)
	}
	return p
}

// words lower-cases a text, folds its letters, removes punctuation ("A/S",
// "A.S." and "O'Brien" are one word each) and splits it into words, "&"
// being one.
func words(s string) []string {
	s = strings.ToLower(s)
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
	return strings.Fields(b.String())
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// foldAA spells "aa" as "a", so "Aasen" and "Haaland" meet "å" folded.
func foldAA(ws []string) []string {
	for i, f := range ws {
		if strings.Contains(f, "aa") {
			ws[i] = strings.ReplaceAll(f, "aa", "a")
		}
	}
	return ws
}

// townKey is a place name as matching compares it: "TJØLLING" and
// "Tjolling" alike.
func townKey(s string) string {
	if s == "" {
		return ""
	}
	return strings.Join(foldAA(words(s)), " ")
}

// branchSuffix splits "Mitie Ltd – Preston branch" and "Mitie Preston
// Branch" into the name and the place the branch is in ("preston").
func branchSuffix(name string) (body, place string, loose bool) {
	t := strings.TrimRight(name, " .)")
	if len(t) < 8 || !strings.EqualFold(t[len(t)-7:], " branch") {
		return name, "", false
	}
	body = strings.TrimRight(t[:len(t)-7], " ")
	cut := -1
	for _, d := range []string{" - ", " – ", " — ", ", ", " -", "– ", "—"} {
		if i := strings.LastIndex(body, d); i > cut {
			cut = i
		}
	}
	if cut >= 0 {
		end := cut
		for end < len(body) && (body[end] == ' ' || body[end] == ',' || body[end] == '-' || body[end] >= 0x80) {
			end++
		}
		place, body = body[end:], body[:cut]
	} else if i := strings.LastIndexByte(body, ' '); i > 0 {
		place, body, loose = body[i+1:], body[:i], true
	}
	key := townKey(place)
	if key == "" || len(strings.Fields(key)) > 3 {
		return name, "", false
	}
	return body, key, loose
}

// parenPlace splits a trailing parenthesis naming a place, "Travis
// Perkins (Preston)", from the name.
func parenPlace(name string) (string, string) {
	t := strings.TrimRight(name, " ")
	if !strings.HasSuffix(t, ")") {
		return name, ""
	}
	i := strings.LastIndexByte(t, '(')
	if i <= 0 {
		return name, ""
	}
	inner := t[i+1 : len(t)-1]
	ws := words(inner)
	if len(ws) == 0 || len(ws) > 3 || strings.ContainsAny(inner, "0123456789()") {
		return name, ""
	}
	for _, w := range ws {
		if notPlaces[w] || formOf(w) != 0 || joiners[w] {
			return name, ""
		}
	}
	return t[:i], inner
}

// spellKey is a name as written, to tell apart names that fold alike
// ("Åsen" and "Aasen"): lower case, punctuation and legal forms removed,
// the letters kept as they are.
func spellKey(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == '&':
			b.WriteString(" og ")
		case r == '/' || r == '.' || r == '\'':
		default:
			b.WriteByte(' ')
		}
	}
	ws := strings.Fields(b.String())
	for i, w := range ws {
		if w == "and" {
			ws[i] = "og"
		}
	}
	for len(ws) > 1 {
		f, n := trailingForm(ws)
		if f == 0 || n >= len(ws) {
			break
		}
		ws = ws[:len(ws)-n]
	}
	return strings.Join(ws, " ")
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
