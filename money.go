// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Amount is an exact amount of money in minor units (hundredths: øre, pence,
// cents). Every currency cityspend handles has two decimals. Never float64.
type Amount int64

// MaxAmount bounds amounts so that sums over billions of lines cannot overflow.
const MaxAmount Amount = 1e15 // 10 000 000 000 000.00

// String formats the amount as a plain decimal with two decimals: "-1234.50".
func (a Amount) String() string {
	neg := a < 0
	u := uint64(a)
	if neg {
		u = uint64(-a)
	}
	s := strconv.FormatUint(u/100, 10) + "." + fmt.Sprintf("%02d", u%100)
	if neg {
		return "-" + s
	}
	return s
}

// MarshalJSON writes the amount as a decimal string, so no JSON reader turns it
// into a binary float.
func (a Amount) MarshalJSON() ([]byte, error) {
	return json.Marshal(a.String())
}

// UnmarshalJSON reads a decimal string or a JSON number with at most two decimals.
func (a *Amount) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, err := ParseAmount(s)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// ParseAmount parses a canonical decimal ("1234.5", "-0.07", "12") with at most
// two decimals. Ledger files with decimal commas and thousands separators are
// parsed by the ingest packages; this is for canonical strings.
func ParseAmount(s string) (Amount, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("parse amount: empty")
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && frac == "" {
		return 0, fmt.Errorf("parse amount %q: no digits", s)
	}
	if hasDot && frac == "" {
		return 0, fmt.Errorf("parse amount %q: no digits after the point", s)
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > 2 {
		return 0, fmt.Errorf("parse amount %q: more than two decimals", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	var v uint64
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("parse amount %q: not a decimal number", s)
		}
		v = v*10 + uint64(c-'0')
		if v > uint64(MaxAmount) {
			return 0, fmt.Errorf("parse amount %q: too large", s)
		}
	}
	if neg {
		return -Amount(v), nil
	}
	return Amount(v), nil
}

// Money is an amount with its ISO 4217 currency code.
type Money struct {
	Amount   Amount `json:"amount"`
	Currency string `json:"currency"`
}

func (m Money) String() string { return m.Amount.String() + " " + m.Currency }

// Share returns part/whole as a fraction in [0,1] (or beyond for odd inputs),
// 0 when whole is 0. Shares are ratios, not money, so a float is right here.
func Share(part, whole Amount) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}
