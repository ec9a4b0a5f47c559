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
