// SPDX-License-Identifier: EUPL-1.2

package companieshouse

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

func readAll(t *testing.T, path string) []cityspend.RegisterRow {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows, err := cityspend.ReadAllUnits(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if done, total := r.Progress(); done != total {
		t.Errorf("progress %d of %d at the end", done, total)
	}
	return rows
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestFixture(t *testing.T) {
	rows := readAll(t, filepath.Join("testdata", "BasicCompanyData-part1_2.csv"))
	if len(rows) != 11 {
		t.Fatalf("%d rows", len(rows))
	}
	cic := rows[0].Organisation
	if cic == nil || cic.ID != (cityspend.Identifier{Scheme: "GB-COH", ID: "12345678"}) || cic.Name != "PRESTON COMMUNITY ENERGY C.I.C." ||
		cic.LegalForm != "Community Interest Company" || cic.SocialEconomy != "community interest company" || cic.Status != "Active" ||
		cic.Address.Postcode != "PR1 2AA" || cic.Address.Locality != "PRESTON" || cic.Address.Country != "GB" ||
		!reflect.DeepEqual(cic.Address.Lines, []string{"1 MARKET STREET", "LANCASHIRE"}) || !cic.Founded.Equal(day(2019, 4, 3)) ||
		cic.SizeCategory != "MICRO ENTITY" || cic.IndustryScheme != "UK SIC 2007" ||
		!reflect.DeepEqual(cic.IndustryCodes, []string{"35110", "43210", "43220", "70229"}) ||
		!reflect.DeepEqual(cic.NACE, []string{"35.11", "43.21", "43.22", "70.22"}) || cic.Source != "companies-house" {
		t.Errorf("CIC %+v", cic)
	}
	if o := rows[1].Organisation; o == nil || o.ID.ID != "IP031234" || !strings.Contains(o.SocialEconomy, "registered society") ||
		!reflect.DeepEqual(o.Address.Lines, []string{"UNIT 4", "BROCKHOLES WAY"}) || o.Address.Country != "GB" {
		t.Errorf("registered society %+v", o)
	}
	if o := rows[2].Organisation; o == nil || o.SocialEconomy != "charitable incorporated organisation" || len(o.IndustryCodes) != 0 || o.NACE != nil {
		t.Errorf("CIO with no SIC supplied %+v", o)
	}
	if o := rows[3].Organisation; o == nil || !o.Liquidation || o.Bankrupt || o.SocialEconomy != "" || len(o.NACE) != 0 ||
		!reflect.DeepEqual(o.IndustryCodes, []string{"99999"}) || o.Address.Lines[0] != "C/O SMITH ACCOUNTANTS" {
		t.Errorf("dormant company in liquidation %+v", o)
	}
	if o := rows[4].Organisation; o == nil || o.ID.ID != "SC654321" || o.Address.Country != "GB" || o.Status != "Active - Proposal to Strike off" {
		t.Errorf("Scottish company %+v", o)
	}
	if o := rows[5].Organisation; o == nil || o.Address.Country != "" || o.Address.Lines[len(o.Address.Lines)-1] != "SWITZERLAND" {
		t.Errorf("overseas entity %+v", o)
	}
	for i, want := range []string{`CompanyNumber: "12-34" is not a Companies House number`, `IncorporationDate: "2019-04-03" is not a date`,
		`SICCode.SicText_1: "Electrical installation" is not a SIC 2007 code`, "CompanyName: empty"} {
		rej := rows[6+i].Reject
		if rej == nil || !strings.Contains(rej.Reason, want) || rej.Line != 8+i {
			t.Errorf("row %d: %+v, want a reject at line %d about %q", 7+i, rej, 8+i, want)
		}
	}
	if o := rows[10].Organisation; o == nil || o.ID.ID != "09876543" || !reflect.DeepEqual(o.NACE, []string{"49.32", "49.39"}) ||
		o.SizeCategory != "UNAUDITED ABRIDGED" {
		t.Errorf("number padded back %+v", o)
	}
	part2 := readAll(t, filepath.Join("testdata", "BasicCompanyData-part2_2.csv"))
	if o := part2[0].Organisation; len(part2) != 1 || o == nil || !o.Dissolved.Equal(day(2023, 3, 14)) || o.Status != "Dissolved" {
		t.Errorf("part 2: %+v", part2)
	}
}

// The real sample of the product (../shared/data; its SOURCES.md says 10
// rows, the file has 11, the last without a line end) reads whole.
func TestSharedSample(t *testing.T) {
	p := filepath.Join("..", "..", "..", "shared", "data", "reference", "uk_companies_house", "relately_BasicCompanyData_sample_2023-08-22.csv")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("SKIP: %s is not there; this test needs the project's shared data", p)
	}
	rows := readAll(t, p)
	if len(rows) != 11 {
		t.Fatalf("%d rows", len(rows))
	}
	if o := rows[10].Organisation; o == nil || !strings.HasPrefix(o.Name, `"20-20 VOICE"`) ||
		o.SocialEconomy != "charitable incorporated organisation" {
		t.Errorf("last row %+v", rows[10])
	}
	for _, r := range rows {
		if r.Organisation == nil {
			t.Errorf("rejected: %+v", r.Reject)
		}
	}
	o := rows[0].Organisation
	if o.ID.ID != "14413082" || o.Name != "! HEAL UR TECH LTD" || o.Address.Postcode != "GU1 4RY" || !o.Founded.Equal(day(2022, 10, 12)) ||
		!reflect.DeepEqual(o.NACE, []string{"33.14", "47.42"}) || o.LegalForm != "PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)" {
		t.Errorf("first company %+v", o)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"ledger.csv": "date,supplier,amount\n2024-01-01,X,1\n",
		"empty.csv":  "",
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		if _, err := Open(p); err == nil {
			t.Errorf("%s opened", name)
		}
	}
	p := filepath.Join(dir, "ledger.csv")
	_, err := Open(p)
	if err == nil || !strings.Contains(err.Error(), "no CompanyName column") || !strings.Contains(err.Error(), "BasicCompanyData") {
		t.Errorf("message %v", err)
	}
}

func TestCompanyNumber(t *testing.T) {
	for in, want := range map[string]string{"08209948": "08209948", " sc123456 ": "SC123456", "8209948": "08209948", "OC 301234": "OC301234",
		"SC12345": "", "123456789": "", "08-209948": "", "": ""} {
		got, ok := CompanyNumber(in)
		if got != want || ok != (want != "") {
			t.Errorf("%q: %q %v, want %q", in, got, ok, want)
		}
	}
}

func FuzzRead(f *testing.F) {
	head, err := os.ReadFile(filepath.Join("testdata", "BasicCompanyData-part1_2.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(head))
	f.Add("CompanyName, CompanyNumber,RegAddress.PostCode,CompanyCategory,CompanyStatus,SICCode.SicText_1\nA,1,PR1,x,Active,\"43220 - x\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		p := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Open(p)
		if err != nil {
			return
		}
		defer r.Close()
		for {
			rows, err := r.ReadUnits(context.Background())
			if err != nil {
				return
			}
			for _, row := range rows {
				if o := row.Organisation; o != nil {
					if o.Name == "" || len(o.ID.ID) != 8 || o.ID.Scheme != "GB-COH" {
						t.Fatalf("%+v", o)
					}
					if len(o.NACE) > len(o.IndustryCodes) {
						t.Fatalf("more NACE classes than codes: %+v", o)
					}
				} else if row.Reject == nil || row.Reject.Reason == "" {
					t.Fatalf("%+v", row)
				}
			}
		}
	})
}
