// SPDX-License-Identifier: EUPL-1.2

package charity

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

func readAll(t *testing.T, path string) (*Reader, []cityspend.RegisterRow) {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	rows, err := cityspend.ReadAllUnits(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return r, rows
}

func zipped(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, _ := w.Create(name)
	f.Write(data)
	w.Close()
	p := filepath.Join(t.TempDir(), "publicextract.charity.zip")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// The extract of the Charity Commission for England and Wales reads the
// same as JSON and as text, plain or in the download's zip archive.
func TestCCEW(t *testing.T) {
	for _, c := range []struct{ path, format string }{
		{filepath.Join("testdata", "publicextract.charity.json"), "json"},
		{filepath.Join("testdata", "publicextract.charity.txt"), "text"},
		{zipped(t, "publicextract.charity.json"), "json in zip"},
		{zipped(t, "publicextract.charity.txt"), "text in zip"},
	} {
		t.Run(c.format, func(t *testing.T) {
			r, rows := readAll(t, c.path)
			if r.Register != "ccew" || r.Format != c.format || len(rows) != 6 {
				t.Fatalf("%s %s, %d rows", r.Register, r.Format, len(rows))
			}
			cio := rows[0].Organisation
			if cio == nil || cio.ID != (cityspend.Identifier{Scheme: "GB-CHC", ID: "1190001"}) || cio.Name != "PRESTON FOOD SHARE" ||
				cio.LegalForm != "CIO" || cio.Status != "Registered" || !strings.Contains(cio.SocialEconomy, "registered charity") ||
				cio.Address.Postcode != "PR1 2NL" || cio.Address.Country != "GB" ||
				!reflect.DeepEqual(cio.Address.Lines, []string{"The Hub", "12 Lune Street", "Preston", "Lancashire"}) || cio.CompanyNumber != "" ||
				cio.Bankrupt || cio.Source != "charities" {
				t.Errorf("CIO %+v", cio)
			}
			if o := rows[1].Organisation; o == nil || o.CompanyNumber != "02456789" || o.LegalForm != "Charitable company" {
				t.Errorf("charitable company %+v", rows[1])
			}
			if e := rows[2].Establishment; e == nil || e.ID.ID != "1001234-1" || e.Parent.ID != "1001234" || e.Address.Postcode != "PR7 1DA" {
				t.Errorf("linked charity %+v", rows[2])
			}
			if o := rows[3].Organisation; o == nil || o.Status != "Removed" || !o.Dissolved.Equal(time.Date(2021, 9, 30, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("removed charity %+v", rows[3])
			}
			for i, want := range map[int]string{4: "registered_charity_number", 5: `date_of_registration: "31/12/2018" is not a date`} {
				if rej := rows[i].Reject; rej == nil || !strings.Contains(rej.Reason, want) || rej.Line == 0 {
					t.Errorf("row %d: %+v, want %q", i, rows[i], want)
				}
			}
		})
	}
}

func TestOSCRAndCCNI(t *testing.T) {
	r, rows := readAll(t, filepath.Join("testdata", "CharityExport-oscr.csv"))
	if r.Register != "oscr" || len(rows) != 2 {
		t.Fatalf("%s, %d rows", r.Register, len(rows))
	}
	if o := rows[0].Organisation; o == nil || o.ID != (cityspend.Identifier{Scheme: "GB-SC", ID: "SC012345"}) || o.Address.Postcode != "G2 1AA" ||
		!strings.HasPrefix(o.LegalForm, "SCIO") || !strings.Contains(o.SocialEconomy, "Scottish") || o.Status != "Active" {
		t.Errorf("OSCR %+v", rows[0])
	}
	if rej := rows[1].Reject; rej == nil || !strings.Contains(rej.Reason, "Charity Number") || rej.Line != 3 {
		t.Errorf("short number %+v", rows[1])
	}
	r, rows = readAll(t, filepath.Join("testdata", "ccni-register.csv"))
	if r.Register != "ccni" || len(rows) != 3 {
		t.Fatalf("%s, %d rows", r.Register, len(rows))
	}
	if o := rows[0].Organisation; o == nil || o.ID != (cityspend.Identifier{Scheme: "GB-NIC", ID: "100123"}) || o.Address.Postcode != "BT1 5AA" ||
		!reflect.DeepEqual(o.Address.Lines, []string{"10 Donegall Place", "Belfast"}) || o.CompanyNumber != "NI612345" {
		t.Errorf("CCNI %+v", rows[0])
	}
	if e := rows[1].Establishment; e == nil || e.ID.ID != "100123-2" || e.Address.Postcode != "BT48 6DQ" {
		t.Errorf("subsidiary %+v", rows[1])
	}
	if rows[2].Reject == nil || !strings.Contains(rows[2].Reject.Reason, "Reg charity number") {
		t.Errorf("bad number %+v", rows[2])
	}
}

// The relation of charities to their companies in ../shared/data (a
// public list of CCEW charity numbers and Companies House numbers) is the
// one a charity's company number gives.
func TestSharedRelations(t *testing.T) {
	p := filepath.Join("..", "..", "..", "shared", "data", "reference", "uk_charity", "relationships_charity-company-numbers.csv")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("SKIP: %s is not there; this test needs the project's shared data", p)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")[1:]
	checked := 0
	for _, l := range lines[:200] {
		f := strings.SplitN(l, ",", 3)
		charity, company := strings.TrimPrefix(f[0], "GB-CHC-"), strings.TrimPrefix(f[1], "GB-COH-")
		if !strings.HasPrefix(f[1], "GB-COH-") {
			continue
		}
		// The register writes the company number as an integer.
		get := func(k string) string {
			return map[string]string{"registered_charity_number": charity, "linked_charity_number": "0", "charity_name": "X",
				"charity_company_registration_number": strings.TrimLeft(company, "0")}[k]
		}
		row := ccew(get, 1, "")
		if row.Organisation == nil || row.Organisation.CompanyNumber != company || row.Organisation.ID.ID != charity {
			t.Errorf("%s: %+v %+v", l, row.Organisation, row.Reject)
		}
		checked++
	}
	if checked < 100 {
		t.Errorf("only %d relations checked", checked)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"ledger.csv": "date,supplier,amount\n2024-01-01,X,1\n", "empty.json": "", "bad.json": "[{\"a\":"} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		r, err := Open(p)
		if err == nil {
			_, err = r.ReadUnits(context.Background())
			r.Close()
		}
		if err == nil {
			t.Errorf("%s read", name)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, n := range []string{"publicextract.charity.json", "publicextract.charity.txt", "CharityExport-oscr.csv", "ccni-register.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(`[{"registered_charity_number": 1, "charity_name": {"x": 1}}]`)
	f.Fuzz(func(t *testing.T, text string) {
		p := filepath.Join(t.TempDir(), "f")
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
				switch {
				case row.Organisation != nil:
					if o := row.Organisation; o.ID.ID == "" || o.Name == "" || o.SocialEconomy == "" {
						t.Fatalf("%+v", o)
					}
				case row.Establishment != nil:
					if e := row.Establishment; e.Parent.ID == "" || !strings.HasPrefix(e.ID.ID, e.Parent.ID+"-") {
						t.Fatalf("%+v", e)
					}
				case row.Reject == nil || row.Reject.Reason == "":
					t.Fatalf("%+v", row)
				}
			}
		}
	})
}
