// SPDX-License-Identifier: EUPL-1.2

package gen

import (
	"math/rand/v2"
	"strings"
	"unicode"
)

var surnames = []string{"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
	"Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen",
	"Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen",
	"Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen",
	"Lunde", "Solheim", "Berge", "Moe", "Nygård", "Bakke", "Kristensen", "Fredriksen", "Holm", "Lien", "Hauge", "Christensen",
	"Andresen", "Nielsen", "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Hanssen", "Haugland", "Thomassen", "Sivertsen",
	"Simonsen", "Danielsen", "Berntsen", "Sandvik", "Rønning", "Arnesen", "Antonsen", "Næss", "Vik", "Haug", "Ellingsen", "Thorsen",
	"Edvardsen", "Birkeland", "Isaksen", "Gulbrandsen", "Ruud", "Aasen", "Strøm", "Myklebust", "Tangen", "Ødegård", "Eliassen",
	"Helland", "Bøe", "Jenssen", "Aune", "Mikkelsen", "Tveit", "Brekke", "Abrahamsen", "Madsen", "Hovland", "Kvamme", "Sletten",
	"Brenna", "Tollefsen", "Østby", "Wold", "Gran", "Fjeld", "Bråten", "Hovde", "Skaug", "Kleven", "Holt", "Engen", "Haraldsen"}

var firstNames = []string{"Ole", "Lars", "Per", "Kari", "Anne", "Hans", "Jan", "Nils", "Ingrid", "Knut", "Tor", "Liv", "Bjørn",
	"Arne", "Kjell", "Marit", "Geir", "Silje", "Espen", "Trond", "Hilde", "Morten", "Stein", "Randi", "Even", "Siri", "Magnus"}

var nationalPrefixes = []string{"Norsk", "Nordisk", "Norges", "Skandinavisk", "Nord", "Fjord", "Polar", "Aurora", "Viken", "Nordlys",
	"Atlant", "Kyst", "Norden", "Riks", "Landsdekkende", "Allnorsk", "Felles", "Samlet", "Vestlandske", "Østlandske"}

var nationalSuffixes = []string{"Gruppen", "Norge", "Partner", "Senteret", "Huset", "Kompaniet", "Service", "Team", "Leverandøren"}

var legalSuffixes = map[string]bool{"AS": true, "ASA": true, "A/S": true, "ANS": true, "DA": true, "SA": true, "BA": true, "IKS": true,
	"AB": true, "APS": true, "LTD": true, "GMBH": true, "BV": true, "OY": true, "ENK": true, "NUF": true, "KF": true}

// titleCase writes a register name (upper case) as people write it.
func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		up := strings.ToUpper(w)
		switch {
		case legalSuffixes[up] || up == "IKS" || up == "KF":
			words[i] = up
			if up == "APS" {
				words[i] = "ApS"
			}
			if up == "GMBH" {
				words[i] = "GmbH"
			}
			if up == "LTD" {
				words[i] = "Ltd"
			}
		case w == "og" || w == "i" || w == "for" || w == "av":
		case w == "&":
		default:
			r := []rune(w)
			r[0] = unicode.ToUpper(r[0])
			if j := strings.IndexAny(w, "-"); j > 0 && j+1 < len(w) {
				rr := []rune(w)
				k := len([]rune(w[:j]))
				if k+1 < len(rr) {
					r[k+1] = unicode.ToUpper(rr[k+1])
				}
			}
			words[i] = string(r)
		}
	}
	return strings.Join(words, " ")
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// NameVariant returns how a clerk might have typed a name: upper case, no
// legal form, "A/S", a typo, folded letters, a branch suffix, "&" for "og".
// kind (0–6) selects the variation; village names the branch.
func NameVariant(rng *rand.Rand, display string, kind int, village string) string {
	return nameVariant(rng, display, kind, village)
}

