// SPDX-License-Identifier: EUPL-1.2

package refdata

import (
	"time"

	"github.com/cityspend/cityspend"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// norwayMunicipalities is the shipped part of the Norwegian municipality
// code history: the Vestfold municipalities with every code they have had
// since 2017 (the 2017–2020 mergers, the 2020 county Vestfold og Telemark,
// the 2024 split), so that old codes in registers and ledgers still place a
// supplier in the right municipality. Codes of other counties that did not
// change are read as they are (county = first two digits). Users add the
// rest with `cityspend import municipalities`.
var norwayMunicipalities = []cityspend.MunicipalityCode{
	// Current (from 1 January 2024).
	{Country: "NO", Code: "3901", Name: "Horten", ValidFrom: day(2024, 1, 1)},
	{Country: "NO", Code: "3903", Name: "Holmestrand", ValidFrom: day(2024, 1, 1)},
	{Country: "NO", Code: "3905", Name: "Tønsberg", ValidFrom: day(2024, 1, 1)},
	{Country: "NO", Code: "3907", Name: "Sandefjord", ValidFrom: day(2024, 1, 1)},
	{Country: "NO", Code: "3909", Name: "Larvik", ValidFrom: day(2024, 1, 1)},
	{Country: "NO", Code: "3911", Name: "Færder", ValidFrom: day(2024, 1, 1)},
	// Vestfold og Telemark, 2020–2023.
	{Country: "NO", Code: "3801", Name: "Horten", ValidFrom: day(2020, 1, 1), ValidTo: day(2024, 1, 1), Successor: "3901"},
	{Country: "NO", Code: "3802", Name: "Holmestrand", ValidFrom: day(2020, 1, 1), ValidTo: day(2024, 1, 1), Successor: "3903"},
	{Country: "NO", Code: "3803", Name: "Tønsberg", ValidFrom: day(2020, 1, 1), ValidTo: day(2024, 1, 1), Successor: "3905"},
	{Country: "NO", Code: "3804", Name: "Sandefjord", ValidFrom: day(2020, 1, 1), ValidTo: day(2024, 1, 1), Successor: "3907"},
	{Country: "NO", Code: "3805", Name: "Larvik", ValidFrom: day(2020, 1, 1), ValidTo: day(2024, 1, 1), Successor: "3909"},
	{Country: "NO", Code: "3811", Name: "Færder", ValidFrom: day(2020, 1, 1), ValidTo: day(2024, 1, 1), Successor: "3911"},
	// Vestfold before 2020.
	{Country: "NO", Code: "0701", Name: "Horten", ValidTo: day(2020, 1, 1), Successor: "3801"},
	{Country: "NO", Code: "0704", Name: "Tønsberg", ValidTo: day(2020, 1, 1), Successor: "3803"},
	{Country: "NO", Code: "0716", Name: "Re", ValidTo: day(2020, 1, 1), Successor: "3803"},
	{Country: "NO", Code: "0715", Name: "Holmestrand", ValidTo: day(2020, 1, 1), Successor: "3802"},
	{Country: "NO", Code: "0713", Name: "Sande", ValidTo: day(2020, 1, 1), Successor: "3802"},
	{Country: "NO", Code: "0714", Name: "Hof", ValidTo: day(2018, 1, 1), Successor: "0715"},
	{Country: "NO", Code: "0710", Name: "Sandefjord", ValidFrom: day(2017, 1, 1), ValidTo: day(2020, 1, 1), Successor: "3804"},
	{Country: "NO", Code: "0706", Name: "Sandefjord", ValidTo: day(2017, 1, 1), Successor: "0710"},
	{Country: "NO", Code: "0719", Name: "Andebu", ValidTo: day(2017, 1, 1), Successor: "0710"},
	{Country: "NO", Code: "0720", Name: "Stokke", ValidTo: day(2017, 1, 1), Successor: "0710"},
	{Country: "NO", Code: "0709", Name: "Larvik", ValidTo: day(2020, 1, 1), Successor: "3805"},
	{Country: "NO", Code: "0728", Name: "Lardal", ValidTo: day(2018, 1, 1), Successor: "0709"},
	{Country: "NO", Code: "0729", Name: "Færder", ValidFrom: day(2018, 1, 1), ValidTo: day(2020, 1, 1), Successor: "3811"},
	{Country: "NO", Code: "0722", Name: "Nøtterøy", ValidTo: day(2018, 1, 1), Successor: "0729"},
	{Country: "NO", Code: "0723", Name: "Tjøme", ValidTo: day(2018, 1, 1), Successor: "0729"},
	// Other municipalities the generator and the demo use, as they are.
	{Country: "NO", Code: "0301", Name: "Oslo"},
	{Country: "NO", Code: "4601", Name: "Bergen"},
	{Country: "NO", Code: "5001", Name: "Trondheim"},
	{Country: "NO", Code: "1103", Name: "Stavanger"},
	{Country: "NO", Code: "4204", Name: "Kristiansand"},
	{Country: "NO", Code: "3301", Name: "Drammen", ValidFrom: day(2024, 1, 1)},
	{Country: "NO", Code: "3005", Name: "Drammen", ValidFrom: day(2020, 1, 1), ValidTo: day(2024, 1, 1), Successor: "3301"},
	{Country: "NO", Code: "3201", Name: "Bærum", ValidFrom: day(2024, 1, 1)},
	{Country: "NO", Code: "3024", Name: "Bærum", ValidFrom: day(2020, 1, 1), ValidTo: day(2024, 1, 1), Successor: "3201"},
	{Country: "NO", Code: "3205", Name: "Lillestrøm", ValidFrom: day(2024, 1, 1)},
	{Country: "NO", Code: "3030", Name: "Lillestrøm", ValidFrom: day(2020, 1, 1), ValidTo: day(2024, 1, 1), Successor: "3205"},
	{Country: "NO", Code: "3107", Name: "Fredrikstad", ValidFrom: day(2024, 1, 1)},
	{Country: "NO", Code: "3004", Name: "Fredrikstad", ValidFrom: day(2020, 1, 1), ValidTo: day(2024, 1, 1), Successor: "3107"},
	{Country: "NO", Code: "4003", Name: "Skien", ValidFrom: day(2024, 1, 1)},
	{Country: "NO", Code: "3807", Name: "Skien", ValidFrom: day(2020, 1, 1), ValidTo: day(2024, 1, 1), Successor: "4003"},
}

// MunicipalityCodes returns the shipped municipality code table.
func MunicipalityCodes() []cityspend.MunicipalityCode {
	return append([]cityspend.MunicipalityCode(nil), norwayMunicipalities...)
}

// CurrentMunicipality follows a code's successors in the shipped table to
// the code in use today, and returns it with its name ("" if unknown).
func CurrentMunicipality(country, code string) (string, string) {
	for i := 0; i < 10; i++ {
		found := false
		for _, m := range norwayMunicipalities {
			if m.Country == country && m.Code == code {
				if m.Successor == "" {
					return code, m.Name
				}
				code, found = m.Successor, true
				break
			}
		}
		if !found {
			return code, ""
		}
	}
	return code, ""
}
