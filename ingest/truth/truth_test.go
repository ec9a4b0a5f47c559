// SPDX-License-Identifier: EUPL-1.2

package truth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ledger.csv.truth.csv")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadLines(t *testing.T) {
	p := writeFile(t, "name,org_number,description,account,amount,cpv\n"+
		"Bakeri AS,974760673,brød til møte,1115,1234.50,15810000-9\n"+
		"Lønn,,,1010,50000,\n"+ // not a purchase: skipped
		"Kontor AS,,kopipapir,1100,-12,30192000\n")
	rows, err := ReadLines(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].CPV != "15810000" || rows[0].Amount != 1234_50 || !rows[0].HasAmount || rows[0].Line != 2 ||
		rows[1].Amount != -12_00 || rows[1].Line != 4 || rows[1].Description != "kopipapir" || rows[0].OrgNumber != "974760673" {
		t.Errorf("rows %+v", rows)
	}
	for text, want := range map[string]string{
		"description,cpv\nx,15810000-1\n":            ":2: cpv: CPV code",
		"description,cpv,amount\nx,15810000,5.5.5\n": ":2: amount:",
		"description,code\nx,1\n":                    "no cpv column",
		"account,cpv\n1270,15810000\n":               "needs cpv and a text",
	} {
		if _, err := ReadLines(writeFile(t, text)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", text, err, want)
		}
	}
}

// An English ledger's line says what it is in its expenditure category
// and service area, often without a description.
func TestReadLinesOtherTexts(t *testing.T) {
	rows, err := ReadLines(writeFile(t, "name,account_text,unit,amount,cpv\nReed Ltd,Temporary Bureau Staffing,Direct Services,1500.00,79620000\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].AccountText != "Temporary Bureau Staffing" || rows[0].Unit != "Direct Services" || rows[0].Description != "" {
		t.Errorf("rows %+v", rows)
	}
}

func TestReadNames(t *testing.T) {
	names, err := ReadNames(writeFile(t, "name,org_number,postcode,description\nBakeri AS,974760673,3263,x\nBakeri AS,974760673,3263,y\n"+
		"Bakeri,974760673,,z\n,974760673,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 2 || names[0].Postcode != "3263" || names[1].Name != "Bakeri" {
		t.Errorf("names %+v", names)
	}
	// The hints of a line: its town, other text, the country of its
	// numbers and the buyer's municipality.
	names, err = ReadNames(writeFile(t, "name,org_number,town,text,country,buyer_municipality,kind\n"+
		"Hansen Bygg avd Larvik,974760673,LARVIK,org.nr 974 760 673,NO,3909,branches\n"))
	if err != nil || len(names) != 1 || names[0].Town != "LARVIK" || names[0].Text != "org.nr 974 760 673" || names[0].Country != "NO" ||
		names[0].Home != "3909" || names[0].Kind != "branches" {
		t.Errorf("names with hints %+v %v", names, err)
	}
	if _, err := ReadNames(writeFile(t, "name,org\nx,1\n")); err == nil || !strings.Contains(err.Error(), "org_number") {
		t.Errorf("no org_number column: %v", err)
	}
}

func FuzzReadLines(f *testing.F) {
	f.Add("description,cpv,amount\nx,15810000-9,1.5\n")
	f.Add("name;org_number;cpv;description\n\"a;b\n;1;2\n")
	f.Add("account_text,unit,cpv\nAgency Staff,Parks,79620000\n")
	f.Fuzz(func(t *testing.T, text string) {
		p := filepath.Join(t.TempDir(), "t.csv")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		rows, err := ReadLines(p)
		if err != nil {
			return
		}
		for _, r := range rows {
			if len(r.CPV) != 8 || r.Line < 2 {
				t.Fatalf("row %+v", r)
			}
		}
		ReadNames(p)
	})
}
