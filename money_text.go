// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Decimal separators of written amounts (a column, a form).
const (
	DecimalPoint = '.' // 1,234.50
	DecimalComma = ',' // 1 234,50 / 1.234,50
)

var currencyMarks = []string{"NOK", "GBP", "EUR", "SEK", "DKK", "BGN", "USD", "CHF", "kr.", "kr", "Kr", "KR", "£", "€", "$"}

// ParseWrittenAmount parses a money amount as ledgers, files and people
// write it, with the decimal separator dec (DecimalPoint or DecimalComma):
// thousands separators (space, no-break space, the other of . and ,,
// apostrophe), a sign before or after the number, parentheses for
// negatives, a currency mark. More than two decimals that are not zeros are
// an error, not a rounding. ParseAmount reads canonical strings only.
func ParseWrittenAmount(s string, dec byte) (Amount, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty")
	}
	orig := s
	neg := false
	if isDigit(s[0]) && isDigit(s[len(s)-1]) {
		goto digits // the common case: no sign, parentheses or currency
	}
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, strings.TrimSpace(s[1:len(s)-1])
	}
	s = stripCurrency(s)
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "−"):
		_, n := utf8.DecodeRuneInString(s)
		neg, s = !neg, strings.TrimSpace(s[n:])
	case strings.HasPrefix(s, "+"):
		s = strings.TrimSpace(s[1:])
	case strings.HasSuffix(s, "-"):
		neg, s = !neg, strings.TrimSpace(s[:len(s)-1])
	case strings.HasSuffix(s, "−"):
		neg, s = !neg, strings.TrimSpace(strings.TrimSuffix(s, "−"))
	}
	s = stripCurrency(s)
	if s == "" {
		return 0, fmt.Errorf("%q has no digits", orig)
	}
digits:
	return parseDigits(orig, s, dec, neg)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// parseDigits parses the unsigned number part of an amount.
func parseDigits(orig, s string, dec byte, neg bool) (Amount, error) {
	thousands := byte(',')
	if dec == DecimalComma {
		thousands = '.'
	}
	var intBuf, fracBuf [24]byte
	intPart, fracPart := intBuf[:0], fracBuf[:0]
	seenDec := false
	groupLen := -1 // digits since the last thousands separator; -1 before any
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if seenDec {
				fracPart = append(fracPart, c)
			} else {
				intPart = append(intPart, c)
				if groupLen >= 0 {
					groupLen++
				}
			}
			i++
		case c == dec && !seenDec:
			if groupLen >= 0 && groupLen != 3 {
				return 0, fmt.Errorf("%q: digits between thousands separators must come in threes", orig)
			}
			seenDec = true
			i++
		case !seenDec && (c == thousands || c == ' ' || c == '\''):
			if !groupOK(intPart, groupLen) {
				return 0, fmt.Errorf("%q: misplaced thousands separator", orig)
			}
			groupLen = 0
			i++
		case !seenDec && c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r != '\u00a0' && r != '\u202f' && r != '\u2009' {
				return 0, fmt.Errorf("%q is not a number", orig)
			}
			if !groupOK(intPart, groupLen) {
				return 0, fmt.Errorf("%q: misplaced thousands separator", orig)
			}
			groupLen = 0
			i += n
		default:
			if c == '.' || c == ',' {
				return 0, fmt.Errorf("%q does not fit the column's decimal %s", orig, decName(dec))
			}
			return 0, fmt.Errorf("%q is not a number", orig)
		}
	}
	if !seenDec && groupLen >= 0 && groupLen != 3 {
		return 0, fmt.Errorf("%q: digits between thousands separators must come in threes", orig)
	}
	if len(intPart) == 0 && len(fracPart) == 0 {
		return 0, fmt.Errorf("%q has no digits", orig)
	}
	if seenDec && len(fracPart) == 0 {
		return 0, fmt.Errorf("%q has no digits after the decimal %s", orig, decName(dec))
	}
	for len(fracPart) > 2 && fracPart[len(fracPart)-1] == '0' {
		fracPart = fracPart[:len(fracPart)-1]
	}
	if len(fracPart) > 2 {
		return 0, fmt.Errorf("%q has more than two decimals", orig)
	}
	return digitsToAmount(orig, intPart, fracPart, neg)
}

