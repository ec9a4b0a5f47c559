// SPDX-License-Identifier: EUPL-1.2

package gen

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The files of a name set, in its directory.
const (
	NameSetUnits    = "enheter.json.gz"      // Norwegian units, Enhetsregisteret bulk JSON
	NameSetSubunits = "underenheter.json.gz" // their branches, the sub-units file
	NameSetGB       = "gb-register.csv"      // British companies and branches, the generic register CSV
	NameSetTruth    = "names.csv"            // the labelled names
)

// NameSetOptions describe a labelled set for name resolution.
type NameSetOptions struct {
	// Groups is the number of groups of organisations whose names are hard
	// to tell apart (default 600; about 70 % Norwegian, 30 % British).
	Groups int
	// Filler is the number of other Norwegian organisations in the
	// register (default 30,000; a third as many British companies).
	Filler int64
	// Plain is the number of names of organisations no other registered
	// name is close to — most of any ledger — written with the same slips
	// (default: two for every hard group, a third of them British).
	Plain int
	// OmitForm is the per cent of names a clerk writes without their legal
	// form (default 10). Where organisations of one name differ only in
	// their form and the line gives no other clue, such a name is
	// ambiguous to anyone: this sets how many of those the set holds.
	OmitForm int
}

// NameSetStats counts what WriteNameSet wrote.
type NameSetStats struct {
	Units    int64          `json:"units"`    // Norwegian organisations
	Subunits int64          `json:"subunits"` // their branches
	GBUnits  int64          `json:"gb_units"` // British companies and branches
	Names    int64          `json:"names"`    // labelled names
	ByKind   map[string]int `json:"by_kind"`  // labelled names by kind of group
}

// nsUnit is an organisation of a name set's group.
type nsUnit struct {
	org      string // organisation number, or company number
	name     string // as registered
	base     string // the name without legal form, as written
	form     string // Enhetsregisteret code, or Companies House category
	written  string // the legal form as people write it: AS, ANS, Ltd, CIC, "" (none)
	postcode string
	poststed string // post town, upper case
	muni     string // municipality code
	county   string // the buyer's municipality, for organisations of one name in two places
	nace     string
	branches []nsBranch
	gb       bool
}

// nsBranch is a branch (sub-unit) of a name set's organisation.
type nsBranch struct {
	org, name, postcode, poststed, muni, town string
}

// nsGroup is organisations whose names fold alike or nearly.
type nsGroup struct {
	kind  string
	units []*nsUnit
	// weight of each unit among the group's payees (nil: equal)
	weight []int
}

// share is a unit's weight among its group's names.
func (g *nsGroup) share(i int) int {
	if g.weight == nil {
		return 1
	}
	return g.weight[i]
}

var gbPlaces = []struct {
	la, town string
	outward  []string
}{
	{"E07000123", "PRESTON", []string{"PR1", "PR2"}},
	{"E07000118", "CHORLEY", []string{"PR6", "PR7"}},
	{"E07000126", "LEYLAND", []string{"PR25", "PR26"}},
	{"E07000121", "LANCASTER", []string{"LA1"}},
	{"E06000008", "BLACKBURN", []string{"BB1", "BB2"}},
	{"E08000003", "MANCHESTER", []string{"M1", "M2", "M4"}},
	{"E08000035", "LEEDS", []string{"LS1", "LS2", "LS11"}},
	{"E06000009", "BLACKPOOL", []string{"FY1", "FY3"}},
	{"E07000119", "LYTHAM ST. ANNES", []string{"FY8"}},
}

// gbHome is the British buyer of the set: Preston City Council's area.
const gbHome = "E07000123"

