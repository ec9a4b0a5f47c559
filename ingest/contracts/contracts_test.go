// SPDX-License-Identifier: EUPL-1.2

package contracts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

var buyer = cityspend.Buyer{ID: "3909", Country: "NO", Currency: "NOK"}

func write(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRead(t *testing.T) {
	p := write(t, "avtaler.csv", "Avtalenummer;Tittel;Leverandør;Organisasjonsnummer;CPV-kode;Startdato;Sluttdato;Opsjon måneder;Maksverdi;Rammeavtale;Doffin\n"+
		"K-17;Renhold skoler;Renhold AS; 923 609 016;90910000-9;01.01.2024;31.12.2025;24;\"2 500 000,00\";ja;2023-123456\n"+
		"K-18;Elektro;El AS|Lys AS;974760673|982463718;;2024-03-01;2026-02-28;;1500000;nei;\n"+
		"K-19;Navnløs;Ukjent Leverandør;;;;;;;;\n")
	cs, rejects, err := Read(p, Options{Buyer: buyer, Supplier: func(name string) (string, bool) {
		if name == "Ukjent Leverandør" {
			return "org:NO-BRC:971526920", true
		}
		return "", false
	}})
	if err != nil || len(rejects) != 0 {
		t.Fatalf("%v %+v", err, rejects)
	}
	if len(cs) != 3 {
		t.Fatalf("%d contracts", len(cs))
	}
	k := cs[0]
	if k.ID != "K-17" || k.Title != "Renhold skoler" || k.CPV != "90910000" || !k.Start.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) ||
		!k.Final.Equal(time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)) || k.MaxValue != 2_500_000_00 || !k.HasMax || !k.Framework ||
		k.NoticeRef != "2023-123456" || len(k.Suppliers) != 1 || k.Suppliers[0].SupplierID != "org:NO-BRC:923609016" || k.Line != 2 {
		t.Errorf("K-17: %+v", k)
	}
	if s := cs[1].Suppliers; len(s) != 2 || s[1].SupplierID != "org:NO-BRC:982463718" || s[1].Name != "Lys AS" {
		t.Errorf("K-18 suppliers: %+v", s)
	}
	if s := cs[2].Suppliers; len(s) != 1 || s[0].SupplierID != "org:NO-BRC:971526920" {
		t.Errorf("K-19 resolved by name: %+v", s)
	}
}

func TestRejects(t *testing.T) {
	p := write(t, "c.csv", "contract id,title,supplier,org number,cpv,start,end,max value,framework,currency\n"+
		",No id,A AS,,,,,,,\n"+
		"K1,Bad org,A AS,123,,,,,,\n"+
		"K2,Bad cpv,A AS,,45000000-8,,,,,\n"+
		"K3,Bad date,A AS,,,31.02.2024,,,,\n"+
		"K4,Backwards,A AS,,,2024-05-01,2024-01-01,,,\n"+
		"K5,Bad value,A AS,,,,,lots,,\n"+
		"K6,Bad framework,A AS,,,,,,maybe,\n"+
		"K7,Other currency,A AS,,,,,,,SEK\n"+
		"K8,Good,A AS,,,,,,,\n"+
		"k8,Twice,A AS,,,,,,,\n")
	cs, rejects, err := Read(p, Options{Buyer: buyer})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{2: FID, 3: FOrgNumber, 4: FCPV, 5: FStart, 6: FEnd, 7: FMaxValue, 8: FFramework, 9: FCurrency, 11: FID}
	if len(cs) != 1 || len(rejects) != len(want) {
		t.Fatalf("%d contracts, %d rejects: %+v", len(cs), len(rejects), rejects)
	}
	for _, r := range rejects {
		if want[r.Line] != r.Field || r.Reason == "" {
			t.Errorf("line %d: field %q, want %q (%s)", r.Line, r.Field, want[r.Line], r.Reason)
		}
	}
	if cs[0].Suppliers[0].SupplierID != "name:"+cityspend.NormalizeName("A AS") {
		t.Errorf("a supplier without a number: %+v", cs[0].Suppliers)
	}
}

func TestHeaderAndMapping(t *testing.T) {
	p := write(t, "c.csv", "Ref;Name of contract;Vendor\nK1;Cleaning;A AS\n")
	if _, _, err := Read(p, Options{Buyer: buyer}); err == nil || !strings.Contains(err.Error(), "no title column") || !strings.Contains(err.Error(), "mapping") {
		t.Errorf("no title column: %v", err)
	}
	m := write(t, "c.map", "# mapping\ntitle = Name of contract\nsupplier_name = #3   # the vendor\n")
	mapping, err := LoadMapping(m)
	if err != nil {
		t.Fatal(err)
	}
	cs, rejects, err := Read(p, Options{Buyer: buyer, Mapping: mapping})
	if err != nil || len(rejects) != 0 || len(cs) != 1 || cs[0].Title != "Cleaning" || cs[0].Suppliers[0].Name != "A AS" {
		t.Errorf("mapped: %+v %+v %v", cs, rejects, err)
	}
	if _, err := LoadMapping(write(t, "bad.map", "colour = x\n")); err == nil {
		t.Error("an unknown field in a mapping")
	}
}

