// SPDX-License-Identifier: EUPL-1.2

package brreg

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
)

const unitsJSON = `[
{"organisasjonsnummer":"923609016","navn":"LARVIK ELEKTRO AS","organisasjonsform":{"kode":"AS","beskrivelse":"Aksjeselskap"},
 "naeringskode1":{"kode":"43.210","beskrivelse":"Elektrisk installasjonsarbeid"},"antallAnsatte":12,"harRegistrertAntallAnsatte":true,
 "institusjonellSektorkode":{"kode":"2100"},"forretningsadresse":{"land":"Norge","landkode":"NO","postnummer":"3256","poststed":"LARVIK",
 "adresse":["Storgata 1"],"kommune":"LARVIK","kommunenummer":"3909"},"registrertIMvaregisteret":true,"konkurs":false,"stiftelsesdato":"2001-05-01",
 "ukjentFelt":{"ignored":true}},
{"organisasjonsnummer":"974760673","navn":"ENK MED FÅ ANSATTE","organisasjonsform":{"kode":"ENK"},"harRegistrertAntallAnsatte":true,
 "postadresse":{"landkode":"NO","postnummer":"3211","kommunenummer":"3907"}},
{"organisasjonsnummer":"123456789","navn":"BAD NUMBER AS"},
{"organisasjonsnummer":"982463718","navn":""},
{"organisasjonsnummer":"916292682","navn":"BROKEN TYPES AS","antallAnsatte":"many"},
{"organisasjonsnummer":"889640782","navn":"FORENING","organisasjonsform":{"kode":"FLI"},"registrertIFrivillighetsregisteret":true,
 "naeringskode1":{"kode":"00.000"},"forretningsadresse":{"landkode":"SE","poststed":"STOCKHOLM"}}
]`

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

