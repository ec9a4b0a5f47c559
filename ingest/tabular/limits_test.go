// SPDX-License-Identifier: EUPL-1.2

package tabular

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// openText opens CSV text as a file is opened: encoding detected, or named.
func openText(t *testing.T, text []byte, opts Options) *Table {
	t.Helper()
	tb, err := OpenCSV(bytes.NewReader(text), int64(len(text)), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tb.Close() })
	return tb
}

func allRecords(t *testing.T, tb *Table) []Record {
	t.Helper()
	var out []Record
	for {
		rec, _, err := tb.Next(nil)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
}

// A field longer than MaxField, or a line longer than MaxLine, makes its row
// a Problem naming the column and the length; the rows after it read as
// usual, and the row's raw text is cut short. A line longer than MaxLine is
// not held in memory: only its start is kept.
func TestFieldAndLineLimits(t *testing.T) {
	quoted := func(n int) string { // n bytes of content with quotes, separators and line ends inside
		var b strings.Builder
		b.WriteByte('"')
		for b.Len() < n {
			b.WriteString(`ab "" c;d `)
		}
		b.WriteByte('"')
		return b.String()
	}
	tests := []struct {
		name    string
		pre     string
		xs      int64 // then this many x
		post    string
		col     int
		problem string
	}{
		{"field at the limit", "1;", MaxField, ";3", 0, ""},
		{"field one byte over", "1;", MaxField + 1, ";3", 2, "65537 bytes long; a field may be at most 64 KB (65536 bytes)"},
		{"quoted field over", `1;2;"`, 70000, `"`, 3, "70000 bytes long; a field may be at most 64 KB (65536 bytes)"},
		{"field of 3 MB", "1;", 3 << 20, ";3", 2, "3.0 MB long; a field may be at most 64 KB (65536 bytes)"},
		{"last field of 100 MB", "1;2;", 100 << 20, "", 3, "100.0 MB long; a field may be at most 64 KB (65536 bytes)"},
		{"quoted field of 5 MB", "1;" + quoted(5<<20) + ";3", 0, "", 2, "5.0 MB long; a field may be at most 64 KB (65536 bytes)"},
		{"many fields", strings.Repeat(strings.Repeat("x", 60000)+";", 20), 1, "", 0, "the line is 1.1 MB long; a line may be at most 1 MB (1048576 bytes)"},
		{"long line inside a quoted field", "1;\"two\n", 3 << 20, "\";3", 0, "the row's line 3 is 3.0 MB long; a line may be at most 1 MB (1048576 bytes)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := io.MultiReader(strings.NewReader("a;b;c\n"+tt.pre), repeatReader('x', tt.xs), strings.NewReader(tt.post+"\r\n4;5;6\n"))
			tb, err := OpenCSV(text, 0, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer tb.Close()
			recs := allRecords(t, tb)
			if len(recs) != 3 {
				t.Fatalf("%d records", len(recs))
			}
			recs[2].Line -= strings.Count(tt.pre, "\n") // a row of more lines puts the next row later
			rec := recs[1]
			if rec.Line != 2 || rec.Problem != tt.problem || rec.ProblemCol != tt.col {
				t.Errorf("line %d: problem %q in column %d, want %q in column %d", rec.Line, rec.Problem, rec.ProblemCol, tt.problem, tt.col)
			}
			if tt.problem != "" && (len(rec.Raw) > maxRaw+len("…") || !strings.HasPrefix(rec.Raw, tt.pre[:2])) {
				t.Errorf("raw text of %d bytes: %.20q…", len(rec.Raw), rec.Raw)
			}
			if last := recs[2]; last.Line != 3 || last.Problem != "" || strings.Join(last.Fields, ",") != "4,5,6" {
				t.Errorf("the row after: line %d, %q, %.40q", last.Line, last.Problem, last.Raw)
			}
		})
	}
}

// Reason names the column of a problem by its header.
func TestRecordReason(t *testing.T) {
	rec := Record{Problem: "70000 bytes long", ProblemCol: 2}
	if got := rec.Reason([]string{"a", " Beskrivelse "}); got != `column 2 ("Beskrivelse"): 70000 bytes long` {
		t.Error(got)
	}
	if got := rec.Reason(nil); got != "column 2: 70000 bytes long" {
		t.Error(got)
	}
	if got := (Record{Problem: "whole row"}).Reason([]string{"a"}); got != "whole row" {
		t.Error(got)
	}
}

// A spreadsheet cell longer than MaxField is a Problem too.
func TestXLSXFieldLimit(t *testing.T) {
	f := excelize.NewFile()
	// A cell holds at most 32767 characters, but of up to four bytes each.
	for i, row := range [][]any{{"a", "b"}, {"1", strings.Repeat("€", 30000)}, {"2", "z"}} {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	path := writeTemp(t, "l.xlsx", "")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	tb, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	recs := allRecords(t, tb)
	if len(recs) != 3 || recs[1].ProblemCol != 2 || recs[1].Problem != "90000 bytes long; a field may be at most 64 KB (65536 bytes)" ||
		len(recs[1].Raw) > maxRaw+len("…") || recs[2].Problem != "" {
		t.Errorf("%d records; the second: problem %q in column %d, raw of %d bytes", len(recs), recs[1].Problem, recs[1].ProblemCol, len(recs[1].Raw))
	}
}

// A file that is UTF-8 apart from a row stays UTF-8 (it is not read as
// Windows-1252 for one bad row), and that row is a Problem naming the byte
// offset of the first invalid byte in the file, and its column; its text is
// made valid. A Windows-1252 file, or ASCII with one Windows-1252 letter, is
// Windows-1252.
func TestInvalidUTF8Row(t *testing.T) {
	const head = "Bilagsnr;Leverandørnavn;Beløp\n1;Bjørnstad Rør AS;10,00\n"
	bad := "2;Caf\xe9 M\xfcller;5,00\n"
	tail := "3;Ærlig Åpen;7,00\n"
	for _, tt := range []struct {
		name, text string
		opts       Options
		enc        string
		skip       int
	}{
		{"utf-8", head + bad + tail, Options{}, EncUTF8, 0},
		{"utf-8 with BOM", "\xef\xbb\xbf" + head + bad + tail, Options{}, EncUTF8BOM, 3},
		{"named utf-8 with BOM", "\xef\xbb\xbf" + head + bad + tail, Options{Encoding: "utf-8"}, EncUTF8, 3},
		{"bad row after the first MiB", head + strings.Repeat("1;Bjørnstad Rør AS;10,00\n", SniffWindow/24) + bad + tail, Options{}, EncUTF8, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tb := openText(t, []byte(tt.text), tt.opts)
			if tb.Encoding != tt.enc {
				t.Errorf("encoding %q, want %q", tb.Encoding, tt.enc)
			}
			recs := allRecords(t, tb)
			var problems []Record
			for _, r := range recs {
				if r.Problem != "" {
					problems = append(problems, r)
				}
				if !utf8.ValidString(r.Raw) || !utf8.ValidString(strings.Join(r.Fields, "")) {
					t.Errorf("line %d: not valid UTF-8: %q", r.Line, r.Raw)
				}
			}
			off := strings.Index(tt.text, "\xe9")
			want := fmt.Sprintf("invalid UTF-8 at byte offset %d of the file: 0xE9", off)
			if len(problems) != 1 || problems[0].Problem != want || problems[0].ProblemCol != 2 || problems[0].Raw != "2;Caf\uFFFD M\uFFFDller;5,00" {
				t.Fatalf("problems %+v, want one: %s", problems, want)
			}
			if first, last := recs[1], recs[len(recs)-1]; first.Fields[1] != "Bjørnstad Rør AS" || last.Fields[1] != "Ærlig Åpen" || last.Problem != "" {
				t.Errorf("rows around it: %q, %q", first.Fields, last.Fields)
			}
		})
	}
	for _, tt := range []struct{ name, text string }{
		{"windows-1252", "Bilagsnr;Leverand\xf8rnavn;Bel\xf8p\n1;Bj\xf8rnstad R\xf8r AS;10,00\n2;Caf\xe9;5,00\n"},
		{"ascii and one other byte", "date,supplier,amount\n2024-01-05,Cafe,10.00\n2024-01-06,Caf\xe9,5.00\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tb := openText(t, []byte(tt.text), Options{})
			if tb.Encoding != EncWin1252 {
				t.Errorf("encoding %q", tb.Encoding)
			}
			for _, r := range allRecords(t, tb) {
				if r.Problem != "" {
					t.Errorf("line %d: %s", r.Line, r.Problem)
				}
			}
		})
	}
}

