// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"testing"
)

func TestParseWrittenAmount(t *testing.T) {
	tests := []struct {
		in   string
		dec  byte
		want Amount
	}{
		{"1234.50", DecimalPoint, 123450},
		{"1234,50", DecimalComma, 123450},
		{"1,234.50", DecimalPoint, 123450},
		{"1.234,50", DecimalComma, 123450},
		{"1 234,50", DecimalComma, 123450},
		{"1\u00a0234,50", DecimalComma, 123450},            // no-break space
		{"1\u202f234\u202f567,5", DecimalComma, 123456750}, // narrow no-break space
		{"1'234.50", DecimalPoint, 123450},
		{"-1 234,50", DecimalComma, -123450},
		{"−1 234,50", DecimalComma, -123450}, // U+2212 minus
		{"(1234.50)", DecimalPoint, -123450},
		{"1234,50-", DecimalComma, -123450},
		{"+12", DecimalPoint, 1200},
		{"12", DecimalComma, 1200},
		{"0.5", DecimalPoint, 50},
		{",5", DecimalComma, 50},
		{"1234.5000", DecimalPoint, 123450},
		{"kr 1 234,50", DecimalComma, 123450},
		{"1 234,50 kr", DecimalComma, 123450},
		{"£1,234.50", DecimalPoint, 123450},
		{"-£12.00", DecimalPoint, -1200},
		{"€ 12,00", DecimalComma, 1200},
		{"NOK 1.000.000,00", DecimalComma, 100000000},
		{"1.000.000", DecimalComma, 100000000},
		{"1,000,000", DecimalPoint, 100000000},
		{"  42.10  ", DecimalPoint, 4210},
	}
	for _, tt := range tests {
		got, err := ParseWrittenAmount(tt.in, tt.dec)
		if err != nil {
			t.Errorf("ParseWrittenAmount(%q, %c): %v", tt.in, tt.dec, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseWrittenAmount(%q, %c) = %s, want %s", tt.in, tt.dec, got, tt.want)
		}
	}
}

func TestParseWrittenAmountRejects(t *testing.T) {
	tests := []struct {
		in  string
		dec byte
	}{
		{"", DecimalPoint},
		{"abc", DecimalPoint},
		{"12.345", DecimalPoint},     // three decimals that are not zeros
		{"1.2.3", DecimalPoint},      // two decimal points
		{"12,34", DecimalPoint},      // a comma that is neither thousands nor decimal
		{"1234,567", DecimalPoint},   // misgrouped thousands
		{"12 34", DecimalComma},      // misgrouped thousands
		{"1234.567,5", DecimalComma}, // first group too long
		{"1.", DecimalPoint},
		{"-", DecimalPoint},
		{"()", DecimalPoint},
		{"99999999999999999999", DecimalPoint}, // too large
		{"1e5", DecimalPoint},
	}
	for _, tt := range tests {
		if got, err := ParseWrittenAmount(tt.in, tt.dec); err == nil {
			t.Errorf("ParseWrittenAmount(%q, %c) = %s, want an error", tt.in, tt.dec, got)
		}
	}
}

func TestParseSpreadsheetNumber(t *testing.T) {
	tests := []struct {
		in   string
		want Amount
		ok   bool
	}{
		{"1234.5", 123450, true},
		{"0.30000000000000004", 30, true}, // 0.1+0.2 as a double
		{"1234.5599999999999", 123456, true},
		{"-12.34", -1234, true},
		{"1.5E+3", 150000, true},
		{"1.2E-1", 12, true},
		{"1.23E-2", 0, false}, // 0.0123 is finer than a cent, not float noise
		{"12", 1200, true},
		{"12.345", 0, false},
		{"x", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseSpreadsheetNumber(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParseSpreadsheetNumber(%q) = %s, %v; want %s ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func FuzzParseWrittenAmount(f *testing.F) {
	for _, s := range []string{"1 234,50", "(1,234.50)", "1234,50-", "£1.00", "−1", "1.2.3", "kr 5"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		dec := byte(DecimalPoint)
		if comma {
			dec = DecimalComma
		}
		a, err := ParseWrittenAmount(s, dec)
		if err != nil {
			return
		}
		if a > MaxAmount || a < -MaxAmount {
			t.Fatalf("ParseWrittenAmount(%q) = %d beyond the bound", s, a)
		}
		// Writing the value canonically and reading it back gives the same value.
		back, err := ParseAmount(a.String())
		if err != nil || back != a {
			t.Fatalf("round trip of %q: %s → %v, %v", s, a, back, err)
		}
	})
}

func FuzzParseSpreadsheetNumber(f *testing.F) {
	for _, s := range []string{"1234.5", "0.30000000000000004", "1.5E+3", "-1e-2", "9.99999999E14"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseSpreadsheetNumber(s)
		if err == nil && (a > MaxAmount || a < -MaxAmount) {
			t.Fatalf("%q = %d beyond the bound", s, a)
		}
	})
}

func TestParseFormAmount(t *testing.T) {
	for _, c := range []struct {
		in   string
		dec  byte
		want Amount
	}{{"2 500 000,50", ',', 2_500_000_50}, {"2500000.50", ',', 2_500_000_50}, {"1,234.5", '.', 1_234_50}, {"1234,5", '.', 1_234_50}} {
		if got, err := ParseFormAmount(c.in, c.dec); err != nil || got != c.want {
			t.Errorf("%q (%c): %v %v, want %v", c.in, c.dec, got, err, c.want)
		}
	}
	if _, err := ParseFormAmount("a lot", ','); err == nil {
		t.Error("accepted words")
	}
}
