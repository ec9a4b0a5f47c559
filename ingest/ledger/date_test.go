// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"strings"
	"testing"
	"time"
)

func d(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		f    DateFormat
		want time.Time
	}{
		{"05.01.2024", DateDMY, d(2024, 1, 5)},
		{"5/1/2024", DateDMY, d(2024, 1, 5)},
		{"05-01-2024", DateDMY, d(2024, 1, 5)},
		{"05.01.24", DateDMY, d(2024, 1, 5)},
		{"31.12.99", DateDMY, d(1999, 12, 31)},
		{"01/05/2024", DateMDY, d(2024, 1, 5)},
		{"2024-01-05", DateISO, d(2024, 1, 5)},
		{"2024/1/5", DateISO, d(2024, 1, 5)},
		{"2024-01-05 13:45:00", DateISO, d(2024, 1, 5)},
		{"2024-01-05T13:45:00Z", DateISO, d(2024, 1, 5)},
		{"05.01.2024 00:00", DateDMY, d(2024, 1, 5)},
		{"20240105", DateCompact, d(2024, 1, 5)},
		{"45292", DateSerial, d(2024, 1, 1)},
		{"45296.5", DateSerial, d(2024, 1, 5)},
		{"1", DateSerial, d(1900, 1, 1)},
		{"61", DateSerial, d(1900, 3, 1)},
		{"21-Jan-2014", DateDMonY, d(2014, 1, 21)},
		{"21 jan. 2014", DateDMonY, d(2014, 1, 21)},
		{"3-des-2024", DateDMonY, d(2024, 12, 3)},
		{"3 mai 2024", DateDMonY, d(2024, 5, 3)},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, tt.f)
		if err != nil {
			t.Errorf("parseDate(%q, %s): %v", tt.in, tt.f, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("parseDate(%q, %s) = %s, want %s", tt.in, tt.f, got.Format("2006-01-02"), tt.want.Format("2006-01-02"))
		}
	}
}

func TestParseDateRejects(t *testing.T) {
	tests := []struct {
		in string
		f  DateFormat
	}{
		{"31.04.2024", DateDMY}, // no 31 April
		{"29.02.2023", DateDMY}, // not a leap year
		{"13/13/2024", DateDMY}, // month 13
		{"2024-13-01", DateISO},
		{"05.01.2024", DateISO}, // wrong form for the column
		{"2024-01-05", DateDMY},
		{"60", DateSerial}, // the spreadsheet's fictitious 29 Feb 1900
		{"99999999", DateSerial},
		{"21-Foo-2014", DateDMonY},
		{"", DateISO},
		{"yesterday", DateDMY},
	}
	for _, tt := range tests {
		if got, err := parseDate(tt.in, tt.f); err == nil {
			t.Errorf("parseDate(%q, %s) = %s, want an error", tt.in, tt.f, got)
		}
	}
}

func TestChooseDateFormat(t *testing.T) {
	tests := []struct {
		name    string
		values  []string
		country string
		want    DateFormat
		note    string // a word the reason must contain
	}{
		{"day first proven", []string{"05/01/2024", "13/01/2024"}, "US", DateDMY, "reads"},
		{"month first proven", []string{"01/05/2024", "01/13/2024"}, "NO", DateMDY, "reads"},
		{"ambiguous in Norway", []string{"05/01/2024", "06/02/2024"}, "NO", DateDMY, "day-first"},
		{"ambiguous in the US", []string{"05/01/2024", "06/02/2024"}, "US", DateMDY, "month-first"},
		{"iso", []string{"2024-01-05", "2024-12-31"}, "NO", DateISO, "reads"},
		{"compact", []string{"20240105", "20241231"}, "NO", DateCompact, "reads"},
		{"serial", []string{"45296", "45300"}, "NO", DateSerial, "reads"},
		{"month names", []string{"21-Jan-2014", "3-Feb-2014"}, "GB", DateDMonY, "reads"},
		{"mostly one form", []string{"05.01.2024", "13.01.2024", "garbage"}, "NO", DateDMY, "2 of 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := chooseDateFormat(tt.values, tt.country, false)
			if err != nil {
				t.Fatal(err)
			}
			got, reason := c.Format, c.Reason
			if got != tt.want || !strings.Contains(reason, tt.note) {
				t.Errorf("got %s (%s), want %s with %q", got, reason, tt.want, tt.note)
			}
		})
	}
	// In a text file, a column of bare numbers is not read as serial dates
	// without the user's word; in a workbook it is.
	if c, err := chooseDateFormat([]string{"45296", "45300"}, "GB", true); err != nil || c.Format != DateDMY || !c.NoSerial ||
		!strings.Contains(c.Reason, "--date-format excel-serial") || !strings.Contains(c.Reason, "45296 = 2024-01-05") {
		t.Errorf("a text file's serial numbers: %+v, %v", c, err)
	}
	if _, why := otherDate("45296", DateDMY, DateDMY, false); !strings.Contains(why, "excel-serial") {
		t.Errorf("a bare number refused without advice: %q", why)
	}
	if d, why := otherDate("20240105", DateDMY, DateDMY, false); why != "" || d.Day() != 5 {
		t.Errorf("a compact date in a column of bare numbers: %v %q", d, why)
	}
	if _, err := chooseDateFormat([]string{"soon", "later"}, "NO", true); err == nil {
		t.Error("a column of non-dates must be an error")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"05.01.2024", "2024-01-05", "20240105", "45296", "2700000", "21-Jan-2014", "1/2/3", "31.04.2024 10:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, format := range AllDateFormats {
			got, err := parseDate(s, format)
			if err != nil {
				// A cell its column's format does not read: another form
				// reads it one way, or it is refused with a reason.
				for i, order := range []DateFormat{"", DateDMY, DateMDY, DateDMY} {
					other, why := otherDate(s, format, order, i < 3)
					if why == "" && (other.Year() < 1900 || other.Year() > 2200 || other.Hour() != 0) {
						t.Fatalf("otherDate(%q, %s, %q) = %v", s, format, order, other)
					}
					if why == "" && other.IsZero() {
						t.Fatalf("otherDate(%q, %s, %q): no date and no reason", s, format, order)
					}
				}
				continue
			}
			if got.Year() < 1900 || got.Year() > 2200 || got.Hour() != 0 || got.Location() != time.UTC {
				t.Fatalf("parseDate(%q, %s) = %v", s, format, got)
			}
		}
	})
}
