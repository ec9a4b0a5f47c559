// SPDX-License-Identifier: EUPL-1.2

package gen

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The synthetic English district of the demo: Hollowmere District Council
// in the county of Wyvernshire. Every name, number, postcode and small
// area here is invented (the postcode areas HW and BW and the GSS codes
// E07000997–E07000999, E10000999 and E01099xxx are not in use); the
// national firms sit in real postcode districts of real cities, mapped to
// those cities' real local authority codes. The files are written in the
// official layouts (Companies House's BasicCompanyData, the Charity
// Commission's register extract, the ONS Postcode Directory, the English
// indices of deprivation 2019, File 1) and a council's "spend over £500"
// ledger, so that the demo imports them through the real importers.

// UKCouncil is the synthetic district council of the demo.
type UKCouncil struct {
	ID       string // the buyer id: the district's (invented) GSS code
	Name     string
	District string // local authority district (GSS code)
	County   string // county (GSS code)
	Region   string // region (GSS code: the South West)
}

// Hollowmere is the demo's English district council.
var Hollowmere = UKCouncil{ID: "E07000999", Name: "Hollowmere District Council", District: "E07000999", County: "E10000999", Region: "E12000009"}

// UK payee kinds.
const (
	UKCompany    = "company"       // a private company at Companies House
	UKCIC        = "cic"           // a community interest company
	UKCharity    = "charity"       // a charitable incorporated organisation (charity register only)
	UKCharityCo  = "charitable_co" // a charitable company (both registers, linked by the company number)
	UKPublicBody = "public"        // HMRC, councils, the pension fund, parish councils
	UKPerson     = "person"        // a redacted individual
	UKUnknown    = "unregistered"  // a payee no register knows
	UKGrant      = "grant"         // a charity's grants, paid apart from its contract
	ukFiller     = "register_only" // in the register, never paid
)

// UKPayee is one payee of the synthetic council.
type UKPayee struct {
	Name     string // as registered (upper case), or as paid
	Ledger   string // as the council's ledger writes it
	Kind     string
	Company  string // Companies House number
	Charity  string // registered charity number
	Street   string
	Town     string
	Postcode string
	// Band is where the payee is, the truth: L0 the district, L1 the rest
	// of the county, L2 the rest of England; "" not known.
	Band     string
	category string // Companies House company category
	sic      []string
	accounts string
	expenses []string // expense types it is paid under
	median   float64  // a typical payment, pounds
	weight   float64  // share of the ledger's ordinary lines
	pattern  string   // "" ordinary lines; monthly, quarterly, precept
}

// ukDistrict is a local authority district the world puts postcodes in.
type ukDistrict struct {
	lad, county, region, town string
	outward                   []string
	villages                  map[string]string // outward → post town, where not the district's town
	deciles                   []int             // the IMD deciles its small areas draw from
}

var ukDistricts = []ukDistrict{
	{lad: "E07000999", county: "E10000999", region: "E12000009", town: "HOLLOWMERE", outward: []string{"HW1", "HW2", "HW3", "HW4", "HW5", "HW6"},
		villages: map[string]string{"HW4": "FENNICK ST MARY", "HW5": "MARROWBY", "HW6": "SALLOWDENE"}, deciles: []int{1, 2, 2, 3, 4, 5, 6, 7, 8, 9}},
	{lad: "E07000998", county: "E10000999", region: "E12000009", town: "BRANTWICK", outward: []string{"BW1", "BW2", "BW3"}, deciles: []int{3, 5, 6, 7, 8}},
	{lad: "E07000997", county: "E10000999", region: "E12000009", town: "CALDERHOLT", outward: []string{"HW8", "HW9"}, deciles: []int{4, 6, 8, 9, 10}},
	// Real cities, for the national firms (real district codes, invented postcodes).
	{lad: "E09000001", county: "E99999999", region: "E12000007", town: "LONDON", outward: []string{"EC2V", "EC4M"}, deciles: []int{7, 8}},
	{lad: "E08000003", county: "E99999999", region: "E12000002", town: "MANCHESTER", outward: []string{"M2", "M3"}, deciles: []int{3, 6}},
	{lad: "E08000025", county: "E99999999", region: "E12000005", town: "BIRMINGHAM", outward: []string{"B3", "B4"}, deciles: []int{2, 5}},
	{lad: "E08000035", county: "E99999999", region: "E12000003", town: "LEEDS", outward: []string{"LS1", "LS2"}, deciles: []int{4, 6}},
	{lad: "E06000038", county: "E99999999", region: "E12000008", town: "READING", outward: []string{"RG1", "RG2"}, deciles: []int{5, 7}},
}

// ukTrade is what a firm does: its SIC code, the ledger's expense types
// and service areas, and a typical payment.
type ukTrade struct {
	words    []string // name words
	sic      string
	expenses []string
	median   float64
}