func TestMostlyUTF8(t *testing.T) {
	for _, tt := range []struct {
		text  string
		whole bool
		want  bool
	}{
		{"a,b\n1,2\n", true, true},
		{"Beløp\n\xff\n", true, true},                // one good line, one bad
		{"Beløp\n\xff\n\xfe\n", true, false},         // more bad than good
		{"a\n\xe9\n", true, false},                   // no UTF-8 letter at all
		{"Beløp\r\xff\r", true, true},                // CR line ends
		{"Beløp\n\xff\nabc\xc3", false, true},        // a rune cut by the window
		{"Beløp\n\xff\n\xfe\nBel\xc3", false, false}, // the cut last line left out
	} {
		if got := mostlyUTF8([]byte(tt.text), tt.whole); got != tt.want {
			t.Errorf("mostlyUTF8(%q, %v) = %v", tt.text, tt.whole, got)
		}
	}
}

// quoteScan, fed a line in any pieces, finds the fields SplitRecord finds.
func FuzzQuoteScan(f *testing.F) {
	for _, s := range []string{"a,b", `"a,b",c`, `"a""b",c`, ` "x" ,y`, `"ab"cd,e`, `5" pipe,3`, `"open,`, `""`, `,,`} {
		f.Add(s, byte(','), uint8(1))
	}
	f.Fuzz(func(t *testing.T, line string, sep byte, piece uint8) {
		if sep == '"' || sep == '\n' || sep == '\r' || sep == ' ' {
			sep = ','
		}
		if strings.ContainsAny(line, "\r\n") {
			return
		}
		q := quoteScan{sep: sep}
		step := int(piece%7) + 1
		for b := []byte(line); len(b) > 0; {
			n := min(step, len(b))
			if i := q.sepAt(b[:n]); i >= 0 {
				n = i + 1
			}
			b = b[n:]
		}
		if want := len(SplitRecord(line, sep, nil)); q.field+1 != want {
			t.Errorf("%d fields, SplitRecord %d", q.field+1, want)
		}
		if q.fed != int64(len(line)) {
			t.Errorf("fed %d of %d bytes", q.fed, len(line))
		}
	})
}

// The reader's memory does not grow with a long line: it keeps MaxLine.
func TestLongLineNotHeld(t *testing.T) {
	r := newCSVReader(bufio.NewReader(io.MultiReader(strings.NewReader("a,"), repeatReader('x', 50<<20), strings.NewReader("\n1,2\n"))), ',', eolLF)
	rec, _, err := r.next(nil)
	if err != nil || rec.ProblemCol != 2 || rec.Problem != "50.0 MB long; a field may be at most 64 KB (65536 bytes)" {
		t.Fatalf("%+v, %v", rec.Problem, err)
	}
	if cap(r.buf) > 2*MaxLine {
		t.Errorf("buffer of %d bytes", cap(r.buf))
	}
	rec, _, err = r.next(nil)
	if err != nil || rec.Line != 2 || strings.Join(rec.Fields, ",") != "1,2" {
		t.Errorf("next record %+v, %v", rec, err)
	}
}

// repeatReader reads n copies of c.
func repeatReader(c byte, n int64) io.Reader {
	return io.LimitReader(byteReader(c), n)
}

type byteReader byte

func (b byteReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}
