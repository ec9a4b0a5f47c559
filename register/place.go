// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
)

// Place from postcodes: an address with a postcode and no municipality (a
// Companies House registered office, a charity, a payee no register knows
// whose ledger line or e-invoice carries a postcode) is placed in the
// municipality its postcode lies in, by the loaded postcode registers.

// LoadPostcodes looks up, in the loaded postcode registers, the postcodes
// of the organisations, their establishments and the payees, so that the
// area places addresses that have a postcode but no municipality; for a
// UK buyer it also finds its district's county and region (the default
// L1 there, where the buyer has no region list of its own).
func (a *Area) LoadPostcodes(ctx context.Context, st cityspend.RegisterStore, orgs []cityspend.Organisation,
	ests []cityspend.Establishment, payees []cityspend.PayeeRecord) error {
	want := map[string][]string{} // country → postcodes
	seen := map[string]bool{}
	add := func(country, pc string) {
		if country == "" {
			country = a.Country
		}
		pc = cityspend.NormPostcode(pc)
		if pc == "" || country == "" || seen[country+":"+pc] {
			return
		}
		seen[country+":"+pc] = true
		want[country] = append(want[country], pc)
	}
	for _, o := range orgs {
		add(o.Address.Country, o.Address.Postcode)
	}
	for _, e := range ests {
		add(e.Address.Country, e.Address.Postcode)
	}
	for _, p := range payees {
		add(p.Payee.Country, p.Payee.Postcode)
	}
	a.postcodes = map[string][]cityspend.Postcode{}
	for country, codes := range want {
		ps, err := st.Postcodes(ctx, country, codes)
		if err != nil {
			return err
		}
		for _, p := range ps {
			k := p.Country + ":" + p.Postcode
			a.postcodes[k] = append(a.postcodes[k], p)
		}
	}
	if a.Country == "GB" && a.home != "" && a.county == "" && a.desc1 == "" {
		county, region, err := st.MunicipalityArea(ctx, "GB", a.home)
		if err != nil {
			return err
		}
		switch {
		case county != "":
			a.gbArea, a.gbAreaIsCounty, a.desc1 = county, true, "county "+county
		case region != "":
			a.gbArea, a.desc1 = region, "region "+region
		}
	}
	return nil
}

// postcodePlace is the place of an address's postcode: the one postcode
// row, or, where a postcode covers several municipalities (France), the
// one whose name is the address's locality; ok is false when the postcode
// is not loaded or the row cannot be told.
func (a Area) postcodePlace(addr cityspend.Address) (cityspend.Postcode, []cityspend.Postcode, bool) {
	country := addr.Country
	if country == "" {
		country = a.Country
	}
	rows := a.postcodes[country+":"+cityspend.NormPostcode(addr.Postcode)]
	switch {
	case len(rows) == 0:
		return cityspend.Postcode{}, nil, false
	case len(rows) == 1:
		return rows[0], rows, true
	}
	loc := placeName(addr.Locality)
	for _, r := range rows {
		if loc != "" && placeName(r.Locality) == loc {
			return r, rows, true
		}
	}
	first := a.places.Current(country, rows[0].Municipality)
	for _, r := range rows[1:] {
		if a.places.Current(country, r.Municipality) != first {
			return cityspend.Postcode{}, rows, false
		}
	}
	return rows[0], rows, true
}

// placeName folds a place name for comparison ("Saint-Herblain" and "ST
// HERBLAIN").
func placeName(s string) string {
	s = strings.ToUpper(strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '\'' }), " "))
	s = strings.ReplaceAll(s, "SAINT ", "ST ")
	return strings.ReplaceAll(s, "SAINTE ", "STE ")
}

// bandByPostcode places an address that has a postcode and no
// municipality, by its postcode; ok is false when the postcode registers
// do not settle it.
func (a Area) bandByPostcode(addr cityspend.Address) (band, why string, ok bool) {
	p, rows, found := a.postcodePlace(addr)
	if !found {
		if len(rows) < 2 {
			return "", "", false
		}
		// Several municipalities and no way to tell: placed only if they
		// all fall in the same band.
		var names []string
		for _, r := range rows {
			at := addr
			at.Municipality, at.Country = r.Municipality, r.Country
			b, _ := a.band(at)
			if band != "" && b != band {
				return "", "", false
			}
			band = b
			names = append(names, r.Municipality+" "+r.Locality)
		}
		return band, "postcode " + addr.Postcode + " covers " + strings.Join(names, ", ") + ", all " + bandWord[band], true
	}
	at := addr
	at.Municipality, at.Country = p.Municipality, p.Country
	band, why = a.band(at)
	if band == cityspend.PlaceCountry && a.gbArea != "" && (p.County == a.gbArea || (!a.gbAreaIsCounty && p.Region == a.gbArea)) {
		band, why = cityspend.PlaceRegion, why+", in "+a.desc1
	}
	src := "postcode " + addr.Postcode
	if !p.Terminated.IsZero() {
		src += " (terminated " + p.Terminated.Format("2006-01") + ")"
	}
	return band, why + " (by " + src + " in the postcode register)", true
}

var bandWord = map[string]string{cityspend.PlaceLocal: "local", cityspend.PlaceRegion: "in the region",
	cityspend.PlaceCountry: "outside the region", cityspend.PlaceAbroad: "abroad", cityspend.PlaceUnknown: "unknown"}

// postcodeMunicipality is the current municipality of an address's
// postcode, or "".
func (a Area) postcodeMunicipality(addr cityspend.Address) string {
	if addr.Postcode == "" {
		return ""
	}
	p, _, ok := a.postcodePlace(addr)
	if !ok {
		return ""
	}
	return a.places.Current(p.Country, p.Municipality)
}

// deprivedByPostcode reports whether an address's postcode lies in one of
// the buyer's deprived small areas, or in a small area of a deprivation
// decile at or below the buyer's.
func (a Area) deprivedByPostcode(addr cityspend.Address) bool {
	if addr.Postcode == "" || len(a.deprived) == 0 {
		return false
	}
	p, _, ok := a.postcodePlace(addr)
	if !ok {
		return false
	}
	for _, r := range a.deprived {
		switch r.Kind {
		case "small_area":
			if v := strings.ToUpper(r.Value); v != "" && (p.SmallArea == v || p.SmallArea2011 == v) {
				return true
			}
		case "deprivation_decile":
			if n, err := strconv.Atoi(r.Value); err == nil && p.Deprivation >= 1 && p.Deprivation <= n {
				return true
			}
		}
	}
	return false
}
