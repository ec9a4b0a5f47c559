// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
	"github.com/cityspend/cityspend/refdata/publicbody"
)

// typeOfName is the type a name alone shows, for a payee no register
// resolves (or a registered unit without a legal form): a public body on
// the shipped list or by a naming rule of the law, or a community interest
// company (its name must say so); "" when the name says nothing.
func typeOfName(country, name string) (string, string) {
	if b, ok := publicbody.Match(country, name); ok {
		return cityspend.TypePublic, publicReason(b)
	}
	n := " " + publicbody.Normalize(name)
	for suffix, what := range refdata.SocialNameSuffixes[country] {
		if strings.HasSuffix(n, " "+suffix) {
			return cityspend.TypeSocial, what + " (its name ends with " + suffix + ")"
		}
	}
	return "", ""
}

// publicReason is a public body's type reason: what it is and how it was
// known ("Oxfordshire County Council (E10000025 GB-LAE-OXF): local
// authority in the ONS / GOV.UK list").
func publicReason(b publicbody.Body) string {
	s := b.Name
	if b.Code != "" {
		s += " (" + b.Code + ")"
	}
	return s + ": " + b.Why
}

// orgCountry is the country of a registered unit: its identifier's scheme
// (NO-BRC, GB-COH, …), else its address.
func orgCountry(o *cityspend.Organisation) string {
	if c, _, ok := strings.Cut(o.ID.Scheme, "-"); ok && len(c) == 2 {
		return c
	}
	return o.Address.Country
}

// companyCategory is the hook for the Companies House company category of
// a registered unit ("Community Interest Company", "Charitable
// Incorporated Organisation", "Registered Society", …). Until the
// organisation carries the category in a field of its own, a UK unit's
// legal form is read as its category.
func companyCategory(o *cityspend.Organisation) string {
	if orgCountry(o) != "GB" {
		return ""
	}
	return o.LegalForm
}
