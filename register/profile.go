// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"sort"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
	"github.com/cityspend/cityspend/refdata/publicbody"
)

// Places knows municipality codes and their successors.
type Places struct {
	successor map[string]string // "NO:0709" → "3805"
	name      map[string]string // "NO:3909" → "Larvik"
}

// NewPlaces builds the code table from the shipped codes and users' additions
// (which win).
func NewPlaces(tables ...[]cityspend.MunicipalityCode) *Places {
	p := &Places{successor: map[string]string{}, name: map[string]string{}}
	for _, t := range tables {
		for _, m := range t {
			k := m.Country + ":" + m.Code
			p.name[k] = m.Name
			if m.Successor != "" {
				p.successor[k] = m.Successor
			} else {
				delete(p.successor, k)
			}
		}
	}
	return p
}

// Current follows a code's successors to the code in use today.
func (p *Places) Current(country, code string) string {
	for i := 0; i < 10; i++ {
		next, ok := p.successor[country+":"+code]
		if !ok {
			return code
		}
		code = next
	}
	return code
}

// Name is a municipality's name, or "".
func (p *Places) Name(country, code string) string {
	return p.name[country+":"+p.Current(country, code)]
}

// Area is a buyer's local area (L0) and region (L1).
type Area struct {
	Country              string
	l0Munis, l1Munis     map[string]bool
	l0Post, l1Post       []string
	l0Locality, l1Locals map[string]bool
	deprived             []cityspend.PlaceRule
	county               string // Norway: the buyer's county, when the region is the default
	places               *Places
	desc0, desc1         string
	home                 string // the buyer's municipality, current code

	// postcodes are the places of the postcodes LoadPostcodes looked up
	// ("GB:OX11AA"); gbArea is a UK buyer's county (or region, where its
	// district has no county), its default L1.
	postcodes      map[string][]cityspend.Postcode
	gbArea         string
	gbAreaIsCounty bool
}

// AreaFor builds a buyer's area: by default L0 is its municipality and, in
// Norway, L1 its county (the first two digits of the current code); place
// rules add to them (and a rule for L1 replaces the default county).
func AreaFor(b cityspend.Buyer, rules []cityspend.PlaceRule, places *Places) Area {
	a := Area{Country: b.Country, l0Munis: map[string]bool{}, l1Munis: map[string]bool{}, l0Locality: map[string]bool{},
		l1Locals: map[string]bool{}, places: places}
	if b.Municipality != "" {
		cur := places.Current(b.Country, b.Municipality)
		a.l0Munis[cur] = true
		a.home = cur
		a.desc0 = "municipality " + cur
		if b.Country == "NO" && len(cur) == 4 {
			a.county = cur[:2]
			a.desc1 = "county " + a.county
		}
	}
	hasL1 := false
	for _, r := range rules {
		v := strings.TrimSpace(r.Value)
		switch {
		case r.Band == cityspend.PlaceLocal && r.Kind == "municipality":
			a.l0Munis[places.Current(b.Country, v)] = true
		case r.Band == cityspend.PlaceRegion && r.Kind == "municipality":
			a.l1Munis[places.Current(b.Country, v)] = true
			hasL1 = true
		case r.Band == cityspend.PlaceLocal && r.Kind == "postcode_prefix":
			a.l0Post = append(a.l0Post, normPostcode(v))
		case r.Band == cityspend.PlaceRegion && r.Kind == "postcode_prefix":
			a.l1Post = append(a.l1Post, normPostcode(v))
			hasL1 = true
		case r.Band == cityspend.PlaceLocal && r.Kind == "locality":
			a.l0Locality[strings.ToUpper(v)] = true
		case r.Band == cityspend.PlaceRegion && r.Kind == "locality":
			a.l1Locals[strings.ToUpper(v)] = true
			hasL1 = true
		case r.Band == "deprived":
			a.deprived = append(a.deprived, cityspend.PlaceRule{Band: r.Band, Kind: r.Kind, Value: v})
		}
	}
	if hasL1 {
		a.county = ""
		a.desc1 = "the buyer's region list"
	}
	return a
}

