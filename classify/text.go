// SPDX-License-Identifier: EUPL-1.2

package classify

import (
	"strings"
	"unicode"
)

// words splits a text into lower-case words of letters and digits; other
// characters separate ("kontorrekv." → "kontorrekv", "pc-er" → "pc", "er").
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '#' })
}

// term is one word of a keyword pattern: whole word, prefix ("brød*"),
// suffix ("*bøker") or infix ("*lisens*").
type term struct {
	w              string
	prefix, suffix bool // the word may go on after w / come before w
}

func (t term) match(w string) bool {
	switch {
	case t.prefix && t.suffix:
		return strings.Contains(w, t.w)
	case t.prefix:
		return strings.HasPrefix(w, t.w)
	case t.suffix:
		return strings.HasSuffix(w, t.w)
	}
	return w == t.w
}

// pattern is a keyword rule's pattern: terms that must follow each other.
type pattern []term

// parsePattern reads "frukt og grønt", "brød*", "*bøker", "kontorrekv*".
func parsePattern(s string) pattern {
	var p pattern
	for _, f := range strings.Fields(strings.ToLower(s)) {
		t := term{w: f}
		if strings.HasSuffix(t.w, "*") {
			t.w, t.prefix = strings.TrimSuffix(t.w, "*"), true
		}
		if strings.HasPrefix(t.w, "*") {
			t.w, t.suffix = strings.TrimPrefix(t.w, "*"), true
		}
		// Words are split like texts, so "pc-er" is the phrase "pc er".
		ws := words(t.w)
		for i, w := range ws {
			p = append(p, term{w: w, prefix: t.prefix && i == len(ws)-1, suffix: t.suffix && i == 0})
		}
	}
	return p
}

// in reports whether the pattern occurs in a text's words.
func (p pattern) in(ws []string) bool {
	for i := range ws {
		if p.at(ws, i) {
			return true
		}
	}
	return false
}

// at reports whether the pattern occurs starting at word i.
func (p pattern) at(ws []string, i int) bool {
	if len(p) == 0 || i+len(p) > len(ws) {
		return false
	}
	for j, t := range p {
		if !t.match(ws[i+j]) {
			return false
		}
	}
	return true
}
