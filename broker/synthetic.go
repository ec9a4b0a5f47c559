// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/cityspend/cityspend"
)

// The labelled synthetic set the matcher is measured on: firms in eight
// sectors, four specialisms each, every firm of a sector in the same CPV
// group (so categories alone cannot tell them apart), each describing its
// specialism in its own words amid the sector's common words; and for each
// firm a challenge that names its need in part of those words, with the
// buyer's own filler. The right answer is the firm whose specialism the
// need is. Beside the specialists, each sector has generalists who name a
// word or two of every specialism and firms known only from a ledger, who
// have supplied the buyer in the category (history and place favour them).
var sectors = []struct {
	cpv, common string
	specialisms []string
}{
	{"90910000", "cleaning services buildings hygiene staff contracts", []string{
		"window facade glass height rope access high-rise",
		"floor carpet polishing schools kindergartens daily",
		"hospital disinfection infection control wards sterile",
		"graffiti removal outdoor pressure washing street furniture"}},
	{"60130000", "transport passengers vehicles drivers routes",
		[]string{
			"school bus pupils morning routes timetable",
			"wheelchair accessible minibus disabled elderly door-to-door",
			"electric buses charging depot zero-emission",
			"taxi on-demand booking app flexible rides"}},
	{"72200000", "software development digital systems data",
		[]string{
			"case management archive documents citizens portal",
			"route optimisation planning algorithm fleet scheduling",
			"sensors internet-of-things monitoring buildings energy dashboards",
			"machine learning prediction analytics forecasting models"}},
	{"45200000", "construction works building contractor projects",
		[]string{
			"timber wooden schools prefabricated modules low-carbon",
			"bridge repair concrete rehabilitation structural",
			"road asphalt paving resurfacing recycled",
			"renovation energy retrofit insulation heat-pumps"}},
	{"55500000", "food catering meals kitchens menus",
		[]string{
			"school lunches children nutrition healthy",
			"elderly care homes texture-modified diets delivery",
			"local organic produce seasonal farmers short supply chains",
			"food waste reduction surplus composting measurement"}},
	{"77300000", "green spaces parks landscape maintenance outdoor",
		[]string{
			"tree care arborist pruning felling urban forest",
			"playground equipment inspection safety surfacing",
			"snow clearing winter gritting salting roads pavements",
			"biodiversity meadows pollinators native planting"}},
	{"85300000", "social care services people support welfare",
		[]string{
			"home care visits elderly independent living",
			"youth mentoring employment training jobs",
			"addiction recovery counselling harm reduction",
			"refugee integration language courses housing"}},
	{"71300000", "engineering consultancy design advice studies",
		[]string{
			"flood risk drainage stormwater climate adaptation",
			"noise acoustics measurement traffic mapping",
			"geotechnical ground investigation soil drilling",
			"lighting design streetlights LED smart dimming"}},
}

var fillers = []string{
	"The municipality wants better services for residents.",
	"We look for solutions within our budget and timeline.",
	"Kommunen ønsker gode løsninger for innbyggerne.",
	"Suppliers of all sizes are welcome to respond.",
	"The need arises in several of our units.",
}

var firmFillers = []string{
	"We deliver quality to public and private customers across Norway.",
	"Our experienced team works with municipalities every day.",
	"Certified, reliable and competitively priced.",
}

// Synthetic makes the labelled set: candidates and challenges, and for
// each challenge the id of the right supplier.
func Synthetic(seed uint64) ([]Candidate, []cityspend.Challenge, []string) {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	var cands []Candidate
	var chs []cityspend.Challenge
	var truth []string
	n := 0
	for _, s := range sectors {
		for _, spec := range s.specialisms {
			n++
			id := fmt.Sprintf("org:NO-BRC:%09d", 900000000+n)
			words := strings.Fields(spec)
			common := strings.Fields(s.common)
			r.Shuffle(len(common), func(i, j int) { common[i], common[j] = common[j], common[i] })
			text := fmt.Sprintf("Firm %d: %s. We specialise in %s. %s", n, strings.Join(common[:3], " "), strings.Join(words, ", "),
				firmFillers[r.IntN(len(firmFillers))])
			cands = append(cands, Candidate{SupplierID: id, Name: fmt.Sprintf("Firm %d AS", n), CPV: []string{s.cpv}, Text: text,
				Registered: true, Size: []string{cityspend.ClassSmall, cityspend.ClassMedium, cityspend.ClassLarge, cityspend.ClassMicro}[r.IntN(4)],
				Municipality: []string{"3909", "3907", "0301", "4601"}[r.IntN(4)]})
			// The need: half of the specialism's words (at least two), some
			// of the sector's, and the buyer's filler.
			r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
			k := max(2, len(words)/2)
			ch := cityspend.Challenge{BuyerID: "3909", ID: fmt.Sprintf("CH-%d", n), Status: cityspend.ChallengePublished, CPV: []string{s.cpv},
				Title:   fmt.Sprintf("Need: %s", strings.Join(words[:2], " and ")),
				Problem: fmt.Sprintf("%s %s We need %s for %s.", fillers[r.IntN(len(fillers))], fillers[r.IntN(len(fillers))], strings.Join(words[:k], ", "), common[r.IntN(len(common))]),
			}
			chs = append(chs, ch)
			truth = append(truth, id)
		}
		// Competitors in the same CPV group: generalists who name a word or
		// two of every specialism, and firms known only from ledgers (their
		// name and category), so that the category alone leaves ten or more
		// firms to choose from.
		for g := range 6 {
			n++
			var some []string
			for _, spec := range s.specialisms {
				w := strings.Fields(spec)
				r.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
				some = append(some, w[:1+g%2]...)
			}
			cands = append(cands, Candidate{SupplierID: fmt.Sprintf("org:NO-BRC:%09d", 900000000+n), Name: fmt.Sprintf("Generalist %d AS", n),
				CPV: []string{s.cpv}, Registered: true, Size: cityspend.ClassMedium, Municipality: "3909",
				Text: fmt.Sprintf("Generalist %d: %s. We offer %s and more. %s", n, s.common, strings.Join(some, ", "), firmFillers[r.IntN(len(firmFillers))])})
		}
		for range 4 {
			n++
			cands = append(cands, Candidate{SupplierID: fmt.Sprintf("org:NO-BRC:%09d", 900000000+n), Name: fmt.Sprintf("Ledger firm %d AS", n),
				CPV: []string{s.cpv}, Municipality: "3909", Size: cityspend.ClassSmall, Text: fmt.Sprintf("Ledger firm %d AS", n),
				Spend: map[string]map[string]cityspend.Amount{"3909": {s.cpv: 500_000_00}}})
		}
	}
	return cands, chs, truth
}

// TopN is the share of challenges whose right supplier is among the first
// n matches.
func TopN(cands []Candidate, chs []cityspend.Challenge, truth []string, n int) float64 {
	hits := 0
	ranker := NewRanker(cands)
	for i, ch := range chs {
		for _, m := range ranker.Rank(ch, n) {
			if m.SupplierID == truth[i] {
				hits++
				break
			}
		}
	}
	return float64(hits) / float64(len(chs))
}
