// SPDX-License-Identifier: EUPL-1.2

package cpv

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// labelsNB is the project's own bokmål label of every CPV 2008 group and
// class: one "code<TAB>label" a line, "#" starts a comment. The EU's list
// has no Norwegian; docs/categories.md says how to correct a label.
//
//go:embed labels_nb.tsv
var labelsNB string

var nbTable = sync.OnceValue(func() map[Code]string {
	m, err := parseLabels(labelsNB)
	if err != nil {
		panic("refdata/cpv/labels_nb.tsv: " + err.Error())
	}
	return m
})

// parseLabels reads a label table: "code<TAB>label" lines, blank lines and
// "#" comments. A code must be 8 digits and appear once; a label must not
// be empty.
func parseLabels(s string) (map[Code]string, error) {
	m := map[Code]string{}
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		code, label, ok := strings.Cut(line, "\t")
		code, label = strings.TrimSpace(code), strings.TrimSpace(label)
		switch {
		case !ok:
			return nil, fmt.Errorf("line %d: want code<TAB>label", i+1)
		case !Valid(code):
			return nil, fmt.Errorf("line %d: %q is not an 8-digit CPV code", i+1, code)
		case label == "":
			return nil, fmt.Errorf("line %d: %s has no label", i+1, code)
		}
		if _, dup := m[Code(code)]; dup {
			return nil, fmt.Errorf("line %d: %s appears twice", i+1, code)
		}
		m[Code(code)] = label
	}
	return m, nil
}

// Name is a code's label in a language and the code it belongs to: the
// code itself, or the nearest ancestor that has a label when the code has
// none of its own.
type Name struct {
	Text string
	Of   Code // the code whose label Text is
}

// Own reports whether the label is the code's own, not an ancestor's.
func (n Name) Own(c Code) bool { return n.Of == c }

// NB is a code's bokmål label from the project's tables: its own when it
// is a division, group or class (or a deeper code the table names), else
// its nearest ancestor's (class → group → division), so that a code on a
// Norwegian page is never shown in English. ok is false only for a code
// outside CPV's divisions.
func NB(c Code) (Name, bool) {
	if !Valid(string(c)) {
		return Name{}, false
	}
	t := nbTable()
	for cur, ok := c, true; ok; cur, ok = cur.Parent() {
		if cur.Digits() == 2 {
			if d, ok := Divisions[cur.Division()]; ok {
				return Name{Text: d.NB, Of: cur}, true
			}
			return Name{}, false
		}
		if l := t[cur]; l != "" {
			return Name{Text: l, Of: cur}, true
		}
	}
	return Name{}, false
}

// Level is the code a page names a code by in either language: the
// deepest of the code and its ancestors that has a label of its own in
// both English and bokmål, so that an English and a Norwegian page name
// the same level (never a class in one and its division in the other).
// Bokmål has the project's table (groups and classes) and the divisions;
// English the divisions, the project's groups (Groups) and what hasEN says
// it has (the imported official list names every code; nil: nothing
// more). A code outside CPV is its own level.
func Level(c Code, hasEN func(Code) bool) Code {
	if !Valid(string(c)) {
		return c
	}
	t := nbTable()
	for cur, ok := c, true; ok; cur, ok = cur.Parent() {
		if cur.Digits() <= 2 {
			return cur
		}
		if t[cur] == "" {
			continue
		}
		if _, ok := Groups[string(cur)[:3]]; ok && cur.Digits() == 3 {
			return cur
		}
		if hasEN != nil && hasEN(cur) {
			return cur
		}
	}
	return c.At(2)
}

// LabelIn is a code's label from the project's tables in a language
// (bokmål "nb", else English), at the level both languages have a label
// of their own for (Level without the official list): a project group's
// or the division's.
func LabelIn(c Code, lang string) (Name, bool) {
	if !Valid(string(c)) {
		return Name{}, false
	}
	lv := Level(c, nil)
	if lang == "nb" {
		return NB(lv)
	}
	if g, ok := Groups[string(lv)[:3]]; ok && lv.Digits() == 3 {
		return Name{Text: g.EN, Of: lv}, true
	}
	d, ok := Divisions[c.Division()]
	if !ok {
		return Name{}, false
	}
	return Name{Text: d.EN, Of: c.At(2)}, true
}

// NBCodes is a copy of the bokmål table: the groups and classes it names
// with their labels (the divisions' are in Divisions).
func NBCodes() map[Code]string {
	out := make(map[Code]string, len(nbTable()))
	for c, l := range nbTable() {
		out[c] = l
	}
	return out
}
