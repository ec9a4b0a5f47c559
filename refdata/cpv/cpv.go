// SPDX-License-Identifier: EUPL-1.2

// Package cpv is the Common Procurement Vocabulary (CPV 2008) as a tree:
// codes with their check digits, levels, parents and kinds (works, supplies,
// services), the divisions with the project's own English and Norwegian
// labels, and the reader of the EU's official cpv_2008.xml.
package cpv

import (
	"fmt"
	"strings"
)

// Code is an 8-digit CPV code without its check digit, e.g. "45000000".
type Code string

// Kinds of purchase.
const (
	Works    = "works"
	Supplies = "supplies"
	Services = "services"
)

// weights of the check digit: a weighted sum of the eight digits, mod 10.
var weights = [8]int{3, 7, 1, 3, 7, 1, 3, 7}

// offsets are the subtrees of the official list whose check digits differ
// from the weighted sum by a constant: 532 of the 9,454 codes of CPV 2008,
// in 63 subtrees (the longest matching prefix applies). With them, every
// official code's check digit is reproduced (tested against the list).
var offsets = map[string]int{
	"0330": 8, "0331": 8, "0332": 8, "034": 9, "091": 6, "092": 6, "093": 6, "31711154": 3, "31711155": 3, "33141113": 9,
	"342111": 9, "342112": 8, "342113": 7, "34421": 3, "34422": 6, "3511311": 7, "351253": 3, "353313": 7, "35642": 1,
	"374421": 9, "374422": 8, "3744230": 7, "374424": 6, "374425": 5, "374426": 4, "374427": 3, "3744280": 2, "374429": 1,
	"38941": 4, "38942": 7, "38944": 3, "38945": 6, "38946": 9, "38947": 2, "421": 3, "45233139": 1, "48628": 3, "510": 7,
	"65122": 6, "65123": 2, "71351920": 4, "71351921": 7, "71351923": 3, "71351924": 6, "722121": 5, "722122": 5, "722123": 5,
	"722124": 5, "722125": 5, "722126": 5, "722127": 5, "722129": 5, "722671": 5, "722672": 5, "7233": 5, "724": 5, "726": 5,
	"727": 5, "728": 5, "729": 5, "7934241": 4, "8521": 9, "922251": 2,
}

// CheckDigit returns the check digit of a code.
func (c Code) CheckDigit() int {
	sum := 0
	for i := 0; i < 8 && i < len(c); i++ {
		sum += int(c[i]-'0') * weights[i]
	}
	off, best := 0, 0
	for p, o := range offsets {
		if len(p) > best && strings.HasPrefix(string(c), p) {
			off, best = o, len(p)
		}
	}
	return (sum + off) % 10
}

// String writes the code with its check digit: "45000000-7".
func (c Code) String() string { return fmt.Sprintf("%s-%d", string(c), c.CheckDigit()) }

// Parse reads a code: "45000000-7", "45000000 7", "450000007" or
// "45000000" (no check digit). A check digit that is given must be right.
func Parse(s string) (Code, error) {
	s = strings.TrimSpace(s)
	digits := make([]byte, 0, 9)
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch >= '0' && ch <= '9':
			digits = append(digits, ch)
		case ch == '-' || ch == ' ':
		default:
			return "", fmt.Errorf("CPV code %q: only digits and one '-'", s)
		}
	}
	switch len(digits) {
	case 8:
		return Code(digits), nil
	case 9:
		c := Code(digits[:8])
		if want := c.CheckDigit(); int(digits[8]-'0') != want {
			return "", fmt.Errorf("CPV code %q: check digit %c, want %d", s, digits[8], want)
		}
		return c, nil
	}
	return "", fmt.Errorf("CPV code %q: want 8 digits and a check digit, like 45000000-7", s)
}

// Digits is how many leading digits are significant: 2 for a division
// ("45000000"), 3 for a group, 4 for a class, 5 for a category and up to 8.
func (c Code) Digits() int { return Significant(string(c)) }

// Significant is how many leading digits of a CPV code or prefix mean
// something: its length without the padding zeros, at least the two of a
// division ("90000000" → 2), and no more than it has or than the eight of a
// code.
func Significant(code string) int {
	if len(code) > 8 {
		code = code[:8]
	}
	return min(len(code), max(2, len(Trim(code))))
}

// Covers reports whether a code or prefix (an interest, a followed
// category) covers a code: the code starts with its significant digits,
// so "45200000" covers "45233141" and a division keeps its two ("90").
func Covers(prefix, code string) bool { return strings.HasPrefix(code, prefix[:Significant(prefix)]) }

// Trim is a code or prefix without its padding zeros: "45210000" → "4521".
// A division that ends in a zero loses it too ("90000000" → "9"), as some
// lookups rely on; code[:Significant(code)] keeps it.
func Trim(code string) string { return strings.TrimRight(code, "0") }

// Pad fills a prefix up to a code with zeros: "4521" → "45210000".
func Pad(prefix string) Code { return Code(prefix + strings.Repeat("0", 8-len(prefix))) }

// Level names the code's place in the tree.
func (c Code) Level() string {
	switch c.Digits() {
	case 2:
		return "division"
	case 3:
		return "group"
	case 4:
		return "class"
	case 5:
		return "category"
	}
	return "subcategory"
}

// Parent is the code one level up ("45210000" → "45200000"); a division
// has none. In the official list some parents are missing: walk up with
// Parent until a code the list has.
func (c Code) Parent() (Code, bool) {
	n := c.Digits()
	if n <= 2 {
		return "", false
	}
	return Pad(string(c[:n-1])), true
}

// At returns the code cut to a number of digits: At(3) of "45214200" is
// "45200000", its group.
func (c Code) At(digits int) Code {
	if digits >= 8 || digits >= len(c) {
		return c
	}
	return Pad(string(c[:digits]))
}

// Division is the two-digit division ("45").
func (c Code) Division() string { return string(c[:2]) }

// Group is the three-digit group ("452").
func (c Code) Group() string { return string(c[:3]) }

// Kind says whether the code buys works (division 45), services (codes
// from 50000000) or supplies (the rest).
func (c Code) Kind() string {
	switch {
	case strings.HasPrefix(string(c), "45"):
		return Works
	case string(c) >= "50000000":
		return Services
	}
	return Supplies
}

// Valid reports whether a string is an 8-digit code.
func Valid(s string) bool {
	if len(s) != 8 {
		return false
	}
	for i := 0; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
