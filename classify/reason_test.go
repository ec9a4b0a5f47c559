// SPDX-License-Identifier: EUPL-1.2

package classify

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
)

// Every kind of reason is clauses that render in bokmål without English
// words, and in English as the reason's text.
func TestReasonsInTheReadersLanguage(t *testing.T) {
	d := cityspend.CategoryDecision{SupplierID: "a", Text: "wibble flange service", CPV: "50530000", Who: "kari", Why: "maskin",
		At: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
	own := []cityspend.CategoryRule{{Kind: "keyword", Pattern: "skiløype*", CPV: "45236210", Reason: "skiløyper"}}
	no := New("NO", own, []cityspend.CategoryDecision{d}, nil, nil)
	no.SetHistory([]cityspend.Item{{SupplierID: "a", Text: "wibble flange service", Lines: 3, Spend: 100}})
	gb := New("GB", nil, nil, nil, nil)
	gb.SetProfiles([]cityspend.Item{{SupplierID: "ford", AccountText: "Vehicle repairs", Lines: 4, Spend: 4000}})
	for _, tt := range []struct {
		c    *Classifier
		it   cityspend.Item
		rule string
	}{
		{no, cityspend.Item{SupplierID: "a", Text: "wibble flange service"}, RuleDecision},
		{no, cityspend.Item{SupplierID: "b", Text: "wibble flange service"}, RuleLearned},
		{no, cityspend.Item{CPVLine: "30192000"}, RuleLineCPV},
		{no, cityspend.Item{ContractID: "K-1", ContractCPV: "90910000"}, RuleContract},
		{no, cityspend.Item{Text: "preparering skiløype"}, RuleKeyword},
		{no, cityspend.Item{AccountCode: "11100", NACE: "86.21"}, ""},
		{no, cityspend.Item{AccountCode: "11150", NACE: "43.21", Text: "faktura"}, ""},
		{gb, cityspend.Item{Text: ItemText("temporary staff cover"), AccountText: "Staff Training Courses", SupplierName: "Acme Recruitment"}, RuleKeyword},
		{gb, cityspend.Item{Text: ItemText("DFG adaptation 14 Elm Close"), SupplierName: "Whitfield Plumbing Ltd"}, RuleKeyword},
		{gb, cityspend.Item{AccountText: "Sub Contractors", SupplierName: "Marsh Construction Ltd"}, RuleAccountText},
		{gb, cityspend.Item{SupplierID: "ford", AccountText: "Contract Works"}, RuleProfile},
		{gb, cityspend.Item{Text: "zzqx"}, ""},
	} {
		cat := tt.c.Classify(tt.it)
		if tt.rule != "" && cat.Rule != tt.rule {
			t.Errorf("%+v: rule %s, want %s (%s)", tt.it, cat.Rule, tt.rule, cat.Reason)
		}
		if len(cat.Why) == 0 {
			t.Errorf("%+v: no clauses: %+v", tt.it, cat)
			continue
		}
		labels := func(code string) string { return "kode" }
		nb := Render(cat.Why, i18n.New("nb").T, labels)
		if english.MatchString(nb) || nb == "" {
			t.Errorf("%+v: the bokmål reason has English: %q", tt.it, nb)
		}
		en := Render(cat.Why, i18n.New("en").T, tt.c.label)
		if en != cat.Reason {
			t.Errorf("%+v: English rendering %q, reason %q", tt.it, en, cat.Reason)
		}
		// Both languages name each code the one way: "CPV <code> <label>".
		for _, r := range []string{nb, en} {
			if bare := bareCode.FindString(r); bare != "" || strings.Contains(r, "CPV CPV") || namesCode(cat.Why) && !strings.Contains(r, "CPV ") {
				t.Errorf("%+v: a code not named as a CPV code in %q", tt.it, r)
			}
		}
	}
}

// namesCode tells whether a reason has a code among its arguments.
func namesCode(why []cityspend.ReasonPart) bool {
	for _, p := range why {
		for _, a := range p.Args {
			if strings.HasPrefix(a, "cpv:") {
				return true
			}
		}
	}
	return false
}

// bareCode finds a code not preceded by "CPV ".
var bareCode = regexp.MustCompile(`(^|[^V] |[^ ])\b\d{8}\b`)

// english finds words of the English reasons.
var english = regexp.MustCompile(`\b(the|matches|supplier|keyword rule|decided|agree|but|suggests|learned|lines|generic|account|text model|usually sell|cls\.)\b`)
