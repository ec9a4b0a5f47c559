// SPDX-License-Identifier: EUPL-1.2

// Package gen makes synthetic municipalities for the demo, tests and
// benchmarks: a Norwegian municipality's accounts-payable ledger with the
// truth behind every line, and a matching business register in the
// Brønnøysund bulk format; and an English district council (uk.go) with
// its "spend over £500" ledger, Companies House and charity register
// files, postcode directory and index of deprivation in the official
// layouts. Everything is deterministic for a seed; the Norwegian files are
// streamed, so any size can be generated in bounded memory.
package gen

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// Supplier is one organisation of the synthetic world.
type Supplier struct {
	Org          string // organisation number (9 digits, MOD11)
	Name         string // as registered (upper case)
	Display      string // as the supplier writes it
	Form         string // organisasjonsform: AS, ENK, KOMM, IKS, NUF, ...
	NACE         string // SN2007 five-digit code, "43.210"
	Employees    int
	EmpKnown     bool // harRegistrertAntallAnsatte
	EmpHidden    bool // head count under 5 withheld
	Municipality string
	Kommune      string // name, upper case
	Postcode     string
	Poststed     string
	Street       string
	Country      string
	Scope        string // national, regional, local, foreign, public
	Founded      time.Time
	VAT          bool
	cat          int
	home         int // index into vestfold for regional and local suppliers; -1 otherwise
}

// Universe is the set of suppliers a seed defines: national and foreign
// firms, county firms, each Vestfold municipality's local firms, and the
// public bodies. Every municipality's ledger draws from the same universe.
type Universe struct {
	Seed      uint64
	Suppliers []*Supplier
	// pools[cat] lists the suppliers serving a category, by scope.
	national [][]*Supplier
	regional [][]*Supplier
	local    []map[string][]*Supplier // [cat][kommunenummer]
	orgs     *orgNumbers
	names    map[string]bool
}

// Pool sizes relative to the catalogue's numbers: the tail of local firms is long.
const (
	scaleNational = 1
	scaleRegional = 3
	scaleLocal    = 6
)

// orgNumbers hands out unique valid organisation numbers in a seeded order.
type orgNumbers struct {
	k, a, b uint64
}

const orgSpace = 20_000_000 // 80000000..99999999 as the first eight digits

func newOrgNumbers(seed uint64) *orgNumbers {
	// a must be coprime with 2^8·5^7; odd and not a multiple of 5 will do.
	a := uint64(7_654_321)
	return &orgNumbers{a: a, b: (seed*2654435761 + 12345) % orgSpace}
}

func (o *orgNumbers) next() string {
	for {
		x := (o.a*o.k + o.b) % orgSpace
		o.k++
		first8 := fmt.Sprintf("%08d", 80_000_000+x)
		if c := cityspend.NorwegianOrgNumberCheckDigit(first8); c >= 0 {
			return first8 + string(rune('0'+c))
		}
	}
}

func seeded(seed uint64, parts ...string) *rand.Rand {
	h := fnv.New64a()
	fmt.Fprint(h, seed)
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	s := h.Sum64()
	return rand.New(rand.NewPCG(s, s^0x9E3779B97F4A7C15))
}

// NewUniverse builds the supplier universe for a seed.
func NewUniverse(seed uint64) *Universe {
	u := &Universe{Seed: seed, orgs: newOrgNumbers(seed), names: map[string]bool{}}
	rng := seeded(seed, "universe")
	n := len(categories)
	u.national = make([][]*Supplier, n)
	u.regional = make([][]*Supplier, n)
	u.local = make([]map[string][]*Supplier, n)
	for ci, c := range categories {
		u.local[ci] = map[string][]*Supplier{}
		if c.public {
			u.addPublic(rng, ci)
			continue
		}
		for i := 0; i < c.nNational*scaleNational; i++ {
			u.national[ci] = append(u.national[ci], u.newFirm(rng, ci, "national", -1))
		}
		for i := 0; i < c.foreign; i++ {
			u.national[ci] = append(u.national[ci], u.newFirm(rng, ci, "foreign", -1))
		}
		for i := 0; i < c.nRegional*scaleRegional; i++ {
			u.regional[ci] = append(u.regional[ci], u.newFirm(rng, ci, "regional", rng.IntN(len(vestfold))))
		}
		for pi, p := range vestfold {
			for i := 0; i < c.nLocal*scaleLocal; i++ {
				u.local[ci][p.code] = append(u.local[ci][p.code], u.newFirm(rng, ci, "local", pi))
			}
			bySize(u.local[ci][p.code])
		}
		bySize(u.regional[ci])
	}
	return u
}

