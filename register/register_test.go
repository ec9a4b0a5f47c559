// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
)

func TestNameTokens(t *testing.T) {
	tests := map[string][]string{
		"Bjørnstad Rør AS":                   {"bjornstad", "ror"},
		"LARVIK ELEKTRO A/S":                 {"larvik", "elektro"},
		"Larvik Elektro A.S.":                {"larvik", "elektro"},
		"Hansen & Sønn Bygg AS avd. Stavern": {"hansen", "og", "sonn", "bygg"},
		"Hansen og Sønn Bygg":                {"hansen", "og", "sonn", "bygg"},
		"Café Müller GmbH":                   {"cafe", "muller"},
		"Aas Bygg AS":                        {"as", "bygg"},
		"Ærlig Åpen":                         {"aerlig", "apen"},
		"Haaland Maskin":                     {"haland", "maskin"},
		"O'Brien Ltd.":                       {"obrien"},
		"AS":                                 {"as"},
		"Łódź Sp. z o.o.":                    {"lodz", "sp", "z", "oo"},
		"  Nordic   Software Ltd  ":          {"nordic", "software"},
		"Felles IT-Service AS":               {"felles", "it", "service"},
		"Oy Suomen Puhdistus Ab":             {"suomen", "puhdistus"},
	}
	for in, want := range tests {
		if got := NameTokens(in); !reflect.DeepEqual(got, want) {
			t.Errorf("NameTokens(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSimilarity(t *testing.T) {
	if s := tokenSimilarity("felles it service", "flles it service"); s < 0.9 {
		t.Errorf("a typo costs little: %.2f", s)
	}
	if s := tokenSimilarity("larvik elektro", "elektro larvik"); s != 1 {
		t.Errorf("word order does not matter: %.2f", s)
	}
	if s := tokenSimilarity("hansen ror", "jensen ror"); s > 0.85 {
		t.Errorf("another surname is another firm: %.2f", s)
	}
	if s := joinedSimilarity("it service", "itservice"); s != 1 {
		t.Errorf("spaces do not matter when joined: %.2f", s)
	}
	if d := osaDistance("karlsen", "kalrsen", 5); d != 1 {
		t.Errorf("a transposition is one edit: %d", d)
	}
}

func org(id, name, postcode, muni string) *cityspend.Organisation {
	return &cityspend.Organisation{ID: cityspend.Identifier{Scheme: cityspend.SchemeNOBRC, ID: id}, Name: name,
		Address: cityspend.Address{Postcode: postcode, Municipality: muni, Country: "NO"}}
}

func TestIndexResolve(t *testing.T) {
	ix := NewIndex()
	for _, o := range []*cityspend.Organisation{
		org("923609016", "LARVIK ELEKTRO AS", "3256", "3909"),
		org("974760673", "HANSEN BYGG AS", "3256", "3909"),
		org("982463718", "HANSEN BYGG AS", "0150", "0301"),
		org("916292682", "PETTERSEN VASK AS", "3211", "3907"),
		org("912345675", "MALER LARVIK AS", "3260", "3909"),
		org("987654325", "LARVIK MALER AS", "3270", "3909"),
		org("889640782", "NORDIC SOFTWARE LTD", "", ""),
	} {
		ix.Add(o)
	}
	tests := []struct {
		q      Query
		want   string // org id, "" for unresolved
		method string
	}{
		{Query{Name: "Larvik Elektro"}, "923609016", cityspend.MatchExactName},
		{Query{Name: "larvik elektro a/s"}, "923609016", cityspend.MatchExactName},
		{Query{Name: "Elektro Larvik AS"}, "923609016", cityspend.MatchExactName}, // words reordered
		{Query{Name: "Larvik Elektor AS"}, "923609016", cityspend.MatchFuzzy},     // a typo
		{Query{Name: "Hansen Bygg AS"}, "", ""},                                   // two units share the name
		{Query{Name: "Hansen Bygg AS", Postcode: "3256"}, "974760673", cityspend.MatchExactName},
		{Query{Name: "Hansen Bygg", Municipality: "0301"}, "982463718", cityspend.MatchExactName},
		{Query{Name: "Pettresen Vask"}, "916292682", cityspend.MatchFuzzy},
		{Query{Name: "Larvki Maler AS"}, "", ""},                                              // as close to "Maler Larvik" as to "Larvik Maler"
		{Query{Name: "Larvki Maler AS", Postcode: "3270"}, "987654325", cityspend.MatchFuzzy}, // the postcode decides
		{Query{Name: "Totally Different Firm"}, "", ""},
		{Query{Name: ""}, "", ""},
	}
	for _, tt := range tests {
		m := ix.Resolve(tt.q)
		if m.ID.ID != tt.want || m.Method != tt.method {
			t.Errorf("Resolve(%+v) = %s %s (%s), want %s %s", tt.q, m.ID.ID, m.Method, m.Reason, tt.want, tt.method)
		}
		if tt.want == "" && m.Reason == "" {
			t.Errorf("Resolve(%+v): an unresolved name needs a reason", tt.q)
		}
	}
}

func TestPlaces(t *testing.T) {
	places := NewPlaces(refdata.MunicipalityCodes())
	if got := places.Current("NO", "0709"); got != "3909" {
		t.Errorf("Larvik 0709 → %s, want 3909", got)
	}
	larvik := cityspend.Buyer{ID: "3909", Country: "NO", Municipality: "3909"}
	old := cityspend.Buyer{ID: "L", Country: "NO", Municipality: "0709"} // a buyer set up with the old code
	area := AreaFor(larvik, nil, places)
	tests := []struct {
		addr cityspend.Address
		want string
	}{
		{cityspend.Address{Municipality: "3909", Country: "NO"}, cityspend.PlaceLocal},
		{cityspend.Address{Municipality: "3805", Country: "NO"}, cityspend.PlaceLocal}, // 2020–2023 code
		{cityspend.Address{Municipality: "0728", Country: "NO"}, cityspend.PlaceLocal}, // Lardal, merged into Larvik
		{cityspend.Address{Municipality: "3907", Country: "NO"}, cityspend.PlaceRegion},
		{cityspend.Address{Municipality: "0722"}, cityspend.PlaceRegion}, // Nøtterøy → Færder, Vestfold
		{cityspend.Address{Municipality: "0301", Country: "NO"}, cityspend.PlaceCountry},
		{cityspend.Address{Municipality: "3807", Country: "NO"}, cityspend.PlaceCountry}, // Skien, Telemark
		{cityspend.Address{Country: "SE", Postcode: "11120"}, cityspend.PlaceAbroad},
		{cityspend.Address{Country: "NO", Postcode: "3256"}, cityspend.PlaceUnknown}, // no municipality, no postcode rules
		{cityspend.Address{}, cityspend.PlaceUnknown},
	}
	for _, a := range []Area{area, AreaFor(old, nil, places)} {
		for _, tt := range tests {
			if got, why := a.band(tt.addr); got != tt.want || why == "" {
				t.Errorf("band(%+v) = %s (%s), want %s", tt.addr, got, why, tt.want)
			}
		}
	}
	// A region list replaces the county; postcode rules place addresses
	// without a municipality (as in countries without municipality codes).
	gb := cityspend.Buyer{ID: "PRE", Country: "GB"}
	ga := AreaFor(gb, []cityspend.PlaceRule{{Band: "L0", Kind: "postcode_prefix", Value: "PR1"}, {Band: "L1", Kind: "postcode_prefix", Value: "PR"},
		{Band: "L1", Kind: "postcode_prefix", Value: "BB"}}, places)
	for _, c := range []struct {
		addr cityspend.Address
		want string
	}{
		{cityspend.Address{Country: "GB", Postcode: "PR1 2HE"}, cityspend.PlaceLocal},
		{cityspend.Address{Country: "GB", Postcode: "PR25 1AA"}, cityspend.PlaceRegion},
		{cityspend.Address{Country: "GB", Postcode: "BB2 1AA"}, cityspend.PlaceRegion},
		{cityspend.Address{Country: "GB", Postcode: "M1 1AA"}, cityspend.PlaceCountry},
		{cityspend.Address{Country: "IE", Postcode: "D02"}, cityspend.PlaceAbroad},
	} {
		if got, why := ga.band(c.addr); got != c.want {
			t.Errorf("GB band(%+v) = %s (%s), want %s", c.addr, got, why, c.want)
		}
	}
	region := AreaFor(larvik, []cityspend.PlaceRule{{Band: "L1", Kind: "municipality", Value: "3907"}}, places)
	if got, _ := region.band(cityspend.Address{Municipality: "3905"}); got != cityspend.PlaceCountry {
		t.Errorf("with a region list, Tønsberg is outside Larvik's region: %s", got)
	}
}

func TestClassify(t *testing.T) {
	places := NewPlaces(refdata.MunicipalityCodes())
	area := AreaFor(cityspend.Buyer{Country: "NO", Municipality: "3909"}, nil, places)
	o := org("923609016", "OSLO VASK AS", "0150", "0301")
	o.LegalForm, o.Employees, o.EmployeesKnown, o.NACE = "AS", 320, true, []string{"81.210"}
	p := Classify(o, nil, area)
	if p.Place != cityspend.PlaceCountry || p.Type != cityspend.TypePrivate || p.Size != cityspend.SizeLarge || p.NACESection != "N" || p.NACEDivision != "81" {
		t.Errorf("profile %+v", p)
	}
	// A branch in Larvik makes it local.
	branch := cityspend.Establishment{ID: cityspend.Identifier{Scheme: "NO-BRC", ID: "974760673"}, Address: cityspend.Address{Municipality: "3909"}}
	if p := Classify(o, []cityspend.Establishment{branch}, area); p.Place != cityspend.PlaceLocal {
		t.Errorf("a local branch: %s (%s)", p.Place, p.PlaceReason)
	}
	cases := []struct {
		mod        func(o *cityspend.Organisation)
		typ, size  string
		sizeReason string
	}{
		{func(o *cityspend.Organisation) { o.LegalForm = "KOMM" }, cityspend.TypePublic, cityspend.SizeLarge, "employees"},
		{func(o *cityspend.Organisation) { o.SectorCode = "6500" }, cityspend.TypePublic, cityspend.SizeLarge, "employees"},
		{func(o *cityspend.Organisation) { o.LegalForm = "FLI"; o.Employees = 3 }, cityspend.TypeSocial, cityspend.SizeMicro, "3 employees"},
		{func(o *cityspend.Organisation) { o.Voluntary = true; o.Employees = 12 }, cityspend.TypeSocial, cityspend.SizeSmall, "12"},
		{func(o *cityspend.Organisation) { o.EmployeesWithheld = true }, cityspend.TypePrivate, cityspend.SizeMicro, "withheld"},
		{func(o *cityspend.Organisation) { o.Employees = 60 }, cityspend.TypePrivate, cityspend.SizeMedium, "60"},
		{func(o *cityspend.Organisation) { o.EmployeesKnown = false; o.LegalForm = "ENK" }, cityspend.TypePrivate, cityspend.SizeMicro, "sole"},
		{func(o *cityspend.Organisation) { o.EmployeesKnown = false; o.EmployeeBand = "10-49" }, cityspend.TypePrivate, cityspend.SizeSmall, "band"},
		{func(o *cityspend.Organisation) { o.EmployeesKnown = false; o.TurnoverEUR = 60_000_000_00 }, cityspend.TypePrivate, cityspend.SizeLarge, "turnover"},
		{func(o *cityspend.Organisation) { o.EmployeesKnown = false }, cityspend.TypePrivate, cityspend.SizeUnknown, "no head count"},
		// A register's size category: Companies House's accounts regime,
		// SIRENE's catégorie d'entreprise; one that says nothing of size.
		{func(o *cityspend.Organisation) { o.EmployeesKnown = false; o.SizeCategory = "MICRO ENTITY" }, cityspend.TypePrivate, cityspend.SizeMicro, "micro-entity"},
		{func(o *cityspend.Organisation) { o.EmployeesKnown = false; o.SizeCategory = "TOTAL EXEMPTION FULL" }, cityspend.TypePrivate, cityspend.SizeSmall, "s.477"},
		{func(o *cityspend.Organisation) { o.EmployeesKnown = false; o.SizeCategory = "MEDIUM" }, cityspend.TypePrivate, cityspend.SizeMedium, "medium-sized"},
		{func(o *cityspend.Organisation) { o.EmployeesKnown = false; o.SizeCategory = "GE" }, cityspend.TypePrivate, cityspend.SizeLarge, "grande"},
		{func(o *cityspend.Organisation) { o.EmployeesKnown = false; o.SizeCategory = "FULL" }, cityspend.TypePrivate, cityspend.SizeUnknown, "no head count"},
		{func(o *cityspend.Organisation) {
			o.EmployeesKnown = false
			o.EmployeeBand = "10-49"
			o.SizeCategory = "PME"
		}, cityspend.TypePrivate, cityspend.SizeSmall, "band"},
	}
	for i, c := range cases {
		x := *o
		c.mod(&x)
		p := Classify(&x, nil, area)
		if p.Type != c.typ || p.Size != c.size || !contains(p.SizeBasis, c.sizeReason) || p.TypeReason == "" {
			t.Errorf("case %d: %s (%s), %s (%s)", i, p.Type, p.TypeReason, p.Size, p.SizeBasis)
		}
	}
	o.NACE = []string{"00.000"}
	if p := Classify(o, nil, area); p.NACESection != cityspend.SectorUnknown {
		t.Errorf("00.000 means not stated: %s", p.NACESection)
	}
	u := Unresolved("name:X", "X", []cityspend.Payee{{Name: "X", Country: "SE"}}, area, "no close name")
	if u.Place != cityspend.PlaceAbroad || u.Type != cityspend.TypeUnknown || u.SizeBasis == "" {
		t.Errorf("unresolved abroad %+v", u)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

var errEOF = io.EOF
