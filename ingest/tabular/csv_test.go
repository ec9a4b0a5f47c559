// SPDX-License-Identifier: EUPL-1.2

package tabular

import (
	"bufio"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func readRecords(t *testing.T, text string, sep byte) []Record {
	t.Helper()
	return readRecordsEOL(t, text, sep, eolLF)
}

func readRecordsEOL(t *testing.T, text string, sep byte, eol eolMode) []Record {
	t.Helper()
	r := newCSVReader(bufio.NewReader(strings.NewReader(text)), sep, eol)
	var out []Record
	for {
		rec, _, err := r.next(nil)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
}

func TestCSVRecords(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		sep    byte
		fields [][]string
		lines  []int
	}{
		{"plain", "a,b,c\n1,2,3\n", ',', [][]string{{"a", "b", "c"}, {"1", "2", "3"}}, []int{1, 2}},
		{"crlf", "a;b\r\n1;2\r\n", ';', [][]string{{"a", "b"}, {"1", "2"}}, []int{1, 2}},
		{"no final newline", "a|b\n1|2", '|', [][]string{{"a", "b"}, {"1", "2"}}, []int{1, 2}},
		{"tab", "a\tb\n1\t2\n", '\t', [][]string{{"a", "b"}, {"1", "2"}}, []int{1, 2}},
		{"quoted separator", "a,\"b,c\",d\n", ',', [][]string{{"a", "b,c", "d"}}, []int{1}},
		{"escaped quote", "\"say \"\"hi\"\"\",x\n", ',', [][]string{{`say "hi"`, "x"}}, []int{1}},
		{"multi-line field", "a,\"line 1\nline 2\",b\nc,d,e\n", ',', [][]string{{"a", "line 1\nline 2", "b"}, {"c", "d", "e"}}, []int{1, 3}},
		{"blank lines skipped", "a,b\n\n  \n1,2\n\n\n", ',', [][]string{{"a", "b"}, {"1", "2"}}, []int{1, 4}},
		{"stray quote in unquoted field", "5\" pipe,3\n", ',', [][]string{{`5" pipe`, "3"}}, []int{1}},
		{"blanks around quoted field", "a; \"b;c\" ;d\n", ';', [][]string{{"a", "b;c", "d"}}, []int{1}},
		{"empty fields", ",,x,,\n", ',', [][]string{{"", "", "x", "", ""}}, []int{1}},
		{"text after closing quote", "\"ab\"cd,e\n", ',', [][]string{{"abcd", "e"}}, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := readRecords(t, tt.text, tt.sep)
			var fields [][]string
			var lines []int
			for _, r := range recs {
				fields = append(fields, r.Fields)
				lines = append(lines, r.Line)
			}
			if !reflect.DeepEqual(fields, tt.fields) || !reflect.DeepEqual(lines, tt.lines) {
				t.Errorf("got %q at lines %v, want %q at %v", fields, lines, tt.fields, tt.lines)
			}
		})
	}
}

