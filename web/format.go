package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// groupDigits writes n with a thousands separator.
func groupDigits(n uint64, sep string) string {
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

// formatMoney writes an amount as people of the currency's country do:
// "1 234 567,50 kr", "£1,234,567.50", "1 234 567,50 €".
func formatMoney(a cityspend.Amount, currency string) string {
	neg := a < 0
	u := uint64(a)
	if neg {
		u = uint64(-a)
	}
	whole, cents := u/100, u%100
	var s string
	switch currency {
	case "GBP", "USD":
		sym := map[string]string{"GBP": "£", "USD": "$"}[currency]
		s = fmt.Sprintf("%s%s.%02d", sym, groupDigits(whole, ","), cents)
	case "NOK", "SEK", "DKK":
		s = fmt.Sprintf("%s,%02d kr", groupDigits(whole, "\u00a0"), cents)
	case "EUR":
		s = fmt.Sprintf("%s,%02d\u00a0€", groupDigits(whole, "\u00a0"), cents)
	default:
		s = fmt.Sprintf("%s.%02d %s", groupDigits(whole, ","), cents, currency)
	}
	if neg {
		return "−" + s
	}
	return s
}

func formatInt(n int64) string {
	if n < 0 {
		return "−" + groupDigits(uint64(-n), "\u00a0")
	}
	return groupDigits(uint64(n), "\u00a0")
}

func formatPct(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + " %" }

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
