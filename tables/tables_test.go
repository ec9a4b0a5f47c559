// SPDX-License-Identifier: EUPL-1.2

package tables

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
)

// Cells a spreadsheet would read as formulas (OWASP's list), and text that
// is safe as it is.
var (
	formulas = []string{`=HYPERLINK("http://x","click") AS`, "+SUM(1,2) AS", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\t=1+2", "\r=1+2",
		"\x00=1", "-", "- dash first", "=1;=2"}
	plain = []string{"", "Larvik kommune", "O'Brien AS", "-1234.50", "+47", "12", "a=b", " =1"}
)

func TestNeutralise(t *testing.T) {
	for _, s := range formulas {
		if got, changed := neutralise(s); got != "'"+s || !changed {
			t.Errorf("neutralise(%q) = %q, %v", s, got, changed)
		}
	}
	for _, s := range plain {
		if got, changed := neutralise(s); got != s || changed {
			t.Errorf("neutralise(%q) = %q, %v: want it unchanged", s, got, changed)
		}
	}
}

// testTable has a text column with every formula and plain cell, and an
// amount column with a credit note.
func testTable() *Table {
	var rs [][]any
	for _, s := range append(append([]string(nil), formulas...), plain...) {
		rs = append(rs, []any{s, cityspend.Amount(-123450), int64(-3), 0.25})
	}
	return inMemory("test", []Column{{"name", "col.supplier", Text}, {"amount", "col.amount", Money}, {"lines", "col.lines", Count},
		{"share", "col.share", Share}}, rs)
}

// CSV: each formula cell comes out with a leading quote, in quotes; plain
// text and numbers (a negative amount) as they are.
func TestWriteCSVNeutralises(t *testing.T) {
	var out bytes.Buffer
	if err := WriteCSV(&out, testTable()); err != nil {
		t.Fatal(err)
	}
	raw := out.String()
	if !strings.Contains(raw, "\n\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\") AS\",-1234.50,-3,0.250000\n") {
		t.Errorf("the HYPERLINK row is not quoted and neutralised:\n%s", raw)
	}
	if !strings.Contains(raw, "\n\"'=1;=2\",") {
		t.Error("a cell with a semicolon (a list separator in Norwegian spreadsheets) is not quoted")
	}
	r := csv.NewReader(strings.NewReader(raw))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := append(append([]string(nil), formulas...), plain...)
	if len(recs) != len(want)+1 || strings.Join(recs[0], ",") != "name,amount,lines,share" {
		t.Fatalf("%d records, header %q", len(recs), recs[0])
	}
	for i, rec := range recs[1:] {
		w := want[i]
		if i < len(formulas) {
			w = "'" + w
		}
		if rec[0] != strings.ReplaceAll(w, "\r\n", "\n") || rec[1] != "-1234.50" || rec[2] != "-3" || rec[3] != "0.250000" {
			t.Errorf("row %d: %q, want %q, -1234.50, -3, 0.250000", i+1, rec, w)
		}
	}
}

// XLSX: text cells are strings (never formulas), as written; amounts
// numbers.
func TestWriteXLSXText(t *testing.T) {
	var out bytes.Buffer
	if err := WriteXLSX(&out, testTable(), i18n.New("en")); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	for i, s := range append(append([]string(nil), formulas...), plain...) {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if formula, err := f.GetCellFormula(sheet, cell); err != nil || formula != "" {
			t.Errorf("%s %q: formula %q, %v", cell, s, formula, err)
		}
		if s == "" {
			continue
		}
		typ, err := f.GetCellType(sheet, cell)
		if err != nil || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
			t.Errorf("%s %q: type %v, %v", cell, s, typ, err)
		}
		// excelize replaces what XML cannot hold (NUL); the rest is as written.
		if got, _ := f.GetCellValue(sheet, cell); got != strings.ReplaceAll(s, "\x00", "\uFFFD") {
			t.Errorf("%s: %q, want %q", cell, got, s)
		}
		amount, _ := excelize.CoordinatesToCellName(2, i+2)
		if typ, _ := f.GetCellType(sheet, amount); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s: type %v, want a number", amount, typ)
		}
		if v, _ := f.GetCellValue(sheet, amount, excelize.Options{RawCellValue: true}); v != "-1234.5" {
			t.Errorf("%s: %q, want -1234.5", amount, v)
		}
	}
}

