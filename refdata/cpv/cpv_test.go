// SPDX-License-Identifier: EUPL-1.2

package cpv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckDigit(t *testing.T) {
	for s, want := range map[string]int{"03000000": 1, "45000000": 7, "48000000": 8, "50000000": 5, "72000000": 5, "90000000": 7,
		"03310000": 5, "42100000": 0, "15810000": 9, "30190000": 7, "33600000": 6} {
		if got := Code(s).CheckDigit(); got != want {
			t.Errorf("%s: check digit %d, want %d", s, got, want)
		}
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]string{"45000000-7": "45000000", "45000000 7": "45000000", "450000007": "45000000", "45000000": "45000000",
		" 30190000-7 ": "30190000"} {
		c, err := Parse(in)
		if err != nil || string(c) != want {
			t.Errorf("Parse(%q) = %q, %v", in, c, err)
		}
	}
	for _, in := range []string{"45000000-8", "4500000", "45000000-77", "4500000a", "", "45.000.000"} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) should fail", in)
		}
	}
}

func TestTree(t *testing.T) {
	c := Code("45214200")
	if c.Digits() != 6 || c.Level() != "subcategory" || c.Division() != "45" || c.Group() != "452" || c.Kind() != Works {
		t.Errorf("%s: %d %s %s %s %s", c, c.Digits(), c.Level(), c.Division(), c.Group(), c.Kind())
	}
	if p, ok := c.Parent(); !ok || p != "45214000" {
		t.Errorf("parent %s", p)
	}
	if _, ok := Code("45000000").Parent(); ok {
		t.Error("a division has no parent")
	}
	if c.At(3) != "45200000" || c.At(2) != "45000000" || Code("90910000").Kind() != Services || Code("30190000").Kind() != Supplies {
		t.Error("At / Kind")
	}
	if Code("03000000").Digits() != 2 || Code("03100000").Level() != "group" || Code("03110000").Level() != "class" {
		t.Error("levels")
	}
	if len(Divisions) != 45 {
		t.Errorf("%d divisions", len(Divisions))
	}
	for d, l := range Divisions {
		if l.EN == "" || l.NB == "" || len(d) != 2 {
			t.Errorf("division %s: %+v", d, l)
		}
	}
}

// The digits of codes and prefixes: what lookups by prefix, the broker's
// matching, the cube's levels and the factor files rely on.
func TestDigits(t *testing.T) {
	for _, c := range []struct {
		code string
		sig  int
		trim string
	}{
		{"45210000", 4, "4521"}, {"45000000", 2, "45"}, {"90000000", 2, "9"}, {"90911200", 6, "909112"}, {"03000000", 2, "03"},
		{"4521", 4, "4521"}, {"4", 1, "4"}, {"", 0, ""}, {"452100001", 4, "452100001"}, {"00000000", 2, ""},
	} {
		if got := Significant(c.code); got != c.sig {
			t.Errorf("Significant(%q) = %d, want %d", c.code, got, c.sig)
		}
		if got := Trim(c.code); got != c.trim {
			t.Errorf("Trim(%q) = %q, want %q", c.code, got, c.trim)
		}
	}
	if Pad("4521") != "45210000" || Pad("90") != "90000000" || Pad("45210000") != "45210000" {
		t.Error("Pad")
	}
}

