// SPDX-License-Identifier: EUPL-1.2

package tabular

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityspend/cityspend"
)

var testLayout = Layout{Columns: []Column{
	{Field: "code", Aliases: []string{"kode", "Code number"}, Required: true},
	{Field: "name", Aliases: []string{"navn"}, Required: true},
	{Field: "valid_from", Aliases: []string{"gyldig fra"}},
}, Hint: "see the manual"}

func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNamed(t *testing.T) {
	tests := []struct {
		name, text string
		want       [][3]string // code, name, valid_from of each row
		lines      []int
	}{
		{"exact", "code,name,valid_from\n1,a,2024-01-01\n2,b,\n", [][3]string{{"1", "a", "2024-01-01"}, {"2", "b", ""}}, []int{2, 3}},
		{"aliases, case, accents, order", "Navn;Gyldig-Fra;KODE\n a ;2024;1\n", [][3]string{{"1", "a", "2024"}}, []int{2}},
		{"the first column of a field wins", "code,kode,name\n1,2,a\n", [][3]string{{"1", "a", ""}}, []int{2}},
		{"short rows and blank lines", "code,name,valid_from\n\n1\n,,\n2,b\n", [][3]string{{"1", "", ""}, {"2", "b", ""}}, []int{3, 5}},
		{"an optional column missing", "code_number,name\n7,x\n", [][3]string{{"7", "x", ""}}, []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := OpenNamed(writeTemp(t, "f.csv", tt.text), Options{}, testLayout)
			if err != nil {
				t.Fatal(err)
			}
			var got [][3]string
			var lines []int
			err = n.Each(func(r Row) error {
				got = append(got, [3]string{r.Get("code"), r.Get("name"), r.Get("valid_from")})
				lines = append(lines, r.Line)
				if r.Get("nothing") != "" {
					t.Error("a field of no column has a value")
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("rows %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] || lines[i] != tt.lines[i] {
					t.Errorf("row %d: %q on line %d, want %q on line %d", i, got[i], lines[i], tt.want[i], tt.lines[i])
				}
			}
		})
	}
}

func TestNamedMissingColumns(t *testing.T) {
	p := writeTemp(t, "munis.csv", "\nnumber;title\n1;a\n")
	_, err := OpenNamed(p, Options{}, testLayout)
	if cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Fatalf("error %v, want an invalid file", err)
	}
	for _, want := range []string{"munis.csv", "no code column, no name column", "line 2 has number, title", "see the manual"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
	if _, err := OpenNamed(writeTemp(t, "x.csv", "code,navn\n"), Options{}, testLayout); err != nil {
		t.Errorf("a header alone: %v", err)
	}
	either := Layout{Columns: []Column{{Field: "supplier_id", Required: true, Or: "org_number"}, {Field: "org_number"}}}
	if _, err := OpenNamed(writeTemp(t, "y.csv", "org number,x\n1,2\n"), Options{}, either); err != nil {
		t.Errorf("one of two: %v", err)
	}
	if _, err := OpenNamed(writeTemp(t, "z.csv", "name,x\n1,2\n"), Options{}, either); err == nil || !strings.Contains(err.Error(), "no supplier_id or org_number column") {
		t.Errorf("neither of two: %v", err)
	}
	if _, err := OpenNamed(writeTemp(t, "empty.csv", " \n"), Options{}, testLayout); err == nil {
		t.Error("an empty file was read")
	}
}

// A mapping names the columns the aliases miss: by header or by number.
func TestNamedMapping(t *testing.T) {
	p := writeTemp(t, "c.csv", "Ref;Title;Seller;Title\n1;a;b;c\n")
	l := testLayout
	l.Mapping = map[string]string{"code": "#1", "name": "title", "valid_from": "#3"}
	n, err := OpenNamed(p, Options{}, l)
	if err != nil {
		t.Fatal(err)
	}
	r, err := n.Next()
	n.Close()
	if err != nil || r.Get("code") != "1" || r.Get("name") != "c" || r.Get("valid_from") != "b" {
		t.Errorf("%+v %v", r.Record, err)
	}
	for ref, want := range map[string]string{"#5": "mapping name = #5: no such column", "Buyer": `mapping name = "Buyer": no such header`} {
		l.Mapping = map[string]string{"name": ref}
		if _, err := OpenNamed(p, Options{}, l); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", ref, err)
		}
	}
}

func TestNamedRowError(t *testing.T) {
	p := writeTemp(t, "m.csv", "code,name,valid_from\n1,a,soon\n")
	n, err := OpenNamed(p, Options{}, testLayout)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	r, err := n.Next()
	if err != nil {
		t.Fatal(err)
	}
	e := r.Errorf("valid_from", "%q is not a date", r.Get("valid_from"))
	if e.Error() != p+`:2: valid_from: "soon" is not a date` {
		t.Errorf("%q", e)
	}
	if _, err := n.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("after the last row: %v", err)
	}
}

// A row with a problem says so naming its column's header, and, for
// readers that stop at a bad row, as an error naming the file and line.
func TestNamedRowProblem(t *testing.T) {
	p := writeTemp(t, "m.csv", "code,navn,valid_from\n1,Bjørnstad,2024-01-01\n2,Caf\xe9,2024-01-01\n")
	n, err := OpenNamed(p, Options{}, testLayout)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	var errs []string
	if err := n.Each(func(r Row) error {
		if err := r.ProblemError(); err != nil {
			errs = append(errs, err.Error())
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := p + `:3: column 2 ("navn"): invalid UTF-8 at byte offset 50 of the file: 0xE9`
	if len(errs) != 1 || errs[0] != want {
		t.Errorf("%q, want %q", errs, want)
	}
}

// A workbook is read by the same names, its sheet's rows as lines.
func TestNamedXLSX(t *testing.T) {
	f := excelize.NewFile()
	for i, row := range [][]any{{"Kode", "Navn"}, {"3909", "Larvik"}, {nil, nil}, {"3907", "Sandefjord"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "m.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	n, err := OpenNamed(p, Options{}, testLayout)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := n.Each(func(r Row) error {
		got = append(got, r.Get("code")+" "+r.Get("name")+" "+r.Errorf("code", "x").Error())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "|") != "3909 Larvik "+p+":2: code: x|3907 Sandefjord "+p+":4: code: x" {
		t.Errorf("%q", got)
	}
}

func FuzzNamed(f *testing.F) {
	f.Add("code,name\n1,a\n")
	f.Add("kode;navn;gyldig fra\n\"1;2\n3;b;c\n")
	f.Fuzz(func(t *testing.T, text string) {
		p := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		n, err := OpenNamed(p, Options{}, testLayout)
		if err != nil {
			return
		}
		if !n.Has("code") || !n.Has("name") {
			t.Fatal("opened without the required columns")
		}
		last := n.Header.Line
		n.Each(func(r Row) error {
			if r.Line <= last {
				t.Fatalf("line %d after %d", r.Line, last)
			}
			last = r.Line
			r.Get("code")
			r.Get("valid_from")
			return nil
		})
	})
}
