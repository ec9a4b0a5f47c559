// SPDX-License-Identifier: EUPL-1.2

package sirene

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

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestUnits(t *testing.T) {
	r, rows := readAll(t, filepath.Join("testdata", "StockUniteLegale_utf8.csv"))
	if r.Kind != "units" || len(rows) != 8 {
		t.Fatalf("kind %s, %d rows", r.Kind, len(rows))
	}
	scic := rows[0].Organisation
	if scic == nil || scic.ID != (cityspend.Identifier{Scheme: "FR-SIRENE", ID: "901234567"}) || scic.Name != "NANTES SOLIDAIRE ENERGIE" ||
		scic.LegalForm != "5560" || !reflect.DeepEqual(scic.NACE, []string{"35.11"}) || !reflect.DeepEqual(scic.IndustryCodes, []string{"35.11Z"}) ||
		scic.IndustryScheme != "NAF rév. 2" || scic.EmployeeBand != "20-49" || scic.SizeCategory != "PME" ||
		scic.SocialEconomy == "" || scic.Status != "active" || !scic.Founded.Equal(day(2012, 3, 1)) || scic.HeadOffice != "90123456700015" ||
		scic.Source != "sirene" || !reflect.DeepEqual(scic.Address, cityspend.Address{}) {
		t.Errorf("SCIC %+v", scic)
	}
	if o := rows[1].Organisation; o == nil || o.Name != "MARIE DUPONT" || o.EmployeeBand != "" || o.EmployeesKnown || o.SocialEconomy != "" {
		t.Errorf("sole trader %+v", o)
	}
	if o := rows[2].Organisation; o == nil || o.Status != "ceased" || !o.Dissolved.Equal(day(2010, 6, 30)) || o.NACE != nil ||
		o.IndustryScheme != "NAFRev1" || !reflect.DeepEqual(o.IndustryCodes, []string{"52.4A"}) {
		t.Errorf("ceased unit with an old NAF code %+v", o)
	}
	if o := rows[3].Organisation; o == nil || o.SizeCategory != "GE" || o.EmployeeBand != "10000+" {
		t.Errorf("large unit %+v", o)
	}
	if o := rows[5].Organisation; o == nil || o.LegalForm != "9220" || o.SocialEconomy == "" || o.EmployeeBand != "6-9" {
		t.Errorf("association %+v", o)
	}
	for i, want := range map[int]string{4: "not published", 6: `siren: "12345" is not a SIREN`, 7: `etatAdministratifUniteLegale: "X"`} {
		if rej := rows[i].Reject; rej == nil || !strings.Contains(rej.Reason, want) || rej.Line != i+2 {
			t.Errorf("row %d: %+v, want %q", i, rows[i], want)
		}
	}
}

func TestEstablishments(t *testing.T) {
	r, rows := readAll(t, filepath.Join("testdata", "StockEtablissement_utf8.csv"))
	if r.Kind != "establishments" || len(rows) != 7 {
		t.Fatalf("kind %s, %d rows", r.Kind, len(rows))
	}
	head := rows[0].Establishment
	if head == nil || head.ID.ID != "90123456700015" || head.Parent != (cityspend.Identifier{Scheme: "FR-SIRENE", ID: "901234567"}) ||
		!head.HeadOffice || head.Closed || !reflect.DeepEqual(head.Address, cityspend.Address{Postcode: "44000", Locality: "NANTES", Municipality: "44109", Country: "FR"}) ||
		head.NACE != "35.11" || head.Name != "SIRET 90123456700015" {
		t.Errorf("head office %+v", head)
	}
	if e := rows[1].Establishment; e == nil || e.HeadOffice || e.Name != "NSE ATELIER" || e.Address.Municipality != "44162" {
		t.Errorf("branch %+v", e)
	}
	if e := rows[2].Establishment; e == nil || e.Address.Municipality != "2A004" {
		t.Errorf("Corsican commune %+v", e)
	}
	if e := rows[3].Establishment; e == nil || !e.Closed || e.NACE != "" {
		t.Errorf("closed establishment %+v", e)
	}
	if e := rows[4].Establishment; e == nil || e.Address.Country != "" || e.Address.Municipality != "" || e.Address.Locality != "BELGIQUE" {
		t.Errorf("establishment abroad %+v", e)
	}
	for i, want := range map[int]string{5: "is not a SIRET number of SIREN 904567890", 6: `etablissementSiege: "oui"`} {
		if rej := rows[i].Reject; rej == nil || !strings.Contains(rej.Reason, want) {
			t.Errorf("row %d: %+v, want %q", i, rows[i], want)
		}
	}
}

// The real samples (../shared/data): Etalab's copies of the 2019 legal
// units layout and of the geocoded establishments file.
func TestSharedSamples(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "reference", "fr_sirene")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("SKIP: %s is not there; this test needs the project's shared data", dir)
	}
	r, rows := readAll(t, filepath.Join(dir, "etalab_sample_StockUniteLegale.csv"))
	if r.Kind != "units" || len(rows) != 3 {
		t.Fatalf("%s: %d rows", r.Kind, len(rows))
	}
	o := rows[0].Organisation
	if o == nil || o.ID.ID != "000325175" || o.Name != "THIERRY JANOYER" || !reflect.DeepEqual(o.NACE, []string{"32.12"}) || o.SizeCategory != "PME" ||
		o.HeadOffice != "00032517500065" || o.Status != "active" {
		t.Errorf("first unit %+v %+v", o, rows[0].Reject)
	}
	if o := rows[2].Organisation; o == nil || o.NACE != nil || o.IndustryScheme != "NAP" || o.Status != "ceased" {
		t.Errorf("unit with a NAP code %+v %+v", o, rows[2].Reject)
	}
	r, rows = readAll(t, filepath.Join(dir, "etalab_sample_StockEtablissement_geo.csv"))
	if r.Kind != "establishments" || len(rows) != 3 {
		t.Fatalf("%s: %d rows", r.Kind, len(rows))
	}
	for _, row := range rows {
		if e := row.Establishment; e == nil || !e.Closed || !e.HeadOffice || e.Address.Country != "" {
			t.Errorf("%+v %+v", e, row.Reject)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.csv")
	os.WriteFile(p, []byte("siren,nom\n123456789,X\n"), 0o644)
	if _, err := Open(p); err == nil || !strings.Contains(err.Error(), "etatAdministratifUniteLegale") {
		t.Errorf("%v", err)
	}
}

func FuzzRead(f *testing.F) {
	for _, n := range []string{"StockUniteLegale_utf8.csv", "StockEtablissement_utf8.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
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
				switch {
				case row.Organisation != nil:
					if o := row.Organisation; len(o.ID.ID) != 9 || o.Name == "" || len(o.NACE) > 1 {
						t.Fatalf("%+v", o)
					}
				case row.Establishment != nil:
					if e := row.Establishment; len(e.ID.ID) != 14 || e.ID.ID[:9] != e.Parent.ID || e.Name == "" {
						t.Fatalf("%+v", e)
					}
				case row.Reject == nil || row.Reject.Reason == "":
					t.Fatalf("%+v", row)
				}
			}
		}
	})
}
