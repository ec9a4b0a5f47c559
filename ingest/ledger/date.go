// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"fmt"
	"strings"
	"time"
)

// DateFormat names how a date column is written. The format is decided once
// per column from the sample, never per cell.
type DateFormat string

// Date formats the importer recognises. Separators . / - are interchangeable
// in the day-first, month-first and ISO forms; a time after the date is ignored.
const (
	DateDMY     DateFormat = "dd.mm.yyyy" // also dd/mm/yyyy, dd-mm-yyyy, two-digit years
	DateMDY     DateFormat = "mm/dd/yyyy"
	DateISO     DateFormat = "yyyy-mm-dd"
	DateCompact DateFormat = "yyyymmdd"
	DateSerial  DateFormat = "excel-serial"
	DateDMonY   DateFormat = "dd-Mon-yyyy" // 21-Jan-2014, 21 jan. 2014
)

// AllDateFormats lists the formats in the order detection tries them.
var AllDateFormats = []DateFormat{DateISO, DateDMY, DateMDY, DateCompact, DateDMonY, DateSerial}

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "januar": 1, "januari": 1, "janvier": 1, "janv": 1, "tammi": 1, "januar.": 1,
	"feb": 2, "february": 2, "februar": 2, "februari": 2, "fevrier": 2, "fev": 2, "helmi": 2,
	"mar": 3, "march": 3, "mars": 3, "maart": 3, "marz": 3, "mär": 3, "märz": 3, "maalis": 3, "mrt": 3,
	"apr": 4, "april": 4, "avril": 4, "avr": 4, "huhti": 4,
	"may": 5, "mai": 5, "maj": 5, "mei": 5, "touko": 5,
	"jun": 6, "june": 6, "juni": 6, "juin": 6, "kesä": 6,
	"jul": 7, "july": 7, "juli": 7, "juillet": 7, "juil": 7, "heinä": 7,
	"aug": 8, "august": 8, "augusti": 8, "augustus": 8, "aout": 8, "août": 8, "elo": 8,
	"sep": 9, "sept": 9, "september": 9, "septembre": 9, "syys": 9,
	"oct": 10, "okt": 10, "october": 10, "oktober": 10, "octobre": 10, "loka": 10,
	"nov": 11, "november": 11, "novembre": 11, "marras": 11,
	"dec": 12, "des": 12, "desember": 12, "december": 12, "dez": 12, "dezember": 12, "decembre": 12, "déc": 12, "joulu": 12,
}

// excelEpoch is day 0 of the 1900 date system as spreadsheets count it (with
// the 1900 leap-year bug, serial 60 is the fictitious 29 Feb 1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// parseDate parses s in format f and returns a UTC midnight time.
func parseDate(s string, f DateFormat) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty")
	}
	t, ok := readDate(s, f)
	if ok {
		return t, nil
	}
	switch f {
	case DateSerial:
		return time.Time{}, fmt.Errorf("%q is not a spreadsheet date number", s)
	case DateDMY, DateMDY, DateISO, DateCompact, DateDMonY:
		return time.Time{}, fmt.Errorf("%q is not a date in the form %s", s, f)
	}
	return time.Time{}, fmt.Errorf("unknown date format %q", f)
}

// readDate is parseDate without building an error: detection tries every
// format on thousands of values.
func readDate(s string, f DateFormat) (time.Time, bool) {
	d := cutTime(s, f)
	var y, m, day int
	var ok bool
	switch f {
	case DateISO:
		a, b, c, sepOK := split3(d)
		if sepOK && len(a) == 4 {
			y, m, day, ok = atoi(a), atoi(b), atoi(c), len(b) <= 2 && len(c) <= 2
		}
	case DateDMY, DateMDY:
		a, b, c, sepOK := split3(d)
		if sepOK && len(a) <= 2 && len(b) <= 2 && (len(c) == 4 || len(c) == 2) {
			if f == DateDMY {
				day, m = atoi(a), atoi(b)
			} else {
				m, day = atoi(a), atoi(b)
			}
			y, ok = fullYear(c), true
		}
	case DateCompact:
		if len(d) == 8 && allDigits(d) {
			y, m, day, ok = atoi(d[:4]), atoi(d[4:6]), atoi(d[6:]), true
		}
	case DateDMonY:
		fs := strings.FieldsFunc(d, func(r rune) bool { return r == ' ' || r == '-' || r == '/' || r == '.' })
		if len(fs) == 3 && allDigits(fs[0]) && allDigits(fs[2]) && len(fs[0]) <= 2 && (len(fs[2]) == 4 || len(fs[2]) == 2) {
			if mon, found := monthNames[strings.ToLower(fs[1])]; found {
				day, m, y, ok = atoi(fs[0]), int(mon), fullYear(fs[2]), true
			}
		}
	case DateSerial:
		ip, fp, _ := strings.Cut(d, ".")
		if allDigits(ip) && len(ip) <= 7 && (fp == "" || allDigits(fp)) {
			n := atoi(ip)
			if n >= 1 && n <= 2958465 && n != 60 {
				t := excelEpoch.AddDate(0, 0, n)
				if n < 60 {
					t = t.AddDate(0, 0, 1)
				}
				// The same years as the written formats: a serial past
				// 2200 is a number in the wrong column, not a date.
				return t, t.Year() <= 2200
			}
		}
		return time.Time{}, false
	default:
		return time.Time{}, false
	}
	if !ok || y < 1900 || y > 2200 || m < 1 || m > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false // 31 April
	}
	return t, true
}

