// SPDX-License-Identifier: EUPL-1.2

package thresholds

import "strings"

// LightSource cites the list of social and other specific services.
const LightSource = "Directive 2014/24/EU Annex XIV (OJ L 94, 28.3.2014, p. 65) and art. 74; in Norway the same services are særlige tjenester " +
	"and helse- og sosialtjenester (anskaffelsesforskriften § 5-1 and § 5-3); in the UK light-touch services (Procurement Act 2023 s. 9, " +
	"The Procurement Regulations 2024), whose list follows Annex XIV"

// LightCodes are the CPV codes of Directive 2014/24/EU Annex XIV, written
// as the annex lists them with their trailing zeros dropped: a purchase
// whose code starts with one is a light-regime service. A range in the
// annex ("from 85000000-9 to 85323000-9") is the prefix the codes of the
// range share when the range is a whole branch of the CPV tree; the
// annex's headings listed as single codes (75000000, 98000000, 64000000,
// 64100000) are held with their eight digits and match only themselves.
// The UK's light-touch list and Norway's særlige tjenester follow the
// annex; where they differ (a handful of codes) the annex is used.
var LightCodes = []string{
	// Health, social and related services.
	"752", "79611", "79622", "79624", "79625", "85", "98133", "982", "985",
	// Administrative social, educational, healthcare and cultural services.
	"75000000", "75121", "75122", "75124", "79995", "80", "92", "7995",
	// Compulsory social security services; benefit services.
	"753",
	// Other community, social and personal services; religious services.
	"98000000", "9812", "9813",
	// Hotel and restaurant services.
	"551", "552", "553", "554", "5551", "5552",
	// Legal services, to the extent not excluded by art. 10(d).
	"791",
	// Other administrative services and government services.
	"751",
	// Provision of services to the community; prison related, public
	// security and rescue services (art. 10(h) aside).
	"7943", "981131",
	// Investigation and security services.
	"797",
	// International services.
	"989",
	// Postal services.
	"64000000", "64100000", "6411", "64122",
	// Miscellaneous services.
	"50116510", "7155",
}

// KindOf is the kind of a purchase by its CPV code (8 digits, with or
// without the check digit) or CPV group (the first digits): works (CPV
// division 45), light (a service of Annex XIV, see LightCodes) or goods
// and services. A group is light only when the whole group is: "851" is
// (health services), "799" is not (only 79995 and 7995… are).
func KindOf(cpv string) string {
	code, _, _ := strings.Cut(strings.TrimSpace(cpv), "-")
	if code == "" || strings.HasPrefix(code, "account:") {
		return GoodsServices
	}
	if strings.HasPrefix(code, "45") {
		return Works
	}
	for _, p := range LightCodes {
		if len(p) == 8 {
			if code == p {
				return Light
			}
			continue
		}
		if strings.HasPrefix(code, p) {
			return Light
		}
	}
	return GoodsServices
}
