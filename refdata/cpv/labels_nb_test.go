// SPDX-License-Identifier: EUPL-1.2

package cpv

import (
	"strings"
	"testing"
)

// sameInBoth are the labels written alike in English and bokmål; any other
// bokmål label equal to the English one is an untranslated line.
var sameInBoth = map[string]bool{"glass": true}

// The table itself: every line a group or class of a known division with a
// label, no code twice (parseLabels refuses that).
func TestNBTable(t *testing.T) {
	m, err := parseLabels(labelsNB)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) < 1200 {
		t.Fatalf("%d labels, want the ~1,270 groups and classes", len(m))
	}
	for c, l := range m {
		if d := c.Digits(); d != 3 && d != 4 {
			t.Errorf("%s: a %s, the table is for groups and classes", c, c.Level())
		}
		if _, ok := Divisions[c.Division()]; !ok {
			t.Errorf("%s: no such division", c)
		}
		if l != strings.TrimSpace(l) || strings.ContainsAny(l, "\t\r") {
			t.Errorf("%s: %q has stray spaces", c, l)
		}
	}
}

func TestParseLabelsErrors(t *testing.T) {
	for name, s := range map[string]string{
		"no tab":    "45210000 Byggearbeid\n",
		"short":     "4521\tByggearbeid\n",
		"letters":   "4521000x\tByggearbeid\n",
		"empty":     "45210000\t \n",
		"twice":     "45210000\tByggearbeid\n45210000\tBygg\n",
		"no label":  "45210000\n",
		"too long":  "452100000\tByggearbeid\n",
		"not a cpv": "code\tlabel\n",
	} {
		if _, err := parseLabels(s); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	m, err := parseLabels("# comment\n\n45210000\tByggearbeid\r\n90910000\t Rengjøringstjenester \n")
	if err != nil || len(m) != 2 || m["45210000"] != "Byggearbeid" || m["90910000"] != "Rengjøringstjenester" {
		t.Errorf("%v %v", m, err)
	}
}

// A code gets its own label, else its nearest ancestor's, noted in Of: an
// 8-digit code on a Norwegian page is never in English.
func TestNBFallback(t *testing.T) {
	for _, c := range []struct {
		code, of, text string
	}{
		{"45214200", "45210000", "Byggearbeid"},          // subcategory → class
		{"90911200", "90910000", "Rengjøringstjenester"}, // subcategory → class
		{"77313000", "77310000", "Planting og vedlikehold av grøntområder"},
		{"15120000", "15100000", "Animalske produkter, kjøtt og kjøttprodukter"}, // a class the list lacks → group
		{"45200000", "45200000", "Bygge- og anleggsarbeid for hele eller deler av bygg og anlegg"},
		{"45000000", "45000000", "Bygge- og anleggsarbeid"}, // division
		{"90000000", "90000000", "Avløp, avfall, renhold og miljøtjenester"},
		{"03000000", "03000000", "Landbruks-, fiske- og skogbruksprodukter"},
	} {
		n, ok := NB(Code(c.code))
		if !ok || string(n.Of) != c.of || n.Text != c.text {
			t.Errorf("NB(%s) = %+v %v, want %q of %s", c.code, n, ok, c.text, c.of)
		}
		if n.Own(Code(c.code)) != (c.code == c.of) {
			t.Errorf("NB(%s).Own = %v", c.code, n.Own(Code(c.code)))
		}
	}
	for _, bad := range []string{"99999999", "00000000", "4521", "", "4521000x"} {
		if n, ok := NB(Code(bad)); ok {
			t.Errorf("NB(%q) = %+v, want none", bad, n)
		}
	}
	// Without the official list, English and bokmål name the same level:
	// a group the project names in both, else the division.
	if n, ok := LabelIn("45214200", "en"); !ok || n.Text != Groups["452"].EN || n.Of != "45200000" {
		t.Errorf("LabelIn en: %+v %v", n, ok)
	}
	if n, ok := LabelIn("45214200", "nb"); !ok || n.Of != "45200000" || n.Text != nbTable()["45200000"] {
		t.Errorf("LabelIn nb: %+v %v", n, ok)
	}
	if n, ok := LabelIn("45112000", "nb"); !ok || n.Of != "45000000" || n.Text != Divisions["45"].NB {
		t.Errorf("LabelIn nb of a group the project names in bokmål only: %+v %v", n, ok)
	}
	for c := range NBCodes() {
		for _, code := range []Code{c, Pad(Trim(string(c)) + "1")} {
			en, _ := LabelIn(code, "en")
			nb, _ := LabelIn(code, "nb")
			if en.Of != nb.Of || en.Text == "" || nb.Text == "" {
				t.Errorf("%s: English names %s (%q), bokmål %s (%q)", code, en.Of, en.Text, nb.Of, nb.Text)
			}
		}
	}
	// With the official list, a class: a deeper code is named by its class
	// in both.
	list := func(c Code) bool { return true }
	if got := Level("45233141", list); got != "45230000" {
		t.Errorf("Level with the list: %s", got)
	}
	if got := Level("45233141", nil); got != "45200000" {
		t.Errorf("Level without the list: %s", got)
	}
}

// Every group and class of the official list has a bokmål label, none
// left in English, and the table names no code the list lacks.
func TestNBOfficialList(t *testing.T) {
	es := officialList(t)
	table := NBCodes()
	listed := map[Code]bool{}
	groups, classes := 0, 0
	for _, e := range es {
		d := e.Code.Digits()
		if d != 3 && d != 4 {
			continue
		}
		listed[e.Code] = true
		if d == 3 {
			groups++
		} else {
			classes++
		}
		nb, ok := table[e.Code]
		if !ok {
			t.Errorf("%s (%s) has no bokmål label", e.Code, e.Labels["EN"])
			continue
		}
		if strings.EqualFold(nb, e.Labels["EN"]) && !sameInBoth[strings.ToLower(nb)] {
			t.Errorf("%s: bokmål label %q is the English one", e.Code, nb)
		}
	}
	for c := range table {
		if !listed[c] {
			t.Errorf("%s: in the bokmål table, not a group or class of CPV 2008", c)
		}
	}
	if groups < 250 || classes < 950 {
		t.Errorf("%d groups, %d classes in the list", groups, classes)
	}
	t.Logf("%d groups and %d classes, all with a bokmål label", groups, classes)
}

func FuzzParseLabels(f *testing.F) {
	f.Add("45210000\tByggearbeid\n")
	f.Add("# c\n90910000\tRengjøring\r\n\n")
	f.Add("4521\tx")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := parseLabels(s)
		if err != nil {
			return
		}
		for c, l := range m {
			if !Valid(string(c)) || l == "" {
				t.Fatalf("bad entry %q %q", c, l)
			}
		}
	})
}
