// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"testing"

	"github.com/cityspend/cityspend"
)

// A charitable company — a company limited by guarantee that a loaded
// charity register names as the charity's company — is in the social
// economy; the same company without the link is a private business. The
// link was stored (charity_number) but no profile read it, so the demo
// council's leisure trust and advice centre counted as private firms.
func TestCharitableCompanyIsSocial(t *testing.T) {
	co := cityspend.Organisation{ID: cityspend.Identifier{Scheme: cityspend.SchemeGBCOH, ID: "19000001"}, Name: "HOLLOWMERE LEISURE TRUST",
		LegalForm: "PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital, use of 'Limited' exemption)",
		Address:   cityspend.Address{Postcode: "HW1 2AB", Country: "GB"}, Source: "companies-house"}
	a := AreaFor(cityspend.Buyer{ID: "E07000999", Country: "GB", Municipality: "E07000999"}, nil, NewPlaces())
	if p := Classify(&co, nil, a); p.Type != cityspend.TypePrivate {
		t.Errorf("without a charity: %s (%s)", p.Type, p.TypeReason)
	}
	co.CharityNumber = "GB-CHC:1190007"
	if p := Classify(&co, nil, a); p.Type != cityspend.TypeSocial || p.BusinessType() != cityspend.ClassSocial {
		t.Errorf("a charitable company: %s (%s)", p.Type, p.TypeReason)
	}
}