var (
	nsTrades = []string{"Bygg", "Rør", "Elektro", "Maling", "Tak", "Transport", "Maskin", "Snekkeri", "Mur", "Anlegg", "Graving",
		"Renhold", "Regnskap", "Eiendom", "Ventilasjon", "Blikkenslager", "Glass", "Gulv", "Hage", "Flis", "Isolasjon", "Låsservice",
		"Kjøleteknikk", "Tømrer", "Betong", "Stillas", "Vaktmester", "Catering", "Data", "Montasje", "Sveis", "Rørlegger"}
	nsFolds = [][2]string{{"Åsen", "Aasen"}, {"Åberg", "Aaberg"}, {"Ådland", "Aadland"}, {"Åmodt", "Aamodt"}, {"Ås", "Aas"},
		{"Ålien", "Aalien"}, {"Årstad", "Aarstad"}, {"Ånes", "Aanes"}, {"Åkre", "Aakre"}, {"Ålund", "Aalund"}}
	nsNear = [][2]string{{"Hansen", "Hanssen"}, {"Jensen", "Jenssen"}, {"Nilsen", "Nielsen"}, {"Kristiansen", "Christiansen"},
		{"Karlsen", "Carlsen"}, {"Pettersen", "Petersen"}, {"Olsen", "Olssen"}, {"Andersen", "Andresen"}, {"Johansen", "Johannsen"},
		{"Eriksen", "Erichsen"}, {"Jakobsen", "Jacobsen"}, {"Kristoffersen", "Christoffersen"}}
	nsChains     = []string{"Kystmat", "Fjordhandel", "Nærkjøp", "Byggtorget", "Fargehjørnet", "Sportsbua", "Dekkmester", "Kjøkkenkroken", "Hagesenteret", "Bilpleie"}
	gbPrefixes   = []string{"Preston", "Ribble", "Fylde", "Lancashire", "Pennine", "Northern", "Riverside", "Moorside", "Brookfield", "Deepdale", "Fishwick", "Ashton", "Fulwood", "Walton", "Longridge", "Bowland", "Wyre", "Lune", "Calder", "Hodder", "Red Rose", "Millennium", "Guild", "Avenham", "Ingol", "Penwortham"}
	gbSurnames   = []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Hughes", "Harrison", "Shaw", "Holden", "Ashworth", "Haworth", "Whittaker", "Cookson", "Parkinson", "Sharples", "Singleton", "Cardwell"}
	gbTrades     = []string{"Care", "Roofing", "Landscapes", "Building Services", "Cleaning Services", "Catering", "Facilities Management", "Plumbing and Heating", "Electrical", "Consulting", "Transport", "Training", "Scaffolding", "Joinery", "Print", "Security", "Homecare", "Environmental Services", "Waste Management", "IT Solutions", "Surveyors", "Architects", "Plant Hire", "Builders Merchants", "Office Supplies", "Grounds Maintenance", "Fencing", "Community Transport", "Youth Projects", "Arts"}
	gbNear       = [][2]string{{"Thompson", "Thomson"}, {"Phillips", "Philips"}, {"Matthews", "Mathews"}, {"Clarke", "Clark"}, {"Davies", "Davis"}, {"Stephens", "Stevens"}, {"Macdonald", "McDonald"}, {"Hollins", "Hollis"}}
	gbCategories = map[string]string{"LTD": "Private Limited Company", "CIC": "Community Interest Company", "LLP": "Limited Liability Partnership",
		"PLC": "Public Limited Company"}
)

// WriteNameSet writes into dir a labelled set for name resolution where
// names are hard to tell apart, with the registers it resolves against
// (see the NameSet… files): Norwegian organisations whose names differ only
// in their legal form (AS, ANS, DA, ASA, SA, a sole proprietorship), that
// fold alike (Åsen, Aasen), are near-duplicates (Hansen, Hanssen), share
// one name in two places, or have branches (sub-units, also chains whose
// shops carry their own names); and British companies under several legal
// forms (Ltd, CIC, LLP, PLC), with branches, and near-duplicates. Each
// labelled name is written as a clerk might (case, legal form written or
// left out, spelled "A/S" or "Limited", a branch suffix, a typo), with the
// hints a ledger line gives: sometimes the postcode, sometimes a
// description holding the organisation number (or only other numbers),
// and the buyer's municipality. Deterministic for a seed.
func WriteNameSet(ctx context.Context, dir string, seed uint64, opts NameSetOptions) (NameSetStats, error) {
	if opts.Groups <= 0 {
		opts.Groups = 600
	}
	if opts.Filler <= 0 {
		opts.Filler = 30000
	}
	if opts.Plain <= 0 {
		opts.Plain = 2 * opts.Groups
	}
	if opts.OmitForm <= 0 {
		opts.OmitForm = 10
	}
	st := NameSetStats{ByKind: map[string]int{}}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	u := NewUniverse(seed)
	rng := seeded(seed, "name-set")
	ns := &nameSet{u: u, rng: rng, gbNames: map[string]bool{}, gbNumber: 1_000_000 + int(seed%1000)*7919, omitForm: min(opts.OmitForm, 90)}
	var groups []*nsGroup
	for len(groups) < opts.Groups {
		var g *nsGroup
		if rng.IntN(10) < 7 {
			g = ns.norwegian()
		} else {
			g = ns.british()
		}
		// Registers do not hold two companies of one name (sole
		// proprietorships may share one): draw again.
		if ns.taken(g) {
			continue
		}
		groups = append(groups, g)
	}
	var no, gb []*nsUnit
	for _, g := range groups {
		for _, x := range g.units {
			if x.gb {
				gb = append(gb, x)
			} else {
				no = append(no, x)
			}
		}
	}
	n, err := writeGz(filepath.Join(dir, NameSetUnits), func(w io.Writer) (int64, error) {
		return ns.writeUnits(ctx, w, no, opts.Filler)
	})
	st.Units = n
	if err != nil {
		return st, err
	}
	if st.Subunits, err = writeGz(filepath.Join(dir, NameSetSubunits), func(w io.Writer) (int64, error) {
		return ns.writeSubunits(w, no)
	}); err != nil {
		return st, err
	}
	var gbFiller []*nsUnit
	if st.GBUnits, gbFiller, err = ns.writeGB(filepath.Join(dir, NameSetGB), gb, opts.Filler/3); err != nil {
		return st, err
	}
	st.Names, err = ns.writeTruth(filepath.Join(dir, NameSetTruth), append(groups, ns.plain(opts.Plain, gbFiller)...), st.ByKind)
	return st, err
}

