// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// Layout is how the importer reads a file: what it detected and what the
// mapping file decided. It is printed by --dry-run and stored with the batch.
type Layout struct {
	Format         string                  `json:"format"` // csv or xlsx
	Sheet          string                  `json:"sheet,omitempty"`
	Encoding       string                  `json:"encoding,omitempty"`
	EncodingReason string                  `json:"encoding_reason,omitempty"`
	LineEnds       string                  `json:"line_ends,omitempty"`
	Separator      string                  `json:"separator,omitempty"`
	HeaderLine     int                     `json:"header_line"` // 0: no header
	Header         []string                `json:"header,omitempty"`
	HeaderReason   string                  `json:"header_reason,omitempty"`
	Columns        []ColumnMap             `json:"columns"`
	DateFormats    map[Field]DateChoice    `json:"date_formats"`
	Decimals       map[Field]DecimalChoice `json:"decimals"`
	// CodeNames are the columns whose cells are a code and its name in one
	// ("12300 Vedlikehold bygg", "50012 - Brødrene Dahl AS"): the code is
	// the account (the supplier's number), the rest its name.
	CodeNames []Field  `json:"code_names,omitempty"`
	Notes     []string `json:"notes,omitempty"`
	// Warnings are what may make the import wrong as a whole: the file names
	// another paying organisation, its payees are elsewhere.
	Warnings []string `json:"warnings,omitempty"`

	cols     map[Field]int
	header   []string
	dates    map[Field]DateFormat
	decimals map[Field]byte
}

// ColumnMap is one column of the file and the field it maps to ("" if none).
type ColumnMap struct {
	Index  int    `json:"index"` // 1-based
	Header string `json:"header"`
	Field  Field  `json:"field,omitempty"`
	How    string `json:"how,omitempty"`    // exact, qualifier, close, keyword, content, mapping file
	Reason string `json:"reason,omitempty"` // why the field, or why none
}

// DateChoice records the format chosen for a date column and why. A cell
// the format does not read is read in any other form that reads it one
// way only; a cell that reads as two dates (03/04/2017 in a column of
// 21-Jan-2017) is read in Order, the column's day-month order, if it has
// one.
type DateChoice struct {
	Format DateFormat `json:"format"`
	Reason string     `json:"reason"`
	Order  DateFormat `json:"order,omitempty"` // dd.mm.yyyy or mm/dd/yyyy
	// NoSerial is set on a text file's column of bare numbers only: they
	// are not read as spreadsheet serial dates unless the user says so
	// (--date-format excel-serial).
	NoSerial bool `json:"no_serial,omitempty"`
}

// DecimalChoice records the decimal separator chosen for an amount column.
type DecimalChoice struct {
	Separator string `json:"separator"`
	Reason    string `json:"reason"`
}

var dateFields = []Field{FPaymentDate, FInvoiceDate}
var amountFields = []Field{FAmount, FAmountGross, FVAT}

// sepName names a separator for people.
func sepName(b byte) string {
	switch b {
	case '\t':
		return "tab"
	case 0:
		return ""
	}
	return string(b)
}

// The header search: the first rows, then every row.
const headerWindow = 30

// errNoHeader is the error of a file in which no row is a header.
var errNoHeader = errors.New("no header row found")

// headerNames scores a row as the header by its names: two points for each
// field a cell names (three for an exact name), one for a field named among
// other words. ok when it names an amount and a date.
func headerNames(r tabular.Record) (score int, ok bool, named int) {
	m := map[Field]bool{}
	for _, c := range r.Fields {
		hm, found := matchHeader(c)
		if !found {
			hm, found = matchKeyword(c)
		}
		if !found || m[hm.field] {
			continue
		}
		m[hm.field] = true
		score += 1 + hm.score
		named++
	}
	ok = (m[FAmount] || m[FAmountGross]) && (m[FPaymentDate] || m[FInvoiceDate])
	return score, ok, named
}

// startsWithDigit reports whether a cell of the row starts with a digit:
// a data row, not a header, as far as a quick look can tell.
func startsWithDigit(r tabular.Record) bool {
	for _, c := range r.Fields {
		c = strings.TrimSpace(c)
		if c != "" && c[0] >= '0' && c[0] <= '9' {
			return true
		}
	}
	return false
}