func normPostcode(s string) string { return strings.ToUpper(strings.ReplaceAll(s, " ", "")) }

// band places one address relative to the area, with the reason.
func (a Area) band(addr cityspend.Address) (string, string) {
	country := addr.Country
	if country == "" && addr.Municipality != "" {
		country = a.Country
	}
	if country != "" && country != a.Country {
		return cityspend.PlaceAbroad, "registered abroad (" + country + ")"
	}
	if addr.Municipality == "" && addr.Postcode != "" {
		if band, why, ok := a.bandByPostcode(addr); ok {
			return band, why
		}
	}
	label := ""
	if addr.Municipality != "" {
		cur := a.places.Current(a.Country, addr.Municipality)
		label = cur
		if name := a.places.Name(a.Country, cur); name != "" {
			label = cur + " " + name
		} else if addr.Locality != "" {
			label = cur + " (" + addr.Locality + ")"
		}
		if cur != addr.Municipality {
			label += ", registered under the old code " + addr.Municipality
		}
		switch {
		case a.l0Munis[cur]:
			return cityspend.PlaceLocal, "in " + label
		case a.l1Munis[cur] || (a.county != "" && len(cur) == 4 && cur[:2] == a.county):
			return cityspend.PlaceRegion, "in " + label + ", in " + a.desc1
		}
	}
	pc := normPostcode(addr.Postcode)
	loc := strings.ToUpper(strings.TrimSpace(addr.Locality))
	if pc != "" {
		for _, p := range a.l0Post {
			if strings.HasPrefix(pc, p) {
				return cityspend.PlaceLocal, "postcode " + addr.Postcode + " is local"
			}
		}
		for _, p := range a.l1Post {
			if strings.HasPrefix(pc, p) {
				return cityspend.PlaceRegion, "postcode " + addr.Postcode + " is in the region"
			}
		}
	}
	if loc != "" && a.l0Locality[loc] {
		return cityspend.PlaceLocal, "in " + addr.Locality
	}
	if loc != "" && a.l1Locals[loc] {
		return cityspend.PlaceRegion, "in " + addr.Locality + ", in the region"
	}
	if addr.Municipality != "" {
		return cityspend.PlaceCountry, "in " + label + ", outside the region"
	}
	if country == a.Country && (pc != "" || loc != "") && len(a.l0Post) > 0 {
		return cityspend.PlaceCountry, "postcode " + addr.Postcode + " is neither local nor in the region"
	}
	if country == a.Country {
		return cityspend.PlaceUnknown, "in " + country + ", but no municipality is known"
	}
	return cityspend.PlaceUnknown, "no address"
}

// isDeprived reports whether an address lies in one of the buyer's
// configured deprived areas (municipality codes, postcode prefixes or
// localities).
func (a Area) isDeprived(addr cityspend.Address) bool {
	if a.deprivedByPostcode(addr) {
		return true
	}
	for _, r := range a.deprived {
		switch r.Kind {
		case "municipality":
			if addr.Municipality != "" && a.places.Current(a.Country, addr.Municipality) == a.places.Current(a.Country, r.Value) {
				return true
			}
		case "postcode_prefix":
			if pc := normPostcode(addr.Postcode); pc != "" && strings.HasPrefix(pc, normPostcode(r.Value)) {
				return true
			}
		case "locality":
			if addr.Locality != "" && strings.EqualFold(addr.Locality, r.Value) {
				return true
			}
		}
	}
	return false
}

var bandRank = map[string]int{cityspend.PlaceLocal: 0, cityspend.PlaceRegion: 1, cityspend.PlaceCountry: 2, cityspend.PlaceAbroad: 3, cityspend.PlaceUnknown: 4}