// A table longer than a worksheet is refused before a row is produced or a
// byte written.
func TestWriteXLSXTooManyRows(t *testing.T) {
	tb := &Table{Name: "lines", Columns: LineColumns,
		Each: func(func([]any) error) error { t.Error("rows produced for a table that cannot fit"); return nil },
		Rows: func() (int64, error) { return MaxXLSXRows + 1, nil }}
	var out bytes.Buffer
	err := WriteXLSX(&out, tb, i18n.New("nb"))
	long, ok := err.(*TooManyRowsError)
	if !ok || long.Rows != MaxXLSXRows+1 || cityspend.ErrorCode(err) != cityspend.EINVALID || out.Len() != 0 {
		t.Errorf("err %v (%T), %d bytes written", err, err, out.Len())
	}
}

// Norwegian readers' CSV: a byte-order mark, bokmål headers, ";" and
// decimal commas; numbers unquoted, text quoted when it holds a separator.
func TestWriteLocalCSV(t *testing.T) {
	var out bytes.Buffer
	if err := WriteLocalCSV(&out, testTable(), i18n.New("nb")); err != nil {
		t.Fatal(err)
	}
	l := i18n.New("nb")
	head, rest, _ := strings.Cut(out.String(), "\n")
	if want := "\uFEFF" + strings.Join([]string{l.T("col.supplier"), l.T("col.amount"), l.T("col.lines"), l.T("col.share")}, ";"); head != want {
		t.Errorf("header %q, want %q", head, want)
	}
	if !strings.Contains(rest, "\nLarvik kommune;-1234,50;-3;0,250000\n") || !strings.Contains(rest, "\n\"'=1;=2\";") {
		t.Errorf("rows:\n%s", rest)
	}
}

// Whatever a text cell holds, the CSV reads back as it, or as it with a
// leading quote when it would be a formula; no cell begins a formula.
func FuzzWriteCSV(f *testing.F) {
	for _, s := range append(append([]string(nil), formulas...), plain...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tb := inMemory("fuzz", []Column{{"text", "col.label", Text}, {"amount", "col.amount", Money}}, [][]any{{s, cityspend.Amount(-5)}})
		for _, lang := range []string{"en", "nb"} {
			var out bytes.Buffer
			if err := WriteLocalCSV(&out, tb, i18n.New(lang)); err != nil {
				t.Fatal(err)
			}
			r := csv.NewReader(&out)
			amount := "-0.05"
			if lang == "nb" {
				bom := make([]byte, 3)
				out.Read(bom)
				if string(bom) != "\uFEFF" {
					t.Fatalf("no byte-order mark: %q", bom)
				}
				r.Comma, amount = ';', "-0,05"
			}
			r.LazyQuotes = false
			recs, err := r.ReadAll()
			if err != nil {
				t.Fatalf("%s %q: %v\n%q", lang, s, err, out.String())
			}
			if len(recs) != 2 || len(recs[1]) != 2 || recs[1][1] != amount {
				t.Fatalf("%s %q: records %q", lang, s, recs)
			}
			got, want := recs[1][0], strings.ReplaceAll(s, "\r\n", "\n")
			if got != want && got != "'"+want {
				t.Fatalf("%s %q came back as %q", lang, s, got)
			}
			if got != "" && strings.ContainsRune("=+-@\t\r\x00", rune(got[0])) && !decimal(got) {
				t.Fatalf("%s %q came back as %q, a formula", lang, s, got)
			}
		}
	})
}