// plain draws organisations no other registered name is close to: the
// municipalities' own firms, and British companies of the register.
func (ns *nameSet) plain(n int, gbFiller []*nsUnit) []*nsGroup {
	rng := seeded(ns.u.Seed, "name-set-plain")
	var out []*nsGroup
	var no []*Supplier
	for _, s := range ns.u.Suppliers {
		if s.Country == "NO" && s.Scope != "public" && s.Scope != "foreign" {
			no = append(no, s)
		}
	}
	seen := map[string]bool{}
	for tries := 0; len(out) < n && tries < 20*n; tries++ {
		if rng.IntN(3) == 0 && len(gbFiller) > 0 {
			x := pick(rng, gbFiller)
			if !seen[x.org] {
				seen[x.org] = true
				out = append(out, &nsGroup{kind: "gb_plain", units: []*nsUnit{x}})
			}
			continue
		}
		if len(no) == 0 {
			continue
		}
		s := pick(rng, no)
		if seen[s.Org] {
			continue
		}
		seen[s.Org] = true
		base, written := s.Name, ""
		if f := " " + s.Form; strings.HasSuffix(base, f) {
			base, written = strings.TrimSuffix(base, f), s.Form
		}
		out = append(out, &nsGroup{kind: "plain", units: []*nsUnit{{org: s.Org, name: s.Name, base: titleCase(strings.ToLower(base)),
			form: s.Form, written: written, postcode: s.Postcode, poststed: s.Poststed, muni: s.Municipality}}})
	}
	return out
}

type nameSet struct {
	omitForm int
	u        *Universe
	rng      *rand.Rand
	gbNames  map[string]bool
	gbNumber int
}

// taken reports whether a group's names are already registered, and marks
// them when they are not.
func (ns *nameSet) taken(g *nsGroup) bool {
	seen := map[string]bool{}
	for _, x := range g.units {
		names := ns.u.names
		if x.gb {
			names = ns.gbNames
		}
		key := x.name
		if x.gb {
			key = gbKey(x.base, "") // another group's name, whatever its forms
		}
		if names[key] || seen[x.name] && g.kind != "same_name" {
			return true
		}
		seen[x.name] = true
	}
	for _, x := range g.units {
		if x.gb {
			ns.gbNames[gbKey(x.base, x.written)] = true
			ns.gbNames[gbKey(x.base, "")] = true
		} else {
			ns.u.names[x.name] = true
		}
	}
	return false
}

// gbKey is a British company's name as Companies House compares names: "X
// LIMITED" and "X LTD" are one name.
func gbKey(base, form string) string { return strings.ToUpper(base) + "|" + form }