var ukLocalTrades = []ukTrade{
	{[]string{"Grounds", "Landscapes", "Gardens"}, "81300 - Landscape service activities", []string{"Grounds Maintenance"}, 2400},
	{[]string{"Building", "Builders", "Construction"}, "41202 - Construction of domestic buildings", []string{"Repairs & Maintenance - Buildings", "Responsive Repairs"}, 3800},
	{[]string{"Electrical", "Electrics"}, "43210 - Electrical installation", []string{"Electrical Works", "Repairs & Maintenance - Buildings"}, 1900},
	{[]string{"Plumbing & Heating", "Heating"}, "43220 - Plumbing, heat and air-conditioning installation", []string{"Responsive Repairs", "Void Property Works"}, 1700},
	{[]string{"Print", "Printers"}, "18129 - Printing n.e.c.", []string{"Printing & Stationery"}, 1100},
	{[]string{"Cleaning", "Cleaning Services"}, "81210 - General cleaning of buildings", []string{"Cleaning Contracts"}, 2100},
	{[]string{"Catering", "Kitchens"}, "56210 - Event catering activities", []string{"Catering", "Hospitality"}, 900},
	{[]string{"Motors", "Garage", "Vehicle Services"}, "45200 - Maintenance and repair of motor vehicles", []string{"Vehicle Repairs & Maintenance"}, 1300},
	{[]string{"IT", "Computing"}, "62020 - Information technology consultancy activities", []string{"ICT Support", "Computer Hardware"}, 2600},
	{[]string{"Security"}, "80100 - Private security activities", []string{"Security Services"}, 1800},
	{[]string{"Skip Hire", "Waste"}, "38110 - Collection of non-hazardous waste", []string{"Waste Disposal"}, 1500},
	{[]string{"Guest House", "Lodge"}, "55100 - Hotels and similar accommodation", []string{"Temporary Accommodation"}, 1400},
	{[]string{"Surveyors", "Architects"}, "71111 - Architectural activities", []string{"Consultants Fees", "Professional Fees"}, 3200},
	{[]string{"Signs", "Signmakers"}, "32990 - Other manufacturing n.e.c.", []string{"Signage", "Equipment Purchase"}, 950},
}

// ukStems are invented name stems.
var ukStems = []string{"Pennock", "Ravell", "Tansby", "Quillon", "Ferrant", "Holbeck", "Marrow", "Dunstell", "Ashmere", "Kettering",
	"Brackley", "Sallow", "Fennick", "Hollow", "Alder", "Wrenfield", "Oakhurst", "Larchmoor", "Copperdale", "Thistlebrook", "Mossley",
	"Everlin", "Garrow", "Hembury", "Ivelle", "Jessop", "Kilnmoor", "Lowther", "Merriot", "Norwell", "Orchard", "Pryce", "Quarrendon",
	"Redcliffe", "Stannard", "Thorne", "Umber", "Vane", "Wexley", "Yardley"}

// The national firms and the county's bodies are named by hand.
var ukNationals = []struct {
	name, ledger, category, accounts, sic string
	expenses                              []string
	median, weight                        float64
}{
	{"QUILLMOOR ENERGY SUPPLY PLC", "Quillmoor Energy Supply Plc", "Public Limited Company", "FULL", "35140 - Trade of electricity", []string{"Electricity"}, 6500, 5},
	{"TAMBERLIN GAS LIMITED", "Tamberlin Gas Ltd", "Private Limited Company", "FULL", "35230 - Trade of gas through mains", []string{"Gas"}, 3200, 3},
	{"OSTLEY FUELS LIMITED", "OSTLEY FUELS LTD", "Private Limited Company", "FULL", "46711 - Wholesale of petroleum and petroleum products", []string{"Vehicle Fuel"}, 4200, 4},
	{"VELDMOOR SOFTWARE LIMITED", "Veldmoor Software Ltd", "Private Limited Company", "GROUP", "62012 - Business and domestic software development", []string{"Computer Software", "Software Licences"}, 9000, 3},
	{"HARKSTONE RECRUITMENT LIMITED", "Harkstone Recruitment Ltd", "Private Limited Company", "FULL", "78200 - Temporary employment agency activities", []string{"Agency Staff"}, 2800, 6},
	{"CORVANE ENVIRONMENTAL SERVICES LIMITED", "Corvane Environmental Services Ltd", "Private Limited Company", "GROUP", "38210 - Treatment and disposal of non-hazardous waste", []string{"Waste Disposal Contract", "Recycling Contract"}, 24000, 6},
	{"PELLMARSH MUTUAL INSURANCE PLC", "Pellmarsh Mutual Insurance", "Public Limited Company", "GROUP", "65120 - Non-life insurance", []string{"Insurance Premiums"}, 15000, 1},
	{"BRIGHTFEN FLEET LEASING LIMITED", "Brightfen Fleet Leasing Ltd", "Private Limited Company", "FULL", "77110 - Renting and leasing of cars and light motor vehicles", []string{"Vehicle Leasing"}, 3500, 2},
	{"KESTRELWAY TELECOM PLC", "Kestrelway Telecom PLC", "Public Limited Company", "GROUP", "61100 - Wired telecommunications activities", []string{"Telephones", "Data Lines"}, 2200, 2},
	{"CARROW & FINCH LLP", "Carrow and Finch LLP", "Limited Liability Partnership", "FULL", "69102 - Solicitors", []string{"Legal Fees"}, 4800, 2},
	{"NORTHWOLD CONSULTING LIMITED", "Northwold Consulting Ltd", "Private Limited Company", "MEDIUM", "70229 - Management consultancy activities other than financial management", []string{"Consultants Fees"}, 7500, 2},
	{"ASHGROVE OFFICE SUPPLIES LIMITED", "Ashgrove Office Supplies Ltd", "Private Limited Company", "FULL", "46650 - Wholesale of office furniture", []string{"Printing & Stationery", "Furniture"}, 800, 2},
	{"MERIDALE HIGHWAYS LIMITED", "Meridale Highways Ltd", "Private Limited Company", "GROUP", "42110 - Construction of roads and motorways", []string{"Car Park Resurfacing", "Highways Works"}, 18000, 2},
}

