// SPDX-License-Identifier: EUPL-1.2

package tabular

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// OpenDocument spreadsheets (.ods, ISO/IEC 26300), as LibreOffice and the
// public bodies that publish in open formats write them: a zip archive
// whose "mimetype" entry names the format and whose content.xml holds the
// sheets (table:table), their rows (table:table-row) and cells
// (table:table-cell), rows and cells repeated by a count.

const (
	odsMimetype = "application/vnd.oasis.opendocument.spreadsheet"
	nsTable     = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsOffice    = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsText      = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsStyle     = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
	// odsMaxColumns bounds a row's cells: the format's own limit.
	odsMaxColumns = 16384
	// odsMaxRepeated bounds the cells a repeated row with content stands
	// for: a few bytes of XML must not become billions of cells.
	odsMaxRepeated = 1 << 24
)

// odsBook is an open OpenDocument spreadsheet.
type odsBook struct {
	zr      *zip.ReadCloser
	content *zip.File
	limit   int64
	sheets  []string
	hidden  map[string]bool
}

// isODS reports whether a zip archive is an OpenDocument spreadsheet: its
// mimetype entry says so.
func isODS(path string) bool {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return false
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != "mimetype" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		b, _ := io.ReadAll(io.LimitReader(rc, 100))
		return strings.TrimSpace(string(b)) == odsMimetype
	}
	return false
}

// openODS opens an OpenDocument spreadsheet and lists its sheets (a first
// pass over content.xml, which also finds the hidden ones).
func openODS(path string) (*odsBook, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("not a readable OpenDocument spreadsheet: %w", err)
	}
	b := &odsBook{zr: zr, limit: min(int64(xlsxMaxUnzipped), max(st.Size()*xlsxMaxRatio, 64<<20)), hidden: map[string]bool{}}
	for _, f := range zr.File {
		if f.Name == "content.xml" {
			b.content = f
		}
	}
	if b.content == nil {
		zr.Close()
		return nil, errors.New("not a readable OpenDocument spreadsheet: it has no content.xml")
	}
	if b.content.UncompressedSize64 > uint64(b.limit) {
		zr.Close()
		return nil, fmt.Errorf("the spreadsheet unpacks to more than %d MB: refused as a possible zip bomb", b.limit>>20)
	}
	if err := b.list(); err != nil {
		zr.Close()
		return nil, err
	}
	if len(b.sheets) == 0 {
		zr.Close()
		return nil, errors.New("the spreadsheet has no sheets")
	}
	return b, nil
}

// open opens content.xml for reading, no more than its limit.
func (b *odsBook) open() (io.ReadCloser, *xml.Decoder, error) {
	rc, err := b.content.Open()
	if err != nil {
		return nil, nil, fmt.Errorf("content.xml: %w", err)
	}
	d := xml.NewDecoder(io.LimitReader(rc, b.limit))
	d.Strict = true
	return rc, d, nil
}

func attr(e xml.StartElement, space, local string) string {
	for _, a := range e.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// list finds the sheets' names and which are hidden (a table style whose
// table:display is false).
func (b *odsBook) list() error {
	rc, d, err := b.open()
	if err != nil {
		return err
	}
	defer rc.Close()
	hiddenStyles := map[string]bool{}
	style := ""
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("content.xml: %w", err)
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case e.Name.Space == nsStyle && e.Name.Local == "style":
			style = attr(e, nsStyle, "name")
		case e.Name.Space == nsStyle && e.Name.Local == "table-properties":
			if attr(e, nsTable, "display") == "false" {
				hiddenStyles[style] = true
			}
		case e.Name.Space == nsTable && e.Name.Local == "table":
			name := attr(e, nsTable, "name")
			b.sheets = append(b.sheets, name)
			b.hidden[name] = hiddenStyles[attr(e, nsTable, "style-name")]
			if err := d.Skip(); err != nil {
				return fmt.Errorf("content.xml, sheet %q: %w", name, err)
			}
		}
	}
}

// table opens a sheet for reading its rows.
func (b *odsBook) table(sheet string, owned bool) (*odsTable, error) {
	rc, d, err := b.open()
	if err != nil {
		return nil, err
	}
	for {
		tok, err := d.Token()
		if err != nil {
			rc.Close()
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("no sheet %q in the spreadsheet", sheet)
			}
			return nil, fmt.Errorf("content.xml: %w", err)
		}
		if e, ok := tok.(xml.StartElement); ok && e.Name.Space == nsTable && e.Name.Local == "table" && attr(e, nsTable, "name") == sheet {
			return &odsTable{book: b, rc: rc, d: d, sheet: sheet, owned: owned}, nil
		}
	}
}

func (b *odsBook) close() error { return b.zr.Close() }

// odsTable reads one sheet's rows.
type odsTable struct {
	book  *odsBook
	rc    io.ReadCloser
	d     *xml.Decoder
	sheet string
	owned bool // closing the table closes the book
	row   int  // rows passed, repeats counted: the row number of the last read
	// A row with content repeated: the cells, and how many more times.
	again []string
	left  int
	done  bool
}