// nameVariant returns how a clerk might have typed the name in the ERP's
// supplier register: kind selects the variation.
func nameVariant(rng *rand.Rand, display string, kind int, village string) string {
	words := strings.Fields(display)
	switch kind {
	case 0: // upper case
		return strings.ToUpper(display)
	case 1: // no legal form
		if len(words) > 1 && legalSuffixes[strings.ToUpper(words[len(words)-1])] {
			return strings.Join(words[:len(words)-1], " ")
		}
		return display + " AS"
	case 2: // A/S, A.S.
		if len(words) > 1 && strings.ToUpper(words[len(words)-1]) == "AS" {
			return strings.Join(words[:len(words)-1], " ") + pick(rng, []string{" A/S", " A.S.", " as", " AS."})
		}
		return strings.ToLower(display)
	case 3: // one typo in a long word
		best := -1
		for i, w := range words {
			if len([]rune(w)) >= 6 && !legalSuffixes[strings.ToUpper(w)] && (best < 0 || rng.IntN(2) == 0) {
				best = i
			}
		}
		if best < 0 {
			return strings.ToUpper(display)
		}
		r := []rune(words[best])
		i := 1 + rng.IntN(len(r)-2)
		switch rng.IntN(3) {
		case 0: // swap
			r[i], r[i+1] = r[i+1], r[i]
		case 1: // double
			r = append(r[:i+1], r[i:]...)
		default: // drop
			r = append(r[:i], r[i+1:]...)
		}
		words[best] = string(r)
		return strings.Join(words, " ")
	case 4: // æøå folded
		if f := foldAEAA.Replace(display); f != display {
			return f
		}
		return strings.ReplaceAll(display, " og ", " & ")
	case 5: // branch suffix
		if village != "" {
			return display + " avd. " + village
		}
		return display + " avd."
	default: // & / og
		if strings.Contains(display, " & ") {
			return strings.ReplaceAll(display, " & ", " og ")
		}
		if strings.Contains(display, " og ") {
			return strings.ReplaceAll(display, " og ", " & ")
		}
		return strings.ToUpper(display)
	}
}

var typoRep = []func(rng *rand.Rand, s string) string{
	func(rng *rand.Rand, s string) string { // drop a letter
		r := []rune(s)
		if len(r) < 5 {
			return s
		}
		i := 1 + rng.IntN(len(r)-2)
		if !unicode.IsLetter(r[i]) {
			return s
		}
		return string(append(r[:i], r[i+1:]...))
	},
	func(rng *rand.Rand, s string) string { // swap two letters
		r := []rune(s)
		if len(r) < 5 {
			return s
		}
		i := 1 + rng.IntN(len(r)-3)
		if !unicode.IsLetter(r[i]) || !unicode.IsLetter(r[i+1]) {
			return s
		}
		r[i], r[i+1] = r[i+1], r[i]
		return string(r)
	},
	func(rng *rand.Rand, s string) string { return strings.ToLower(s) },
	func(rng *rand.Rand, s string) string { return strings.ToUpper(s) },
	func(rng *rand.Rand, s string) string { // fold Norwegian letters
		return foldLetters.Replace(s)
	},
}

// The Norwegian letters folded as clerks and systems without them write
// them (built once: a Replacer is safe for concurrent use).
var (
	foldAEAA    = strings.NewReplacer("æ", "ae", "ø", "o", "å", "aa", "Æ", "AE", "Ø", "O", "Å", "AA")
	foldLetters = strings.NewReplacer("æ", "ae", "ø", "o", "å", "a")
	foldAa      = strings.NewReplacer("Å", "Aa", "å", "aa", "Ø", "O", "ø", "o", "Æ", "Ae", "æ", "ae")
)

var abbreviations = strings.NewReplacer(
	"reparasjon", "rep.", "Reparasjon", "Rep.", "vedlikehold", "vedl.", "Vedlikehold", "Vedl.",
	"kontorrekvisita", "kontorrekv.", "Kontorrekvisita", "Kontorrekv.", "barnehage", "bhg", "Barnehage", "Bhg",
	"sykehjem", "sykehj.", "omsorgssenter", "oms.senter", "ungdomsskole", "u.skole", "barneskole", "b.skole",
	"avdeling", "avd.", "diverse", "div.", "materialer", "mat.", "elektriker", "el.", "inklusive", "inkl.",
)