// norwegian invents a group of Norwegian organisations.
func (ns *nameSet) norwegian() *nsGroup {
	rng := ns.rng
	base := pick(rng, surnames) + " " + pick(rng, nsTrades)
	if rng.IntN(4) == 0 {
		base = pick(rng, vestfold).name + " " + pick(rng, nsTrades)
	}
	switch x := rng.IntN(100); {
	case x < 40: // one name, several legal forms
		combos := [][]string{{"AS", "ANS"}, {"AS", "DA"}, {"AS", "ANS", "DA"}, {"AS", "ASA"}, {"AS", "SA"}, {"ANS", "DA"}, {"AS", "ENK"}, {"ANS", "ENK"}}
		g := &nsGroup{kind: "legal_forms"}
		for _, f := range pick(rng, combos) {
			g.units = append(g.units, ns.noUnit(base, f, ns.noPlace(-1)))
		}
		return g
	case x < 50: // names that fold alike: Åsen and Aasen
		p := pick(rng, nsFolds)
		trade := pick(rng, nsTrades)
		return &nsGroup{kind: "folded", units: []*nsUnit{ns.noUnit(p[0]+" "+trade, "AS", ns.noPlace(-1)), ns.noUnit(p[1]+" "+trade, "AS", ns.noPlace(-1))}}
	case x < 62: // one name in two places (sole proprietorships)
		name := pick(rng, firstNames) + " " + pick(rng, surnames) + " " + pick(rng, nsTrades)
		home := rng.IntN(len(vestfold))
		local := ns.noUnit(name, "ENK", ns.noPlace(home))
		far := ns.noUnit(name, "ENK", ns.noPlace(-2))
		local.county, far.county = vestfold[home].code, vestfold[home].code // the buyer is the local one's municipality
		return &nsGroup{kind: "same_name", units: []*nsUnit{local, far}, weight: []int{9, 1}}
	case x < 84: // branches, and another organisation of the name
		if rng.IntN(3) == 0 {
			return ns.chain()
		}
		g := &nsGroup{kind: "branches"}
		main := ns.noUnit(base, "AS", ns.noPlace(-1))
		for _, k := range rng.Perm(len(vestfold))[:1+rng.IntN(3)] {
			main.branches = append(main.branches, ns.noBranch(main, k, true))
		}
		other := ns.noUnit(base, pick(rng, []string{"ANS", "DA", "ENK"}), ns.noPlace(-1))
		g.units = []*nsUnit{main, other}
		g.weight = []int{3, 1}
		return g
	default: // near-duplicates: Hansen and Hanssen
		p := pick(rng, nsNear)
		trade := pick(rng, nsTrades)
		return &nsGroup{kind: "near_duplicates", units: []*nsUnit{ns.noUnit(p[0]+" "+trade, "AS", ns.noPlace(-1)),
			ns.noUnit(p[1]+" "+trade, "AS", ns.noPlace(-1))}}
	}
}

// chain is a cooperative or company whose shops, its branches, carry
// names of their own ("Kystmat Stavern"), with another company of the
// brand.
func (ns *nameSet) chain() *nsGroup {
	rng := ns.rng
	brand := pick(rng, nsChains) + pick(rng, []string{"", " " + pick(rng, surnames)})
	main := ns.noUnit(brand+" "+pick(rng, []string{"Vestfold", "Sør", "Østlandet"}), pick(rng, []string{"SA", "AS"}), ns.noPlace(-1))
	for _, k := range rng.Perm(len(vestfold))[:2+rng.IntN(3)] {
		main.branches = append(main.branches, ns.noBranch(main, k, false))
	}
	// A company of the brand elsewhere, whose name a shop's name resembles.
	other := ns.noUnit(brand+" "+pick(rng, national).name, "AS", ns.noPlace(-2))
	return &nsGroup{kind: "chain_shops", units: []*nsUnit{main, other}, weight: []int{4, 1}}
}

// noPlace draws a Norwegian place: a Vestfold municipality (home ≥ 0: that
// one; -1: Vestfold mostly, else the country), or elsewhere in the country
// (-2).
func (ns *nameSet) noPlace(home int) place {
	switch {
	case home >= 0:
		return vestfold[home]
	case home == -1 && ns.rng.IntN(10) < 7:
		return pick(ns.rng, vestfold)
	}
	return weightedPlace(ns.rng)
}

func (ns *nameSet) noUnit(base, form string, p place) *nsUnit {
	rng := ns.rng
	x := &nsUnit{org: ns.u.orgs.next(), base: titleCase(strings.ToLower(base)), form: form, muni: p.code, poststed: p.post,
		nace: pick(rng, fillerNACE)}
	x.name = strings.ToUpper(base)
	switch form {
	case "ENK":
		x.written = ""
	default:
		x.name += " " + form
		x.written = form
	}
	r := p.ranges[rng.IntN(len(p.ranges))]
	x.postcode = fmt.Sprintf("%04d", r[0]+rng.IntN(r[1]-r[0]+1))
	return x
}

func isVestfold(code string) bool {
	for _, p := range vestfold {
		if p.code == code {
			return true
		}
	}
	return false
}

// noBranch is a sub-unit in a Vestfold municipality: "HANSEN BYGG AS AVD
// STAVERN" (named after the organisation), or a shop's own name
// ("KYSTMAT STAVERN").
func (ns *nameSet) noBranch(main *nsUnit, k int, named bool) nsBranch {
	rng := ns.rng
	p := vestfold[k]
	town := p.name
	post := p.post
	if len(p.villages) > 0 && rng.IntN(3) == 0 {
		town = pick(rng, p.villages)
		post = strings.ToUpper(town)
	}
	r := p.ranges[rng.IntN(len(p.ranges))]
	b := nsBranch{org: ns.u.orgs.next(), postcode: fmt.Sprintf("%04d", r[0]+rng.IntN(r[1]-r[0]+1)), poststed: post, muni: p.code, town: town}
	if named {
		b.name = main.name + " AVD " + strings.ToUpper(town)
	} else {
		brand := strings.Fields(main.name)
		b.name = strings.Join(brand[:len(brand)-2], " ") + " " + strings.ToUpper(town)
	}
	return b
}