func TestReadXMLErrors(t *testing.T) {
	for name, doc := range map[string]string{
		"bad check digit": `<CPV_CODE><CPV CODE="45000000-8"><TEXT LANG="EN">Works</TEXT></CPV></CPV_CODE>`,
		"no check digit":  `<CPV_CODE><CPV CODE="45000000"><TEXT LANG="EN">Works</TEXT></CPV></CPV_CODE>`,
		"twice":           `<CPV_CODE><CPV CODE="45000000-7"><TEXT LANG="EN">W</TEXT></CPV><CPV CODE="45000000-7"><TEXT LANG="EN">W</TEXT></CPV></CPV_CODE>`,
		"no text":         `<CPV_CODE><CPV CODE="45000000-7"></CPV></CPV_CODE>`,
		"entity":          `<!DOCTYPE x [<!ENTITY a "b">]><CPV_CODE><CPV CODE="45000000-7"><TEXT LANG="EN">&a;</TEXT></CPV></CPV_CODE>`,
		"empty":           `<CPV_CODE></CPV_CODE>`,
		"not xml":         `code;label`,
	} {
		if _, err := ReadXML(strings.NewReader(doc)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	es, err := ReadXML(strings.NewReader("<CPV_CODE>\n<CPV CODE=\"45000000-7\">\n<TEXT LANG=\"en\">Construction work</TEXT>\n<TEXT LANG=\"DE\">Bauarbeiten</TEXT>\n</CPV>\n</CPV_CODE>"))
	if err != nil || len(es) != 1 || es[0].Labels["EN"] != "Construction work" || es[0].Labels["DE"] != "Bauarbeiten" || es[0].Line != 2 {
		t.Errorf("%+v %v", es, err)
	}
}

// The complete official list: every code parses with the right check
// digit, and the tree is consistent.
func TestOfficialList(t *testing.T) {
	es := officialList(t)
	if len(es) != 9454 {
		t.Fatalf("%d codes, want 9454", len(es))
	}
	have := map[Code]bool{}
	for _, e := range es {
		have[e.Code] = true
	}
	divisions := 0
	for _, e := range es {
		if e.Labels["EN"] == "" {
			t.Errorf("%s has no English label", e.Code)
		}
		if e.Code.Digits() == 2 {
			divisions++
			if _, ok := Divisions[e.Code.Division()]; !ok {
				t.Errorf("division %s is not among the project's divisions", e.Code.Division())
			}
			continue
		}
		// Walking up always reaches a code of the list, ending at its division.
		p, ok := e.Code.Parent()
		for ok && !have[p] {
			p, ok = p.Parent()
		}
		if !ok || p.Division() != e.Code.Division() || p.Digits() >= e.Code.Digits() {
			t.Errorf("%s: no ancestor in the list", e.Code)
		}
	}
	if divisions != 45 {
		t.Errorf("%d divisions", divisions)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"45000000-7", "450000007", "45000000", "-", "4500000x", "99999999-9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		if !Valid(string(c)) {
			t.Fatalf("Parse(%q) = %q, not 8 digits", s, c)
		}
		again, err := Parse(c.String())
		if err != nil || again != c {
			t.Fatalf("round trip of %q: %q %v", c.String(), again, err)
		}
	})
}

func FuzzReadXML(f *testing.F) {
	f.Add(`<CPV_CODE><CPV CODE="45000000-7"><TEXT LANG="EN">Works</TEXT></CPV></CPV_CODE>`)
	f.Add(`<CPV_CODE><CPV CODE="03000000-1"><TEXT LANG="EN">A</TEXT><TEXT LANG="DE">B</TEXT></CPV></CPV_CODE>`)
	f.Fuzz(func(t *testing.T, doc string) {
		es, err := ReadXML(strings.NewReader(doc))
		if err != nil {
			return
		}
		for _, e := range es {
			if !Valid(string(e.Code)) || len(e.Labels) == 0 {
				t.Fatalf("bad entry %+v", e)
			}
		}
	})
}

func TestGroups(t *testing.T) {
	for g, l := range Groups {
		if len(g) != 3 || l.EN == "" || l.NB == "" {
			t.Errorf("group %s: %+v", g, l)
		}
		if _, ok := Divisions[g[:2]]; !ok {
			t.Errorf("group %s is in no division", g)
		}
	}
	if GroupLabel("45210000", "nb") != "Bygg- og anleggsarbeider" || GroupLabel("45210000", "en") != "Building and civil engineering works" {
		t.Error("group label")
	}
	// A group without a short label of its own takes the full bokmål
	// label of the project's table (NB), and in English its division's.
	if n, _ := NB("03400000"); GroupLabel("03400000", "nb") != n.Text || n.Text == Divisions["03"].NB {
		got := GroupLabel("03400000", "nb")
		t.Errorf("bokmål fallback: %q", got)
	}
	if got := GroupLabel("03400000", "en"); got != Divisions["03"].EN {
		t.Errorf("English fallback: %q", got)
	}
}

// officialList reads the EU's cpv_2008.xml from ../shared/data beside the
// repository (three levels up from refdata/cpv), or the test skips.
func officialList(t *testing.T) []Entry {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "data", "cpv", "cpv_2008.xml")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("SKIP: the official CPV list is not at %s (../shared/data/cpv beside the repository)", path)
	}
	defer f.Close()
	es, err := ReadXML(f)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// A code or prefix covers the codes that start with its significant
// digits: a group's padding zeros say nothing, a division keeps its two.
func TestCovers(t *testing.T) {
	for _, c := range []struct {
		prefix, code string
		want         bool
	}{
		{"45200000", "45233141", true}, {"45200000", "45100000", false}, {"90000000", "90620000", true}, {"90000000", "91000000", false},
		{"906", "90620000", true}, {"9062", "90610000", false}, {"45233141", "45233141", true}, {"45233141", "45233142", false},
	} {
		if got := Covers(c.prefix, c.code); got != c.want {
			t.Errorf("Covers(%s, %s) = %v, want %v", c.prefix, c.code, got, c.want)
		}
	}
}