// cutTime removes a time of day after the date ("2024-01-05 13:45:00",
// "2024-01-05T13:45:00Z", "05.01.2024 00:00").
func cutTime(s string, f DateFormat) string {
	if f == DateDMonY {
		if i := strings.IndexByte(s, ':'); i > 0 {
			if j := strings.LastIndexByte(s[:i], ' '); j > 0 {
				return s[:j]
			}
		}
		return s
	}
	// Loops, not strings.IndexAny: every date of every line passes here.
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == 'T' {
			if i == 0 {
				return s
			}
			return s[:i]
		}
	}
	return s
}

func split3(s string) (a, b, c string, ok bool) {
	i := 0
	for i < len(s) && s[i] != '.' && s[i] != '/' && s[i] != '-' {
		i++
	}
	if i == 0 || i == len(s) {
		return
	}
	sep := s[i]
	rest := s[i+1:]
	j := strings.IndexByte(rest, sep)
	if j <= 0 {
		return
	}
	a, b, c = s[:i], rest[:j], rest[j+1:]
	c = strings.TrimSuffix(c, ".")
	ok = allDigits(a) && allDigits(b) && allDigits(c) && c != ""
	return
}

func fullYear(s string) int {
	y := atoi(s)
	if len(s) == 2 {
		if y < 70 {
			return 2000 + y
		}
		return 1900 + y
	}
	return y
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// ParseDateAny reads one date whose format is not known from a column: ISO,
// then day-first (month-first for US buyers), compact, with month names,
// spreadsheet serial numbers. For files with few dates (contract registers).
func ParseDateAny(s, country string) (time.Time, error) {
	order := []DateFormat{DateISO, DateDMY, DateCompact, DateDMonY, DateSerial}
	if country == "US" {
		order = []DateFormat{DateISO, DateMDY, DateCompact, DateDMonY, DateSerial}
	}
	for _, f := range order {
		if t, ok := readDate(strings.TrimSpace(s), f); ok {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date", s)
}

// Spreadsheet serial numbers read as dates in a column of written dates
// only within these years: a number in the wrong column is no date.
const serialFromYear, serialToYear = 1980, 2099

// otherDate reads a cell that its column's format main does not read, in
// the forms that read it one way only: "20-Apr-17" in a dd/mm/yyyy column,
// "2017-04-20", a spreadsheet serial number (years 1980–2099). A cell that
// reads as two dates ("03/04/2017" in a column of 21-Jan-2017) is read in
// the column's day-month order when it has one. why is "" when the cell
// is read, else why it is not (to append to the column format's error).
//
// Bare numbers are read as serial dates only when serial is set (not in a
// text file's column of bare numbers, see chooseDateFormat).
func otherDate(s string, main, order DateFormat, serial bool) (time.Time, string) {
	s = strings.TrimSpace(s)
	var found time.Time
	n := 0
	for _, f := range AllDateFormats {
		if f == main || f == DateSerial && !serial {
			continue
		}
		t, ok := readDate(s, f)
		if !ok || (f == DateSerial && (t.Year() < serialFromYear || t.Year() > serialToYear || !allDigits(s))) {
			continue
		}
		if n == 0 || !t.Equal(found) {
			if n > 0 && order != "" {
				if t, ok := readDate(s, order); ok {
					return t, ""
				}
			}
			found = t
			n++
		}
	}
	switch {
	case n == 1:
		return found, ""
	case n > 1:
		return time.Time{}, "; it reads as two different dates, day-first and month-first, and the column's other dates do not settle which"
	}
	if !serial && allDigits(s) {
		if _, ok := readDate(s, DateSerial); ok {
			return time.Time{}, "; it is a bare number: if the file's dates are spreadsheet serial numbers, import it with --date-format excel-serial"
		}
	}
	return time.Time{}, "; nor is it a date in another form"
}