// british invents a group of British companies.
func (ns *nameSet) british() *nsGroup {
	rng := ns.rng
	var base string
	switch rng.IntN(3) {
	case 0:
		base = pick(rng, gbSurnames) + pick(rng, []string{" & Sons", " Bros", "", ""}) + " " + pick(rng, gbTrades)
	default:
		base = pick(rng, gbPrefixes) + " " + pick(rng, gbTrades)
	}
	switch x := rng.IntN(100); {
	case x < 50:
		combos := [][]string{{"LTD", "CIC"}, {"LTD", "LLP"}, {"LTD", "PLC"}, {"LTD", "CIC", "LLP"}, {"CIC", "LLP"}}
		g := &nsGroup{kind: "gb_legal_forms"}
		for _, f := range pick(rng, combos) {
			g.units = append(g.units, ns.gbUnit(base, f))
		}
		return g
	case x < 80:
		g := &nsGroup{kind: "gb_branches"}
		main := ns.gbUnit(base, "LTD")
		for _, k := range rng.Perm(len(gbPlaces))[:1+rng.IntN(3)] {
			if gbPlaces[k].la == main.muni {
				continue
			}
			p := gbPlaces[k]
			main.branches = append(main.branches, nsBranch{org: main.org + "-" + strings.ReplaceAll(p.town[:3], " ", ""),
				name: main.name, postcode: pick(rng, p.outward) + " " + gbInward(rng), poststed: p.town, muni: p.la, town: p.town})
		}
		other := ns.gbUnit(base, pick(rng, []string{"LLP", "CIC"}))
		g.units = []*nsUnit{main, other}
		g.weight = []int{3, 1}
		return g
	default:
		p := pick(rng, gbNear)
		trade := pick(rng, gbTrades)
		return &nsGroup{kind: "gb_near_duplicates", units: []*nsUnit{ns.gbUnit(p[0]+" "+trade, "LTD"), ns.gbUnit(p[1]+" "+trade, "LTD")}}
	}
}

func gbInward(rng *rand.Rand) string {
	const letters = "ABDEFGHJLNPQRSTUWXYZ"
	return fmt.Sprintf("%d%c%c", rng.IntN(10), letters[rng.IntN(len(letters))], letters[rng.IntN(len(letters))])
}

func (ns *nameSet) gbUnit(base, form string) *nsUnit {
	rng := ns.rng
	p := gbPlaces[rng.IntN(len(gbPlaces))]
	ns.gbNumber += 1 + rng.IntN(40)
	x := &nsUnit{org: fmt.Sprintf("%08d", ns.gbNumber), base: base, form: gbCategories[form], written: form, muni: p.la, county: p.la,
		postcode: pick(rng, p.outward) + " " + gbInward(rng), poststed: p.town, gb: true, nace: pick(rng, []string{"43220", "81210", "56290", "70229", "88990", "41201", "62020"})}
	up := strings.ToUpper(base)
	switch form {
	case "LTD":
		x.name = up + pick(rng, []string{" LIMITED", " LIMITED", " LIMITED", " LTD"})
	case "CIC":
		x.name = up + pick(rng, []string{" CIC", " CIC", " C.I.C.", " COMMUNITY INTEREST COMPANY"})
	default:
		x.name = up + " " + form
	}
	return x
}

// writeUnits writes the Norwegian register: the universe's firms, the
// groups' organisations, and invented firms up to filler.
func (ns *nameSet) writeUnits(ctx context.Context, w io.Writer, no []*nsUnit, filler int64) (int64, error) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if _, err := io.WriteString(w, "[\n"); err != nil {
		return 0, err
	}
	var n int64
	write := func(v any) error {
		if n > 0 {
			if _, err := io.WriteString(w, ","); err != nil {
				return err
			}
		}
		n++
		return enc.Encode(v)
	}
	for _, x := range no {
		s := &Supplier{Org: x.org, Name: x.name, Form: x.form, NACE: x.nace, Employees: 3 + ns.rng.IntN(40), EmpKnown: true,
			Municipality: x.muni, Postcode: x.postcode, Poststed: x.poststed, Country: "NO", VAT: true,
			Street: fmt.Sprintf("%s %d", pick(ns.rng, streets), 1+ns.rng.IntN(120)), Founded: time.Date(1990+ns.rng.IntN(34), 3, 1, 0, 0, 0, 0, time.UTC)}
		if name, ok := Municipality(x.muni); ok {
			s.Kommune = strings.ToUpper(name)
		}
		if err := write(s.unit()); err != nil {
			return n, err
		}
	}
	err := Units(ctx, ns.u, int64(len(ns.u.Suppliers))+filler, func(s *Supplier) error { return write(s.unit()) })
	if err != nil {
		return n, err
	}
	_, err = io.WriteString(w, "]\n")
	return n, err
}