// The council's social-economy partners: community interest companies and
// charities, local or in the county.
var ukSocial = []struct {
	name, ledger, kind, town, sic string
	expenses                      []string
	median, weight                float64
	grants                        bool // also paid grants (out of scope)
}{
	{"HOLLOWMERE LEISURE TRUST", "Hollowmere Leisure Trust", UKCharityCo, "HOLLOWMERE", "93110 - Operation of sports facilities", []string{"Leisure Management Fee"}, 32000, 4, false},
	{"HOLLOWMERE ADVICE CENTRE", "Hollowmere Advice Centre", UKCharityCo, "HOLLOWMERE", "88990 - Other social work activities without accommodation n.e.c.", []string{"Advice Services Contract"}, 6000, 1, true},
	{"WYVERNSHIRE WILD SPACES TRUST", "Wyvernshire Wild Spaces Trust", UKCharityCo, "BRANTWICK", "91040 - Botanical and zoological gardens and nature reserves activities", []string{"Conservation Services"}, 3500, 1, true},
	{"SALLOWDENE YOUTH TRUST", "Sallowdene Youth Trust", UKCharity, "SALLOWDENE", "", []string{"Youth Services"}, 1800, 1, true},
	{"MARROWBY FOOD SHARE", "Marrowby Food Share", UKCharity, "MARROWBY", "", []string{"Community Meals"}, 900, 0.4, true},
	{"HOLLOWMERE COMMUNITY TRANSPORT C.I.C.", "Hollowmere Community Transport CIC", UKCIC, "HOLLOWMERE", "49390 - Other passenger land transport", []string{"Community Transport Services"}, 2200, 1.5, false},
	{"GREENWAY REPAIR CAFE CIC", "Greenway Repair Cafe CIC", UKCIC, "HOLLOWMERE", "95240 - Repair of furniture and home furnishings", []string{"Furniture Reuse Service"}, 1200, 0.6, false},
	{"SALLOWDENE GROWING SPACES COMMUNITY INTEREST COMPANY", "Sallowdene Growing Spaces CIC", UKCIC, "SALLOWDENE", "81300 - Landscape service activities", []string{"Grounds Maintenance"}, 1600, 1, false},
	{"FENNICK PLAY C.I.C.", "Fennick Play C.I.C.", UKCIC, "FENNICK ST MARY", "93290 - Other amusement and recreation activities n.e.c.", []string{"Play Schemes"}, 1400, 0.6, true},
	{"BRANTWICK COMMUNITY ENERGY CIC", "Brantwick Community Energy CIC", UKCIC, "BRANTWICK", "35110 - Production of electricity", []string{"Solar PV Installation"}, 7000, 0.5, false},
}

// serviceAreas is the service area an expense type is booked in.
var serviceAreas = map[string][]string{
	"Grounds Maintenance": {"Parks & Open Spaces", "Housing"}, "Repairs & Maintenance - Buildings": {"Property Services", "Leisure & Culture"},
	"Responsive Repairs": {"Housing"}, "Void Property Works": {"Housing"}, "Electrical Works": {"Property Services"},
	"Printing & Stationery": {"Corporate Services", "Democratic Services", "Elections"}, "Cleaning Contracts": {"Property Services"},
	"Catering": {"Leisure & Culture", "Democratic Services"}, "Hospitality": {"Corporate Services"},
	"Vehicle Repairs & Maintenance": {"Waste & Recycling", "Street Cleansing"}, "ICT Support": {"ICT"}, "Computer Hardware": {"ICT"},
	"Security Services": {"Car Parks", "Property Services"}, "Waste Disposal": {"Waste & Recycling", "Street Cleansing"},
	"Temporary Accommodation": {"Housing Options"}, "Consultants Fees": {"Planning & Regeneration", "Corporate Services"},
	"Professional Fees": {"Planning & Regeneration", "Property Services"}, "Signage": {"Car Parks", "Parks & Open Spaces"},
	"Equipment Purchase": {"Parks & Open Spaces", "Environmental Health"}, "Electricity": {"Property Services", "Leisure & Culture"},
	"Gas": {"Property Services"}, "Vehicle Fuel": {"Waste & Recycling", "Street Cleansing"}, "Computer Software": {"ICT"},
	"Software Licences": {"ICT", "Revenues & Benefits"}, "Agency Staff": {"Waste & Recycling", "Revenues & Benefits", "Housing Options"},
	"Waste Disposal Contract": {"Waste & Recycling"}, "Recycling Contract": {"Waste & Recycling"}, "Insurance Premiums": {"Finance"},
	"Vehicle Leasing": {"Waste & Recycling"}, "Telephones": {"ICT"}, "Data Lines": {"ICT"}, "Legal Fees": {"Legal Services"},
	"Furniture": {"Corporate Services"}, "Car Park Resurfacing": {"Car Parks"}, "Highways Works": {"Planning & Regeneration"},
	"Leisure Management Fee": {"Leisure & Culture"}, "Advice Services Contract": {"Community Services"},
	"Conservation Services": {"Parks & Open Spaces"}, "Youth Services": {"Community Services"}, "Community Meals": {"Community Services"},
	"Community Transport Services": {"Community Services"}, "Furniture Reuse Service": {"Waste & Recycling"}, "Play Schemes": {"Leisure & Culture"},
	"Solar PV Installation": {"Property Services"}, "Mobile Catering": {"Leisure & Culture"}, "Allotment Water": {"Parks & Open Spaces"},
	// What is not procurement.
	"Income Tax & National Insurance": {"Finance"}, "Pension Contributions - Employers": {"Finance"},
	"Payments to Other Local Authorities": {"Waste & Recycling", "Housing Options"}, "Joint Working Arrangements": {"Corporate Services"},
	"Shared Service Arrangement": {"Revenues & Benefits"}, "Parish Precepts": {"Finance"}, "Refund of Overpayment": {"Revenues & Benefits"},
	"Housing Benefit Overpayment Refund": {"Revenues & Benefits"}, "Grants to Voluntary Organisations": {"Community Services"},
}