// groupOK reports whether a thousands separator may follow: the first group
// has one to three digits, every later one exactly three.
func groupOK(intPart []byte, groupLen int) bool {
	if groupLen < 0 {
		return len(intPart) >= 1 && len(intPart) <= 3
	}
	return groupLen == 3
}

func digitsToAmount(orig string, intPart, fracPart []byte, neg bool) (Amount, error) {
	var v uint64
	for _, c := range intPart {
		v = v*10 + uint64(c-'0')
		if v > uint64(MaxAmount) {
			return 0, fmt.Errorf("%q is too large", orig)
		}
	}
	for i := 0; i < 2; i++ {
		v *= 10
		if i < len(fracPart) {
			v += uint64(fracPart[i] - '0')
		}
	}
	if v > uint64(MaxAmount) {
		return 0, fmt.Errorf("%q is too large", orig)
	}
	if neg {
		return -Amount(v), nil
	}
	return Amount(v), nil
}

func stripCurrency(s string) string {
	for _, m := range currencyMarks {
		if strings.HasPrefix(s, m) {
			return strings.TrimSpace(s[len(m):])
		}
		if strings.HasSuffix(s, m) {
			return strings.TrimSpace(s[:len(s)-len(m)])
		}
	}
	return s
}

func decName(dec byte) string {
	if dec == DecimalComma {
		return "comma"
	}
	return "point"
}

// ParseSpreadsheetNumber parses a number cell as spreadsheets store it: a
// plain decimal or scientific notation, written from a binary double. Values
// within a millionth of a whole cent are taken as that cent (0.1+0.2 is stored
// as 0.30000000000000004); anything finer is an error.
func ParseSpreadsheetNumber(s string) (Amount, error) {
	s = strings.TrimSpace(s)
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		e := s[i+1:]
		sign := 1
		if strings.HasPrefix(e, "+") {
			e = e[1:]
		} else if strings.HasPrefix(e, "-") {
			sign, e = -1, e[1:]
		}
		if e == "" || len(e) > 3 {
			return 0, fmt.Errorf("%q is not a number", s)
		}
		for _, c := range e {
			if c < '0' || c > '9' {
				return 0, fmt.Errorf("%q is not a number", s)
			}
			exp = exp*10 + int(c-'0')
		}
		exp *= sign
	}
	neg := false
	if strings.HasPrefix(mant, "-") {
		neg, mant = true, mant[1:]
	}
	ip, fp, _ := strings.Cut(mant, ".")
	digits := ip + fp
	if digits == "" {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%q is not a number", s)
		}
	}
	point := len(ip) + exp // position of the decimal point in digits
	if point < 0 {
		digits = strings.Repeat("0", -point) + digits
		point = 0
	}
	for len(digits) < point {
		digits += "0"
	}
	intDigits, fracDigits := digits[:point], digits[point:]
	// Round to cents when the excess is float noise.
	if len(fracDigits) > 2 {
		rest := fracDigits[2:]
		if strings.Trim(rest, "0") != "" {
			noiseDown := len(rest) >= 6 && strings.HasPrefix(rest, "0000")
			noiseUp := len(rest) >= 6 && strings.HasPrefix(rest, "9999")
			switch {
			case noiseDown:
			case noiseUp:
				a, err := digitsToAmount(s, []byte(intDigits), []byte(fracDigits[:2]), false)
				if err != nil {
					return 0, err
				}
				a++
				if neg {
					a = -a
				}
				return a, nil
			default:
				return 0, fmt.Errorf("%q has more than two decimals", s)
			}
		}
		fracDigits = fracDigits[:2]
	}
	return digitsToAmount(s, []byte(intDigits), []byte(fracDigits), neg)
}

// ParseFormAmount parses an amount a person typed in a form: with the
// reader's decimal separator (dec), else the other one.
func ParseFormAmount(s string, dec byte) (Amount, error) {
	a, err := ParseWrittenAmount(s, dec)
	if err == nil {
		return a, nil
	}
	other := byte('.')
	if dec == '.' {
		other = ','
	}
	return ParseWrittenAmount(s, other)
}