// brregSubunit is one unit of Enhetsregisteret's sub-units file.
type brregSubunit struct {
	Organisasjonsnummer string       `json:"organisasjonsnummer"`
	Navn                string       `json:"navn"`
	Organisasjonsform   brregCode    `json:"organisasjonsform"`
	Naeringskode1       *brregCode   `json:"naeringskode1,omitempty"`
	OverordnetEnhet     string       `json:"overordnetEnhet"`
	Beliggenhetsadresse brregAddress `json:"beliggenhetsadresse"`
}

func (ns *nameSet) writeSubunits(w io.Writer, no []*nsUnit) (int64, error) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if _, err := io.WriteString(w, "[\n"); err != nil {
		return 0, err
	}
	var n int64
	for _, x := range no {
		for _, b := range x.branches {
			if n > 0 {
				if _, err := io.WriteString(w, ","); err != nil {
					return n, err
				}
			}
			n++
			kommune, _ := Municipality(b.muni)
			if err := enc.Encode(brregSubunit{Organisasjonsnummer: b.org, Navn: b.name, Organisasjonsform: brregCode{"BEDR", "Underenhet til næringsdrivende og offentlig forvaltning"},
				Naeringskode1: &brregCode{Kode: x.nace}, OverordnetEnhet: x.org,
				Beliggenhetsadresse: brregAddress{Land: "Norge", Landkode: "NO", Postnummer: b.postcode, Poststed: b.poststed,
					Adresse: []string{fmt.Sprintf("%s %d", pick(ns.rng, streets), 1+ns.rng.IntN(120))}, Kommune: strings.ToUpper(kommune), Kommunenummer: b.muni}}); err != nil {
				return n, err
			}
		}
	}
	_, err := io.WriteString(w, "]\n")
	return n, err
}