func (t *odsTable) next(dst []string) (Record, []string, error) {
	for {
		if t.left > 0 {
			t.left--
			t.row++
			return cellsRecord(t.row, append([]string(nil), t.again...)), dst, nil
		}
		if t.done {
			return Record{}, dst, io.EOF
		}
		tok, err := t.d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return Record{}, dst, fmt.Errorf("sheet %q after row %d: %w", t.sheet, t.row, err)
		}
		switch e := tok.(type) {
		case xml.EndElement:
			if e.Name.Space == nsTable && e.Name.Local == "table" {
				t.done = true
			}
		case xml.StartElement:
			if e.Name.Space != nsTable || e.Name.Local != "table-row" {
				continue // header-rows, row-groups and columns hold rows or nothing to read
			}
			n := repeat(e, "number-rows-repeated")
			cells, err := t.cells()
			if err != nil {
				return Record{}, dst, fmt.Errorf("sheet %q row %d: %w", t.sheet, t.row+1, err)
			}
			if len(cells) == 0 {
				t.row += n // blank rows, often a million of them at the end
				continue
			}
			if n > 1 && len(cells)*n > odsMaxRepeated {
				return Record{}, dst, fmt.Errorf("sheet %q row %d: a row of %d cells repeated %d times: refused as a possible zip bomb", t.sheet, t.row+1, len(cells), n)
			}
			t.again, t.left = cells, n
		}
	}
}

// repeat is a row's or cell's repeat count (1 when not given).
func repeat(e xml.StartElement, name string) int {
	n, err := strconv.Atoi(attr(e, nsTable, name))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// cells reads a row's cells to its end: trimmed, the empty ones at the end
// left out (none at all for a blank row).
func (t *odsTable) cells() ([]string, error) {
	var cells []string
	blanks := 0 // empty cells not yet added: added only before a cell with content
	for {
		tok, err := t.d.Token()
		if err != nil {
			return nil, err
		}
		switch e := tok.(type) {
		case xml.EndElement:
			if e.Name.Space == nsTable && e.Name.Local == "table-row" {
				return cells, nil
			}
		case xml.StartElement:
			if e.Name.Space != nsTable || (e.Name.Local != "table-cell" && e.Name.Local != "covered-table-cell") {
				if err := t.d.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			n := repeat(e, "number-columns-repeated")
			v, err := t.value(e)
			if err != nil {
				return nil, err
			}
			if v == "" {
				blanks += n
				continue
			}
			if len(cells)+blanks+n > odsMaxColumns {
				return nil, fmt.Errorf("more than %d columns", odsMaxColumns)
			}
			for ; blanks > 0; blanks-- {
				cells = append(cells, "")
			}
			for range n {
				cells = append(cells, v)
			}
		}
	}
}

// value reads a cell to its end: a number, percentage or currency as its
// value (1234.5, as a spreadsheet's raw value), a date as yyyy-mm-dd (with
// its time when it has one), a boolean as true or false, else its text
// (paragraphs on lines of their own, spaces and tabs as written).
func (t *odsTable) value(e xml.StartElement) (string, error) {
	var v string
	switch attr(e, nsOffice, "value-type") {
	case "float", "percentage", "currency":
		v = attr(e, nsOffice, "value")
	case "date":
		v = strings.TrimSuffix(attr(e, nsOffice, "date-value"), "T00:00:00")
	case "boolean":
		v = attr(e, nsOffice, "boolean-value")
	}
	var text strings.Builder
	paragraphs, inPara := 0, 0
	depth := 1
	for depth > 0 {
		tok, err := t.d.Token()
		if err != nil {
			return "", err
		}
		switch x := tok.(type) {
		case xml.StartElement:
			depth++
			if x.Name.Space != nsText {
				if x.Name.Space == nsOffice && x.Name.Local == "annotation" {
					if err := t.d.Skip(); err != nil { // a comment, not the cell's value
						return "", err
					}
					depth--
				}
				continue
			}
			switch x.Name.Local {
			case "p", "h":
				if paragraphs > 0 {
					text.WriteByte('\n')
				}
				paragraphs++
				inPara++
			case "s":
				c, err := strconv.Atoi(attr(x, nsText, "c"))
				if err != nil || c < 1 {
					c = 1
				}
				text.WriteString(strings.Repeat(" ", min(c, 1000)))
			case "tab":
				text.WriteByte('\t')
			case "line-break":
				text.WriteByte('\n')
			}
		case xml.EndElement:
			depth--
			if x.Name.Space == nsText && (x.Name.Local == "p" || x.Name.Local == "h") {
				inPara--
			}
		case xml.CharData:
			if inPara == 0 {
				continue // the layout's white space between elements
			}
			// kept long enough to be refused by the record's check
			if room := MaxField + 1 - text.Len(); room > 0 {
				text.Write(x[:min(room, len(x))])
			}
		}
	}
	if v == "" {
		v = text.String()
	}
	return strings.TrimSpace(v), nil
}

func (t *odsTable) close() error {
	err := t.rc.Close()
	if t.owned {
		if cerr := t.book.close(); err == nil {
			err = cerr
		}
	}
	return err
}
