// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseName(t *testing.T) {
	tests := []struct {
		name   string
		tokens string
		forms  string // the legal forms written, as codes
		branch string
	}{
		{"Hansen Bygg AS", "hansen bygg", "AS", ""},
		{"Hansen Bygg ANS", "hansen bygg", "ANS", ""},
		{"Hansen Bygg D.A.", "hansen bygg", "DA", ""},
		{"Hansen Bygg ASA", "hansen bygg", "ASA", ""},
		{"HANSEN BYGG SA", "hansen bygg", "SA", ""},
		{"Hansen Bygg ENK", "hansen bygg", "ENK", ""},
		{"Hansen Bygg A/S avd. Larvik", "hansen bygg", "AS", "larvik"},
		{"Hansen Bygg AS - avdeling Stavern", "hansen bygg", "AS", "stavern"},
		{"Hansen Bygg, avd Tjølling", "hansen bygg", "", "tjolling"},
		{"Mitie Ltd – Preston branch", "mitie", "LTD", "preston"},
		{"Mitie Limited - Lytham St. Annes Branch", "mitie", "LTD", "lytham st annes"},
		{"Mitie Preston Branch", "mitie", "", "preston"},
		{"Travis Perkins (Preston)", "travis perkins", "", "preston"},
		{"Travis Perkins (UK) Ltd", "travis perkins uk", "LTD", ""},
		{"Ribble Care Community Interest Company", "ribble care", "CIC", ""},
		{"Ribble Care C.I.C.", "ribble care", "CIC", ""},
		{"Ribble Care L.L.P.", "ribble care", "LLP", ""},
		{"Ribble Care Limited Liability Partnership", "ribble care", "LLP", ""},
		{"Ribble Care plc", "ribble care", "PLC", ""},
		{"Nettoyage Dupont SARL", "nettoyage dupont", "SARL", ""},
		{"Nettoyage Dupont SAS", "nettoyage dupont", "SAS", ""},
		{"Aas Bygg AS", "as bygg", "AS", ""}, // a place that folds to a form stays a word
		{"Ås", "as", "", ""},
		{"AS", "as", "", ""},
	}
	for _, tt := range tests {
		p := parseName(tt.name, "", false)
		if got := strings.Join(p.tokens, " "); got != tt.tokens || p.forms.String() != tt.forms || p.branch != tt.branch {
			t.Errorf("parseName(%q) = %q %s branch %q, want %q %s branch %q", tt.name, got, p.forms, p.branch, tt.tokens, tt.forms, tt.branch)
		}
	}
	// Numbers in a name are not its words.
	p := parseName("Hansen Bygg AS 974 760 673", "NO", true)
	if strings.Join(p.tokens, " ") != "hansen bygg" || p.forms.String() != "AS" || len(p.numbers) != 1 || p.numbers[0].ID.ID != "974760673" {
		t.Errorf("a name with its number: %+v", p)
	}
}

func TestLegalForms(t *testing.T) {
	// Forms of one country differ; a form of another country is further off.
	as, ans, ltd := formBits["AS"], formBits["ANS"], formBits["LTD"]
	ix := NewIndex()
	ix.Add(org("974760673", "HANSEN BYGG AS", "", ""))
	if ix.formAgrees(0, as) != 1 || ix.formAgrees(0, ans) != -1 || ix.formAgrees(0, ltd) != -2 || ix.formAgrees(0, 0) != 0 {
		t.Errorf("form agreement: AS %d, ANS %d, LTD %d, none %d", ix.formAgrees(0, as), ix.formAgrees(0, ans), ix.formAgrees(0, ltd), ix.formAgrees(0, 0))
	}
	for reg, want := range map[string]string{
		"AS": "AS", "ENK": "ENK", "Private Limited Company": "LTD", "PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)": "LTD",
		"Community Interest Company": "CIC", "Limited Liability Partnership": "LLP", "Public Limited Company": "PLC",
		"Charitable Incorporated Organisation": "CIO", "Ltd": "LTD", "GmbH": "GMBH", "Société par actions simplifiée": "", "": "",
	} {
		if got := registeredForm(reg).String(); got != want {
			t.Errorf("registeredForm(%q) = %q, want %q", reg, got, want)
		}
	}
}

// parseName reads any text without failing: its tokens are words without
// spaces, NameTokens gives the same, and it gives the same twice.
func FuzzParseName(f *testing.F) {
	for _, s := range []string{"Hansen Bygg A/S avd. Larvik", "Mitie Ltd – Preston branch", "Travis Perkins (Preston)", "Ribble Care C.I.C.",
		"Ås", "( branch", "AS 974 760 673", "Café Müller GmbH (Köln)", "— Branch", "a – b branch"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !utf8.ValidString(name) {
			return
		}
		p := parseName(name, "NO", true)
		for _, w := range p.tokens {
			if w == "" || strings.ContainsAny(w, " \t") {
				t.Fatalf("parseName(%q): token %q", name, w)
			}
		}
		if got := NameTokens(name); !slices.Equal(got, parseName(name, "", false).tokens) {
			t.Fatalf("NameTokens(%q) = %q, parseName gives %q", name, got, p.tokens)
		}
		again := parseName(name, "NO", true)
		if !slices.Equal(again.tokens, p.tokens) || again.forms != p.forms || again.branch != p.branch {
			t.Fatalf("parseName(%q) differs the second time", name)
		}
		if f := registeredForm(name); f != 0 && f.String() == "" {
			t.Fatalf("registeredForm(%q) = %d, without a code", name, f)
		}
	})
}