func FuzzRead(f *testing.F) {
	f.Add("contract id;title;supplier;org number;start;end;max value\nK1;T;A AS;923609016;2024-01-01;2025-01-01;100\n")
	f.Add("avtalenummer,tittel,leverandør\n,,\nK,\"x\n")
	f.Fuzz(func(t *testing.T, body string) {
		p := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		cs, rejects, err := Read(p, Options{Buyer: buyer})
		if err != nil {
			return
		}
		for _, c := range cs {
			if c.ID == "" || len(c.Suppliers) == 0 || (!c.End.IsZero() && !c.Start.IsZero() && c.End.Before(c.Start)) || c.MaxValue < 0 {
				t.Fatalf("an invalid contract got through: %+v", c)
			}
		}
		for _, r := range rejects {
			if r.Line < 2 || r.Reason == "" {
				t.Fatalf("a reject without line or reason: %+v", r)
			}
		}
	})
}

func TestReadCriteria(t *testing.T) {
	p := write(t, "avtaler.csv", "Avtalenummer;Tittel;Leverandør;Miljøkrav;Sosiale krav;Innovasjon;Sirkulær\n"+
		"K-1;Renhold;Renhold AS;ja;nei;;x\nK-2;Buss;Buss AS;;ja;ja;\nK-3;Feil;X AS;kanskje;;;\n")
	cs, rejects, err := Read(p, Options{Buyer: buyer})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || !cs[0].Green || cs[0].Social || !cs[0].Circular || cs[1].Green || !cs[1].Social || !cs[1].Innovation {
		t.Errorf("criteria: %+v", cs)
	}
	if len(rejects) != 1 || rejects[0].Line != 4 || rejects[0].Field != FGreen {
		t.Errorf("rejects: %+v", rejects)
	}
}

// An English council's contracts register in the layout of the Local
// Government Transparency Code 2015 loads with no mapping file: its
// reference number, title of agreement, supplier name, company registration
// number, dates, extension options in words, a total value in pounds and
// the procurement process (a framework call-off says it is one).
func TestReadLGTCRegister(t *testing.T) {
	gb := cityspend.Buyer{ID: "hbc", Country: "GB", Currency: "GBP"}
	p := write(t, "contracts-register.csv", "Reference Number,Title of Agreement,Department Responsible,Description of Goods or Services,Supplier Name,"+
		"Supplier Address,Company Registration Number,Charity Registration Number,SME / VCSE,Start Date,End Date,Review Date,Extension Options,"+
		"Total Contract Value (£),Irrecoverable VAT,Procurement Process\n"+
		"HBC/2019/001,Grounds Maintenance Contract,Environmental Services,Grass cutting,MASTER GROUND SERVICES,\"1 Park Road, Accrington\",01234567,,SME,"+
		"01/04/2019,31/03/2022,01/10/2021,2 x 12 months,\"£250,000.00\",£0.00,Open Tender\n"+
		"HBC/2019/002,Agency Staff,Human Resources,Temporary workers,HAYS,London,02734256,,Large,01/07/2019,30/06/2023,,None,\"£1,200,000\",,"+
		"Framework call-off (ESPO 653F)\n")
	cs, rejects, err := Read(p, Options{Buyer: gb})
	if err != nil || len(rejects) != 0 {
		t.Fatalf("%v %+v", err, rejects)
	}
	if len(cs) != 2 {
		t.Fatalf("%d contracts", len(cs))
	}
	k := cs[0]
	if k.ID != "HBC/2019/001" || k.Title != "Grounds Maintenance Contract" || len(k.Suppliers) != 1 || k.Suppliers[0].SupplierID != "org:GB-COH:01234567" ||
		!k.Start.Equal(time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC)) || !k.End.Equal(time.Date(2022, 3, 31, 0, 0, 0, 0, time.UTC)) ||
		!k.Final.Equal(time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)) || k.MaxValue != 250_000_00 || k.Procedure != "Open Tender" || k.Framework {
		t.Errorf("first: %+v", k)
	}
	if k := cs[1]; k.MaxValue != 1_200_000_00 || !k.Framework || !k.Final.Equal(k.End) {
		t.Errorf("second: %+v", k)
	}
}

func TestExtensionMonths(t *testing.T) {
	for s, want := range map[string]int{"24": 24, "24 months": 24, "2 x 12 months": 24, "2x12 months": 24, "1 year + 1 year": 24, "Option to extend for 2 years": 24,
		"12 mnd": 12, "2 år": 24, "none": 0, "N/A": 0, "-": 0, "2 × 6 mths": 12, "1 year and 6 months": 18} {
		if got, ok := extensionMonths(s); !ok || got != want {
			t.Errorf("%q: %d %v, want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"2+1+1", "maybe", "12 weeks", "60 years", "-5"} {
		if got, ok := extensionMonths(s); ok {
			t.Errorf("%q read as %d months", s, got)
		}
	}
}
