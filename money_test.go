// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"encoding/json"
	"testing"
	"time"
)

func TestAmountString(t *testing.T) {
	tests := []struct {
		a    Amount
		want string
	}{{0, "0.00"}, {5, "0.05"}, {-5, "-0.05"}, {123450, "1234.50"}, {-100, "-1.00"}, {MaxAmount, "10000000000000.00"}}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.want {
			t.Errorf("%d.String() = %q, want %q", int64(tt.a), got, tt.want)
		}
		back, err := ParseAmount(tt.want)
		if err != nil || back != tt.a {
			t.Errorf("ParseAmount(%q) = %d, %v", tt.want, back, err)
		}
	}
	b, _ := json.Marshal(struct{ A Amount }{123})
	if string(b) != `{"A":"1.23"}` {
		t.Errorf("JSON %s: amounts are decimal strings", b)
	}
	var x struct{ A Amount }
	if err := json.Unmarshal([]byte(`{"A":"-7.5"}`), &x); err != nil || x.A != -750 {
		t.Errorf("unmarshal %d %v", x.A, err)
	}
	for _, bad := range []string{"", "1.234", "abc", "1..2", "1.", "99999999999999999"} {
		if _, err := ParseAmount(bad); err == nil {
			t.Errorf("ParseAmount(%q) must fail", bad)
		}
	}
}

func TestOrgNumbers(t *testing.T) {
	for _, ok := range []string{"123456785", "974760673", "923609016"} {
		if !ValidNorwegianOrgNumber(ok) {
			t.Errorf("%s is valid", ok)
		}
	}
	for _, bad := range []string{"123456789", "12345678", "1234567850", "12345678X"} {
		if ValidNorwegianOrgNumber(bad) {
			t.Errorf("%s is not valid", bad)
		}
	}
	if c := NorwegianOrgNumberCheckDigit("12345678"); c != 5 {
		t.Errorf("check digit %d", c)
	}
	tests := []struct {
		in, country string
		want        Identifier
		ok          bool
	}{
		{"123 456 785", "NO", Identifier{SchemeNOBRC, "123456785"}, true},
		{"NO 123456785 MVA", "GB", Identifier{SchemeNOBRC, "123456785"}, true},
		{"123.456.785", "NO", Identifier{SchemeNOBRC, "123456785"}, true},
		{"123456789", "NO", Identifier{}, false},
		{"0123456-7", "FI", Identifier{SchemeFIPRO, "0123456-7"}, true},
		{"FI01234567", "NO", Identifier{SchemeFIPRO, "0123456-7"}, true},
		{"12345678", "GB", Identifier{SchemeGBCOH, "12345678"}, true},
		{"SC123456", "GB", Identifier{SchemeGBCOH, "SC123456"}, true},
		{"", "NO", Identifier{}, false},
		// France: SIREN and SIRET (Luhn), VAT numbers with their key.
		{"552 100 554", "FR", Identifier{SchemeFRSIRENE, "552100554"}, true},
		{"552 100 554 00013", "FR", Identifier{SchemeFRSIRENE, "552100554"}, true},
		{"FR96552100554", "NO", Identifier{SchemeFRSIRENE, "552100554"}, true},
		{"FR 44 732 829 320", "GB", Identifier{SchemeFRSIRENE, "732829320"}, true},
		{"FR45552100554", "NO", Identifier{}, false}, // wrong key
		{"552100555", "FR", Identifier{}, false},     // fails Luhn
		{"55210055400014", "FR", Identifier{}, false},
	}
	for _, tt := range tests {
		got, ok := NormalizeOrgNumber(tt.in, tt.country)
		if ok != tt.ok || got != tt.want {
			t.Errorf("NormalizeOrgNumber(%q, %s) = %v %v, want %v %v", tt.in, tt.country, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPayeeKey(t *testing.T) {
	tests := []struct {
		p    Payee
		want string
	}{
		{Payee{Name: "Larvik Rør AS", OrgNumber: "123 456 785"}, "org:NO-BRC:123456785"},
		{Payee{Name: "  CgMs Ltd. "}, "name:CGMS LTD"},
		{Payee{LocalID: "20000000_4627"}, "id:20000000_4627"},
		{Payee{OrgNumber: "garbage", Name: "X"}, "name:X"},
		{Payee{}, "unknown"},
	}
	for _, tt := range tests {
		if got := PayeeKey(tt.p, "NO"); got != tt.want {
			t.Errorf("PayeeKey(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestFiscalYear(t *testing.T) {
	uk := Buyer{FiscalStart: 4}
	p := uk.FiscalYear(2024)
	if p.Label() != "2024/25" || !p.Contains(time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)) || p.Contains(time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("UK fiscal year %v %s", p, p.Label())
	}
	if y := uk.FiscalYearOf(time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)); y != 2024 {
		t.Errorf("FiscalYearOf = %d", y)
	}
	no := Buyer{FiscalStart: 1}
	if l := no.FiscalYear(2024).Label(); l != "2024" {
		t.Errorf("calendar year label %q", l)
	}
}

func TestBuyerValidate(t *testing.T) {
	ok := Buyer{ID: "3909", Name: "Larvik", Country: "NO", Currency: "NOK", FiscalStart: 1}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, mod := range []func(*Buyer){
		func(b *Buyer) { b.ID = "" }, func(b *Buyer) { b.ID = "a b" }, func(b *Buyer) { b.Name = " " },
		func(b *Buyer) { b.Country = "Norway" }, func(b *Buyer) { b.Currency = "kr" }, func(b *Buyer) { b.FiscalStart = 13 },
	} {
		b := ok
		mod(&b)
		if err := b.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("%+v: %v", b, err)
		}
	}
}
