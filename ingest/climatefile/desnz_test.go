// SPDX-License-Identifier: EUPL-1.2

package climatefile

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityspend/cityspend"
)

// desnzFixture is our own small table in the layout of the DESNZ "UK and
// England's carbon footprint" conversion factors by SIC code (made-up
// values, not the published ones): a title naming the year, a header, rows
// of single and combined SIC codes, and a note under the table.
var desnzFixture = [][]string{
	{"Conversion factors by SIC code, 2022"},
	{"kg CO2e per £ spent"},
	{},
	{"SIC code", "Description", "GHG (kgCO2e per £)", "CO2 (kgCO2 per £)"},
	{"01", "Products of agriculture, hunting and related services", "2.1", "0.6"},
	{"06 & 07", "Crude petroleum and natural gas & metal ores", "1.1", "0.9"},
	{"10.2-3", "Preserved fish and fruit", "0.8", "0.5"},
	{"11.01-6 & 12", "Alcoholic beverages & tobacco", "0.4", "0.3"},
	{"43", "Specialised construction works", "0.3", "0.2"},
	{"Total", "", "0.3", "0.2"},
	{"Source: test fixture"},
}

func TestReadDESNZ(t *testing.T) {
	var csv string
	for _, r := range desnzFixture {
		for i, c := range r {
			if i > 0 {
				csv += ","
			}
			if len(c) > 0 && (c[0] == '0' || c[0] == '1' || c[0] == '4') && i == 0 {
				csv += c
			} else {
				csv += `"` + c + `"`
			}
		}
		csv += "\n"
	}
	p := writeFile(t, "desnz.csv", csv)
	fs, rejects, err := ReadFactors(p, FactorOptions{Set: "desnz-sic"})
	if err != nil || len(rejects) != 0 {
		t.Fatalf("%v %+v", err, rejects)
	}
	var codes []string
	for _, f := range fs {
		codes = append(codes, f.Code)
		if f.Scheme != cityspend.SchemeNACE || f.Currency != "GBP" || f.PriceYear != 2022 || f.Licence != DESNZLicence || f.Source == "" ||
			f.PriceBasis != "purchaser" || f.Set != "desnz-sic" {
			t.Errorf("factor %+v", f)
		}
	}
	want := []string{"01", "06", "07", "10.2", "10.3", "11.01", "11.02", "11.03", "11.04", "11.05", "11.06", "12", "43"}
	if !reflect.DeepEqual(codes, want) {
		t.Errorf("codes %v, want %v", codes, want)
	}
	if fs[0].KgPerUnit != 2.1 || fs[0].Label != "Products of agriculture, hunting and related services" || fs[0].Line != 5 {
		t.Errorf("first factor %+v", fs[0])
	}

	// The same table on a sheet of a workbook, after another sheet.
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "Contents")
	x.SetCellValue("Contents", "A1", "UK full dataset, including conversion factors by SIC code")
	x.NewSheet("SIC_conversion_factors")
	for i, r := range desnzFixture {
		row := make([]any, len(r))
		for j, c := range r {
			row[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("SIC_conversion_factors", cell, &row)
	}
	xp := filepath.Join(t.TempDir(), "desnz.xlsx")
	if err := x.SaveAs(xp); err != nil {
		t.Fatal(err)
	}
	xs, rejects, err := ReadFactors(xp, FactorOptions{Set: "desnz-sic", PriceBasis: "basic"})
	if err != nil || len(rejects) != 0 || len(xs) != len(fs) || xs[3].Code != "10.2" || xs[3].PriceBasis != "basic" {
		t.Fatalf("workbook: %v %+v %+v", err, rejects, xs)
	}

	// A bad code or factor is a reject with its line; no year, an error.
	bad := writeFile(t, "bad.csv", "Conversion factors by SIC code 2021\nSIC code,Description,GHG (kgCO2e per £)\n10.x,A,0.2\n41,B,lots\n41,C,0.1\n")
	fs, rejects, err = ReadFactors(bad, FactorOptions{Set: "s"})
	if err != nil || len(fs) != 1 || len(rejects) != 2 || rejects[0].Line != 3 || rejects[0].Field != "code" || rejects[1].Field != "factor" {
		t.Errorf("bad rows: %+v %+v %v", fs, rejects, err)
	}
	if _, _, err := ReadFactors(writeFile(t, "noyear.csv", "SIC code,Description,GHG (kgCO2e per £)\n41,B,0.1\n"), FactorOptions{Set: "s"}); err == nil {
		t.Error("a table without a year")
	}
	if fs, _, err := ReadFactors(writeFile(t, "noyear.csv", "SIC code,Description,GHG (kgCO2e per £)\n41,B,0.1\n"), FactorOptions{Set: "s", PriceYear: 2020}); err != nil || fs[0].PriceYear != 2020 {
		t.Errorf("--price-year: %+v %v", fs, err)
	}
}

func TestExpandSIC(t *testing.T) {
	for in, want := range map[string][]string{
		"01": {"01"}, "10.1": {"10.1"}, "10.2-3": {"10.2", "10.3"}, "06 & 07": {"06", "07"}, "05-07": {"05", "06", "07"},
		"11.01-6 & 12": {"11.01", "11.02", "11.03", "11.04", "11.05", "11.06", "12"}, "20.11 and 20.13": {"20.11", "20.13"},
	} {
		if got, err := ExpandSIC(in); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1", "10.x", "10.5-3", "01-99", "&", "abc"} {
		if got, err := ExpandSIC(in); err == nil {
			t.Errorf("%q: %v", in, got)
		}
	}
}

func FuzzExpandSIC(f *testing.F) {
	for _, s := range []string{"01", "10.2-3", "11.01-6 & 12", "06 and 07", "05-07", "9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		codes, err := ExpandSIC(s)
		if err != nil {
			return
		}
		if len(codes) == 0 || len(codes) > 100 {
			t.Fatalf("%q: %v", s, codes)
		}
		for _, c := range codes {
			if !sicOne.MatchString(c) {
				t.Fatalf("%q: %q", s, c)
			}
		}
	})
}