// In eolAny mode a lone CR, an LF and a CRLF each end one line, also when
// the reader's buffer cuts a CRLF in two, and quoted fields keep theirs.
func TestCSVLineEnds(t *testing.T) {
	text := "a,b\r1,2\r3,\"x\ry\"\r\n4,5\n6,7\r\n\r\n8,9\r"
	want := [][]string{{"a", "b"}, {"1", "2"}, {"3", "x\ry"}, {"4", "5"}, {"6", "7"}, {"8", "9"}}
	lines := []int{1, 2, 3, 5, 6, 8}
	for _, size := range []int{16, 17, 4096} {
		r := newCSVReader(bufio.NewReaderSize(strings.NewReader(text), size), ',', eolAny)
		var got [][]string
		var at []int
		for {
			rec, _, err := r.next(nil)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got, at = append(got, rec.Fields), append(at, rec.Line)
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(at, lines) {
			t.Errorf("buffer %d: %q at lines %v, want %q at %v", size, got, at, want, lines)
		}
	}
	// In LF mode a lone CR is text.
	recs := readRecords(t, "a,b\nx\ry,2\n", ',')
	if len(recs) != 2 || recs[1].Fields[0] != "x\ry" {
		t.Errorf("LF mode: %+v", recs)
	}
}

// decideLineEnds counts: CR-only with a final CRLF and mixed files read
// with every line end; a few lone CRs in an LF file stay text.
func TestDecideLineEnds(t *testing.T) {
	for _, tt := range []struct {
		text string
		want eolMode
		desc string
	}{
		{"a,b\n1,2\n", eolLF, "LF 2"},
		{"a,b\r\n1,2\r\n", eolLF, "CRLF 2"},
		{"a,b\r1,2\r3,4\r\n", eolAny, "CR 2, CRLF 1: CR, LF and CRLF all end lines"},
		{"a,b\r1,2\r", eolAny, "CR 2: CR ends lines"},
		{"a\nb\r\nc\rd\n", eolAny, "CR 1, LF 2, CRLF 1: CR, LF and CRLF all end lines"},
		{strings.Repeat("a,b\n", 30) + "x\ry\n", eolLF, "CR 1, LF 31: LF ends lines; the few lone CRs are kept as text"},
		{"a,b", eolLF, "one line, no line end"},
	} {
		eol, desc := decideLineEnds([]byte(tt.text), true)
		if eol != tt.want || desc != tt.desc {
			t.Errorf("%q: %d %q, want %d %q", tt.text, eol, desc, tt.want, tt.desc)
		}
	}
}

func TestCSVUnterminatedQuote(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,\"never closed,b\n")
	for i := 0; i < maxRecordLines+5; i++ {
		b.WriteString("x,y,z\n")
	}
	recs := readRecords(t, b.String(), ',')
	if len(recs) != maxRecordLines+6 {
		t.Fatalf("got %d records, want %d: the stray quote's line alone, then every other line", len(recs), maxRecordLines+6)
	}
	if recs[0].Problem == "" || recs[0].Line != 1 {
		t.Errorf("first record: %+v, want a problem at line 1", recs[0])
	}
	if recs[1].Line != 2 || !reflect.DeepEqual(recs[1].Fields, []string{"x", "y", "z"}) {
		t.Errorf("second record: %+v", recs[1])
	}
}

func TestDetectSeparator(t *testing.T) {
	tests := []struct {
		text string
		want byte
	}{
		{"a,b,c\n1,2,3\n", ','},
		{"a;b;c\n1,5;2,5;3\n", ';'},
		{"a\tb\tc\n1\t2\t3\n", '\t'},
		{"a|b|c\n1|2|3\n", '|'},
		{"Report of payments\n\na;b;c\n1;2;3\n4;5;6\n", ';'},
		{"\"a,x\";b;c\n1;2;3\n", ';'},
	}
	for _, tt := range tests {
		got, err := DetectSeparator([]byte(tt.text))
		if err != nil || got != tt.want {
			t.Errorf("DetectSeparator(%q) = %q, %v; want %q", tt.text, got, err, tt.want)
		}
	}
	if _, err := DetectSeparator([]byte("just one column\nof text\n")); err == nil {
		t.Error("a file without separators must be an error")
	}
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "\"x\ny\",z\r\n", "a,\"b\n", "\"\"\"\",\n,,\n", "a;b\r\rc", "a,b\r1,2\r3,4\r\n", "a\rb\nc\r\nd"} {
		f.Add(s, byte(','))
	}
	f.Fuzz(func(t *testing.T, text string, sep byte) {
		if sep == '"' || sep == '\n' || sep == '\r' || sep == 0 || sep >= 0x80 {
			sep = ','
		}
		eol := eolMode(len(text) % 3 % 2) // both modes
		r := newCSVReader(bufio.NewReaderSize(strings.NewReader(text), 16), sep, eol)
		r.checkUTF8 = len(text)%2 == 0 // UTF-8 read as it is: rows with invalid UTF-8 are problems
		last := 0
		physical := strings.Count(text, "\n") + 1
		if eol == eolAny { // CRLF is one line end, even when the small buffer cuts it
			one := strings.ReplaceAll(text, "\r\n", "\n")
			physical = strings.Count(one, "\r") + strings.Count(one, "\n") + 1
		}
		for i := 0; ; i++ {
			rec, _, err := r.next(nil)
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rec.Line <= last || rec.Line > physical {
				t.Fatalf("record %d at line %d after line %d (of %d)", i, rec.Line, last, physical)
			}
			last = rec.Line
			if len(rec.Fields) == 0 {
				t.Fatal("a record without fields")
			}
			if utf8.ValidString(text) && !utf8.ValidString(rec.Raw) {
				t.Fatal("raw text of valid input is not valid UTF-8")
			}
			if r.checkUTF8 && (!utf8.ValidString(rec.Raw) || !utf8.ValidString(strings.Join(rec.Fields, ""))) {
				t.Fatalf("record of invalid UTF-8 passed on: %q (problem %q)", rec.Raw, rec.Problem)
			}
			if i > len(text)+1 {
				t.Fatal("more records than bytes")
			}
		}
	})
}
