// SPDX-License-Identifier: EUPL-1.2

package classify

import (
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// A line is read through every text it carries: an English ledger's
// expenditure category, the supplier's name and the service area decide
// where the description says nothing; agreement raises the confidence,
// disagreement lowers it and the reason says which text disagreed.
func TestEveryTextOfALine(t *testing.T) {
	c := New("GB", nil, nil, nil, nil)
	for _, tt := range []struct {
		name     string
		it       cityspend.Item
		cpv      string
		rule     string
		conf     func(float64) bool
		inReason string
	}{
		{"the expenditure category", cityspend.Item{AccountText: "Interim Staff Costs"}, "79620000", RuleAccountText,
			func(f float64) bool { return f >= ReviewBelow }, "the account's name"},
		{"the supplier's name", cityspend.Item{SupplierName: "Harcourt Vane Solicitors LLP", AccountText: "Sundry Expenses"}, "79100000", RuleName,
			func(f float64) bool { return f < 0.85 }, "the supplier's name"},
		{"the service area", cityspend.Item{Unit: "Housing Estates Grounds Maintenance"}, "77314000", RuleUnit,
			func(f float64) bool { return f < ReviewBelow }, "the service area"},
		{"description and category agree", cityspend.Item{Text: ItemText("Agency staff cover wk 14"), AccountText: "Agency Staff Costs"}, "79620000", RuleKeyword,
			func(f float64) bool { return f > 0.9 }, "agree"},
		{"description and category disagree", cityspend.Item{Text: ItemText("temporary staff cover"), AccountText: "Staff Training Courses"}, "79620000", RuleKeyword,
			func(f float64) bool { return f < 0.9 }, "but the account's name suggests CPV 80500000"},
		{"a weak phrase yields to the supplier's name", cityspend.Item{AccountText: "Contract Works", SupplierName: "Northgate Fire Consultants Ltd"},
			"71317000", RuleName, func(f float64) bool { return f > 0 }, "the supplier's name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Classify(tt.it)
			if got.CPV != tt.cpv || got.Rule != tt.rule || !tt.conf(got.Confidence) || !strings.Contains(got.Reason, tt.inReason) {
				t.Errorf("%+v: got %+v", tt.it, got)
			}
		})
	}
}

