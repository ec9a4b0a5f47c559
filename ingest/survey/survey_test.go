// SPDX-License-Identifier: EUPL-1.2

package survey

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityspend/cityspend"
)

const header = "supplier_id,org_number,name,turnover,wage_bill,staff_total,staff_local,staff_deprived,non_wage_costs,non_wage_local_pct,jobs_created,apprenticeships,real_living_wage\n"

func TestReadCSV(t *testing.T) {
	path := filepath.Join(t.TempDir(), "answers.csv")
	body := header +
		"org:NO-BRC:974760673,974760673,Bakeri AS,1000000,400000,10,5,,300000,50,2,1,ja\n" + // good
		",974760673,Bakeri AS,\"1 000 000,50\",400000,10,5,,,25,,,\n" + // supplier by number; non-wage costs from turnover − wages
		",,Nobody,100,10,1,1,,,10,,,\n" + // no supplier
		"org:X,,X,0,0,1,1,,,10,,,\n" + // zero turnover
		"org:Y,,Y,100,10,2,3,,,10,,,\n" + // more local than all staff
		"org:Z,,Z,100,10,2,1,,,150,,,\n" + // more than 100 %
		"org:W,,W,100,10,2.5,1,,,10,,,\n" + // not a whole number of people
		"org:V,,V,100,10,2,1,,,10,,,kanskje\n" + // not yes or no
		"org:U,,U,,,,,,,,,,\n" // not answered: skipped
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	rs, rejects, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 {
		t.Fatalf("%d answers, want 2: %+v", len(rs), rs)
	}
	a := rs[0]
	if a.SupplierID != "org:NO-BRC:974760673" || a.Turnover != 1_000_000_00 || a.StaffLocal != 5 || a.NonWageLocalPct != 5000 || !a.RealLivingWage ||
		a.JobsCreated != 2 || a.Line != 2 {
		t.Errorf("first answer %+v", a)
	}
	b := rs[1]
	if b.SupplierID != "org:NO-BRC:974760673" || b.Turnover != 1_000_000_50 || b.NonWageCosts != 600_000_50 {
		t.Errorf("second answer %+v", b)
	}
	want := map[int]string{4: "supplier_id", 5: "turnover", 6: "staff_local", 7: "non_wage_local_pct", 8: "staff_total", 9: "real_living_wage"}
	if len(rejects) != len(want) {
		t.Fatalf("%d rejects, want %d: %+v", len(rejects), len(want), rejects)
	}
	for _, r := range rejects {
		if want[r.Line] != r.Field || r.Reason == "" || r.Raw == "" {
			t.Errorf("reject %+v, want field %q", r, want[r.Line])
		}
	}
}

func TestReadNeedsHeader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.csv")
	os.WriteFile(path, []byte("name,turnover\nx,1\n"), 0o644)
	if _, _, err := Read(path); err == nil || !strings.Contains(err.Error(), "supplier_id") {
		t.Errorf("a header without the supplier: %v", err)
	}
}

// The template a buyer sends out reads back once filled in.
func TestTemplateRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK"}
	sups := []Supplier{{SupplierID: "org:NO-BRC:974760673", OrgNumber: "974760673", Name: "Bakeri AS", Spend: 123_45}}
	if err := WriteTemplate(&buf, b, 2025, sups); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Survey")
	if err != nil || len(rows) < 2 {
		t.Fatalf("template rows %v %v", rows, err)
	}
	// Fill in the answers where the header says.
	for i, h := range rows[0] {
		v := map[string]any{"turnover": 2000000, "wage_bill": 800000, "staff_total": 20, "staff_local": 12, "non_wage_local_pct": 30}[h]
		if v != nil {
			cell, _ := excelize.CoordinatesToCellName(i+1, 2)
			f.SetCellValue("Survey", cell, v)
		}
	}
	path := filepath.Join(t.TempDir(), "filled.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	rs, rejects, err := Read(path)
	if err != nil || len(rejects) != 0 || len(rs) != 1 {
		t.Fatalf("read back: %+v %+v %v", rs, rejects, err)
	}
	if r := rs[0]; r.SupplierID != "org:NO-BRC:974760673" || r.Turnover != 2_000_000_00 || r.StaffLocal != 12 || r.NonWageLocalPct != 3000 {
		t.Errorf("answer %+v", r)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(header + "org:A,,A,100,10,2,1,,,10,,,ja\n")
	f.Add(header + ",974760673,B,\"1 000,5\",x,1,1,,,101,,,\n")
	f.Fuzz(func(t *testing.T, body string) {
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		rs, rejects, err := Read(path)
		if err != nil {
			return
		}
		for _, r := range rs {
			if r.Turnover <= 0 || r.StaffLocal > r.StaffTotal || r.NonWageLocalPct > 10000 || r.SupplierID == "" {
				t.Fatalf("an invalid answer got through: %+v", r)
			}
		}
		for _, r := range rejects {
			if r.Line < 2 || r.Reason == "" {
				t.Fatalf("a reject without line or reason: %+v", r)
			}
		}
	})
}