// findHeader decides the header row among the records read ahead: the row
// whose cells name the most fields, among them an amount and a date, in
// the first rows (after title lines and report parameters) or anywhere
// after them (a sorted file may put its header last); else, by content,
// the one row of text labels over columns of amounts and dates.
func findHeader(recs []tabular.Record, xlsx bool) (int, string, error) {
	best, bestScore, bestNamed := -1, 0, 0
	for i, r := range recs {
		if i >= headerWindow && (bestScore > 0 || startsWithDigit(r)) {
			if bestScore > 0 {
				break
			}
			continue
		}
		score, ok, named := headerNames(r)
		if ok && score > bestScore {
			best, bestScore, bestNamed = i, score, named
		}
	}
	if best >= 0 {
		why := fmt.Sprintf("it names %d fields, among them an amount and a date", bestNamed)
		if best > 0 {
			why += fmt.Sprintf("; %d rows above it", best)
		}
		return best, why, nil
	}
	if i, why := contentHeader(recs, xlsx); i >= 0 {
		return i, why, nil
	}
	return -1, "", errNoHeader
}

// contentHeader finds the header by content: the columns of the data rows
// (rows with two values or more that are not all text labels) that hold
// amounts and dates, and the first row of text labels with cells in them.
func contentHeader(recs []tabular.Record, xlsx bool) (int, string) {
	var data []tabular.Record
	var labels []int
	width := 0
	for i, r := range recs {
		if nonEmpty(r.Fields) < 2 {
			continue
		}
		if isLabelRow(r.Fields, xlsx) {
			labels = append(labels, i)
			continue
		}
		data = append(data, r)
		width = max(width, len(r.Fields))
	}
	if len(data) < 2 || len(labels) == 0 {
		return -1, ""
	}
	amountCol, dateCol := valueColumns(profileColumns(data, width, xlsx), len(data))
	if amountCol < 0 || dateCol < 0 {
		return -1, ""
	}
	for _, i := range labels {
		r := recs[i]
		if len(r.Fields) > max(amountCol, dateCol) && strings.TrimSpace(r.Fields[amountCol]) != "" && strings.TrimSpace(r.Fields[dateCol]) != "" &&
			nonEmpty(r.Fields)*2 >= width {
			return i, fmt.Sprintf("no row names the fields; by content it is the row of text labels over the amounts (column %d) and the dates (column %d)", amountCol+1, dateCol+1)
		}
	}
	return -1, ""
}

// isLabelRow reports whether every non-empty cell of a row is text: no
// amount, no date, two letters or more.
func isLabelRow(fields []string, xlsx bool) bool {
	for _, c := range fields {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		var p colProfile
		profileValue(&p, c, xlsx)
		if p.amounts > 0 || p.dates > 0 || p.text == 0 {
			return false
		}
	}
	return true
}

// valueColumns finds in the profile of n data rows the first column of
// amounts with decimals and the first of dates (each in four rows of five
// at least); -1 for none.
func valueColumns(prof []colProfile, n int) (amountCol, dateCol int) {
	amountCol, dateCol = -1, -1
	for i, p := range prof {
		switch {
		case p.values*5 < n*4:
		case amountCol < 0 && p.share(p.amounts) >= 0.8 && p.share(p.decimals) >= 0.1 && p.share(p.dates) < 0.1:
			amountCol = i
		case dateCol < 0 && p.share(p.dates+p.serials) >= 0.8 && p.share(p.dates) > 0:
			dateCol = i
		}
	}
	return amountCol, dateCol
}

func nonEmpty(fields []string) int {
	n := 0
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			n++
		}
	}
	return n
}

// resolveColumns maps header cells to fields by their names and the
// mapping file, without looking at the content.
func resolveColumns(header []string, m *Mapping, haveHeader bool) (map[Field]int, []ColumnMap, error) {
	c := &columnPlan{header: header, mapping: m, haveHeader: haveHeader, noSupplier: true}
	return c.decide()
}

// findColumn finds a header by name: exactly, else after normalisation.
func findColumn(header []string, name string) int {
	for i, h := range header {
		if strings.TrimSpace(h) == strings.TrimSpace(name) {
			return i
		}
	}
	n := tabular.NormHeader(name)
	for i, h := range header {
		if tabular.NormHeader(h) == n {
			return i
		}
	}
	return -1
}

func quoteList(ss []string) string {
	q := make([]string, 0, len(ss))
	for _, s := range ss {
		q = append(q, strconv.Quote(s))
	}
	if len(q) > 12 {
		q = append(q[:12], "…")
	}
	return strings.Join(q, ", ")
}