// bySize orders a pool largest firm first: the head of a pool takes most of
// its lines, and that head is made of firms with staff, not sole traders.
func bySize(pool []*Supplier) {
	sort.SliceStable(pool, func(i, j int) bool { return pool[i].Employees > pool[j].Employees })
}

// addPublic adds the public bodies a category buys from: the county's
// municipalities and county council, or an inter-municipal company.
func (u *Universe) addPublic(rng *rand.Rand, ci int) {
	c := categories[ci]
	mk := func(name, form, nace string, home int) *Supplier {
		p := vestfold[home]
		s := &Supplier{Org: u.orgs.next(), Name: strings.ToUpper(name), Display: name, Form: form, NACE: nace,
			Employees: 50 + rng.IntN(400), EmpKnown: true, Municipality: p.code, Kommune: strings.ToUpper(p.name),
			Postcode: fmt.Sprintf("%04d", p.ranges[0][0]+rng.IntN(5)), Poststed: p.post, Street: "Rådhusgata 1",
			Country: "NO", Scope: "public", Founded: time.Date(1837, 1, 1, 0, 0, 0, 0, time.UTC), cat: ci, home: home}
		u.names[s.Name] = true
		u.Suppliers = append(u.Suppliers, s)
		return s
	}
	switch c.key {
	case "fire":
		u.regional[ci] = append(u.regional[ci], mk("Vestfold Brann og Redning IKS", "IKS", c.nace[0], 2))
	default:
		for i, p := range vestfold {
			u.regional[ci] = append(u.regional[ci], mk(p.name+" kommune", "KOMM", c.nace[0], i))
		}
		u.regional[ci] = append(u.regional[ci], mk("Vestfold fylkeskommune", "FYLK", c.nace[0], 2))
	}
}

