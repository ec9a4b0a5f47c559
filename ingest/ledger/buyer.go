// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
	"github.com/cityspend/cityspend/internal/osa"
	"github.com/cityspend/cityspend/refdata"
)

// orgWords are the words of public bodies' names that say what kind of
// body, not which: they do not tell one council from another.
var orgWords = map[string]bool{
	"council": true, "borough": true, "city": true, "county": true, "district": true, "metropolitan": true, "royal": true, "town": true,
	"parish": true, "unitary": true, "authority": true, "combined": true, "greater": true, "london": true, "of": true, "the": true, "and": true,
	"cc": true, "bc": true, "dc": true, "mbc": true, "rbc": true, "lbc": true,
	"kommune": true, "fylkeskommune": true, "fylke": true, "kommun": true, "region": true, "landsting": true, "bydel": true,
	"gemeente": true, "provincie": true, "waterschap": true,
	"kunta": true, "kaupunki": true, "kuntayhtyma": true, "maakunta": true,
	"stadt": true, "gemeinde": true, "landkreis": true, "kreis": true, "stadtverwaltung": true, "markt": true,
	"ville": true, "commune": true, "mairie": true, "departement": true, "metropole": true, "agglomeration": true, "communaute": true,
	"comune": true, "citta": true, "provincia": true, "regione": true, "municipio": true, "di": true, "de": true, "du": true, "des": true,
	"la": true, "le": true, "les": true, "del": true, "della": true, "van": true, "der": true, "den": true, "het": true,
	"municipality": true, "municipal": true, "public": true, "body": true, "obshtina": true,
}

// bodyWords mark a title line that names a public body: "Hyndburn Borough
// Council – payments over £500", "Larvik kommune".
var bodyWords = map[string]bool{"council": true, "kommune": true, "fylkeskommune": true, "kommun": true, "gemeente": true, "kunta": true,
	"kaupunki": true, "stadt": true, "gemeinde": true, "landkreis": true, "ville": true, "commune": true, "comune": true,
	"municipality": true, "borough": true, "county": true, "obshtina": true}

// distinctive are a name's words that tell one body from another.
func distinctive(name string) map[string]bool {
	out := map[string]bool{}
	for _, t := range tabular.HeaderTokens(name) {
		if !orgWords[t] && !allDigits(t) && len([]rune(t)) > 1 {
			out[t] = true
		}
	}
	return out
}

// buyerPlaces are the words that name the buyer's place: its name's
// distinctive words and its municipality's name.
func buyerPlaces(b cityspend.Buyer) map[string]bool {
	places := distinctive(b.Name)
	if b.Municipality != "" {
		if _, name := refdata.CurrentMunicipality(b.Country, b.Municipality); name != "" {
			for t := range distinctive(name) {
				places[t] = true
			}
		}
	}
	return places
}

// sameBody reports whether a name in the file may be the buyer: a
// distinctive word in common, its initials ("OCC", Oxford City Council),
// its id or organisation number; or nothing in the name to tell (just
// "Council").
func sameBody(v string, b cityspend.Buyer) bool {
	v = strings.TrimSpace(v)
	if v == "" || strings.EqualFold(v, b.ID) || (b.OrgNumber != "" && strings.ReplaceAll(v, " ", "") == b.OrgNumber) {
		return true
	}
	theirs := distinctive(v)
	if len(theirs) == 0 {
		return true
	}
	ours := buyerPlaces(b)
	for t := range theirs {
		for o := range ours {
			if sameWord(t, o) {
				return true
			}
		}
	}
	if isInitials(v) {
		var initials strings.Builder
		for _, t := range tabular.HeaderTokens(b.Name) {
			if t != "of" && t != "the" && t != "and" {
				initials.WriteRune([]rune(t)[0])
			}
		}
		return strings.EqualFold(v, initials.String())
	}
	return false
}

// sameWord reports whether two words of place names are one: equal, one
// the other with an ending ("Oulu", "Oulun kaupunki"; "Bergen",
// "Bergens"), or a typo apart in a long word.
func sameWord(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(ra) >= 4 && len(rb)-len(ra) <= 2 && string(rb[:len(ra)]) == string(ra) {
		return true
	}
	return len(ra) >= 6 && osa.Distance(ra, rb, 1) <= 1
}

// isInitials reports whether v is an abbreviation: 2–6 capitals.
func isInitials(v string) bool {
	n := 0
	for _, r := range v {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 6
}

// buyerWarnings says when the file seems to be another buyer's: a column
// naming the paying organisation whose usual value is not the buyer, a
// title line naming another public body, or payees concentrated in a town
// that is not the buyer's while hardly any are in the buyer's.
func buyerWarnings(b cityspend.Buyer, l *Layout, prof []colProfile, preamble, sample []tabular.Record) []string {
	var out []string
	if i, ok := l.cols[FBuyerName]; ok && i < len(prof) {
		p := prof[i]
		if p.values > 0 && p.topN*2 >= p.values && !sameBody(p.top, b) {
			out = append(out, fmt.Sprintf("the file names the paying organisation %q (column %q, %d of %d rows), not this buyer, %s (%s): is it the right buyer?",
				p.top, strings.TrimSpace(l.header[i]), p.topN, p.values, b.Name, b.ID))
		}
	}
	for _, rec := range preamble {
		for _, cell := range rec.Fields {
			if !namesBody(cell) || sameBody(cell, b) {
				continue
			}
			out = append(out, fmt.Sprintf("line %d names %q, not this buyer, %s (%s): is it the right buyer?", rec.Line, strings.TrimSpace(cell), b.Name, b.ID))
			break
		}
	}
	if i, ok := l.cols[FSupplierTown]; ok {
		if w := townWarning(b, l.header[i], i, sample); w != "" {
			out = append(out, w)
		}
	}
	return out
}

func namesBody(cell string) bool {
	for _, t := range tabular.HeaderTokens(cell) {
		if bodyWords[t] {
			return true
		}
	}
	return false
}

// townWarning: the payees' towns are concentrated (a third of the rows or
// more) in one that is not the buyer's, and under a tenth are in the
// buyer's own place.
func townWarning(b cityspend.Buyer, header string, col int, sample []tabular.Record) string {
	places := buyerPlaces(b)
	if len(places) == 0 {
		return ""
	}
	counts := map[string]int{}
	total, home := 0, 0
	for _, rec := range sample {
		if col >= len(rec.Fields) {
			continue
		}
		town := strings.TrimSpace(rec.Fields[col])
		if town == "" {
			continue
		}
		total++
		key := strings.ToUpper(town)
		counts[key]++
		if inPlaces(town, places) {
			home++
		}
	}
	top, topN := "", 0
	for town, n := range counts {
		if n > topN || n == topN && town < top {
			top, topN = town, n
		}
	}
	if total < 10 || topN*3 < total || home*10 >= total {
		return ""
	}
	if inPlaces(top, places) {
		return ""
	}
	return fmt.Sprintf("the payees are concentrated in %s (column %q, %d of %d rows) and hardly any are in this buyer's place (%s, %d rows): is it the right buyer?",
		top, strings.TrimSpace(header), topN, total, b.Name, home)
}

// inPlaces reports whether a town's name has a word of the buyer's places.
func inPlaces(town string, places map[string]bool) bool {
	for _, t := range tabular.HeaderTokens(town) {
		for p := range places {
			if sameWord(t, p) {
				return true
			}
		}
	}
	return false
}