// chooseDateFormat decides a date column's format from sample values: the
// format that reads the most values, preferring unambiguous ones. When day-
// and month-first read every value equally (every day ≤ 12), the buyer
// country's convention decides, and the reason says so.
func chooseDateFormat(values []string, country string, text bool) (DateChoice, error) {
	usual := DateDMY
	if country == "US" {
		usual = DateMDY
	}
	if len(values) == 0 {
		return DateChoice{Format: usual, Reason: "no values in the sample; the country's usual form assumed"}, nil
	}
	counts := map[DateFormat]int{}
	for _, f := range AllDateFormats {
		for _, v := range values {
			if _, ok := readDate(v, f); ok {
				counts[f]++
			}
		}
	}
	best := []DateFormat{}
	bestN := 0
	for _, f := range AllDateFormats {
		switch {
		case counts[f] > bestN:
			best, bestN = []DateFormat{f}, counts[f]
		case counts[f] == bestN && bestN > 0:
			best = append(best, f)
		}
	}
	if bestN == 0 {
		return DateChoice{}, fmt.Errorf("no date format fits values such as %s", quoteList(firstN(values, 3)))
	}
	reason := fmt.Sprintf("reads %d of %d sample values", bestN, len(values))
	if len(best) == 2 && best[0] == DateDMY && best[1] == DateMDY {
		if country == "US" || country == "PH" {
			return DateChoice{Format: DateMDY, Reason: reason + "; every day is ≤ 12, so month-first was chosen as usual in " + country}, nil
		}
		return DateChoice{Format: DateDMY, Reason: reason + "; every day is ≤ 12, so day-first was chosen as usual in " + orDefault(country, "Europe")}, nil
	}
	if text && best[0] == DateSerial && len(best) == 1 {
		// A text file's column of bare numbers: they may be spreadsheet
		// serial dates, or numbers in the wrong column. Not a guess to
		// make about money: the user says so.
		return DateChoice{Format: usual, NoSerial: true, Reason: fmt.Sprintf("its values are bare numbers such as %s, not written dates; "+
			"if they are spreadsheet serial dates (%s), import with --date-format excel-serial (or date_format = excel-serial in a mapping file)",
			quoteList(firstN(values, 2)), serialExample(values))}, nil
	}
	return DateChoice{Format: best[0], Reason: reason}, nil
}

// serialExample reads a column's first bare number as a spreadsheet date,
// to show what it would mean: "45296 = 2024-01-05".
func serialExample(values []string) string {
	for _, v := range values {
		if t, ok := readDate(v, DateSerial); ok {
			return strings.TrimSpace(v) + " = " + t.Format("2006-01-02")
		}
	}
	return ""
}

// dayMonthOrder is a date column's day-month order, for cells that read
// as two dates: its format's, or that of its values that read one way only
// (13/04/2017 is day-first); "" when nothing settles it.
func dayMonthOrder(values []string, f DateFormat) DateFormat {
	if f == DateDMY || f == DateMDY {
		return f
	}
	var dmy, mdy int
	for _, v := range values {
		_, d := readDate(v, DateDMY)
		_, m := readDate(v, DateMDY)
		switch {
		case d && !m:
			dmy++
		case m && !d:
			mdy++
		}
	}
	switch {
	case dmy > 0 && mdy == 0:
		return DateDMY
	case mdy > 0 && dmy == 0:
		return DateMDY
	}
	return ""
}

// chooseDecimal decides an amount column's decimal separator from sample
// values: the convention that reads more of them; on a tie, the country's.
func chooseDecimal(values []string, country string, spreadsheet bool) (byte, string) {
	if spreadsheet {
		return cityspend.DecimalPoint, "spreadsheet numbers"
	}
	var nPoint, nComma int
	for _, v := range values {
		if _, err := cityspend.ParseWrittenAmount(v, cityspend.DecimalPoint); err == nil {
			nPoint++
		}
		if _, err := cityspend.ParseWrittenAmount(v, cityspend.DecimalComma); err == nil {
			nComma++
		}
	}
	reason := fmt.Sprintf("decimal point reads %d, decimal comma %d of %d sample values", nPoint, nComma, len(values))
	switch {
	case nPoint > nComma:
		return cityspend.DecimalPoint, reason
	case nComma > nPoint:
		return cityspend.DecimalComma, reason
	}
	if decimalCommaCountry(country) {
		return cityspend.DecimalComma, reason + "; decimal comma as usual in " + country
	}
	return cityspend.DecimalPoint, reason + "; decimal point as usual in " + orDefault(country, "the country")
}

func decimalCommaCountry(cc string) bool {
	switch cc {
	case "GB", "IE", "US", "MT", "CH":
		return false
	}
	return cc != ""
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func firstN(ss []string, n int) []string {
	if len(ss) > n {
		return ss[:n]
	}
	return ss
}