// newFirm invents a firm of a category with a unique name.
func (u *Universe) newFirm(rng *rand.Rand, ci int, scope string, home int) *Supplier {
	c := categories[ci]
	s := &Supplier{Org: u.orgs.next(), NACE: pick(rng, c.nace), Scope: scope, cat: ci, home: home, Country: "NO", VAT: true}
	trade := "Service"
	if len(c.trades) > 0 {
		trade = pick(rng, c.trades)
	}
	var p place
	switch scope {
	case "national":
		p = weightedPlace(rng)
	case "regional", "local":
		p = vestfold[home]
	}
	for attempt := 0; ; attempt++ {
		var name string
		s.Form = "AS"
		switch scope {
		case "national":
			switch rng.IntN(4) {
			case 0:
				name = pick(rng, nationalPrefixes) + " " + trade + " AS"
			case 1:
				name = trade + pick(rng, []string{"", " "}) + pick(rng, nationalSuffixes) + " AS"
			case 2:
				name = pick(rng, nationalPrefixes) + " " + trade + " " + pick(rng, nationalSuffixes) + " AS"
			default:
				name = pick(rng, surnames) + " " + trade + " " + pick(rng, []string{"Norge", "Gruppen", "Holding"}) + " AS"
			}
			if rng.IntN(8) == 0 {
				s.Form = "ASA"
				name = strings.TrimSuffix(name, " AS") + " ASA"
			}
		case "foreign":
			a := abroad[rng.IntN(len(abroad))]
			name = pick(rng, []string{"Nordic", "Euro", "Global", "Scandinavian", "Baltic", "Continental"}) + " " +
				pick(rng, []string{"Software", "Systems", "Solutions", "Chemicals", "Supplies", "Data"}) + " " + a.form
			s.Form = "NUF"
			s.Country = a.country
			s.Poststed = strings.ToUpper(a.town)
			s.Postcode = a.post(rng.IntN(100000))
		default:
			village := p.name
			if len(p.villages) > 0 && rng.IntN(3) == 0 {
				village = pick(rng, p.villages)
			}
			switch rng.IntN(7) {
			case 0, 1:
				name = pick(rng, surnames) + " " + trade + " AS"
			case 2:
				name = village + " " + trade + " AS"
			case 3:
				name = trade + " " + village + " AS"
			case 4:
				name = pick(rng, surnames) + " & " + pick(rng, surnames) + " " + trade + " AS"
			case 5:
				name = pick(rng, surnames) + " & Sønn " + trade + " AS"
			default:
				name = pick(rng, firstNames) + " " + pick(rng, surnames) + " " + trade
				s.Form = "ENK"
			}
			if c.outOfScope {
				name = village + " " + trade
				if attempt > 0 {
					name = village + " " + pick(rng, []string{"Idretts", "Sanitets", "Pensjonist", "Skole", "Ungdoms", "Kultur", "Natur", "Vel"}) + strings.ToLower(trade)
				}
				s.Form = "FLI"
			}
		}
		up := strings.ToUpper(name)
		if attempt > 20 {
			up += fmt.Sprintf(" %d", attempt)
		}
		if !u.names[up] {
			u.names[up] = true
			s.Name = up
			s.Display = titleCase(name)
			if attempt > 20 {
				s.Display = name + fmt.Sprintf(" %d", attempt)
			}
			break
		}
	}
	switch scope {
	case "national":
		s.Employees = 150 + int(math.Exp(rng.Float64()*4)*60)
	case "foreign":
		s.Employees = 0
	case "regional":
		s.Employees = 10 + rng.IntN(240)
	default:
		if rng.IntN(5) == 0 {
			s.Employees = 10 + rng.IntN(60)
		} else {
			s.Employees = rng.IntN(10)
		}
	}
	switch {
	case s.Form == "ENK" && s.Employees < 3, s.Form == "FLI":
		s.Employees, s.EmpKnown = 0, rng.IntN(3) == 0
	case s.Scope == "foreign":
		s.EmpKnown = false
	case s.Employees < 5 && rng.IntN(2) == 0:
		s.EmpKnown, s.EmpHidden = true, true
	default:
		s.EmpKnown = true
	}
	if s.Form == "FLI" {
		s.VAT = false
	}
	if s.Country == "NO" {
		s.Municipality, s.Kommune, s.Poststed = p.code, strings.ToUpper(p.name), p.post
		r := p.ranges[rng.IntN(len(p.ranges))]
		s.Postcode = fmt.Sprintf("%04d", r[0]+rng.IntN(r[1]-r[0]+1))
	}
	s.Street = fmt.Sprintf("%s %d", pick(rng, streets), 1+rng.IntN(120))
	s.Founded = time.Date(1950+rng.IntN(74), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
	u.Suppliers = append(u.Suppliers, s)
	return s
}

var streets = []string{"Storgata", "Kirkegata", "Prinsegata", "Industriveien", "Næringsveien", "Havnegata", "Strandpromenaden",
	"Kongens gate", "Dronningens gate", "Fabrikkveien", "Verkstedveien", "Bjørnstjerne Bjørnsons gate", "Torget", "Stasjonsveien"}

func weightedPlace(rng *rand.Rand) place {
	total := 0.0
	for _, p := range national {
		total += p.weight
	}
	x := rng.Float64() * total
	for _, p := range national {
		x -= p.weight
		if x < 0 {
			return p
		}
	}
	return national[0]
}

// Municipality returns the Vestfold municipality with a kommunenummer.
func Municipality(code string) (name string, ok bool) {
	for _, p := range vestfold {
		if p.code == code {
			return p.name, true
		}
	}
	return "", false
}

// Municipalities lists the codes the generator knows, for messages.
func Municipalities() []string {
	var out []string
	for _, p := range vestfold {
		out = append(out, p.code+" "+p.name)
	}
	return out
}

// DisplayName is the name as the firm writes it (register names are upper case).
func (s *Supplier) DisplayName() string {
	if s.Display != "" {
		return s.Display
	}
	return titleCase(s.Name)
}
