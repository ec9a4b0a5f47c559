// SPDX-License-Identifier: EUPL-1.2

// Package tables turns the indicator engine's results, the supplier list
// and the ledger lines into named tables, and writes them as CSV or XLSX.
// Every table of the dashboards and the annual report can be downloaded.
//
// CSV is for machines: a header of stable snake_case column keys, amounts
// as exact decimals ("1234.50"), shares as fractions (0.4312). Norwegian
// readers' CSV (WriteLocalCSV) is for a Norwegian spreadsheet: a byte-order
// mark, headers in bokmål, ";" between fields and decimal commas
// ("1234,50"), as Excel and LibreOffice read it in a Norwegian locale.
// XLSX is for people: headers in the reader's language, amounts and shares
// as numbers with number formats, so that they sum and sort in a
// spreadsheet.
package tables

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
)

// Kind says how a column's values are written.
type Kind int

// Column kinds.
const (
	Text  Kind = iota // string
	Money             // cityspend.Amount
	Share             // float64 fraction 0–1
	Count             // int64 or int
	Ratio             // float64, written with four decimals
)

// Column is one column: its stable key, the catalogue message of its
// heading, and its kind.
type Column struct {
	Key, Msg string
	Kind     Kind
}

// Table is a named table whose rows are produced by Each, so that large
// tables (ledger lines) stream.
type Table struct {
	Name    string
	Columns []Column
	// Each calls emit for every row, in order; values match the columns.
	Each func(emit func(row []any) error) error
	// Rows counts the rows Each emits without producing them, so that a
	// table too long for a worksheet is refused before any work (nil: not
	// known in advance).
	Rows func() (int64, error)
}

// inMemory is a table of rows already in memory.
func inMemory(name string, cols []Column, rs [][]any) *Table {
	return &Table{Name: name, Columns: cols, Each: func(emit func([]any) error) error {
		for _, r := range rs {
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	}, Rows: func() (int64, error) { return int64(len(rs)), nil }}
}

// csvValue writes one value for CSV.
func csvValue(k Kind, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case cityspend.Amount:
		return x.String()
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		if k == Share {
			return strconv.FormatFloat(x, 'f', 6, 64)
		}
		return strconv.FormatFloat(x, 'f', 4, 64)
	}
	return fmt.Sprint(v)
}

// neutralise makes a text cell safe to open in a spreadsheet (CSV
// injection, as OWASP describes it): a cell beginning with = + - @, a tab,
// a carriage return or NUL would be read as a formula, so it gets a
// leading single quote, which spreadsheets take as "this is text". A cell
// that is exactly a decimal number ("-1234.50") is a number, not a
// formula, and is left as it is. It reports whether it changed the cell.
func neutralise(s string) (string, bool) {
	if s == "" {
		return s, false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', 0:
		if decimal(s) {
			return s, false
		}
		return "'" + s, true
	}
	return s, false
}

// decimal reports whether s is a plain decimal number: an optional sign,
// digits, and optionally a point and digits.
func decimal(s string) bool {
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	digits := func(t string) bool {
		if t == "" {
			return false
		}
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return false
			}
		}
		return true
	}
	whole, frac, point := strings.Cut(s, ".")
	return digits(whole) && (!point || digits(frac))
}

// csvWriter writes RFC 4180 records with "\n" line ends, as encoding/csv
// does, but quotes a field whenever a spreadsheet could split it or read
// it as a formula: one holding a comma, a semicolon (the list separator of
// Norwegian and many other locales), a tab, a quote or a line break, one
// beginning with a space, and every neutralised cell. sep is the field
// separator; comma says numbers are written with decimal commas.
type csvWriter struct {
	w     *bufio.Writer
	sep   byte
	comma bool
}

func (c csvWriter) write(fields []string, quote []bool) error {
	for i, f := range fields {
		if i > 0 {
			c.w.WriteByte(c.sep)
		}
		// A number with a decimal comma, in a file separated by ";", is
		// left as a number.
		number := c.comma && f != "" && decimal(strings.Replace(f, ",", ".", 1))
		if !quote[i] && (number || !strings.ContainsAny(f, ",;\t\"\r\n") && (f == "" || f[0] != ' ')) {
			c.w.WriteString(f)
			continue
		}
		c.w.WriteByte('"')
		c.w.WriteString(strings.ReplaceAll(f, `"`, `""`))
		c.w.WriteByte('"')
	}
	return c.w.WriteByte('\n')
}

// WriteCSV writes a table as CSV with a header of column keys, row by row
// as Each produces them. Text cells are neutralised (neutralise); numbers
// are written as numbers.
func WriteCSV(w io.Writer, t *Table) error {
	return writeCSV(csvWriter{w: bufio.NewWriterSize(w, 32<<10), sep: ','}, t, nil)
}

