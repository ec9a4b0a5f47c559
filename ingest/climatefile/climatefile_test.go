// SPDX-License-Identifier: EUPL-1.2

package climatefile

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadFactors(t *testing.T) {
	p := writeFile(t, "f.csv", "scheme;code;kg_co2e_per_unit;currency;price_year;price_basis;source;licence;label\n"+
		"cpv;45210000-2;0,25;nok;2022;purchaser;SSB;CC BY 4.0;Building\n"+
		"naics;236220;0.224;USD;2022;purchaser prices;EPA v1.3;public domain;\n"+
		"\n"+
		"nace;4120;0.3;NOK;2022;basic;x;y;\n"+
		"cpv;45210000;0.2;NOK;2022;purchaser;x;y;\n"+
		"cpv;4X;0.2;NOK;2022;purchaser;x;y;\n"+
		"cpv;09;-1;NOK;2022;purchaser;x;y;\n"+
		"cpv;09;1;NOK;1850;purchaser;x;y;\n"+
		"cpv;09;1;NOK;2022;wholesale;x;y;\n"+
		"cpv;09;1;NOK;2022;purchaser;;y;\n"+
		"planet;09;1;NOK;2022;purchaser;x;y;\n")
	fs, rejects, err := ReadFactors(p, FactorOptions{Set: "s", Version: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 3 || fs[0].Code != "4521" || fs[0].KgPerUnit != 0.25 || fs[0].Currency != "NOK" || fs[1].PriceBasis != "purchaser" ||
		fs[2].Code != "41.20" || fs[0].Line != 2 {
		t.Errorf("factors %+v", fs)
	}
	want := map[int]string{6: "code", 7: "code", 8: "factor", 9: "price_year", 10: "price_basis", 11: "source", 12: "scheme"}
	if len(rejects) != len(want) {
		t.Errorf("rejects %+v", rejects)
	}
	for _, r := range rejects {
		if want[r.Line] != r.Field || r.Reason == "" {
			t.Errorf("line %d: field %s (%s), want %s", r.Line, r.Field, r.Reason, want[r.Line])
		}
	}
	// Options fill the columns a file lacks (an EPA-style file).
	p = writeFile(t, "epa.csv", "2017 NAICS Code,2017 NAICS Title,Supply Chain Emission Factors with Margins\n111110,Soybean Farming,0.974\n")
	fs, rejects, err = ReadFactors(p, FactorOptions{Set: "epa", Scheme: "naics", Currency: "USD", PriceYear: 2022, PriceBasis: "purchaser",
		Source: "EPA v1.3", Licence: "public domain"})
	if err != nil || len(rejects) != 0 || len(fs) != 1 || fs[0].Label != "Soybean Farming" || fs[0].Code != "111110" {
		t.Errorf("epa: %+v %+v %v", fs, rejects, err)
	}
	if _, _, err := ReadFactors(writeFile(t, "x.csv", "a,b\n1,2\n"), FactorOptions{Set: "s"}); err == nil || !strings.Contains(err.Error(), "code") {
		t.Errorf("a file without the columns: %v", err)
	}
}

// The US EPA's published layout loads as it is: the scheme, currency, price
// year and price basis come from its columns, the licence is the US
// Government's public domain.
func TestReadFactorsEPALayout(t *testing.T) {
	p := writeFile(t, "SupplyChainGHGEmissionFactors_v1.2_NAICS_CO2e_USD2021.csv",
		"2017 NAICS Code,2017 NAICS Title,GHG,Unit,Supply Chain Emission Factors without Margins,Margins of Supply Chain Emission Factors,"+
			"Supply Chain Emission Factors with Margins,Reference USEEIO Code\n"+
			"236220,Commercial and Institutional Building Construction,All GHGs,\"kg CO2e/2021 USD, purchaser price\",0.25,0.006,0.256,2332D0\n"+
			"561720,Janitorial Services,All GHGs,\"kg CO2e/2021 USD, purchaser price\",0.16,0.007,0.167,561700\n"+
			"999999,Bad Unit,All GHGs,kg CO2e per dollar,0.1,0,0.1,x\n")
	fs, rejects, err := ReadFactors(p, FactorOptions{Set: "epa-v1.2", Source: "US EPA Supply Chain GHG Emission Factors v1.2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || len(rejects) != 1 || rejects[0].Line != 4 || rejects[0].Field != "unit" {
		t.Fatalf("factors %+v, rejects %+v", fs, rejects)
	}
	f := fs[0]
	if f.Scheme != "naics" || f.Code != "236220" || f.KgPerUnit != 0.256 || f.Currency != "USD" || f.PriceYear != 2021 || f.PriceBasis != "purchaser" ||
		f.Licence != "public domain (US Government work)" || f.Label != "Commercial and Institutional Building Construction" {
		t.Errorf("EPA row %+v", f)
	}
}

// The EXIOBASE-derived table by NACE (the Emission Factor Database's
// nace_emission_factors_2022.csv) loads as it is: NACE, EUR at the year's
// basic prices, the GWP basis from its data source; its licence is given.
func TestReadFactorsEXIOBASELayout(t *testing.T) {
	p := writeFile(t, "nace_emission_factors_2022.csv",
		"nace_code,nace_description,emission_factor_kgco2e_per_eur,total_output_eur,num_countries,example_sectors,data_source,year\n"+
			"10.51,Operation of dairies and cheese making,0.2,100.5,49,Dairy products,EXIOBASE_3.9.6_IOT_2022_pxp_AR6_GWP,2022\n"+
			"35.11,Production of electricity,0.9,2000,49,\"Electricity by coal; Electricity by gas\",EXIOBASE_3.9.6_IOT_2022_pxp_AR6_GWP,2022\n"+
			"3X.11,Bad code,0.9,2000,49,x,EXIOBASE_3.9.6_IOT_2022_pxp_AR6_GWP,2022\n")
	fs, rejects, err := ReadFactors(p, FactorOptions{Set: "exiobase-nace", Licence: "CC BY-SA 4.0"})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || len(rejects) != 1 || rejects[0].Field != "code" {
		t.Fatalf("factors %+v, rejects %+v", fs, rejects)
	}
	f := fs[0]
	if f.Scheme != "nace" || f.Code != "10.51" || f.KgPerUnit != 0.2 || f.Currency != "EUR" || f.PriceYear != 2022 || f.PriceBasis != "basic" ||
		f.GWP != "AR6" || f.Source != "EXIOBASE_3.9.6_IOT_2022_pxp_AR6_GWP" || f.Licence != "CC BY-SA 4.0" || f.Label != "Operation of dairies and cheese making" {
		t.Errorf("EXIOBASE row %+v", f)
	}
	// Without its licence nothing loads.
	if _, rejects, err := ReadFactors(p, FactorOptions{Set: "x"}); err != nil || len(rejects) != 3 || rejects[0].Field != "licence" {
		t.Errorf("without a licence: %+v %v", rejects, err)
	}
}

// The real files in ../shared/data load without a bad row.
func TestReadFactorsPublishedFiles(t *testing.T) {
	dir := "../../../shared/data/reference/emission_factors/"
	for _, c := range []struct {
		file string
		o    FactorOptions
		n    int
	}{
		{"SupplyChainGHGEmissionFactors_v1.2_NAICS_CO2e_USD2021.csv", FactorOptions{Set: "epa"}, 1016},
		{"futurefluent_exiobase396_nace_emission_factors_2022.csv", FactorOptions{Set: "exio", Licence: "CC BY-SA 4.0"}, 44},
	} {
		if _, err := os.Stat(dir + c.file); err != nil {
			t.Skipf("SKIP: %s is not in ../shared/data", c.file)
		}
		fs, rejects, err := ReadFactors(dir+c.file, c.o)
		if err != nil || len(rejects) != 0 || len(fs) != c.n {
			t.Errorf("%s: %d factors, rejects %+v, %v", c.file, len(fs), rejects, err)
		}
	}
}

func TestReadRatesAndConcordance(t *testing.T) {
	rs, rejects, err := ReadRates(writeFile(t, "r.csv", "kind,currency,to,year,value,source\nfx,NOK,USD,2022,0.104,Norges Bank\n"+
		"deflator,NOK,,2022,122.8,SSB\nfx,NOK,NOK,2022,1,x\ndeflator,NOK,,2022,1,x\nfx,NOK,EUR,2022,0,x\nrate,NOK,EUR,2022,1,x\n"))
	if err != nil || len(rs) != 2 || rs[0].To != "USD" || rs[1].To != "" {
		t.Fatalf("rates %+v %v", rs, err)
	}
	if len(rejects) != 4 || rejects[0].Field != "to" || rejects[1].Field != "year" || rejects[2].Field != "value" || rejects[3].Field != "kind" {
		t.Errorf("rate rejects %+v", rejects)
	}
	cs, rejects, err := ReadConcordance(writeFile(t, "c.csv", "from_scheme,from_code,to_scheme,to_code\nnaics,236220,cpv,45210000\n"+
		"nace,41.2,cpv,452\ncpv,45,cpv,45\nsupplier,x,cpv,45\n"))
	if err != nil || len(cs) != 2 || cs[0].ToCode != "4521" || cs[1].FromCode != "41.2" || len(rejects) != 2 {
		t.Errorf("concordance %+v %+v %v", cs, rejects, err)
	}
}

func FuzzReadFactors(f *testing.F) {
	f.Add("scheme,code,factor,currency,price_year,price_basis,source,licence\ncpv,45,0.2,NOK,2022,purchaser,x,y\n")
	f.Add("code;factor\n\"45;0,2\n")
	f.Add("2017 NAICS Code,Unit,Supply Chain Emission Factors with Margins\n236220,\"kg CO2e/2021 USD, purchaser price\",0.256\n")
	f.Add("nace_code,emission_factor_kgco2e_per_eur,data_source,year\n10.51,0.2,EXIOBASE_AR6,2022\n")
	f.Add("Conversion factors by SIC code, 2022\nSIC code,Description,GHG (kgCO2e per £)\n10.2-3,Fish,0.8\n06 & 07,Oil,1.1\n")
	f.Fuzz(func(t *testing.T, s string) {
		p := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		fs, rejects, err := ReadFactors(p, FactorOptions{Set: "s", Scheme: "cpv", Currency: "NOK", PriceYear: 2022, PriceBasis: "purchaser", Source: "x", Licence: "y"})
		if err != nil {
			return
		}
		for _, x := range fs {
			if x.Code == "" || x.KgPerUnit < 0 || math.IsNaN(x.KgPerUnit) || x.PriceYear < 1950 || !validCurrency(x.Currency) {
				t.Fatalf("accepted %+v", x)
			}
		}
		for _, r := range rejects {
			if r.Line < 1 || r.Field == "" || r.Reason == "" {
				t.Fatalf("reject %+v", r)
			}
		}
		ReadRates(p)
		ReadConcordance(p)
	})
}
