// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// Layout is how the importer reads a file: what it detected and what the
// mapping file decided. It is printed by --dry-run and stored with the batch.
type Layout struct {
	Format      string                  `json:"format"` // csv or xlsx
	Sheet       string                  `json:"sheet,omitempty"`
	Encoding    string                  `json:"encoding,omitempty"`
	Separator   string                  `json:"separator,omitempty"`
	HeaderLine  int                     `json:"header_line"` // 0: no header
	Columns     []ColumnMap             `json:"columns"`
	DateFormats map[Field]DateChoice    `json:"date_formats"`
	Decimals    map[Field]DecimalChoice `json:"decimals"`
	Notes       []string                `json:"notes,omitempty"`

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
	How    string `json:"how,omitempty"` // exact, qualifier, close, mapping file
}

// DateChoice records the format chosen for a date column and why.
type DateChoice struct {
	Format DateFormat `json:"format"`
	Reason string     `json:"reason"`
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

// findHeader picks the header row among the first records: the one whose
// cells name the most ledger fields. It needs an amount and a date column.
func findHeader(recs []tabular.Record) (int, error) {
	best, bestScore := -1, 0
	for i, r := range recs {
		if i >= 30 {
			break
		}
		score := 0
		m := map[Field]bool{}
		for _, c := range r.Fields {
			if hm, ok := matchHeader(c); ok && !m[hm.field] {
				m[hm.field] = true
				score += hm.score
			}
		}
		if !(m[FAmount] || m[FAmountGross]) || !(m[FPaymentDate] || m[FInvoiceDate]) {
			continue
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return -1, fmt.Errorf("no header row found: none of the first rows names both an amount and a date column " +
			"(write a mapping file, --map, to name them)")
	}
	return best, nil
}

// resolveColumns maps header cells to fields: automatic matches, then the
// mapping file's columns and ignores on top.
func resolveColumns(header []string, m *Mapping, haveHeader bool) (map[Field]int, []ColumnMap, error) {
	cols := map[Field]int{}
	how := map[int]string{}
	if haveHeader {
		ignored := map[int]bool{}
		if m != nil {
			for _, name := range m.Ignore {
				i := findColumn(header, name)
				if i < 0 {
					return nil, nil, fmt.Errorf("mapping %s: ignore: no column %q in the header", m.Source, name)
				}
				ignored[i] = true
			}
		}
		for i, h := range header {
			if ignored[i] {
				continue
			}
			if hm, ok := matchHeader(h); ok {
				if j, seen := cols[hm.field]; !seen || hm.score > matchScore(header[j]) {
					cols[hm.field] = i
					how[i] = map[int]string{3: "exact", 2: "qualifier", 1: "close"}[hm.score]
				}
			}
		}
		// Drop the losers' how.
		for i := range how {
			keep := false
			for _, j := range cols {
				if i == j {
					keep = true
				}
			}
			if !keep {
				delete(how, i)
			}
		}
	}
	if m != nil {
		// The mapping file decides: first clear the columns it claims.
		for f, ref := range m.Columns {
			i := ref.Index - 1
			if ref.Index == 0 {
				if !haveHeader {
					return nil, nil, fmt.Errorf("mapping %s: %s = %s: the file has no header row, name columns as #N", m.Source, f, ref)
				}
				i = findColumn(header, ref.Header)
				if i < 0 {
					return nil, nil, fmt.Errorf("mapping %s: %s = %s: no such column in the header (%s)", m.Source, f, ref, quoteList(header))
				}
			} else if i >= len(header) {
				return nil, nil, fmt.Errorf("mapping %s: %s = %s: the file has only %d columns", m.Source, f, ref, len(header))
			}
			for g, j := range cols {
				if j == i && g != f {
					delete(cols, g)
				}
			}
			cols[f] = i
			how[i] = "mapping file"
		}
	}
	out := make([]ColumnMap, len(header))
	for i, h := range header {
		out[i] = ColumnMap{Index: i + 1, Header: h}
	}
	for f, i := range cols {
		out[i].Field = f
		out[i].How = how[i]
	}
	if _, ok := cols[FAmount]; !ok {
		if _, ok := cols[FAmountGross]; !ok {
			return nil, nil, fmt.Errorf("no amount column: none of the columns (%s) is an amount; name it in a mapping file (amount = ...)", quoteList(header))
		}
	}
	if _, ok := cols[FPaymentDate]; !ok {
		if _, ok := cols[FInvoiceDate]; !ok {
			return nil, nil, fmt.Errorf("no date column: none of the columns (%s) is a payment or invoice date; name it in a mapping file (payment_date = ...)", quoteList(header))
		}
	}
	return cols, out, nil
}

func matchScore(h string) int {
	m, _ := matchHeader(h)
	return m.score
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
func chooseDateFormat(values []string, country string) (DateFormat, string, error) {
	if len(values) == 0 {
		f := DateDMY
		if country == "US" {
			f = DateMDY
		}
		return f, "no values in the sample; the country's usual form assumed", nil
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
		return "", "", fmt.Errorf("no date format fits values such as %s", quoteList(firstN(values, 3)))
	}
	reason := fmt.Sprintf("reads %d of %d sample values", bestN, len(values))
	if len(best) == 2 && best[0] == DateDMY && best[1] == DateMDY {
		if country == "US" || country == "PH" {
			return DateMDY, reason + "; every day is ≤ 12, so month-first was chosen as usual in " + country, nil
		}
		return DateDMY, reason + "; every day is ≤ 12, so day-first was chosen as usual in " + orDefault(country, "Europe"), nil
	}
	return best[0], reason, nil
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
