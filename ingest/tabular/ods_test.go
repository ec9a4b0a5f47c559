// SPDX-License-Identifier: EUPL-1.2

package tabular_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cityspend/cityspend/ingest/tabular"
	. "github.com/cityspend/cityspend/ingest/tabular/tabulartest"
)

func writeODS(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "book.ods")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// An OpenDocument spreadsheet as an office suite writes it: a hidden
// sheet first, then the data with a title row, a blank row, numbers and
// dates as their values, a cell repeated across, a row repeated, text in
// two paragraphs with a run of spaces, and a million blank rows at the end.
func TestODSSheets(t *testing.T) {
	book := ODS(
		Sheet{Name: "Notes", Hidden: true, Rows: [][]Cell{{S("internal")}}},
		Sheet{Name: "Spend over £500", BlankRows: 1048570, RowRepeat: map[int]int{4: 2}, Rows: [][]Cell{
			{S("Anytown Council: payments")},
			{},
			{S("Date"), S("Supplier"), S("Amount"), S("Note")},
			{D("2023-05-03", "03/05/23"), S("ACME  LTD"), F("1234.5", "£1,234.50"), S("line one\nline two")},
			{D("2023-05-04T00:00:00", "04/05/23"), S("B & CO"), F("-250", "(£250.00)"), {Text: "x", Repeat: 2}},
		}},
	)
	p := writeODS(t, book)
	w, err := tabular.OpenWorkbook(p)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if got := w.Sheets(); !reflect.DeepEqual(got, []string{"Notes", "Spend over £500"}) || !w.Hidden("Notes") || w.Hidden("Spend over £500") {
		t.Fatalf("sheets %v, hidden %v %v", got, w.Hidden("Notes"), w.Hidden("Spend over £500"))
	}
	tab, err := w.Table("spend over £500")
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	if tab.Format != "ods" || !tabular.Spreadsheet(tab.Format) {
		t.Errorf("format %q", tab.Format)
	}
	var got []tabular.Record
	for {
		rec, _, err := tab.Next(nil)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, rec)
	}
	want := []struct {
		line   int
		fields []string
	}{
		{1, []string{"Anytown Council: payments"}},
		{3, []string{"Date", "Supplier", "Amount", "Note"}},
		{4, []string{"2023-05-03", "ACME  LTD", "1234.5", "line one\nline two"}},
		{5, []string{"2023-05-04", "B & CO", "-250", "x", "x"}},
		{6, []string{"2023-05-04", "B & CO", "-250", "x", "x"}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d records: %+v", len(got), got)
	}
	for i, w := range want {
		if got[i].Line != w.line || !reflect.DeepEqual(got[i].Fields, w.fields) {
			t.Errorf("record %d: line %d %q, want line %d %q", i, got[i].Line, got[i].Fields, w.line, w.fields)
		}
	}
	if got[2].Raw != `2023-05-03,ACME  LTD,1234.5,"line one`+"\n"+`line two"` {
		t.Errorf("raw %q", got[2].Raw)
	}

	// Open reads the first sheet, or the one named.
	for sheet, first := range map[string]string{"": "internal", "Spend over £500": "Anytown Council: payments"} {
		tab, err := tabular.Open(p, tabular.Options{Sheet: sheet})
		if err != nil {
			t.Fatal(err)
		}
		rec, _, err := tab.Next(nil)
		tab.Close()
		if err != nil || rec.Fields[0] != first {
			t.Errorf("sheet %q: %v %q", sheet, err, rec.Fields)
		}
	}
	if _, err := w.Table("Missing"); err == nil || !strings.Contains(err.Error(), "no sheet") {
		t.Errorf("a missing sheet: %v", err)
	}
}

// A zip archive that is neither an XLSX workbook nor an OpenDocument
// spreadsheet, and an ODS whose content unpacks to far more than the file,
// are refused with the reason.
func TestODSRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("content.xml")
	w.Write([]byte(`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">`))
	chunk := bytes.Repeat([]byte("<x/>"), 1<<20)
	for range 40 {
		w.Write(chunk)
	}
	zw.Close()
	if _, err := tabular.Open(writeODS(t, buf.Bytes()), tabular.Options{}); err == nil || !strings.Contains(err.Error(), "zip bomb") {
		t.Errorf("a bomb: %v", err)
	}
	buf.Reset()
	zw = zip.NewWriter(&buf)
	w, _ = zw.Create("readme.txt")
	w.Write([]byte("hello"))
	zw.Close()
	if _, err := tabular.Open(writeODS(t, buf.Bytes()), tabular.Options{}); err == nil || !strings.Contains(err.Error(), "not a readable XLSX workbook or OpenDocument spreadsheet") {
		t.Errorf("a zip of something else: %v", err)
	}
	// A row with content repeated a billion times is refused.
	bomb := strings.Replace(Content(Sheet{Name: "S", Rows: [][]Cell{{S("a"), S("b")}}}), "<table:table-row>", `<table:table-row table:number-rows-repeated="1000000000">`, 1)
	if tab, err := tabular.Open(writeODS(t, ODSFile(bomb)), tabular.Options{}); err != nil {
		t.Fatal(err)
	} else if _, _, err := tab.Next(nil); err == nil || !strings.Contains(err.Error(), "repeated 1000000000 times") {
		t.Errorf("a row repeated a billion times: %v", err)
		tab.Close()
	} else {
		tab.Close()
	}
	// Broken XML is an error naming the sheet and row, not a hang or a panic.
	bad := strings.Replace(Content(Sheet{Name: "S", Rows: [][]Cell{{S("a")}, {S("b")}}}), "<text:p>b</text:p>", "<text:p>b</text:q>", 1)
	tab, err := tabular.Open(writeODS(t, ODSFile(bad)), tabular.Options{})
	if err == nil {
		defer tab.Close()
		for err == nil {
			_, _, err = tab.Next(nil)
		}
	}
	if err == nil || errors.Is(err, io.EOF) {
		t.Errorf("broken XML read to the end: %v", err)
	}
}

// Whatever content.xml holds, reading its sheets ends with rows or an
// error.
func FuzzODS(f *testing.F) {
	f.Add(`<table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>`)
	f.Add(`<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2"><text:p>a<text:s text:c="3"/>b</text:p></table:table-cell></table:table-row>`)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, rows string) {
		c := Content(Sheet{Name: "S", Rows: [][]Cell{{S("PLACEHOLDER")}}})
		// The fuzzed rows replace the sheet's one row.
		i, j := strings.Index(c, "<table:table-row>"), strings.LastIndex(c, "</table:table-row>")
		c = c[:i] + rows + c[j+len("</table:table-row>"):]
		p := filepath.Join(dir, "f.ods")
		// stored, not deflated: the fuzzer's time goes to the reader
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, e := range []struct{ name, body string }{{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", c}} {
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Store})
			w.Write([]byte(e.body))
		}
		zw.Close()
		os.WriteFile(p, buf.Bytes(), 0o600)
		tab, err := tabular.Open(p, tabular.Options{})
		if err != nil {
			return
		}
		defer tab.Close()
		for n := 0; n < 1000; n++ {
			rec, _, err := tab.Next(nil)
			if err != nil {
				return
			}
			if len(rec.Fields) > 16384 {
				t.Fatalf("row %d of %d fields", n, len(rec.Fields))
			}
		}
	})
}
