// SPDX-License-Identifier: EUPL-1.2

package publicbody

import "testing"

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"H M REVENUE & CUSTOMS":        "HM REVENUE AND CUSTOMS",
		"Her Majesty's Revenue":        "HER MAJESTYS REVENUE",
		"The Aberdeen City Council":    "ABERDEEN CITY COUNCIL",
		"WEST OXON DC GENERAL A/C":     "WEST OXON DC GENERAL AC",
		"Bærum kommune":                "BAERUM KOMMUNE",
		"Tønsberg kommune":             "TONSBERG KOMMUNE",
		"  POLICE & CRIME COMMISS'NER": "POLICE AND CRIME COMMISSNER",
		"The":                          "THE",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// Payee names as UK ledgers spell them (Oxford City Council's and
// Hyndburn Borough Council's published spend), and names that must not
// match.
func TestMatchGB(t *testing.T) {
	tests := []struct {
		name, kind, official string
	}{
		{"H M REVENUE & CUSTOMS", Tax, "HM Revenue and Customs"},
		{"HMRC", Tax, "HM Revenue and Customs"},
		{"HMRC - PAYE", Tax, "HM Revenue and Customs"},
		{"HMRC CUMBERNAULD", Tax, "HM Revenue and Customs"},
		{"OXFORDSHIRE COUNTY COUNCIL", LocalAuthority, "Oxfordshire County Council"},
		{"LANCASHIRE COUNTY COUNCIL", LocalAuthority, "Lancashire County Council"},
		{"KENT COUNTY COUNCIL", LocalAuthority, "Kent County Council"},
		{"BLACKBURN WITH DARWEN BOROUGH COUNCIL", LocalAuthority, "Blackburn with Darwen Borough Council"},
		{"WEST OXFORDSHIRE DISTRICT COUNCIL GENERAL A/C", LocalAuthority, "West Oxfordshire District Council"},
		{"VALE OF THE WHITE HORSE DISTRICT COUNCIL", LocalAuthority, "Vale of White Horse District Council"},
		{"BOROUGH OF PENDLE", LocalAuthority, "Pendle Borough Council"},
		{"MANCHESTER CITY COUNCIL", LocalAuthority, "Manchester City Council"},
		{"The City of Edinburgh Council", LocalAuthority, "The City of Edinburgh Council"},
		{"OXFORDSHIRE COUNTY COUNCIL PENSION FUND", PensionFund, "Oxfordshire County Council pension fund"},
		{"LANCASHIRE COUNTY PENSION FUND", PensionFund, "Lancashire County Council pension fund"},
		{"GREATER MANCHESTER PENSION FUND", PensionFund, "Greater Manchester Pension Fund"},
		{"LITTLEMORE PARISH COUNCIL", LocalCouncil, "LITTLEMORE PARISH COUNCIL"},
		{"ALTHAM PARISH COUNCIL", LocalCouncil, "ALTHAM PARISH COUNCIL"},
		{"THAMES VALLEY POLICE AUTHORITY", Police, "THAMES VALLEY POLICE AUTHORITY"},
		{"POLICE & CRIME COMMISS'NER OFF", Police, "POLICE AND CRIME COMMISSNER OFF"},
		{"LANCASHIRE CARE NHS TRUST", Health, "LANCASHIRE CARE NHS TRUST"},
		{"NHS BUSINESS SERVICES AUTHORITY", Health, "NHS Business Services Authority"},
		{"VEHICLE & OPERATOR SERVICES AGENCY", Government, "Driver and Vehicle Standards Agency"},
		{"ENVIRONMENT AGENCY", Government, "Environment Agency"},
		{"Greater Manchester Combined Authority", CombinedAuthority, "Greater Manchester Combined Authority"},
		{"LANCASHIRE COMBINED FIRE AUTHORITY", Fire, "LANCASHIRE COMBINED FIRE AUTHORITY"},
		// Abbreviated as the councils' own ledgers write them.
		{"BLACKBURN WITH DARWEN B.C.", LocalAuthority, "Blackburn with Darwen Borough Council"},
		{"RIBBLE VALLEY B.C.", LocalAuthority, "Ribble Valley Borough Council"},
		{"TAMESIDE MBC", LocalAuthority, "Tameside Metropolitan Borough Council"},
		{"VALE OF WHITE HORSE DC", LocalAuthority, "Vale of White Horse District Council"},
		{"VALUATION OFFICE AGENCY ADMINISTRATION", Government, "Valuation Office Agency"},
	}
	for _, tt := range tests {
		b, ok := Match("GB", tt.name)
		if !ok || b.Kind != tt.kind || b.Name != tt.official || b.Why == "" {
			t.Errorf("Match(%q) = %+v %v, want %s %q", tt.name, b, ok, tt.kind, tt.official)
		}
	}
	for _, name := range []string{
		"RETAILCHIC PENSION FUND",             // a private pension scheme (a landlord)
		"FULL CIRCUIT FIRE & SECURITY LTD",    // a company
		"NHS PROFESSIONALS LIMITED",           // a company, whoever owns it
		"FIRE AND RESCUE SERVICES LTD",        // a company with a public-sounding name
		"DISTRICT COUNCILS NETWORK",           // an association of councils
		"DESIGN COUNCIL",                      // a charity
		"GRANT THORNTON UK LLP",               // an auditor
		"OXFORD & DISTRICT BUILDING SERVICES", // "Oxford" is an area, not a council
		"HMRC CONSULTANCY SERVICES",           // more than a payment word after the name
		"LANCASHIRE CC",                       // a county council or a cricket club
		"LCC",                                 // Lancashire, Leeds, Liverpool, … County or City Council
		"OXFORD BC LTD",                       // a company
		"UNIVERSITY OF OXFORD",
		"",
	} {
		if b, ok := Match("GB", name); ok {
			t.Errorf("Match(%q) = %+v, want no public body", name, b)
		}
	}
	if _, ok := Match("FR", "OXFORDSHIRE COUNTY COUNCIL"); ok {
		t.Error("no list for France")
	}
}