// UKWorld is the council's world for a seed: its payees, the other
// companies and charities of the registers, and the postcodes.
type UKWorld struct {
	Seed    uint64
	Council UKCouncil
	Payees  []*UKPayee
	// Registered are the units of the register files: the paid ones and
	// others of the county and the country.
	Registered []*UKPayee
	postcodes  map[string]ukPostcode // pcds → where
	sectors    map[string]string     // postcode sector → small area
	names      map[string]bool
	numbers    int
}

type ukPostcode struct {
	lad, county, region, lsoa string
	decile                    int
}

// NewUKWorld builds the synthetic council's world for a seed.
func NewUKWorld(seed uint64) *UKWorld {
	w := &UKWorld{Seed: seed, Council: Hollowmere, postcodes: map[string]ukPostcode{}, sectors: map[string]string{},
		names: map[string]bool{}}
	rng := seeded(seed, "uk")
	home, county := &ukDistricts[0], []*ukDistrict{&ukDistricts[1], &ukDistricts[2]}
	// Public bodies and payments that are not purchases.
	w.add(&UKPayee{Name: "HM REVENUE & CUSTOMS", Ledger: "HM Revenue & Customs", Kind: UKPublicBody, pattern: "monthly", median: 210000,
		expenses: []string{"Income Tax & National Insurance"}, Town: "BRADFORD"})
	w.add(&UKPayee{Name: "WYVERNSHIRE PENSION FUND", Ledger: "Wyvernshire Pension Fund", Kind: UKPublicBody, pattern: "monthly", median: 145000,
		expenses: []string{"Pension Contributions - Employers"}})
	w.add(&UKPayee{Name: "WYVERNSHIRE COUNTY COUNCIL", Ledger: "Wyvernshire County Council", Kind: UKPublicBody, pattern: "quarterly", median: 160000,
		expenses: []string{"Payments to Other Local Authorities", "Joint Working Arrangements"}})
	w.add(&UKPayee{Name: "BRANTWICK BOROUGH COUNCIL", Ledger: "Brantwick Borough Council", Kind: UKPublicBody, pattern: "quarterly", median: 48000,
		expenses: []string{"Shared Service Arrangement"}})
	for _, p := range []string{"Hollowmere Town Council", "Marrowby Parish Council", "Sallowdene Parish Council", "Fennick St Mary Parish Council"} {
		w.add(&UKPayee{Name: strings.ToUpper(p), Ledger: p, Kind: UKPublicBody, pattern: "precept", median: 42000, expenses: []string{"Parish Precepts"}})
	}
	w.add(&UKPayee{Name: "REDACTED PERSONAL DATA", Ledger: "Redacted Personal Data", Kind: UKPerson, median: 700, weight: 1.5,
		expenses: []string{"Refund of Overpayment", "Housing Benefit Overpayment Refund"}})
	// Payees no register knows.
	w.add(&UKPayee{Name: "A & J MOBILE CATERING", Ledger: "A & J Mobile Catering", Kind: UKUnknown, median: 650, weight: 0.6, expenses: []string{"Mobile Catering"}})
	w.add(&UKPayee{Name: "HOLLOWMERE ALLOTMENT ASSOCIATION", Ledger: "Hollowmere Allotment Assoc", Kind: UKUnknown, median: 600, weight: 0.3, expenses: []string{"Allotment Water"}})

	// The social economy.
	for _, s := range ukSocial {
		d := home
		if s.town == "BRANTWICK" {
			d = county[0]
		}
		p := &UKPayee{Name: s.name, Ledger: s.ledger, Kind: s.kind, Town: s.town, median: s.median, weight: s.weight, expenses: s.expenses}
		if s.sic != "" {
			p.sic = []string{s.sic}
		}
		switch s.kind {
		case UKCIC:
			p.companyCategory("Community Interest Company")
			p.accounts = "MICRO ENTITY"
		case UKCharityCo:
			p.companyCategory("PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital, use of 'Limited' exemption)")
			p.accounts = "SMALL"
		}
		w.place(rng, p, d)
		w.number(p)
		if s.kind == UKCharity || s.kind == UKCharityCo {
			p.Charity = strconv.Itoa(1190000 + len(w.Payees)*7)
		}
		w.add(p)
		if s.grants {
			w.add(&UKPayee{Name: p.Name, Ledger: p.Ledger, Kind: UKGrant, Company: p.Company, Charity: p.Charity, Street: p.Street, Town: p.Town,
				Postcode: p.Postcode, Band: p.Band, pattern: "quarterly", median: 4000, expenses: []string{"Grants to Voluntary Organisations"}})
		}
	}
	// National firms.
	for i, n := range ukNationals {
		d := &ukDistricts[3+i%5]
		p := &UKPayee{Name: n.name, Ledger: n.ledger, Kind: UKCompany, sic: []string{n.sic}, accounts: n.accounts, expenses: n.expenses,
			median: n.median, weight: n.weight}
		p.companyCategory(n.category)
		w.place(rng, p, d)
		w.number(p)
		w.add(p)
	}
	// Local and county firms: the long tail.
	for i := 0; i < 44; i++ {
		t := ukLocalTrades[i%len(ukLocalTrades)]
		d := home
		if i%4 == 3 {
			d = county[i%2]
		}
		p := &UKPayee{Kind: UKCompany, sic: []string{t.sic}, expenses: t.expenses, median: t.median * (0.6 + rng.Float64()),
			weight: 0.4 + 3*math.Pow(rng.Float64(), 2), accounts: pick(rng, []string{"MICRO ENTITY", "TOTAL EXEMPTION FULL", "SMALL", "UNAUDITED ABRIDGED"})}
		w.firmName(rng, p, t, d)
		p.companyCategory("Private Limited Company")
		w.place(rng, p, d)
		w.number(p)
		w.add(p)
	}
	// The rest of the registers: firms and charities never paid, and a
	// dissolved firm with a paid firm's name before it.
	for i := 0; i < 400; i++ {
		t := ukLocalTrades[rng.IntN(len(ukLocalTrades))]
		d := &ukDistricts[rng.IntN(len(ukDistricts))]
		p := &UKPayee{Kind: ukFiller, sic: []string{t.sic}, accounts: "MICRO ENTITY"}
		w.firmName(rng, p, t, d)
		p.companyCategory("Private Limited Company")
		if i%25 == 0 {
			p.Kind = UKCharity
			p.Name = strings.TrimSuffix(p.Name, " LIMITED") + " TRUST"
			p.Charity = strconv.Itoa(1170000 + i)
		}
		w.place(rng, p, d)
		w.number(p)
		w.Registered = append(w.Registered, p)
	}
	sort.SliceStable(w.Registered, func(i, j int) bool { return w.Registered[i].Name < w.Registered[j].Name })
	return w
}