// Classify builds the profile of a registered organisation relative to a
// buyer's area: the most local of its address and its branches' addresses,
// its type, size and sector, each with the reason.
func Classify(o *cityspend.Organisation, branches []cityspend.Establishment, a Area) cityspend.SupplierProfile {
	p := cityspend.SupplierProfile{Name: o.Name, Org: &o.ID, Municipality: o.Address.Municipality, Postcode: o.Address.Postcode,
		Country: o.Address.Country, Employees: o.Employees}
	if p.Municipality == "" {
		p.Municipality = a.postcodeMunicipality(o.Address)
	}
	p.Place, p.PlaceReason = a.band(o.Address)
	p.Deprived = a.isDeprived(o.Address)
	for _, e := range branches {
		if b, why := a.band(e.Address); bandRank[b] < bandRank[p.Place] {
			p.Place, p.PlaceReason = b, "branch "+e.ID.ID+" "+why
		}
		p.Deprived = p.Deprived || a.isDeprived(e.Address)
	}
	p.Type, p.TypeReason = typeOf(o)
	p.Size, p.SizeBasis = sizeOf(o)
	p.NACE, p.NACESection, p.NACEDivision = sectorOf(o)
	return p
}

func typeOf(o *cityspend.Organisation) (string, string) {
	country := orgCountry(o)
	if b, ok := publicbody.ByForm(o.LegalForm, o.SectorCode); ok {
		return cityspend.TypePublic, b.Why
	}
	if o.SocialEconomy != "" {
		// The register itself says so: a community interest company, a
		// charity, a unit of SIRENE's économie sociale et solidaire.
		return cityspend.TypeSocial, o.SocialEconomy + " (" + o.Source + ")"
	}
	if o.CharityNumber != "" {
		// A charitable company: a loaded charity register names it as the
		// charity's company (Companies House itself does not say).
		return cityspend.TypeSocial, "registered charity " + o.CharityNumber + " that is also this company (charity register)"
	}
	if why, ok := refdata.SocialLegalForms[o.LegalForm]; ok {
		return cityspend.TypeSocial, why + " (" + o.LegalForm + ")"
	}
	if why, ok := refdata.SocialSectorCodes[o.SectorCode]; ok {
		return cityspend.TypeSocial, why
	}
	if o.Voluntary {
		return cityspend.TypeSocial, "in the register of voluntary organisations"
	}
	if cat := companyCategory(o); cat != "" {
		if why, ok := refdata.SocialCompanyCategories[refdata.CompanyCategoryKey(cat)]; ok {
			return cityspend.TypeSocial, why + " (company category " + cat + ")"
		}
	}
	if o.LegalForm == "" {
		// No form in the register: the name may still say what it is.
		if t, why := typeOfName(country, o.Name); t != "" {
			return t, why
		}
	}
	if o.LegalForm != "" {
		return cityspend.TypePrivate, "legal form " + o.LegalForm
	}
	return cityspend.TypePrivate, "a registered business"
}

// sizeOf classifies by the EU definition (Recommendation 2003/361) from the
// head count, a head-count band or the turnover, saying which.
func sizeOf(o *cityspend.Organisation) (string, string) {
	switch {
	case o.EmployeesWithheld:
		return cityspend.SizeMicro, "head count withheld by the register (under 5)"
	case o.EmployeesKnown:
		return sizeByHeads(o.Employees), strconv.Itoa(o.Employees) + " employees in the register"
	case o.EmployeeBand != "":
		lo, ok := bandLow(o.EmployeeBand)
		if ok {
			return sizeByHeads(lo), "head-count band " + o.EmployeeBand + " (classified by head count only)"
		}
	case o.TurnoverEUR > 0:
		eur := int64(o.TurnoverEUR) / 100
		switch {
		case eur <= 2_000_000:
			return cityspend.SizeMicro, "turnover €" + strconv.FormatInt(eur, 10) + " (≤ €2m)"
		case eur <= 10_000_000:
			return cityspend.SizeSmall, "turnover €" + strconv.FormatInt(eur, 10) + " (≤ €10m)"
		case eur <= 50_000_000:
			return cityspend.SizeMedium, "turnover €" + strconv.FormatInt(eur, 10) + " (≤ €50m)"
		}
		return cityspend.SizeLarge, "turnover €" + strconv.FormatInt(eur, 10) + " (> €50m)"
	}
	if c, ok := refdata.RegisterSizeCategories[refdata.CompanyCategoryKey(o.SizeCategory)]; ok {
		return c.Size, c.Why
	}
	if o.LegalForm == "ENK" {
		return cityspend.SizeMicro, "sole proprietorship with no registered head count"
	}
	return cityspend.SizeUnknown, "the register gives no head count or turnover"
}