// A person's decision on a description teaches the lines of other
// suppliers with the same description, and the reason says so.
func TestLearnedFromDecisions(t *testing.T) {
	d := cityspend.CategoryDecision{SupplierID: "a", Text: "wibble flange service", CPV: "50530000", Who: "kari", Why: "machinery repair",
		At: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
	c := New("GB", nil, []cityspend.CategoryDecision{d}, nil, nil)
	c.SetHistory([]cityspend.Item{{SupplierID: "a", Text: "wibble flange service", Lines: 3, Spend: 100}})
	got := c.Classify(cityspend.Item{SupplierID: "b", Text: "wibble flange service"})
	if got.CPV != "50530000" || got.Rule != RuleLearned || !strings.Contains(got.Reason, "kari") || got.Confidence >= 1 {
		t.Errorf("another supplier's line: %+v", got)
	}
	if got := c.Classify(cityspend.Item{SupplierID: "b", Text: "something else"}); got.Rule == RuleLearned {
		t.Errorf("another text learned: %+v", got)
	}
}

// The official labels are a fallback: they classify only what the ledger
// words leave, never above MaxLabels, and change nothing else.
func TestLabelsAreAFallback(t *testing.T) {
	m := TrainModel([]Example{{Text: "kontorrekvisita", CPV: "30190000", Weight: 1}, {Text: "catering", CPV: "55520000", Weight: 1}})
	it := cityspend.Item{Text: ItemText("theodolites")}
	if got := New("GB", nil, nil, m, nil).Classify(it); got.CPV != "" {
		t.Fatalf("without the labels: %+v", got)
	}
	m.Fallback = TrainModel([]Example{{Text: "Theodolites", CPV: "38296000", Weight: 1}, {Text: "Teodolitter", CPV: "38296000", Weight: 1},
		{Text: "Office supplies", CPV: "30100000", Weight: 1}})
	c := New("GB", nil, nil, m, nil)
	if got := c.Classify(it); got.CPV != "38296000" || got.Rule != RuleLabels || got.Confidence > MaxLabels {
		t.Errorf("with the labels: %+v", got)
	}
	if got := c.Classify(cityspend.Item{Text: ItemText("catering for meeting")}); got.Rule == RuleLabels {
		t.Errorf("the labels changed a line the ledger words classify: %+v", got)
	}
}

// A payee's trade words ("… Plumbing & Heating", "… Elektro AS") say
// what it sells: they decide where no other text does, refine a weak
// works keyword ("Disabled Facilities Grant", "Sub Contractors") to the
// trade, and a finer code another text names refines a division's.
func TestPayeeTrade(t *testing.T) {
	for _, tt := range []struct {
		name, country string
		it            cityspend.Item
		cpv, rule     string
		inReason      string
	}{
		{"a trade word alone", "GB", cityspend.Item{SupplierName: "Pennine Roofing Ltd", AccountText: "Sundry Expenses"}, "45261000", RuleName, "roofing"},
		{"the trade decides within works", "GB", cityspend.Item{Text: ItemText("DFG adaptation 14 Elm Close"), AccountText: "Private Sector Housing",
			SupplierName: "Whitfield Plumbing & Heating Ltd"}, "45330000", RuleKeyword, "the supplier's trade decides"},
		{"a finer code refines", "GB", cityspend.Item{AccountText: "Sub Contractors", SupplierName: "Marsh Construction Ltd"}, "45210000", RuleAccountText,
			"names the finer CPV 45210000"},
		{"a strong description keeps its own", "GB", cityspend.Item{Text: ItemText("roof repairs"), SupplierName: "Acme Plumbing Ltd"}, "45261000",
			RuleKeyword, "roof"},
		{"a weak trade word, when nothing else speaks", "GB", cityspend.Item{SupplierName: "Redbrook Building Services Ltd",
			AccountText: "Sundry Services"}, "45000000", RuleName, "building services"},
		{"Norwegian trade words", "NO", cityspend.Item{SupplierName: "Larvik Elektro AS"}, "45310000", RuleName, "elektro"},
		{"Norwegian words are not read on English ledgers", "GB", cityspend.Item{SupplierName: "Larvik Elektro AS"}, "", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := New(tt.country, nil, nil, nil, nil).Classify(tt.it)
			if got.CPV != tt.cpv || got.Rule != tt.rule || !strings.Contains(got.Reason, tt.inReason) {
				t.Errorf("%+v: got %+v", tt.it, got)
			}
		})
	}
}

// A supplier whose other lines are mostly one category lends it to its
// lines whose only texts are generic, and the reason says so; a line
// with a description of its own, a supplier with one line, or one
// without a clear majority lends nothing.
func TestSupplierProfile(t *testing.T) {
	items := []cityspend.Item{
		{SupplierID: "ford", AccountText: "Vehicle repairs", Lines: 4, Spend: 4000},
		{SupplierID: "ford", AccountText: "Contract Works", Lines: 1, Spend: 900},
		{SupplierID: "once", AccountText: "Vehicle repairs", Lines: 1, Spend: 100},
		{SupplierID: "mixed", AccountText: "Vehicle repairs", Lines: 2, Spend: 100},
		{SupplierID: "mixed", AccountText: "Agency staff", Lines: 2, Spend: 100},
	}
	c := New("GB", nil, nil, nil, nil)
	c.SetProfiles(items)
	got := c.Classify(cityspend.Item{SupplierID: "ford", AccountText: "Contract Works"})
	if got.CPV != "50110000" || got.Rule != RuleProfile || !strings.Contains(got.Reason, "other lines") || got.Confidence >= 0.85 {
		t.Errorf("a generic line of a supplier with a profile: %+v", got)
	}
	if got := c.Classify(cityspend.Item{SupplierID: "ford", AccountText: "Contract Works", Text: ItemText("interim payment 3")}); got.Rule == RuleProfile {
		t.Errorf("a line with a description of its own: %+v", got)
	}
	// A weak word that still says what was bought ("Minor Repairs") is not a
	// generic one: the account's name decides.
	if got := c.Classify(cityspend.Item{SupplierID: "ford", AccountText: "Minor Repairs"}); got.Rule != RuleAccountText || got.CPV != "50700000" {
		t.Errorf("a weak but telling account's name: %+v", got)
	}
	for _, s := range []string{"once", "mixed"} {
		if got := c.Classify(cityspend.Item{SupplierID: s, AccountText: "Contract Works"}); got.Rule == RuleProfile {
			t.Errorf("supplier %s lends a profile: %+v", s, got)
		}
	}
}
