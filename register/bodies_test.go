// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
)

// Payees no register knows get their type from their names: public bodies
// from the shipped list and the naming rules, community interest companies
// from the ending the law requires; anything else stays unknown.
func TestUnresolvedType(t *testing.T) {
	places := NewPlaces(refdata.MunicipalityCodes())
	gb := AreaFor(cityspend.Buyer{Country: "GB"}, nil, places)
	no := AreaFor(cityspend.Buyer{Country: "NO", Municipality: "3909"}, nil, places)
	for _, c := range []struct {
		area       Area
		name, typ  string
		reasonPart string
	}{
		{gb, "H M REVENUE & CUSTOMS", cityspend.TypePublic, "HM Revenue and Customs"},
		{gb, "LANCASHIRE COUNTY COUNCIL", cityspend.TypePublic, "E10000017"},
		{gb, "LANCASHIRE COUNTY PENSION FUND", cityspend.TypePublic, "Pension Scheme fund"},
		{gb, "NEWGROUND CIC", cityspend.TypeSocial, "community interest company"},
		{gb, "AFRICAN FAMILIES IN THE UK (C.I.C.)", cityspend.TypeSocial, "community interest company"},
		{gb, "WILLMOTT DIXON CONSTRUCTION LTD", cityspend.TypeUnknown, "not resolved"},
		{gb, "CIC DEVELOPMENTS LTD", cityspend.TypeUnknown, "not resolved"},
		{no, "Sandefjord kommune", cityspend.TypePublic, "kommune"},
		{no, "Ukjent Firma", cityspend.TypeUnknown, "not resolved"},
	} {
		u := Unresolved("name:"+c.name, c.name, []cityspend.Payee{{Name: c.name}}, c.area, "no close name")
		if u.Type != c.typ || !strings.Contains(u.TypeReason, c.reasonPart) {
			t.Errorf("%q: %s (%s), want %s (%s)", c.name, u.Type, u.TypeReason, c.typ, c.reasonPart)
		}
		if u.Place != cityspend.PlaceUnknown || u.Size != cityspend.SizeUnknown {
			t.Errorf("%q: the name tells the type, never the place or size: %s, %s", c.name, u.Place, u.Size)
		}
	}
}

// Registered units: the organisation form first, then the Companies House
// category (through its hook), then, for a unit with no form, the name.
func TestTypeOfRegistered(t *testing.T) {
	for _, c := range []struct {
		o          cityspend.Organisation
		typ, about string
	}{
		{cityspend.Organisation{ID: cityspend.Identifier{Scheme: "NO-BRC"}, Name: "VESTFOLD AVFALL OG PRODUKSJON IKS", LegalForm: "IKS"},
			cityspend.TypePublic, "inter-municipal"},
		{cityspend.Organisation{ID: cityspend.Identifier{Scheme: "NO-BRC"}, Name: "STATSFORVALTEREN I VESTFOLD", LegalForm: "ORGL"},
			cityspend.TypePublic, "ORGL"},
		{cityspend.Organisation{ID: cityspend.Identifier{Scheme: "GB-COH"}, Name: "NEWGROUND", LegalForm: "Community Interest Company"},
			cityspend.TypeSocial, "company category Community Interest Company"},
		{cityspend.Organisation{ID: cityspend.Identifier{Scheme: "GB-COH"}, Name: "ROOTS CIO", LegalForm: "Charitable Incorporated Organisation"},
			cityspend.TypeSocial, "charitable incorporated"},
		{cityspend.Organisation{ID: cityspend.Identifier{Scheme: "GB-COH"}, Name: "ACME LTD", LegalForm: "Private Limited Company"},
			cityspend.TypePrivate, "Private Limited Company"},
		{cityspend.Organisation{ID: cityspend.Identifier{Scheme: "GB-XYZ"}, Name: "KENT COUNTY COUNCIL"},
			cityspend.TypePublic, "Kent County Council"},
		{cityspend.Organisation{ID: cityspend.Identifier{Scheme: "GB-XYZ"}, Name: "ACME"}, cityspend.TypePrivate, "registered business"},
		// A form beats the name: a company called after a council is a company.
		{cityspend.Organisation{ID: cityspend.Identifier{Scheme: "NO-BRC"}, Name: "LARVIK KOMMUNE", LegalForm: "AS"},
			cityspend.TypePrivate, "legal form AS"},
	} {
		typ, why := typeOf(&c.o)
		if typ != c.typ || !strings.Contains(why, c.about) {
			t.Errorf("%s (%s): %s (%s), want %s (%s)", c.o.Name, c.o.LegalForm, typ, why, c.typ, c.about)
		}
	}
}
