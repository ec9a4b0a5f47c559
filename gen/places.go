// SPDX-License-Identifier: EUPL-1.2

package gen

// place is a municipality the generator puts suppliers in, with the postcode
// ranges it draws from. Postcode ranges are approximate, for synthetic data
// only; reference data for real use lives in refdata.
type place struct {
	code, name, post string // kommunenummer (2024), name, poststed
	ranges           [][2]int
	villages         []string // other place names in the municipality
	weight           float64  // share of national firms located here
}

// vestfold are the county's municipalities (codes from 1 January 2024).
var vestfold = []place{
	{code: "3909", name: "Larvik", post: "LARVIK", ranges: [][2]int{{3251, 3296}}, villages: []string{"Stavern", "Kvelde", "Tjølling", "Brunlanes", "Helgeroa", "Nevlunghavn", "Hedrum", "Svarstad"}},
	{code: "3907", name: "Sandefjord", post: "SANDEFJORD", ranges: [][2]int{{3201, 3241}, {3160, 3170}}, villages: []string{"Stokke", "Andebu", "Sandar", "Kodal", "Vesterøya", "Høyjord"}},
	{code: "3905", name: "Tønsberg", post: "TØNSBERG", ranges: [][2]int{{3101, 3119}, {3170, 3179}}, villages: []string{"Sem", "Re", "Revetal", "Vear", "Eik", "Husøy"}},
	{code: "3903", name: "Holmestrand", post: "HOLMESTRAND", ranges: [][2]int{{3080, 3097}}, villages: []string{"Hof", "Sande", "Botne"}},
	{code: "3901", name: "Horten", post: "HORTEN", ranges: [][2]int{{3181, 3199}}, villages: []string{"Åsgårdstrand", "Borre", "Skoppum"}},
	{code: "3911", name: "Færder", post: "NØTTERØY", ranges: [][2]int{{3120, 3150}}, villages: []string{"Nøtterøy", "Tjøme", "Teie", "Vestskogen"}},
}

// national are places outside the county where national firms sit.
var national = []place{
	{code: "0301", name: "Oslo", post: "OSLO", ranges: [][2]int{{150, 1295}}, weight: 10},
	{code: "4601", name: "Bergen", post: "BERGEN", ranges: [][2]int{{5003, 5268}}, weight: 3},
	{code: "5001", name: "Trondheim", post: "TRONDHEIM", ranges: [][2]int{{7010, 7099}}, weight: 2},
	{code: "1103", name: "Stavanger", post: "STAVANGER", ranges: [][2]int{{4001, 4099}}, weight: 2},
	{code: "3301", name: "Drammen", post: "DRAMMEN", ranges: [][2]int{{3001, 3048}}, weight: 1.5},
	{code: "4003", name: "Skien", post: "SKIEN", ranges: [][2]int{{3701, 3736}}, weight: 1},
	{code: "4204", name: "Kristiansand", post: "KRISTIANSAND S", ranges: [][2]int{{4608, 4639}}, weight: 1},
	{code: "3201", name: "Bærum", post: "SANDVIKA", ranges: [][2]int{{1300, 1369}}, weight: 2},
	{code: "3205", name: "Lillestrøm", post: "LILLESTRØM", ranges: [][2]int{{2000, 2027}}, weight: 1},
	{code: "3107", name: "Fredrikstad", post: "FREDRIKSTAD", ranges: [][2]int{{1601, 1639}}, weight: 1},
}

// abroad are countries of foreign suppliers, with towns and postcode forms.
var abroad = []struct {
	country, town, form string
	post                func(n int) string
}{
	{"SE", "Stockholm", "AB", func(n int) string { return fmtInt(11120+n%800, 5) }},
	{"DK", "København", "ApS", func(n int) string { return fmtInt(1050+n%900, 4) }},
	{"IE", "Dublin", "Ltd", func(n int) string { return "D0" + fmtInt(1+n%8, 1) }},
	{"DE", "Hamburg", "GmbH", func(n int) string { return fmtInt(20095+n%900, 5) }},
	{"NL", "Amsterdam", "BV", func(n int) string { return fmtInt(1011+n%800, 4) + " AB" }},
	{"FI", "Helsinki", "Oy", func(n int) string { return fmtInt(100+n%900, 5) }},
}

func fmtInt(v, width int) string {
	s := ""
	for v > 0 || width > 0 {
		s = string(rune('0'+v%10)) + s
		v /= 10
		width--
	}
	return s
}