func (w *UKWorld) add(p *UKPayee) {
	w.Payees = append(w.Payees, p)
	if p.Kind != UKGrant && (p.Company != "" || p.Charity != "") {
		w.Registered = append(w.Registered, p)
	}
}

// firmName invents a firm's unique name.
func (w *UKWorld) firmName(rng *rand.Rand, p *UKPayee, t ukTrade, d *ukDistrict) {
	for attempt := 0; ; attempt++ {
		stem := pick(rng, ukStems)
		if rng.IntN(4) == 0 {
			stem = titleCase(d.town)
		}
		base := stem + " " + pick(rng, t.words)
		if attempt > 10 {
			base += " " + strconv.Itoa(attempt)
		}
		name := strings.ToUpper(base) + " LIMITED"
		if w.names[name] {
			continue
		}
		w.names[name] = true
		p.Name = name
		p.Ledger = base + pick(rng, []string{" Ltd", " Ltd", " Limited", " Ltd."})
		if rng.IntN(5) == 0 {
			p.Ledger = strings.ToUpper(p.Ledger)
		}
		return
	}
}

func (p *UKPayee) companyCategory(c string) {
	if p.accounts == "" {
		p.accounts = "FULL"
	}
	p.category = c
}

// number gives a registered payee its Companies House number.
func (w *UKWorld) number(p *UKPayee) {
	if p.Kind == UKCharity {
		return // a CIO is registered with the Charity Commission only
	}
	w.numbers++
	// Invented numbers: 19 and six digits, a range Companies House had not
	// reached for England and Wales when the demo was written.
	p.Company = fmt.Sprintf("19%06d", 104729*w.numbers%1000000)
}

