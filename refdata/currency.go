// SPDX-License-Identifier: EUPL-1.2

package refdata

import (
	"strings"

	"github.com/cityspend/cityspend"
)

// euroCountries use the euro (2026).
var euroCountries = map[string]bool{"AT": true, "BE": true, "HR": true, "CY": true, "EE": true, "FI": true, "FR": true, "DE": true,
	"GR": true, "IE": true, "IT": true, "LV": true, "LT": true, "LU": true, "MT": true, "NL": true, "PT": true, "SK": true,
	"SI": true, "ES": true, "BG": true}

var otherCurrencies = map[string]string{"NO": "NOK", "GB": "GBP", "SE": "SEK", "DK": "DKK", "IS": "ISK", "CH": "CHF",
	"PL": "PLN", "CZ": "CZK", "HU": "HUF", "RO": "RON", "US": "USD"}

// CurrencyForCountry returns the currency of an ISO country code, or "" when
// cityspend does not know it.
func CurrencyForCountry(cc string) string {
	cc = strings.ToUpper(cc)
	if euroCountries[cc] {
		return "EUR"
	}
	return otherCurrencies[cc]
}

// FiscalYearStart returns the month a public body's fiscal year usually
// starts in a country: April in the UK, January elsewhere.
func FiscalYearStart(cc string) int {
	if strings.ToUpper(cc) == "GB" {
		return 4
	}
	return 1
}

// CompleteBuyer fills in what a new buyer leaves out — its currency and
// the month its fiscal year starts, from its country — and checks it: the
// same rules for `cityspend buyer add` and the installation's admin page.
func CompleteBuyer(b *cityspend.Buyer) error {
	b.ID, b.Name = strings.TrimSpace(b.ID), strings.TrimSpace(b.Name)
	b.OrgNumber, b.Municipality = strings.TrimSpace(b.OrgNumber), strings.TrimSpace(b.Municipality)
	b.Country = strings.ToUpper(strings.TrimSpace(b.Country))
	b.Currency = strings.ToUpper(strings.TrimSpace(b.Currency))
	if b.Currency == "" {
		b.Currency = CurrencyForCountry(b.Country)
		if b.Currency == "" {
			return cityspend.Errorf(cityspend.EINVALID, "no default currency for country %q: give the currency", b.Country)
		}
	}
	if b.FiscalStart == 0 {
		b.FiscalStart = FiscalYearStart(b.Country)
	}
	return b.Validate()
}
