// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
)

// Mapping is what a user states about a file in a mapping file (--map); every
// part is optional and overrides what the importer would detect.
//
//	# lines: key = value; '#' starts a comment
//	header_row   = 3              # physical line (CSV) or row (XLSX) of the header; 0 = none
//	sheet        = Leverandører   # XLSX sheet name
//	separator    = ;              # , ; | or "tab"
//	encoding     = windows-1252   # utf-8, windows-1252, iso-8859-1, cp850, cp437, macintosh, utf-16
//	decimal      = ,              # for every amount column: , or .
//	date_format  = dd.mm.yyyy     # for every date column
//	supplier_name = Leverandørnavn   # field = header text, or #N for column N (1-based)
//	amount        = #7
//	amount.decimal = ,               # per field
//	payment_date.date_format = mm/dd/yyyy
//	ignore = Kommentar               # a column that must not be mapped (or #N)
type Mapping struct {
	HeaderRow  *int
	Sheet      string
	Separator  byte
	Encoding   string
	Decimal    byte
	DateFormat DateFormat
	Columns    map[Field]ColumnRef
	FieldDec   map[Field]byte
	FieldDate  map[Field]DateFormat
	Ignore     []string
	Source     string // file name, for messages
	// exact is set on a mapping that states every column (one made from a
	// batch's layout): nothing more is detected.
	exact bool
	// noSerial carries a batch's date columns whose bare numbers were not
	// read as dates, so that reading the file again reads it as before.
	noSerial map[Field]bool
	// codeNames carries a batch's columns of a code and its name in one
	// (Layout.CodeNames), so that its file reads as it did.
	codeNames []Field
}

// ColumnRef names a column by header text or by 1-based position.
type ColumnRef struct {
	Header string
	Index  int // 1-based; 0 when named by header
}

func (c ColumnRef) String() string {
	if c.Index > 0 {
		return "#" + strconv.Itoa(c.Index)
	}
	return strconv.Quote(c.Header)
}