// place gives a payee an address in a district, its postcode in the
// postcode file and its small area's deprivation decile.
func (w *UKWorld) place(rng *rand.Rand, p *UKPayee, d *ukDistrict) {
	out := pick(rng, d.outward)
	letters := "ABDEFGHJLNPQRSTUWXYZ"
	for {
		sector := 1 + rng.IntN(9)
		pc := fmt.Sprintf("%s %d%c%c", out, sector, letters[rng.IntN(len(letters))], letters[rng.IntN(len(letters))])
		if _, taken := w.postcodes[pc]; taken {
			continue
		}
		area := fmt.Sprintf("%s %d", out, sector)
		w.postcodes[pc] = ukPostcode{lad: d.lad, county: d.county, region: d.region, lsoa: w.lsoa(area), decile: w.decile(d, area)}
		p.Postcode = pc
		break
	}
	p.Street = fmt.Sprintf("%d %s", 1+rng.IntN(90), pick(rng, ukStreets))
	p.Town = d.town
	if v, ok := d.villages[out]; ok {
		p.Town = v
	}
	switch {
	case d.lad == ukDistricts[0].lad:
		p.Band = "L0"
	case d.county == ukDistricts[0].county:
		p.Band = "L1"
	default:
		p.Band = "L2"
	}
}

// lsoa is the small area of a postcode sector: one per sector, numbered in
// the order they are met (E01099001, …).
func (w *UKWorld) lsoa(sector string) string {
	if a, ok := w.sectors[sector]; ok {
		return a
	}
	a := fmt.Sprintf("E0109%04d", len(w.sectors)+1)
	w.sectors[sector] = a
	return a
}

var ukStreets = []string{"High Street", "Market Place", "Station Road", "Mill Lane", "Church Street", "Riverside Way", "Brook Road",
	"Enterprise Park", "Tanners Yard", "Chapel Row", "Kingsway", "Orchard Close", "Canal Wharf", "Forge Lane"}

// decile is a sector's deprivation decile, from its district's spread: the
// same for every postcode of the sector.
func (w *UKWorld) decile(d *ukDistrict, sector string) int {
	h := 0
	for _, c := range sector {
		h = h*31 + int(c)
	}
	return d.deciles[h%len(d.deciles)]
}

// companiesHouseHeader is the Free Company Data Product's header, with the
// leading spaces some of its names have.
const companiesHouseHeader = `CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1, RegAddress.AddressLine2,` +
	`RegAddress.PostTown,RegAddress.County,RegAddress.Country,RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,` +
	`DissolutionDate,IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,Accounts.NextDueDate,Accounts.LastMadeUpDate,` +
	`Accounts.AccountCategory,Returns.NextDueDate,Returns.LastMadeUpDate,Mortgages.NumMortCharges,Mortgages.NumMortOutstanding,` +
	`Mortgages.NumMortPartSatisfied,Mortgages.NumMortSatisfied,SICCode.SicText_1,SICCode.SicText_2,SICCode.SicText_3,SICCode.SicText_4,` +
	`LimitedPartnerships.NumGenPartners,LimitedPartnerships.NumLimPartners,URI,PreviousName_1.CONDATE, PreviousName_1.CompanyName,` +
	` PreviousName_2.CONDATE, PreviousName_2.CompanyName,PreviousName_3.CONDATE, PreviousName_3.CompanyName,PreviousName_4.CONDATE,` +
	` PreviousName_4.CompanyName,PreviousName_5.CONDATE, PreviousName_5.CompanyName,PreviousName_6.CONDATE, PreviousName_6.CompanyName,` +
	`PreviousName_7.CONDATE, PreviousName_7.CompanyName,PreviousName_8.CONDATE, PreviousName_8.CompanyName,PreviousName_9.CONDATE,` +
	` PreviousName_9.CompanyName,PreviousName_10.CONDATE, PreviousName_10.CompanyName,ConfStmtNextDueDate, ConfStmtLastMadeUpDate`

// ccewHeader is the Charity Commission's register extract, table
// "charity", as tab-separated text.
var ccewHeader = []string{"date_of_extract", "organisation_number", "registered_charity_number", "linked_charity_number", "charity_name",
	"charity_type", "charity_registration_status", "date_of_registration", "date_of_removal", "charity_reporting_status",
	"latest_acc_fin_period_start_date", "latest_acc_fin_period_end_date", "latest_income", "latest_expenditure", "charity_contact_address1",
	"charity_contact_address2", "charity_contact_address3", "charity_contact_address4", "charity_contact_address5", "charity_contact_postcode",
	"charity_contact_phone", "charity_contact_email", "charity_contact_web", "charity_company_registration_number", "charity_insolvent",
	"charity_in_administration", "charity_previously_excepted", "charity_is_cdf_or_cif", "charity_is_cio", "cio_is_dissolved",
	"date_cio_dissolution_notice", "charity_activities", "charity_gift_aid", "charity_has_land"}

// onspdHeader is the ONS Postcode Directory's CSV header (2025 names).
var onspdHeader = strings.Split("pcd7,pcd8,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,"+
	"oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,casward,npark,lsoa01,msoa01,ur01ind,oac01,oa11,lsoa11,"+
	"msoa11,wz11,sicbl,bua11,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,calncv,icb,oa21,lsoa21,msoa21", ",")

