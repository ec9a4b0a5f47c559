// SPDX-License-Identifier: EUPL-1.2

package regcsv

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
)

func TestGenericCSV(t *testing.T) {
	data := "Scheme,ID,Name,Postcode,Locality,Country,NACE,Employees,Legal Form,Turnover_EUR,Parent\n" +
		"GB-COH,01234567,PRESTON PLUMBING LTD,PR1 2HE,PRESTON,GB,43220,12,Private Limited Company,,\n" +
		"GB-COH,SC123456,HIGHLAND CARE LTD,IV1 1AA,INVERNESS,GB,87100,250-499,,,\n" +
		"FI-PRO,0123456-7,SIIVOUS OY,00100,HELSINKI,FI,81210,,oy,\"1,500,000.00\",\n" +
		"GB-COH,01234568,PRESTON PLUMBING (BLACKPOOL),FY1 1AA,BLACKPOOL,GB,43220,3,,,01234567\n" +
		"GB-COH,,NO ID LTD,,,GB,,,,,\n" +
		"GB-COH,01234569,BAD STAFF LTD,,,GB,,lots,,,\n" +
		"NO-BRC,123456789,BAD NUMBER AS,,,NO,,,,,\n"
	p := filepath.Join(t.TempDir(), "reg.csv")
	os.WriteFile(p, []byte(data), 0o644)
	r, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows, err := r.ReadUnits(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReadUnits(context.Background()); err != io.EOF {
		t.Errorf("want EOF, got %v", err)
	}
	if len(rows) != 7 {
		t.Fatalf("%d rows", len(rows))
	}
	if o := rows[0].Organisation; o == nil || o.ID != (cityspend.Identifier{Scheme: "GB-COH", ID: "01234567"}) || o.Employees != 12 || o.Address.Postcode != "PR1 2HE" {
		t.Errorf("%+v", rows[0])
	}
	if o := rows[1].Organisation; o == nil || o.EmployeeBand != "250-499" || o.EmployeesKnown {
		t.Errorf("band %+v", rows[1])
	}
	if o := rows[2].Organisation; o == nil || o.TurnoverEUR != 150000000 {
		t.Errorf("turnover %+v", rows[2])
	}
	if e := rows[3].Establishment; e == nil || e.Parent.ID != "01234567" {
		t.Errorf("branch %+v", rows[3])
	}
	for i, field := range map[int]string{4: "id", 5: "employees", 6: "id"} {
		if rej := rows[i].Reject; rej == nil || rej.Field != field || rej.Line != i+2 {
			t.Errorf("row %d: %+v, want a reject of %s", i, rows[i], field)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("id,name\n1,x\n"), 0o644)
	if _, err := Open(bad); err == nil || !strings.Contains(err.Error(), "scheme") {
		t.Errorf("missing column: %v", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add("scheme,id,name,employees,turnover_eur,parent\nGB-COH,01234567,X LTD,10-49,\"1,5\",\n")
	f.Add("scheme;id;name\n\"NO-BRC;1\n;2;3\n")
	f.Fuzz(func(t *testing.T, text string) {
		p := filepath.Join(t.TempDir(), "reg.csv")
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
				case row.Reject != nil:
					if row.Reject.Line < 2 || row.Reject.Reason == "" {
						t.Fatalf("reject %+v", row.Reject)
					}
				case row.Organisation != nil:
					if row.Organisation.ID.Scheme == "" || row.Organisation.ID.ID == "" || row.Organisation.Name == "" {
						t.Fatalf("organisation %+v", row.Organisation)
					}
				case row.Establishment == nil:
					t.Fatal("an empty row")
				}
			}
		}
	})
}