func TestMatchNO(t *testing.T) {
	for name, kind := range map[string]string{
		"Sandefjord kommune":                LocalAuthority,
		"Vestfold fylkeskommune":            LocalAuthority,
		"Oslo kommune Bymiljøetaten":        LocalAuthority,
		"Vestfold Avfall og Produksjon IKS": PublicEnterprise,
		"Larvik Havn KF":                    PublicEnterprise,
		"Skatteetaten":                      Tax,
		"Skatteoppkreveren i Larvik":        Tax,
		"Statens pensjonskasse":             PensionFund,
		"Sykehuset i Vestfold HF":           Health,
		"NAV Larvik":                        Government,
	} {
		if b, ok := Match("NO", name); !ok || b.Kind != kind {
			t.Errorf("Match(NO, %q) = %+v %v, want %s", name, b, ok, kind)
		}
	}
	for _, name := range []string{"Larvik Kommune Eiendom AS", "Kommunekonsult AS", "Hansen Bygg AS", "Navigator AS"} {
		if b, ok := Match("NO", name); ok {
			t.Errorf("Match(NO, %q) = %+v, want none", name, b)
		}
	}
	for form, kind := range map[string]string{"KOMM": LocalAuthority, "FYLK": LocalAuthority, "STAT": Government, "ORGL": Government,
		"SF": PublicEnterprise, "IKS": PublicEnterprise, "KF": PublicEnterprise, "FKF": PublicEnterprise} {
		if b, ok := ByForm(form, ""); !ok || b.Kind != kind || b.Why == "" {
			t.Errorf("ByForm(%s) = %+v %v, want %s", form, b, ok, kind)
		}
	}
	if b, ok := ByForm("AS", "1120"); !ok || b.Kind != PublicEnterprise {
		t.Errorf("a municipally owned company by its sector: %+v %v", b, ok)
	}
	if _, ok := ByForm("AS", "2100"); ok {
		t.Error("a private company is no public body")
	}
}

// Every row of the shipped list is read, its official name finds itself,
// and every kind is documented.
func TestShippedList(t *testing.T) {
	x := index()
	if len(x.areas) < 350 {
		t.Errorf("%d council areas; the list has about 400", len(x.areas))
	}
	for _, name := range []string{"Adur District Council", "Wrexham County Borough Council", "Belfast City Council", "Comhairle nan Eilean Siar"} {
		if b, ok := Match("GB", name); !ok || b.Kind != LocalAuthority || b.Code == "" {
			t.Errorf("%q: %+v %v", name, b, ok)
		}
	}
	kinds := map[string]bool{}
	for _, k := range Kinds {
		kinds[k] = true
	}
	for _, b := range ukBodies {
		if !kinds[b.kind] {
			t.Errorf("%s: kind %q not in Kinds", b.names[0], b.kind)
		}
	}
	for _, r := range append(append([]rule(nil), gbRules...), noRules...) {
		if !kinds[r.kind] || r.why == "" {
			t.Errorf("rule %+v", r)
		}
	}
}

// Initials name a council only in its own ledgers and its districts':
// "LCC" in Hyndburn's is Lancashire County Council, "HBC" Hyndburn itself;
// in Manchester's, or with no home, LCC is nothing; in Oxford's, "OCC" is
// both Oxford City Council and Oxfordshire County Council, so neither.
func TestMatchFor(t *testing.T) {
	for _, tt := range []struct {
		home, name, official string
	}{
		{"E07000120", "LCC", "Lancashire County Council"},
		{"E07000120", "L.C.C.", "Lancashire County Council"},
		{"E07000120", "LCC GENERAL A/C", "Lancashire County Council"},
		{"E07000120", "HBC", "Hyndburn Borough Council"},
		{"E07000120", "LANCASHIRE COUNTY COUNCIL", "Lancashire County Council"},
		{"E07000120", "HMRC", "HM Revenue and Customs"},
		{"E07000117", "LCC", "Lancashire County Council"},
		{"E07000120", "OCC", ""},
		{"E08000003", "LCC", ""},
		{"E07000178", "OCC", ""},
		{"", "LCC", ""},
		{"E07000120", "LCC LTD", ""},
		{"E07000120", "LCC SERVICES", ""},
	} {
		b, ok := MatchFor("GB", tt.home, tt.name)
		if ok != (tt.official != "") || b.Name != tt.official {
			t.Errorf("MatchFor(GB, %q, %q) = %+v %v, want %q", tt.home, tt.name, b, ok, tt.official)
		}
	}
	if b, _ := MatchFor("GB", "E07000120", "HBC"); b.Code != "E07000120 GB-LAE-HYN" || b.Kind != LocalAuthority {
		t.Errorf("HBC in Hyndburn's ledger: %+v", b)
	}
}