// writeGB writes the British companies (and branches, as rows with a
// parent) in the generic register CSV, with invented other companies.
func (ns *nameSet) writeGB(path string, gb []*nsUnit, filler int64) (int64, []*nsUnit, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, nil, err
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	w := csv.NewWriter(bw)
	var n int64
	row := func(r ...string) error { n++; return w.Write(r) }
	if err := w.Write([]string{"scheme", "id", "name", "postcode", "locality", "municipality", "country", "nace", "legal_form", "parent"}); err != nil {
		return 0, nil, err
	}
	var plain []*nsUnit
	for _, x := range gb {
		if err := row("GB-COH", x.org, x.name, x.postcode, x.poststed, x.muni, "GB", x.nace, x.form, ""); err != nil {
			return n, nil, err
		}
		for _, b := range x.branches {
			if err := row("GB-COH", b.org, b.name, b.postcode, b.poststed, b.muni, "GB", x.nace, "", x.org); err != nil {
				return n, nil, err
			}
		}
	}
	rng := seeded(ns.u.Seed, "gb-filler")
	for i := int64(0); i < filler; i++ {
		base := pick(rng, gbPrefixes) + " " + pick(rng, gbTrades)
		if rng.IntN(2) == 0 {
			base = pick(rng, gbSurnames) + " " + pick(rng, gbTrades)
		}
		form := pick(rng, []string{"LTD", "LTD", "LTD", "LTD", "LLP", "CIC", "PLC"})
		// Companies House refuses a name the same as one registered, the
		// legal form disregarded (the Company, Limited Liability
		// Partnership and Business (Names and Trading Disclosures)
		// Regulations 2015, Schedule 3): one company a name, but for the
		// groups' related companies, which may consent.
		x := ns.gbUnit(base, form)
		if ns.gbNames[gbKey(x.base, "")] {
			continue
		}
		ns.gbNames[gbKey(x.base, "")] = true
		plain = append(plain, x)
		if err := row("GB-COH", x.org, x.name, x.postcode, x.poststed, x.muni, "GB", x.nace, x.form, ""); err != nil {
			return n, nil, err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return n, nil, err
	}
	return n, plain, bw.Flush()
}

// writeTruth writes the labelled names: for each organisation of each
// group, a few names as clerks write them, with the hints of the line.
func (ns *nameSet) writeTruth(path string, groups []*nsGroup, byKind map[string]int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	w := csv.NewWriter(bw)
	if err := w.Write([]string{"name", "org_number", "postcode", "text", "country", "buyer_municipality", "kind"}); err != nil {
		return 0, err
	}
	rng := seeded(ns.u.Seed, "name-set-truth")
	buyerOrg := map[string]string{} // a municipality's own organisation number
	for _, s := range ns.u.Suppliers {
		if s.Form == "KOMM" {
			buyerOrg[s.Municipality] = s.Org
		}
	}
	var n int64
	for _, g := range groups {
		// Three lines' names for each organisation of the group, each
		// drawn by the group's weights.
		total := 0
		for ui := range g.units {
			total += g.share(ui)
		}
		for v := 0; v < 3*len(g.units); v++ {
			x := g.units[0]
			for ui, w := 0, rng.IntN(total); ui < len(g.units); ui++ {
				if w -= g.share(ui); w < 0 {
					x = g.units[ui]
					break
				}
			}
			{
				r := ns.payee(rng, g, x, buyerOrg)
				label := x.org
				if x.gb {
					label = "GB" + x.org
				}
				if err := w.Write([]string{r.name, label, r.postcode, r.text, r.country, r.home, g.kind}); err != nil {
					return n, err
				}
				n++
				byKind[g.kind]++
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

type nsPayee struct{ name, postcode, text, country, home string }

// payee writes one organisation's name as a clerk might, with the hints of
// a ledger line.
func (ns *nameSet) payee(rng *rand.Rand, g *nsGroup, x *nsUnit, buyerOrg map[string]string) nsPayee {
	// The buyer: Preston for the British; for the Norwegian a Vestfold
	// municipality, most often the organisation's own (or its branch's).
	p := nsPayee{country: "NO", home: pick(rng, vestfold).code}
	switch {
	case x.gb:
		p.country, p.home = "GB", gbHome
	case g.kind == "same_name":
		p.home = x.county
	case isVestfold(x.muni) && rng.IntN(10) < 6:
		p.home = x.muni
	}
	base := x.base
	// The legal form as written: mostly as registered, sometimes left out,
	// now and then another of the country's forms (ASA written AS more
	// often).
	form := x.written
	switch r := rng.IntN(100); {
	case form == "":
	case r < ns.omitForm:
		form = ""
	case r < ns.omitForm+1 && x.gb:
		form = pick(rng, []string{"LTD", "LLP", "CIC"})
	case r < ns.omitForm+1:
		form = pick(rng, []string{"AS", "ANS", "DA"})
	case form == "ASA" && r < ns.omitForm+6:
		form = "AS"
	}
	// A form that is another organisation of the group's exactly spells
	// that one's name: no resolver can tell it, so the clerk does not err so.
	for _, o := range g.units {
		if o != x && o.base == x.base && o.written == form {
			form = x.written
		}
	}
	written := writtenForm(rng, form)
	// The place the line names: a branch suffix for an organisation with
	// branches (most of its lines), else sometimes its postcode.
	var branch *nsBranch
	if len(x.branches) > 0 && rng.IntN(10) < 7 {
		branch = &x.branches[rng.IntN(len(x.branches))]
	}
	name := base
	if written != "" {
		name += " " + written
	}
	switch {
	case branch != nil && g.kind == "chain_shops":
		name = titleCase(strings.ToLower(branch.name))
		if rng.IntN(5) == 0 {
			name = strings.ToUpper(name)
		}
	case branch != nil && x.gb:
		town := titleCase(strings.ToLower(branch.town))
		name = pick(rng, []string{base + " – " + town + " branch", base + " (" + town + ")", name + " - " + town + " Branch", base + " " + town + " Branch"})
	case branch != nil:
		town := titleCase(strings.ToLower(branch.town))
		name += pick(rng, []string{" avd " + town, " avd. " + town, " - avd. " + town, ", avd " + town, " avdeling " + town})
	}
	// A typo in a long word, now and then (more among near-duplicates).
	typo := 4
	if g.kind == "near_duplicates" || g.kind == "gb_near_duplicates" {
		typo = 20
	}
	if rng.IntN(100) < typo {
		// Not a typo that spells another organisation of the group.
		t := typoIn(rng, name)
		if !spellsOther(g, x, t) {
			name = t
		}
	}
	// Clerks fold "å" to "aa" now and then.
	if strings.ContainsAny(name, "ÅåØøÆæ") && rng.IntN(100) < 5 {
		name = foldAa.Replace(name)
	}
	switch r := rng.IntN(100); {
	case r < 10:
		name = strings.ToUpper(name)
	case r < 13:
		name = strings.ToLower(name)
	}
	if branch != nil {
		if rng.IntN(100) < 30 {
			p.postcode = branch.postcode
		}
		if !x.gb && g.kind != "same_name" && rng.IntN(10) < 7 {
			p.home = branch.muni
		}
	} else if rng.IntN(100) < 30 {
		p.postcode = x.postcode
	}
	// Numbers: the organisation number in the name or the description, or
	// only other numbers (an invoice, a KID, the buyer's own number).
	num := x.org
	switch r := rng.IntN(100); {
	case x.gb && r < 8:
		p.text = pick(rng, []string{"Invoice " + fmt.Sprint(10000+rng.IntN(90000)) + " Company No. " + num,
			"Reg No " + strings.TrimLeft(num, "0") + " – services", "Co. No. " + num})
	case x.gb && r < 12:
		p.text = fmt.Sprintf("Invoice %d VAT Reg GB %s", 1000+rng.IntN(9000), gbVAT(rng))
	case x.gb && r < 35:
		p.text = pick(rng, []string{fmt.Sprintf("PO %d", 4500000000+rng.IntN(999999)), fmt.Sprintf("Inv %06d", rng.IntN(999999)), "Period 7 2024/25"})
	case x.gb:
	case r < 4:
		name += " " + pick(rng, []string{num, num[:3] + " " + num[3:6] + " " + num[6:]})
	case r < 14:
		spaced := num[:3] + " " + num[3:6] + " " + num[6:]
		p.text = pick(rng, []string{"Faktura " + fmt.Sprint(20000+rng.IntN(80000)) + " org.nr. " + spaced, "Org nr: " + num + " " + pick(rng, []string{"vedlikehold", "reparasjon", "materialer"}),
			"NO " + spaced + " MVA", "Leverandør " + num})
	case r < 34:
		p.text = pick(rng, []string{fmt.Sprintf("Faktura 2024%05d", rng.IntN(100000)), fmt.Sprintf("KID %013d", rng.Int64N(1e13)),
			fmt.Sprintf("Konto 2801.%02d.%05d", rng.IntN(100), rng.IntN(100000)), fmt.Sprintf("Bestilling 45000%05d", rng.IntN(100000)),
			"Kunde: " + pick(rng, vestfold).name + " kommune org.nr " + buyerOrg[p.home]})
	}
	p.name = strings.Join(strings.Fields(name), " ")
	return p
}

// spellsOther says whether a name, as written, holds the name of another
// organisation of the group and not its own ("Hansen Flis" for Hanssen
// Flis).
func spellsOther(g *nsGroup, x *nsUnit, name string) bool {
	l := strings.ToLower(name)
	if strings.Contains(l, strings.ToLower(x.base)) {
		return false
	}
	for _, o := range g.units {
		if o != x && strings.Contains(l, strings.ToLower(o.base)) {
			return true
		}
	}
	return false
}

// writtenForm spells a legal form as people do: "A/S", "Limited", "L.T.D",
// "Community Interest Company".
func writtenForm(rng *rand.Rand, form string) string {
	switch form {
	case "AS":
		return pick(rng, []string{"AS", "AS", "AS", "A/S", "A.S.", "as"})
	case "ANS":
		return pick(rng, []string{"ANS", "ANS", "ans"})
	case "DA":
		return pick(rng, []string{"DA", "DA", "D.A."})
	case "LTD":
		return pick(rng, []string{"Ltd", "Ltd", "Limited", "LTD", "Ltd.", "L.T.D"})
	case "CIC":
		return pick(rng, []string{"CIC", "CIC", "C.I.C.", "Community Interest Company"})
	case "LLP":
		return pick(rng, []string{"LLP", "LLP", "L.L.P."})
	case "PLC":
		return pick(rng, []string{"PLC", "plc", "Plc"})
	}
	return form
}

// typoIn swaps, doubles or drops a letter of the longest word.
func typoIn(rng *rand.Rand, s string) string {
	ws := strings.Fields(s)
	best := -1
	for i, w := range ws {
		if len([]rune(w)) >= 6 && (best < 0 || len(w) > len(ws[best])) {
			best = i
		}
	}
	if best < 0 {
		return s
	}
	r := []rune(ws[best])
	i := 1 + rng.IntN(len(r)-2)
	switch rng.IntN(3) {
	case 0:
		r[i], r[i+1] = r[i+1], r[i]
	case 1:
		r = append(r[:i+1], r[i:]...)
	default:
		r = append(r[:i], r[i+1:]...)
	}
	ws[best] = string(r)
	return strings.Join(ws, " ")
}

// gbVAT is a valid-looking UK VAT number, written "123 4567 89".
func gbVAT(rng *rand.Rand) string {
	for {
		d := fmt.Sprintf("%07d", rng.IntN(10_000_000))
		sum := 0
		for i := 0; i < 7; i++ {
			sum += int(d[i]-'0') * (8 - i)
		}
		check := (97 - sum%97) % 97
		if check < 100 {
			s := fmt.Sprintf("%s%02d", d, check)
			return s[:3] + " " + s[3:7] + " " + s[7:]
		}
	}
}

// writeGz writes a file, gzipped, with fn.
func writeGz(path string, fn func(io.Writer) (int64, error)) (n int64, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	gz, err := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	if err != nil {
		return 0, err
	}
	if n, err = fn(gz); err != nil {
		return n, err
	}
	if err := gz.Close(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}