// LoadMapping reads a mapping file.
func LoadMapping(path string) (*Mapping, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	defer f.Close()
	m, err := ParseMapping(f, path)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// ParseMapping parses the mapping file format; name is used in messages.
func ParseMapping(r io.Reader, name string) (*Mapping, error) {
	m := &Mapping{Columns: map[Field]ColumnRef{}, FieldDec: map[Field]byte{}, FieldDate: map[Field]DateFormat{}, Source: name}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := stripComment(sc.Text())
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: expected key = value, got %q", name, n, line)
		}
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		val = strings.Trim(val, `"`)
		bad := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s: %s", name, n, key, fmt.Sprintf(format, args...))
		}
		switch key {
		case "header_row":
			v, err := strconv.Atoi(val)
			if err != nil || v < 0 {
				return nil, bad("%q is not a row number", val)
			}
			m.HeaderRow = &v
		case "sheet":
			m.Sheet = val
		case "separator":
			switch val {
			case ",", ";", "|":
				m.Separator = val[0]
			case "tab", `\t`:
				m.Separator = '\t'
			default:
				return nil, bad("%q: use , ; | or tab", val)
			}
		case "encoding":
			switch strings.ToLower(val) {
			case "utf-8", "utf8", "windows-1252", "cp1252", "iso-8859-1", "latin1", "latin-1", "utf-16",
				"cp850", "ibm850", "cp437", "ibm437", "macintosh", "mac-roman", "macroman":
				m.Encoding = strings.ToLower(val)
			default:
				return nil, bad("%q: use utf-8, windows-1252, iso-8859-1, cp850, cp437, macintosh or utf-16", val)
			}
		case "decimal":
			d, err := parseDecimalSetting(val)
			if err != nil {
				return nil, bad("%v", err)
			}
			m.Decimal = d
		case "date_format":
			f, err := parseDateSetting(val)
			if err != nil {
				return nil, bad("%v", err)
			}
			m.DateFormat = f
		case "ignore":
			m.Ignore = append(m.Ignore, val)
		default:
			field, attr, _ := strings.Cut(key, ".")
			if !knownField(Field(field)) {
				return nil, fmt.Errorf("%s:%d: unknown field %q (fields: %s)", name, n, field, fieldList())
			}
			f := Field(field)
			switch attr {
			case "":
				ref, err := parseColumnRef(val)
				if err != nil {
					return nil, bad("%v", err)
				}
				m.Columns[f] = ref
			case "decimal":
				d, err := parseDecimalSetting(val)
				if err != nil {
					return nil, bad("%v", err)
				}
				m.FieldDec[f] = d
			case "date_format":
				df, err := parseDateSetting(val)
				if err != nil {
					return nil, bad("%v", err)
				}
				m.FieldDate[f] = df
			default:
				return nil, bad("unknown setting %q (use .decimal or .date_format)", attr)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// stripComment removes a comment: '#' at the start of a line, or '#' after
// white space and followed by white space ("amount = #3" is a column number).
func stripComment(line string) string {
	if strings.HasPrefix(strings.TrimSpace(line), "#") {
		return ""
	}
	for i := 1; i < len(line); i++ {
		if line[i] == '#' && (line[i-1] == ' ' || line[i-1] == '\t') && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t') {
			return line[:i]
		}
	}
	return line
}

func parseColumnRef(v string) (ColumnRef, error) {
	if strings.HasPrefix(v, "#") {
		i, err := strconv.Atoi(v[1:])
		if err != nil || i < 1 {
			return ColumnRef{}, fmt.Errorf("%q: column numbers are written #1, #2 and so on", v)
		}
		return ColumnRef{Index: i}, nil
	}
	if v == "" {
		return ColumnRef{}, fmt.Errorf("empty column name")
	}
	return ColumnRef{Header: v}, nil
}

func parseDecimalSetting(v string) (byte, error) {
	switch strings.ToLower(v) {
	case ",", "comma":
		return cityspend.DecimalComma, nil
	case ".", "point":
		return cityspend.DecimalPoint, nil
	}
	return 0, fmt.Errorf("%q: use a comma or a point", v)
}

// ParseDateFormat reads a date format as a mapping file or the command
// line names it ("dd.mm.yyyy", "mm/dd/yyyy", "yyyy-mm-dd", "excel-serial" …).
func ParseDateFormat(v string) (DateFormat, error) { return parseDateSetting(v) }

func parseDateSetting(v string) (DateFormat, error) {
	switch strings.ToLower(v) {
	case "dd.mm.yyyy", "dd/mm/yyyy", "dd-mm-yyyy", "dd.mm.yy", "dd/mm/yy", "dmy":
		return DateDMY, nil
	case "mm/dd/yyyy", "mm.dd.yyyy", "mm-dd-yyyy", "mm/dd/yy", "mdy":
		return DateMDY, nil
	case "yyyy-mm-dd", "yyyy/mm/dd", "yyyy.mm.dd", "iso", "ymd":
		return DateISO, nil
	case "yyyymmdd":
		return DateCompact, nil
	case "excel", "excel-serial", "serial":
		return DateSerial, nil
	case "dd-mon-yyyy", "dd mon yyyy", "dd-mon-yy":
		return DateDMonY, nil
	}
	return "", fmt.Errorf("%q: use %s or %s", v, strings.Join(DateFormatNames[:len(DateFormatNames)-1], ", "), DateFormatNames[len(DateFormatNames)-1])
}

// DateFormatNames are the names of the date formats, one for each, as the
// command line's --date-format and the upload form offer them.
var DateFormatNames = []string{"dd.mm.yyyy", "dd/mm/yyyy", "mm/dd/yyyy", "yyyy-mm-dd", "yyyymmdd", "dd-mon-yyyy", "excel-serial"}

func knownField(f Field) bool {
	for _, g := range Fields {
		if g == f {
			return true
		}
	}
	return false
}

func fieldList() string {
	s := make([]string, len(Fields))
	for i, f := range Fields {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}
