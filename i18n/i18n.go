// SPDX-License-Identifier: EUPL-1.2

// Package i18n is cityspend's message catalogue and locale formatting:
// every user-facing string of the web UI and the reports in Norwegian bokmål
// and English, and numbers, money, shares and dates as each locale writes
// them ("1 234 567,50 kr" and "£1,234,567.50").
package i18n

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// Languages the catalogue is complete in.
var Languages = []string{"nb", "en"}

// Locale formats for one language.
type Locale struct {
	Lang string
}

// New returns the locale of a language; unknown languages get English.
func New(lang string) *Locale {
	if lang == "nb" {
		return &Locale{Lang: "nb"}
	}
	return &Locale{Lang: "en"}
}

// Negotiate picks the language from an Accept-Language header.
func Negotiate(accept string) string {
	type choice struct {
		lang string
		q    float64
	}
	var cs []choice
	for _, part := range strings.Split(accept, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		switch base {
		case "nb", "nn", "no":
			cs = append(cs, choice{"nb", q})
		case "en":
			cs = append(cs, choice{"en", q})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].q > cs[j].q })
	if len(cs) > 0 && cs[0].q > 0 {
		return cs[0].lang
	}
	return "en"
}

// T returns the message for a key, formatted with args. A key missing from
// the catalogue is shown as the key itself (tests check none is missing).
func (l *Locale) T(key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m.en
	if l.Lang == "nb" {
		s = m.nb
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

func group(n uint64, sep string) string {
	s := strconv.FormatUint(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

var symbols = map[string]string{"GBP": "£", "EUR": "€", "USD": "$"}

// Money writes an amount in a currency: "1 234 567,50 kr" (nb, NOK),
// "£1,234,567.50" (en, GBP), "NOK 1,234,567.50" (en, NOK).
func (l *Locale) Money(a cityspend.Amount, currency string) string {
	neg := a < 0
	u := uint64(a)
	if neg {
		u = uint64(-a)
	}
	whole, cents := u/100, u%100
	var s string
	if l.Lang == "nb" {
		num := fmt.Sprintf("%s,%02d", group(whole, "\u00a0"), cents)
		switch currency {
		case "NOK", "SEK", "DKK":
			s = num + "\u00a0kr"
		case "":
			s = num
		default:
			if sym, ok := symbols[currency]; ok {
				s = num + "\u00a0" + sym
			} else {
				s = num + "\u00a0" + currency
			}
		}
	} else {
		num := fmt.Sprintf("%s.%02d", group(whole, ","), cents)
		if sym, ok := symbols[currency]; ok {
			s = sym + num
		} else if currency != "" {
			s = currency + "\u00a0" + num
		} else {
			s = num
		}
	}
	if neg {
		return "−" + s
	}
	return s
}

// Short writes a large amount compactly: "1,3 mrd. kr", "£12.4m".
func (l *Locale) Short(a cityspend.Amount, currency string) string {
	units := int64(a) / 100
	neg := units < 0
	if neg {
		units = -units
	}
	var whole, tenth int64
	var unit string
	switch {
	case units >= 1e9:
		whole, tenth, unit = units/1e9, units%1e9/1e8, map[string]string{"nb": "\u00a0mrd.", "en": "bn"}[l.Lang]
	case units >= 1e6:
		whole, tenth, unit = units/1e6, units%1e6/1e5, map[string]string{"nb": "\u00a0mill.", "en": "m"}[l.Lang]
	case units >= 1e3:
		whole, tenth, unit = units/1e3, units%1e3/1e2, map[string]string{"nb": "\u00a0k", "en": "k"}[l.Lang]
	default:
		whole, unit = units, ""
	}
	dec := "."
	if l.Lang == "nb" {
		dec = ","
	}
	num := strconv.FormatInt(whole, 10)
	if unit != "" {
		num += dec + strconv.FormatInt(tenth, 10)
	}
	num += unit
	if neg {
		num = "−" + num
	}
	if l.Lang == "nb" {
		if currency == "NOK" || currency == "SEK" || currency == "DKK" {
			return num + "\u00a0kr"
		}
		return num + "\u00a0" + currency
	}
	if sym, ok := symbols[currency]; ok {
		return sym + num
	}
	return currency + "\u00a0" + num
}

// Int writes a count with thousands separators.
func (l *Locale) Int(n int64) string {
	sep := ","
	if l.Lang == "nb" {
		sep = "\u00a0"
	}
	if n < 0 {
		return "−" + group(uint64(-n), sep)
	}
	return group(uint64(n), sep)
}

// Pct writes a share (0–1) as a per cent with one decimal: "45,0 %", "45.0%".
func (l *Locale) Pct(f float64) string {
	s := strconv.FormatFloat(f*100, 'f', 1, 64)
	if l.Lang == "nb" {
		return strings.Replace(s, ".", ",", 1) + "\u00a0%"
	}
	return s + "%"
}

// Known writes a share of the spend whose attribute is known: the per cent,
// or "not known" when nothing is (coverage 0) — unknown is unknown.
func (l *Locale) Known(share, coverage float64) string {
	if coverage == 0 {
		return l.T("unknownshare")
	}
	return l.Pct(share)
}

// SignedPct writes a relative change (0.086) as a per cent with its sign:
// "+8,6 %", "+8.6%".
func (l *Locale) SignedPct(f float64) string {
	s := l.Pct(f)
	if f > 0 {
		s = "+" + s
	}
	return s
}

// PP writes a change in percentage points with its sign.
func (l *Locale) PP(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if f > 0 {
		s = "+" + s
	}
	if l.Lang == "nb" {
		return strings.Replace(s, ".", ",", 1) + "\u00a0pp"
	}
	return s + "\u00a0pp"
}

// Dec writes a decimal number with two decimals and thousands separators
// (LM3 values, tonnes): "23 157,28" (nb), "23,157.28" (en).
func (l *Locale) Dec(f float64) string {
	s := strconv.FormatFloat(math.Abs(f), 'f', 2, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, err := strconv.ParseUint(whole, 10, 64)
	if err != nil { // beyond uint64: as it is
		return strconv.FormatFloat(f, 'f', 2, 64)
	}
	sign := ""
	if f < 0 && s != "0.00" {
		sign = "−"
	}
	if l.Lang == "nb" {
		return sign + group(n, "\u00a0") + "," + frac
	}
	return sign + group(n, ",") + "." + frac
}

// Sig writes a small quantity (an emission factor) to four significant
// digits with the locale's decimal mark: "0,256" (nb), "0.256" (en).
func (l *Locale) Sig(f float64) string {
	if math.Abs(f) >= 1000 {
		return l.Dec(f)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if g := strconv.FormatFloat(f, 'g', 4, 64); !strings.ContainsAny(g, "e") {
		s = g
	}
	s = strings.Replace(s, "-", "−", 1)
	if l.Lang == "nb" {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Date writes a date: "15.01.2024" (nb), "15 Jan 2024" (en).
func (l *Locale) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if l.Lang == "nb" {
		return t.Format("02.01.2006")
	}
	return t.Format("2 Jan 2006")
}

// Code names a code of a code list ("ocds", "active") in the locale's
// language when the catalogue has it (key "<list>.<code>"), else shows
// the code itself: a code list can grow beyond what the catalogue knows.
func (l *Locale) Code(list, code string) string {
	if _, ok := messages[list+"."+code]; ok {
		return l.T(list + "." + code)
	}
	return code
}

// Has reports whether the catalogue holds a key (for tests of the templates).
func Has(key string) bool {
	_, ok := messages[key]
	return ok
}