func sizeByHeads(n int) string {
	switch {
	case n < 10:
		return cityspend.SizeMicro
	case n < 50:
		return cityspend.SizeSmall
	case n < 250:
		return cityspend.SizeMedium
	}
	return cityspend.SizeLarge
}

// bandLow reads the lower bound of a band such as "10-49", "250+", "0 to 9".
func bandLow(b string) (int, bool) {
	b = strings.TrimSpace(b)
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(b[:i])
	return n, err == nil
}

func sectorOf(o *cityspend.Organisation) (code, section, division string) {
	for _, c := range o.NACE {
		if d := refdata.NACEDivision(c); d != "" {
			return c, refdata.NACESection(d), d
		}
	}
	return "", cityspend.SectorUnknown, ""
}

// Unresolved builds the profile of a supplier no register knows: it can
// still be abroad by the country on its lines; everything else is unknown,
// with the reason.
func Unresolved(supplierID, name string, payees []cityspend.Payee, a Area, why string) cityspend.SupplierProfile {
	p := cityspend.SupplierProfile{SupplierID: supplierID, Name: name, Place: cityspend.PlaceUnknown,
		PlaceReason: "not resolved to a registered organisation (" + why + ")", Type: cityspend.TypeUnknown,
		TypeReason: "not resolved to a registered organisation", Size: cityspend.SizeUnknown,
		SizeBasis: "not resolved to a registered organisation", NACESection: cityspend.SectorUnknown}
	countries := map[string]bool{}
	for _, y := range payees {
		if y.Country != "" {
			countries[y.Country] = true
		}
		if p.Postcode == "" {
			p.Postcode = y.Postcode
		}
	}
	if len(countries) == 1 {
		for c := range countries {
			p.Country = c
			band, reason := a.band(cityspend.Address{Country: c, Postcode: p.Postcode})
			if band != cityspend.PlaceUnknown {
				p.Place, p.PlaceReason = band, reason+" (from the ledger lines)"
			}
		}
	}
	// A postcode on the lines with no country is looked up in the buyer's
	// country's postcode register.
	if len(countries) == 0 && p.Postcode != "" {
		if band, reason, ok := a.bandByPostcode(cityspend.Address{Postcode: p.Postcode}); ok && band != cityspend.PlaceUnknown {
			p.Place, p.PlaceReason, p.Country = band, reason+" (from the ledger lines)", a.Country
		}
	}
	addr := cityspend.Address{Country: p.Country, Postcode: p.Postcode}
	p.Municipality = a.postcodeMunicipality(addr)
	p.Deprived = p.Place != cityspend.PlaceUnknown && a.isDeprived(addr)
	if t, why := typeOfName(a.Country, name); t != "" {
		p.Type, p.TypeReason = t, why+"; not resolved to a registered organisation"
	}
	return p
}

// sortProfiles orders profiles by supplier id, for stable output.
func sortProfiles(ps []cityspend.SupplierProfile) {
	sort.Slice(ps, func(i, j int) bool { return ps[i].SupplierID < ps[j].SupplierID })
}
