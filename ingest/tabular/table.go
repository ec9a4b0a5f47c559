// SPDX-License-Identifier: EUPL-1.2

// Package tabular reads table files as people export them: CSV text in any
// common encoding and separator, or a sheet of an XLSX workbook or an
// OpenDocument spreadsheet (.ods). It yields records with
// their line numbers and raw text, so that importers can reject a row by
// line and keep going; Named finds a file's columns by their header names
// (with aliases, required or optional) and gives each row's fields by
// name. It knows nothing of what the columns mean. Only the importers
// under ingest and register use it: analysis code never links the
// spreadsheet library.
package tabular

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Options state what detection would otherwise decide; all optional.
type Options struct {
	Encoding  string // utf-8, windows-1252, iso-8859-1, utf-16
	Separator byte
	Sheet     string // the sheet's name in a workbook
}

// Table is an open table file.
type Table struct {
	Format    string // "csv", "xlsx" or "ods"
	Encoding  string // CSV only
	Separator byte   // CSV only
	Sheet     string // workbooks only
	// EncodingReason says why the encoding was chosen (CSV only).
	EncodingReason string
	// LineEnds says what ends the lines and how many of each the start of
	// the file has ("CR 265, CRLF 1: CR, LF and CRLF end lines"; CSV only).
	LineEnds string

	csv  *csvTable
	xlsx *xlsxTable
	ods  *odsTable
}

// Spreadsheet reports whether a table's format is a workbook's (XLSX or
// OpenDocument), whose cells hold numbers and dates as values.
func Spreadsheet(format string) bool { return format == "xlsx" || format == "ods" }

// Open opens a CSV or XLSX file, deciding which by its content.
func Open(path string, opts Options) (*Table, error) {
	xl, err := isXLSX(path)
	if err != nil {
		return nil, err
	}
	if xl {
		w, err := OpenWorkbook(path)
		if err != nil {
			return nil, err
		}
		sheet := opts.Sheet
		if sheet == "" {
			sheet = w.sheets[0]
		}
		t, err := w.table(sheet, true)
		if err != nil {
			w.Close()
			return nil, err
		}
		return t, nil
	}
	t, err := openCSV(path, opts)
	if err != nil {
		return nil, err
	}
	return t.table(), nil
}

func (t *csvTable) table() *Table {
	return &Table{Format: "csv", Encoding: t.enc, Separator: t.sep, EncodingReason: t.encReason, LineEnds: t.lineEnds, csv: t}
}

// Next returns the next non-blank record. Its fields may be appended to dst;
// the (possibly grown) dst is returned. It returns io.EOF at the end.
func (t *Table) Next(dst []string) (Record, []string, error) {
	if t.xlsx != nil {
		return t.xlsx.next(dst)
	}
	if t.ods != nil {
		return t.ods.next(dst)
	}
	return t.csv.rd.next(dst)
}

// Done is how much of the file has been read, in the unit of Total: bytes
// for CSV, rows for a workbook.
func (t *Table) Done() int64 {
	if t.xlsx != nil {
		return int64(t.xlsx.row)
	}
	if t.ods != nil {
		return int64(t.ods.row)
	}
	if t.csv.progress != nil {
		return t.csv.progress()
	}
	return t.csv.cnt.n.Load()
}

// Total is the file's size in bytes (CSV) or its rows (XLSX; 0 if unknown,
// as for an OpenDocument sheet).
func (t *Table) Total() int64 {
	if t.xlsx != nil {
		return t.xlsx.nrows
	}
	return t.csv.size
}

