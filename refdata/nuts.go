// SPDX-License-Identifier: EUPL-1.2

package refdata

import (
	"strings"
	"time"
)

// alpha3 maps ISO 3166-1 alpha-2 codes to alpha-3 (ISO 3166-1:2020, the
// country codes eForms notices use in BT-514 and BT-5141): the EEA
// countries, Switzerland and the United Kingdom.
var alpha3 = map[string]string{
	"AT": "AUT", "BE": "BEL", "BG": "BGR", "HR": "HRV", "CY": "CYP", "CZ": "CZE", "DK": "DNK", "EE": "EST",
	"FI": "FIN", "FR": "FRA", "DE": "DEU", "GR": "GRC", "HU": "HUN", "IE": "IRL", "IT": "ITA", "LV": "LVA",
	"LT": "LTU", "LU": "LUX", "MT": "MLT", "NL": "NLD", "PL": "POL", "PT": "PRT", "RO": "ROU", "SK": "SVK",
	"SI": "SVN", "ES": "ESP", "SE": "SWE", "IS": "ISL", "LI": "LIE", "NO": "NOR", "CH": "CHE", "GB": "GBR",
}

// CountryAlpha3 returns the ISO 3166-1 alpha-3 code of an alpha-2 code, or
// "" when the table does not hold it.
func CountryAlpha3(cc string) string {
	return alpha3[strings.ToUpper(cc)]
}

// NUTSRegion is a statistical region (NUTS level 3) as of a date.
type NUTSRegion struct {
	Code      string
	Name      string
	ValidFrom time.Time
}

// NUTSSource cites the table of Norwegian NUTS 3 codes.
const NUTSSource = "Eurostat, statistical regions of the EFTA countries, NUTS 2024 version " +
	"(in use from 1 January 2024; Norway's counties after the 2024 county reform)"

// norwayNUTS3 maps a Norwegian county number (the first two digits of a
// kommunenummer in use from 1 January 2024) to its NUTS 3 region, version
// 2024. Troms (55) and Finnmark (56) are left out: their 2024 codes are not
// confirmed from a source the project holds, so a notice of a buyer there
// names the country only (or the region the buyer sets).
var norwayNUTS3 = map[string]NUTSRegion{
	"03": {"NO081", "Oslo", day(2024, 1, 1)},
	"31": {"NO083", "Østfold", day(2024, 1, 1)},
	"32": {"NO084", "Akershus", day(2024, 1, 1)},
	"33": {"NO085", "Buskerud", day(2024, 1, 1)},
	"34": {"NO020", "Innlandet", day(2024, 1, 1)},
	"39": {"NO093", "Vestfold", day(2024, 1, 1)},
	"40": {"NO094", "Telemark", day(2024, 1, 1)},
	"42": {"NO092", "Agder", day(2024, 1, 1)},
	"11": {"NO0A1", "Rogaland", day(2024, 1, 1)},
	"46": {"NO0A2", "Vestland", day(2024, 1, 1)},
	"15": {"NO0A3", "Møre og Romsdal", day(2024, 1, 1)},
	"50": {"NO060", "Trøndelag", day(2024, 1, 1)},
	"18": {"NO071", "Nordland", day(2024, 1, 1)},
}

// NUTS3 returns the NUTS 3 region of a buyer's municipality on a date, and
// whether the table knows it: for Norway, the municipality code is first
// followed to the code in use (a 2020–2023 code to its 2024 successor).
func NUTS3(country, municipality string, on time.Time) (NUTSRegion, bool) {
	if strings.ToUpper(country) != "NO" || len(municipality) != 4 {
		return NUTSRegion{}, false
	}
	code, _ := CurrentMunicipality("NO", municipality)
	r, ok := norwayNUTS3[code[:2]]
	if !ok || on.Before(r.ValidFrom) {
		return NUTSRegion{}, false
	}
	return r, true
}
