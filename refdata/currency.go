// SPDX-License-Identifier: EUPL-1.2

package refdata

import "strings"

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