// writeFile writes a file through a buffered writer; it is complete or
// removed.
func writeFile(path string, fill func(w *bufio.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := fill(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// quoted writes a CSV row with every field quoted and CRLF, as Companies
// House writes its product.
func quoted(w io.Writer, fields []string) error {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(f, `"`, `""`))
		b.WriteByte('"')
	}
	b.WriteString("\r\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteCompaniesHouse writes the world's companies as the Free Company
// Data Product does: BasicCompanyData CSV in part files, into dir. It
// returns the files' paths.
func WriteCompaniesHouse(ctx context.Context, dir string, w *UKWorld, parts int) ([]string, error) {
	var rows []*UKPayee
	for _, p := range w.Registered {
		if p.Company != "" {
			rows = append(rows, p)
		}
	}
	if parts < 1 {
		parts = 1
	}
	var files []string
	per := (len(rows) + parts - 1) / parts
	for part := 0; part < parts; part++ {
		if err := ctx.Err(); err != nil {
			return files, err
		}
		path := filepath.Join(dir, fmt.Sprintf("BasicCompanyData-%d-12-01-part%d_%d.csv", time.Now().Year(), part+1, parts))
		chunk := rows[min(part*per, len(rows)):min((part+1)*per, len(rows))]
		err := writeFile(path, func(bw *bufio.Writer) error {
			if _, err := io.WriteString(bw, companiesHouseHeader+"\r\n"); err != nil {
				return err
			}
			for i, p := range chunk {
				if err := quoted(bw, w.companyRow(p, i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return files, err
		}
		files = append(files, path)
	}
	return files, nil
}

func (w *UKWorld) companyRow(p *UKPayee, i int) []string {
	rng := seeded(w.Seed, "ch", p.Company)
	inc := time.Date(1985+rng.IntN(38), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
	status := "Active"
	if p.Kind == ukFiller && i%97 == 5 {
		status = "Liquidation"
	}
	sic := append([]string(nil), p.sic...)
	if len(sic) == 0 {
		sic = []string{"None Supplied"}
	}
	for len(sic) < 4 {
		sic = append(sic, "")
	}
	r := []string{p.Name, p.Company, "", "", p.Street, "", p.Town, "WYVERNSHIRE", "ENGLAND", p.Postcode, p.category, status,
		"United Kingdom", "", inc.Format("02/01/2006"), "31", "3", "31/12/" + strconv.Itoa(time.Now().Year()+1),
		"31/03/" + strconv.Itoa(time.Now().Year()), p.accounts, "", "", "0", "0", "0", "0", sic[0], sic[1], sic[2], sic[3], "0", "0",
		"http://business.data.gov.uk/id/company/" + p.Company}
	if p.Band == "L2" {
		r[7] = ""
	}
	for len(r) < 55 {
		r = append(r, "")
	}
	return r
}

// WriteCharityExtract writes the world's charities as the Charity
// Commission's register extract (table "charity", tab-separated text with
// a header, UTF-8 with a byte order mark).
func WriteCharityExtract(path string, w *UKWorld) error {
	extract := time.Date(time.Now().Year(), time.Now().Month(), 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02 15:04:05")
	return writeFile(path, func(bw *bufio.Writer) error {
		if _, err := io.WriteString(bw, "\ufeff"+strings.Join(ccewHeader, "\t")+"\r\n"); err != nil {
			return err
		}
		for i, p := range w.Registered {
			if p.Charity == "" {
				continue
			}
			typ, cio := "Charitable company", "False"
			if p.Company == "" {
				typ, cio = "CIO", "True"
			}
			rng := seeded(w.Seed, "charity", p.Charity)
			reg := time.Date(1990+rng.IntN(33), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
			income := 20000 + rng.IntN(900000)
			f := []string{extract, strconv.Itoa(5000000 + i), p.Charity, "0", p.Name, typ, "Registered", reg.Format("2006-01-02 15:04:05"), "",
				"Submission Received", "", "", strconv.Itoa(income) + ".0", strconv.Itoa(income*95/100) + ".0", p.Street, "", p.Town, "", "",
				p.Postcode, "", "", "", p.Company, "False", "False", "False", "", cio, "False", "", "", "True", "False"}
			if _, err := io.WriteString(bw, strings.Join(f, "\t")+"\r\n"); err != nil {
				return err
			}
		}
		return nil
	})
}

// WritePostcodeDirectory writes the world's postcodes as the ONS Postcode
// Directory's CSV: postcode, district, county, region and small areas.
func WritePostcodeDirectory(path string, w *UKWorld) error {
	return writeFile(path, func(bw *bufio.Writer) error {
		if _, err := io.WriteString(bw, strings.Join(onspdHeader, ",")+"\r\n"); err != nil {
			return err
		}
		for _, pc := range sortedKeys(w.postcodes) {
			x := w.postcodes[pc]
			out, in, _ := strings.Cut(pc, " ")
			row := make([]string, len(onspdHeader))
			set := func(col, v string) {
				for i, h := range onspdHeader {
					if h == col {
						row[i] = v
					}
				}
			}
			set("pcd7", fmt.Sprintf("%-4s%s", out, in))
			set("pcd8", fmt.Sprintf("%-5s%s", out, in))
			set("pcds", pc)
			set("dointr", "199801")
			set("oscty", x.county)
			set("oslaua", x.lad)
			set("usertype", "0")
			set("ctry", "E92000001")
			set("rgn", x.region)
			set("lsoa11", x.lsoa)
			set("lsoa21", x.lsoa)
			if _, err := io.WriteString(bw, strings.Join(row, ",")+"\r\n"); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteDeprivation writes the small areas' deprivation as File 1 of the
// English indices of deprivation 2019, saved as CSV (UTF-8 with a byte
// order mark, ranks with thousands separators).
func WriteDeprivation(path string, w *UKWorld) error {
	areas := map[string]ukPostcode{}
	for _, x := range w.postcodes {
		areas[x.lsoa] = x
	}
	return writeFile(path, func(bw *bufio.Writer) error {
		if _, err := io.WriteString(bw, "\ufeffLSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),"+
			"Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile\r\n"); err != nil {
			return err
		}
		for i, a := range sortedKeys(areas) {
			x := areas[a]
			town := ""
			for _, d := range ukDistricts {
				if d.lad == x.lad {
					town = titleCase(d.town)
				}
			}
			rank := (x.decile-1)*3284 + 1 + (i*577)%3284
			if _, err := fmt.Fprintf(bw, "%s,%s %03d%c,%s,%s,\"%s\",%d\r\n", a, town, 1+i%40, 'A'+rune(i%5), x.lad, town, thousands(rank), x.decile); err != nil {
				return err
			}
		}
		return nil
	})
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// UKLedgerOptions describe the council's ledger: fiscal years from April.
type UKLedgerOptions struct {
	FromYear int // the first fiscal year: April FromYear to March FromYear+1
	Years    int
	Lines    int64 // ordinary lines; the monthly, quarterly and precept payments come on top
}

// UKLedgerHeader is the ledger's header, as councils publish their
// payments over £500 under the Local Government Transparency Code.
var UKLedgerHeader = []string{"Service Area", "Expense Type", "Supplier Name", "Payment Date", "Net Amount", "Transaction Number"}

type ukLine struct {
	date    time.Time
	p       *UKPayee
	expense string
	service string
	pence   int64
}

// WriteUKLedgerFile writes the council's payments over £500 for its fiscal
// years as one CSV (dates dd/mm/yyyy, amounts in pounds); it returns the
// lines written.
func WriteUKLedgerFile(ctx context.Context, path string, w *UKWorld, opts UKLedgerOptions) (int64, error) {
	if opts.Years < 1 {
		opts.Years = 1
	}
	if opts.Lines < 1 {
		return 0, errors.New("lines must be at least 1")
	}
	rng := seeded(w.Seed, "uk-ledger", strconv.Itoa(opts.FromYear))
	from := time.Date(opts.FromYear, time.April, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(opts.Years, 0, 0)
	days := int(to.Sub(from).Hours() / 24)
	var lines []ukLine
	mk := func(p *UKPayee, d time.Time, pounds float64) ukLine {
		e := pick(rng, p.expenses)
		return ukLine{date: weekday(d), p: p, expense: e, service: pick(rng, serviceAreas[e]), pence: int64(math.Round(pounds * 100))}
	}
	var ordinary []*UKPayee
	var weights []float64
	for _, p := range w.Payees {
		for m := from; m.Before(to); m = m.AddDate(0, 1, 0) {
			switch {
			case p.pattern == "monthly":
				lines = append(lines, mk(p, m.AddDate(0, 0, 17+rng.IntN(4)), p.median*(0.92+0.16*rng.Float64())))
			case p.pattern == "quarterly" && (m.Month()-time.April)%3 == 0:
				lines = append(lines, mk(p, m.AddDate(0, 0, rng.IntN(25)), p.median*(0.7+0.6*rng.Float64())))
			case p.pattern == "precept" && (m.Month() == time.April || m.Month() == time.September):
				lines = append(lines, mk(p, m.AddDate(0, 0, 2+rng.IntN(10)), p.median*(0.8+0.4*rng.Float64())))
			}
		}
		if p.pattern == "" && p.weight > 0 {
			ordinary = append(ordinary, p)
			weights = append(weights, p.weight)
		}
	}
	cum := cumulative(weights)
	for i := int64(0); i < opts.Lines; i++ {
		if i%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		p := ordinary[draw(rng, cum)]
		pounds := p.median * math.Exp(0.8*rng.NormFloat64())
		for pounds < 500 {
			pounds = 500 + pounds*rng.Float64()*3
		}
		l := mk(p, from.AddDate(0, 0, rng.IntN(days)), pounds)
		if l.date.Before(to) {
			if rng.IntN(70) == 0 {
				l.pence = -l.pence // a credit note
			}
			lines = append(lines, l)
		} else {
			i--
		}
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].date.Before(lines[j].date) })
	err := writeFile(path, func(bw *bufio.Writer) error {
		if err := csvRow(bw, UKLedgerHeader); err != nil {
			return err
		}
		for i, l := range lines {
			if err := csvRow(bw, []string{l.service, l.expense, l.p.Ledger, l.date.Format("02/01/2006"), formatOre(l.pence, '.', false),
				strconv.Itoa(4100001 + i)}); err != nil {
				return err
			}
		}
		return nil
	})
	return int64(len(lines)), err
}

// csvRow writes a row quoting only the fields that need it, with CRLF.
func csvRow(w io.Writer, fields []string) error {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		if strings.ContainsAny(f, ",\"\r\n") {
			f = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
		}
		b.WriteString(f)
	}
	b.WriteString("\r\n")
	_, err := io.WriteString(w, b.String())
	return err
}