// WriteLocalCSV writes a table as CSV for a spreadsheet in the reader's
// locale: for Norwegian a byte-order mark (so that Excel reads UTF-8),
// headers in bokmål, ";" between fields and decimal commas; for English
// what WriteCSV writes.
func WriteLocalCSV(w io.Writer, t *Table, l *i18n.Locale) error {
	if l == nil || l.Lang != "nb" {
		return WriteCSV(w, t)
	}
	cw := csvWriter{w: bufio.NewWriterSize(w, 32<<10), sep: ';', comma: true}
	if _, err := cw.w.WriteString("\uFEFF"); err != nil {
		return err
	}
	return writeCSV(cw, t, l)
}

// writeCSV writes the header (column keys, or headings in l's language)
// and the rows.
func writeCSV(cw csvWriter, t *Table, l *i18n.Locale) error {
	head := make([]string, len(t.Columns))
	quote := make([]bool, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Key
		if l != nil {
			head[i], quote[i] = neutralise(l.T(c.Msg))
		}
	}
	if err := cw.write(head, quote); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	err := t.Each(func(row []any) error {
		for i, c := range t.Columns {
			rec[i], quote[i] = csvValue(c.Kind, row[i]), false
			if c.Kind == Text {
				rec[i], quote[i] = neutralise(rec[i])
			} else if cw.comma {
				rec[i] = strings.Replace(rec[i], ".", ",", 1)
			}
		}
		return cw.write(rec, quote)
	})
	if err != nil {
		return fmt.Errorf("table %s: %w", t.Name, err)
	}
	return cw.w.Flush()
}

// TooManyRowsError refuses a table longer than a worksheet.
type TooManyRowsError struct {
	Rows int64 // the table's rows (at least, when counted as they came)
	Max  int64
}

func (e *TooManyRowsError) Error() string {
	return fmt.Sprintf("%d rows do not fit a worksheet (at most %d): download CSV or narrow the filters", e.Rows, e.Max)
}

// Unwrap makes the refusal an invalid request.
func (e *TooManyRowsError) Unwrap() error {
	return &cityspend.Error{Code: cityspend.EINVALID, Message: e.Error()}
}

// MaxXLSXRows is a worksheet's row limit less the heading.
const MaxXLSXRows = 1_048_575

// WriteXLSX writes a table as a workbook with one sheet, headings in the
// locale's language, numbers as numbers and text as text (inline strings,
// never formulas). A table longer than a worksheet is refused
// (*TooManyRowsError) before anything is written when its Rows are known.
// The rows go through excelize's stream writer (a temporary file beyond
// 16 MB) and the workbook is zipped straight into w, so memory stays flat
// however long the table.
func WriteXLSX(w io.Writer, t *Table, l *i18n.Locale) error {
	if t.Rows != nil {
		n, err := t.Rows()
		if err != nil {
			return fmt.Errorf("table %s: %w", t.Name, err)
		}
		if n > MaxXLSXRows {
			return &TooManyRowsError{Rows: n, Max: MaxXLSXRows}
		}
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Name
	if len(sheet) > 31 {
		sheet = sheet[:31]
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return err
	}
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		return err
	}
	count, err := f.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
	if err != nil {
		return err
	}
	head := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = excelize.Cell{StyleID: bold, Value: l.T(c.Msg)}
		width := 14.0
		if c.Kind == Text {
			width = 28
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	n := 1
	cells := make([]any, len(t.Columns))
	err = t.Each(func(row []any) error {
		if n > MaxXLSXRows {
			return &TooManyRowsError{Rows: int64(n), Max: MaxXLSXRows}
		}
		n++
		for i, c := range t.Columns {
			switch x := row[i].(type) {
			case cityspend.Amount:
				// The decimal string converts exactly; a spreadsheet keeps
				// 15 significant digits, enough for any municipal amount.
				v, _ := strconv.ParseFloat(x.String(), 64)
				cells[i] = excelize.Cell{StyleID: money, Value: v}
			case float64:
				if c.Kind == Share {
					cells[i] = excelize.Cell{StyleID: pct, Value: x}
				} else {
					cells[i] = x
				}
			case int64, int:
				cells[i] = excelize.Cell{StyleID: count, Value: x}
			default:
				cells[i] = row[i]
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return fmt.Errorf("table %s: %w", t.Name, err)
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	// excelize zips a workbook into a buffer of its own and then copies
	// it; its zip writer, set to write to w, skips the buffer. (What it
	// would patch in that buffer concerns parts beyond 4 GB, which a
	// worksheet's rows of ledger lines do not reach.)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	_, err = f.WriteTo(io.Discard)
	return err
}