func write(t *testing.T, name string, data []byte, gz bool) string {
	t.Helper()
	if gz {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write(data)
		w.Close()
		data = b.Bytes()
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUnitsJSON(t *testing.T) {
	for _, gz := range []bool{false, true} {
		r, rows := readAll(t, write(t, "enheter.json.gz", []byte(unitsJSON), gz))
		if r.Format != "json" || r.Kind != "units" || r.Gzipped != gz {
			t.Errorf("format %s kind %s gz %v", r.Format, r.Kind, r.Gzipped)
		}
		if len(rows) != 6 {
			t.Fatalf("%d rows", len(rows))
		}
		o := rows[0].Organisation
		if o == nil || o.Name != "LARVIK ELEKTRO AS" || o.LegalForm != "AS" || o.Employees != 12 || !o.EmployeesKnown ||
			o.Address.Municipality != "3909" || o.Address.Postcode != "3256" || o.NACE[0] != "43.210" || o.SectorCode != "2100" ||
			!o.VATRegistered || o.Founded.Year() != 2001 {
			t.Errorf("unit %+v", o)
		}
		enk := rows[1].Organisation
		if enk == nil || !enk.EmployeesWithheld || enk.Address.Municipality != "3907" {
			t.Errorf("a registered but unpublished head count, postal address as fallback: %+v", enk)
		}
		for i, want := range []string{"not a valid organisation number", "navn is empty", "antallAnsatte"} {
			rej := rows[2+i].Reject
			if rej == nil || !strings.Contains(rej.Reason, want) || rej.Line != 3+i {
				t.Errorf("row %d: %+v, want a reject about %q", 3+i, rej, want)
			}
		}
		fli := rows[5].Organisation
		if fli == nil || !fli.Voluntary || fli.Address.Country != "SE" {
			t.Errorf("foreign association %+v", fli)
		}
	}
}

func TestSubunitsJSON(t *testing.T) {
	data := `[{"organisasjonsnummer":"974760673","navn":"LARVIK ELEKTRO AVD STAVERN","overordnetEnhet":"923609016",
	"beliggenhetsadresse":{"landkode":"NO","postnummer":"3290","poststed":"STAVERN","kommunenummer":"3909"},
	"naeringskode1":{"kode":"43.210"},"antallAnsatte":4},
	{"organisasjonsnummer":"982463718","navn":"ORPHAN","overordnetEnhet":"1","beliggenhetsadresse":{"kommunenummer":"0301"}}]`
	r, rows := readAll(t, write(t, "underenheter.json", []byte(data), false))
	if r.Kind != "subunits" {
		t.Fatalf("kind %s", r.Kind)
	}
	e := rows[0].Establishment
	if e == nil || e.Parent.ID != "923609016" || e.Address.Municipality != "3909" || e.Employees != 4 {
		t.Errorf("sub-unit %+v", e)
	}
	if rows[1].Reject == nil || !strings.Contains(rows[1].Reject.Reason, "overordnetEnhet") {
		t.Errorf("orphan %+v", rows[1])
	}
}

func TestUnitsCSV(t *testing.T) {
	data := "organisasjonsnummer,navn,organisasjonsform.kode,naeringskode1.kode,antallAnsatte,harRegistrertAntallAnsatte," +
		"forretningsadresse.postnummer,forretningsadresse.kommunenummer,forretningsadresse.landkode,konkurs,registrertIFrivillighetsregisteret\n" +
		"923609016,LARVIK ELEKTRO AS,AS,43.210,12,true,3256,3909,NO,false,false\n" +
		"974760673,\"KONKURS, ANS\",ANS,,,false,0150,0301,NO,true,false\n" +
		"916292682,BAD BOOL AS,AS,,,maybe,,,,false,false\n"
	r, rows := readAll(t, write(t, "enheter.csv.gz", []byte(data), true))
	if r.Format != "csv" || len(rows) != 3 {
		t.Fatalf("format %s, %d rows", r.Format, len(rows))
	}
	if o := rows[0].Organisation; o == nil || o.Employees != 12 || o.Address.Municipality != "3909" || o.NACE[0] != "43.210" {
		t.Errorf("%+v", rows[0])
	}
	if o := rows[1].Organisation; o == nil || !o.Bankrupt || o.Name != "KONKURS, ANS" || !o.EmployeesKnown || o.EmployeesWithheld {
		t.Errorf("%+v", rows[1])
	}
	if rows[2].Reject == nil || rows[2].Reject.Line != 4 || !strings.Contains(rows[2].Reject.Reason, "harRegistrertAntallAnsatte") {
		t.Errorf("%+v", rows[2])
	}
}

func TestOpenErrors(t *testing.T) {
	for name, data := range map[string]string{
		"empty":     "",
		"not json":  "[{broken",
		"not brreg": "a,b\n1,2\n",
		"not gzip":  "\x1f\x8bnot really",
	} {
		p := write(t, "f", []byte(data), false)
		r, err := Open(p)
		if err == nil {
			_, err = r.ReadUnits(context.Background())
			r.Close()
		}
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func FuzzBrreg(f *testing.F) {
	f.Add([]byte(unitsJSON))
	f.Add([]byte("organisasjonsnummer,navn\n923609016,X\n"))
	f.Add([]byte(`[{"organisasjonsnummer":"974760673","navn":"A","overordnetEnhet":"923609016","beliggenhetsadresse":{}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Open(p)
		if err != nil {
			return
		}
		defer r.Close()
		for i := 0; i < 1000; i++ {
			rows, err := r.ReadUnits(context.Background())
			if err != nil {
				return
			}
			for _, row := range rows {
				n := 0
				if row.Organisation != nil {
					n++
					if !cityspend.ValidNorwegianOrgNumber(row.Organisation.ID.ID) {
						t.Fatalf("accepted invalid number %q", row.Organisation.ID.ID)
					}
				}
				if row.Establishment != nil {
					n++
				}
				if row.Reject != nil {
					n++
				}
				if n != 1 {
					t.Fatalf("a row must be exactly one of unit, branch, reject: %+v", row)
				}
			}
		}
	})
}