// Close releases the file.
func (t *Table) Close() error {
	if t.xlsx != nil {
		return t.xlsx.close()
	}
	if t.ods != nil {
		return t.ods.close()
	}
	if c, ok := t.csv.f.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

type csvTable struct {
	f         io.Reader
	cnt       *countingReader
	size      int64
	rd        *csvReader
	enc       string
	encReason string
	lineEnds  string
	sep       byte
	// progress, when set, counts what Done reports (a compressed file's
	// bytes, whose size is the Total).
	progress func() int64
}

// OpenCSV reads delimited text from r (a decompressing reader, say); size is
// r's length for progress, 0 if unknown. Closing the table closes r when it
// is an io.Closer.
func OpenCSV(r io.Reader, size int64, opts Options) (*Table, error) {
	t, err := newCSVTable(r, size, opts)
	if err != nil {
		return nil, err
	}
	return t.table(), nil
}

// openCSV opens a delimited text file, decoding it to UTF-8 and detecting the
// separator unless the options name them.
func openCSV(path string, opts Options) (*csvTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return newCSVTable(f, st.Size(), opts)
}

func newCSVTable(f io.Reader, size int64, opts Options) (*csvTable, error) {
	closeF := func() {
		if c, ok := f.(io.Closer); ok {
			c.Close()
		}
	}
	cnt := &countingReader{r: f}
	var err error
	var dec decoded
	if opts.Encoding != "" {
		dec, err = forcedDecoder(cnt, opts.Encoding)
	} else {
		dec, err = newDecoder(cnt)
	}
	if err != nil {
		closeF()
		return nil, err
	}
	const bufSize = 256 << 10
	br := bufio.NewReaderSize(dec.r, bufSize)
	window, err := br.Peek(bufSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		closeF()
		return nil, err
	}
	head := window[:min(len(window), 64<<10)]
	if len(bytes.TrimSpace(head)) == 0 {
		closeF()
		return nil, errors.New("the file is empty")
	}
	if bytes.IndexByte(head, 0) >= 0 {
		closeF()
		return nil, errors.New("this is not a text file (it contains NUL bytes); for spreadsheets use .xlsx or .ods")
	}
	eol, lineEnds := decideLineEnds(window, len(window) < bufSize)
	sep := opts.Separator
	if sep == 0 {
		if sep, err = DetectSeparator(head); err != nil {
			closeF()
			return nil, err
		}
	}
	rd := newCSVReader(br, sep, eol)
	rd.checkUTF8, rd.skip = dec.utf8, dec.skip
	return &csvTable{f: f, cnt: cnt, size: size, rd: rd, enc: dec.enc, encReason: dec.reason, lineEnds: lineEnds, sep: sep}, nil
}

// decideLineEnds decides what ends a line by counting the line ends of the
// start of the file, b (all of it when whole): lone CRs, LFs and CRLFs. With
// no lone CR, LF (and CRLF) end lines, as almost every file has it. When
// lone CRs end at least one line in twenty (old-Mac files, CR-only with a
// final CRLF, files pieced together from several), any of the three ends a
// line. Fewer lone CRs among LF lines are text inside a line, kept.
func decideLineEnds(b []byte, whole bool) (eolMode, string) {
	var cr, lf, crlf int
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\n':
			lf++
		case '\r':
			if i+1 < len(b) && b[i+1] == '\n' {
				crlf++
				i++
			} else if i+1 < len(b) || whole {
				cr++
			}
		}
	}
	var counts []string
	for _, c := range []struct {
		name string
		n    int
	}{{"CR", cr}, {"LF", lf}, {"CRLF", crlf}} {
		if c.n > 0 {
			counts = append(counts, fmt.Sprintf("%s %d", c.name, c.n))
		}
	}
	where := ""
	if !whole {
		where = " in the first 256 KB"
	}
	desc := strings.Join(counts, ", ") + where
	switch {
	case len(counts) == 0:
		return eolLF, "one line, no line end"
	case cr == 0:
		return eolLF, desc
	case lf+crlf == 0:
		return eolAny, desc + ": CR ends lines"
	case cr*20 >= cr+lf+crlf:
		return eolAny, desc + ": CR, LF and CRLF all end lines"
	}
	return eolLF, desc + ": LF ends lines; the few lone CRs are kept as text"
}

// forcedDecoder reads a file in the encoding a mapping file names.
func forcedDecoder(r io.Reader, enc string) (decoded, error) {
	const why = "set in the mapping file"
	switch strings.ToLower(enc) {
	case "utf-8", "utf8":
		br := bufio.NewReader(r)
		if b, _ := br.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
			if _, err := br.Discard(3); err != nil {
				return decoded{}, err
			}
			return decoded{r: br, enc: EncUTF8, reason: why, utf8: true, skip: 3}, nil
		}
		return decoded{r: br, enc: EncUTF8, reason: why, utf8: true}, nil
	case "windows-1252", "cp1252":
		return decoded{r: transform.NewReader(r, charmap.Windows1252.NewDecoder()), enc: EncWin1252, reason: why}, nil
	case "iso-8859-1", "latin1", "latin-1":
		return decoded{r: transform.NewReader(r, charmap.ISO8859_1.NewDecoder()), enc: "iso-8859-1", reason: why}, nil
	case "cp850", "ibm850":
		return decoded{r: transform.NewReader(r, charmap.CodePage850.NewDecoder()), enc: EncCP850, reason: why}, nil
	case "cp437", "ibm437":
		return decoded{r: transform.NewReader(r, charmap.CodePage437.NewDecoder()), enc: EncCP437, reason: why}, nil
	case "macintosh", "mac-roman", "macroman":
		return decoded{r: transform.NewReader(r, charmap.Macintosh.NewDecoder()), enc: EncMac, reason: why}, nil
	case "utf-16":
		return decoded{r: transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()), enc: "utf-16", reason: why}, nil
	}
	return decoded{}, fmt.Errorf("unknown encoding %q", enc)
}

type xlsxTable struct {
	f     *excelize.File
	owned bool // closing the table closes the workbook
	rows  *excelize.Rows
	sheet string
	row   int
	nrows int64
}

// Spreadsheet limits: a workbook that unpacks to far more than its size is
// refused as a possible zip bomb.
const (
	xlsxMaxUnzipped = 4 << 30
	xlsxMaxRatio    = 200
)

// Workbook is an open workbook, XLSX or OpenDocument, whose sheets open as
// tables.
type Workbook struct {
	f      *excelize.File
	ods    *odsBook
	sheets []string
}

