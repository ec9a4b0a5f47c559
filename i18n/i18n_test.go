// SPDX-License-Identifier: EUPL-1.2

package i18n

import (
	"regexp"
	"sort"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// Both languages are complete and take the same arguments.
func TestCatalogueComplete(t *testing.T) {
	for key, m := range messages {
		if m.en == "" || m.nb == "" {
			t.Errorf("%s: missing a language: %+v", key, m)
		}
		ve, vn := verb.FindAllString(m.en, -1), verb.FindAllString(m.nb, -1)
		sort.Strings(ve)
		sort.Strings(vn)
		if len(ve) != len(vn) {
			t.Errorf("%s: verbs %v (en) and %v (nb) differ", key, ve, vn)
			continue
		}
		for i := range ve {
			if ve[i] != vn[i] {
				t.Errorf("%s: verbs %v (en) and %v (nb) differ", key, ve, vn)
				break
			}
		}
	}
}

// Has reports the catalogue's keys to other packages' tests.
func TestHas(t *testing.T) {
	if !Has("nav.overview") || Has("no.such.key") {
		t.Error("Has")
	}
}

func TestFormatting(t *testing.T) {
	nb, en := New("nb"), New("en")
	for _, tt := range []struct {
		l    *Locale
		a    cityspend.Amount
		cur  string
		want string
	}{
		{nb, 1_234_567_50, "NOK", "1\u00a0234\u00a0567,50\u00a0kr"},
		{en, 1_234_567_50, "GBP", "£1,234,567.50"},
		{en, 1_234_567_50, "NOK", "NOK\u00a01,234,567.50"},
		{nb, -5, "NOK", "−0,05\u00a0kr"},
		{en, 99, "EUR", "€0.99"},
		{nb, 1_000_00, "EUR", "1\u00a0000,00\u00a0€"},
		{en, 0, "GBP", "£0.00"},
	} {
		if got := tt.l.Money(tt.a, tt.cur); got != tt.want {
			t.Errorf("%s Money(%d, %s) = %q, want %q", tt.l.Lang, tt.a, tt.cur, got, tt.want)
		}
	}
	if got := nb.Short(1_234_567_890_00, "NOK"); got != "1,2\u00a0mrd.\u00a0kr" {
		t.Errorf("nb Short = %q", got)
	}
	if got := en.Short(12_400_000_00, "GBP"); got != "£12.4m" {
		t.Errorf("en Short = %q", got)
	}
	if got := nb.Pct(0.4512); got != "45,1\u00a0%" {
		t.Errorf("nb Pct = %q", got)
	}
	if got := en.Pct(0.4512); got != "45.1%" {
		t.Errorf("en Pct = %q", got)
	}
	if got := nb.PP(2.25); got != "+2,2\u00a0pp" && got != "+2,3\u00a0pp" {
		t.Errorf("nb PP = %q", got)
	}
	if got := nb.Int(1234567); got != "1\u00a0234\u00a0567" {
		t.Errorf("nb Int = %q", got)
	}
	if got := en.Int(-1234); got != "−1,234" {
		t.Errorf("en Int = %q", got)
	}
	d := time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)
	if nb.Date(d) != "15.01.2024" || en.Date(d) != "15 Jan 2024" {
		t.Errorf("dates %q %q", nb.Date(d), en.Date(d))
	}
	if got := en.T("lines.total", "3", "£1.00"); got != "3 lines, £1.00." {
		t.Errorf("T = %q", got)
	}
	if got := nb.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "en",
		"nb-NO,nb;q=0.9,en;q=0.8": "nb",
		"no":                      "nb",
		"nn-NO":                   "nb",
		"en-GB,en;q=0.9":          "en",
		"de-DE,en;q=0.5,nb;q=0.7": "nb",
		"fr":                      "en",
		"nb;q=0,en;q=0.1":         "en",
		"*":                       "en",
		"nb;q=abc":                "nb",
	} {
		if got := Negotiate(in); got != want {
			t.Errorf("Negotiate(%q) = %q, want %q", in, got, want)
		}
	}
}

// Decimals (tonnes, multipliers) have the locale's decimal mark and
// thousands separator, and a true minus sign.
func TestDec(t *testing.T) {
	for _, c := range []struct {
		f      float64
		nb, en string
	}{
		{23157.28, "23\u00a0157,28", "23,157.28"},
		{1.85, "1,85", "1.85"},
		{-1234567.5, "−1\u00a0234\u00a0567,50", "−1,234,567.50"},
		{0, "0,00", "0.00"},
		{-0.001, "0,00", "0.00"},
	} {
		if got := New("nb").Dec(c.f); got != c.nb {
			t.Errorf("nb Dec(%v) = %q, want %q", c.f, got, c.nb)
		}
		if got := New("en").Dec(c.f); got != c.en {
			t.Errorf("en Dec(%v) = %q, want %q", c.f, got, c.en)
		}
	}
}

func TestSig(t *testing.T) {
	for _, c := range []struct {
		f      float64
		nb, en string
	}{{0.256, "0,256", "0.256"}, {0.0001234, "0,0001234", "0.0001234"}, {12.3456, "12,35", "12.35"}, {-0.5, "−0,5", "−0.5"}} {
		if got := New("nb").Sig(c.f); got != c.nb {
			t.Errorf("nb Sig(%v) = %q, want %q", c.f, got, c.nb)
		}
		if got := New("en").Sig(c.f); got != c.en {
			t.Errorf("en Sig(%v) = %q, want %q", c.f, got, c.en)
		}
	}
}