// OpenWorkbook opens an XLSX workbook or an OpenDocument spreadsheet.
func OpenWorkbook(path string) (*Workbook, error) {
	if isODS(path) {
		b, err := openODS(path)
		if err != nil {
			return nil, err
		}
		return &Workbook{ods: b, sheets: b.sheets}, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	limit := min(int64(xlsxMaxUnzipped), max(st.Size()*xlsxMaxRatio, 64<<20))
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: limit, UnzipXMLSizeLimit: min(limit, 16<<20)})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return nil, fmt.Errorf("the spreadsheet unpacks to more than %d MB: refused as a possible zip bomb", limit>>20)
		}
		return nil, fmt.Errorf("not a readable XLSX workbook or OpenDocument spreadsheet: %w", err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, errors.New("the workbook has no sheets")
	}
	return &Workbook{f: f, sheets: sheets}, nil
}

// Sheets lists the workbook's sheets in their order.
func (w *Workbook) Sheets() []string { return w.sheets }

// Hidden reports whether a sheet is hidden.
func (w *Workbook) Hidden(sheet string) bool {
	if w.ods != nil {
		return w.ods.hidden[sheet]
	}
	visible, err := w.f.GetSheetVisible(sheet)
	return err == nil && !visible
}

// Table opens a sheet as a table (its name compared without case).
// Closing the table leaves the workbook open.
func (w *Workbook) Table(sheet string) (*Table, error) { return w.table(sheet, false) }

func (w *Workbook) table(name string, owned bool) (*Table, error) {
	sheet := ""
	for _, s := range w.sheets {
		if strings.EqualFold(s, name) {
			sheet = s
		}
	}
	if sheet == "" {
		return nil, fmt.Errorf("no sheet %q in the workbook (sheets: %s)", name, strings.Join(w.sheets, ", "))
	}
	if w.ods != nil {
		t, err := w.ods.table(sheet, owned)
		if err != nil {
			return nil, err
		}
		return &Table{Format: "ods", Sheet: sheet, ods: t}, nil
	}
	t, err := w.sheet(sheet, owned)
	if err != nil {
		return nil, err
	}
	return &Table{Format: "xlsx", Sheet: t.sheet, xlsx: t}, nil
}

// Close releases the workbook.
func (w *Workbook) Close() error {
	if w.ods != nil {
		return w.ods.close()
	}
	return w.f.Close()
}

func (w *Workbook) sheet(sheet string, owned bool) (*xlsxTable, error) {
	rows, err := w.f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("sheet %q: %w", sheet, err)
	}
	var nrows int64
	if dim, err := w.f.GetSheetDimension(sheet); err == nil {
		if _, last, ok := strings.Cut(dim, ":"); ok {
			if _, r, err := excelize.CellNameToCoordinates(last); err == nil {
				nrows = int64(r)
			}
		}
	}
	return &xlsxTable{f: w.f, owned: owned, rows: rows, sheet: sheet, nrows: nrows}, nil
}

func (t *xlsxTable) next(dst []string) (Record, []string, error) {
	for t.rows.Next() {
		t.row++
		cells, err := t.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return Record{}, dst, fmt.Errorf("sheet %q row %d: %w", t.sheet, t.row, err)
		}
		blank := true
		for i, c := range cells {
			cells[i] = strings.TrimSpace(c)
			if cells[i] != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		return cellsRecord(t.row, cells), dst, nil
	}
	if err := t.rows.Error(); err != nil {
		return Record{}, dst, fmt.Errorf("sheet %q: %w", t.sheet, err)
	}
	return Record{}, dst, io.EOF
}

func (t *xlsxTable) close() error {
	err := t.rows.Close()
	if t.owned {
		if cerr := t.f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// cellsRecord is a spreadsheet row's record: its cells, their raw text, and
// the first cell longer than MaxField as its problem.
func cellsRecord(line int, cells []string) Record {
	rec := Record{Line: line, Raw: joinCSV(cells), Fields: cells}
	for i, c := range cells {
		if len(c) > MaxField {
			rec.Problem, rec.ProblemCol, rec.Raw = fieldTooLong(int64(len(c))), i+1, clipRaw(rec.Raw)
			break
		}
	}
	return rec
}

// joinCSV writes cells as one CSV line, the raw text of a spreadsheet row.
func joinCSV(cells []string) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(cells)
	w.Flush()
	return strings.TrimRight(b.String(), "\r\n")
}

// FileSHA256 returns the hexadecimal SHA-256 of a file's content, which
// identifies an imported file in the batch records.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// IsWorkbook reports whether the file is a workbook, XLSX or OpenDocument
// (starts like a zip archive); an old binary Excel file is an error saying
// what to do.
func IsWorkbook(path string) (bool, error) { return isXLSX(path) }

// isXLSX reports whether the file starts like a zip archive (an XLSX workbook).
func isXLSX(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	var magic [4]byte
	n, _ := io.ReadFull(f, magic[:])
	if n == 4 && string(magic[:]) == "PK\x03\x04" {
		return true, nil
	}
	if n >= 4 && bytes.Equal(magic[:], []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return false, errors.New("this is an old binary Excel file (.xls); save it as .xlsx or CSV")
	}
	return false, nil
}
