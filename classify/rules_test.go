// SPDX-License-Identifier: EUPL-1.2

package classify

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/refdata/cpv"
)

func TestPatterns(t *testing.T) {
	for _, tt := range []struct {
		pattern, text string
		want          bool
	}{
		{"brød*", "Brødlevering uke 12", true},
		{"brød*", "Rundstykker og brød", true},
		{"brød*", "Smørbrød", false},
		{"*bøker", "Lærebøker 5. trinn", true},
		{"*lisens*", "Systemlisensavtale", true},
		{"frukt og grønt", "Frukt og grønt Stavern skole", true},
		{"frukt og grønt", "Frukt, og grønt", true},
		{"frukt og grønt", "grønt og frukt", false},
		{"mat", "Matvarer", false},
		{"mat", "Mat til møtet", true},
		{"pc-er", "Nye PC-er", true},
		{"mat *møte*", "Mat personalmøte", true},
		{"it", "Konsulentbistand IT", true},
		{"it", "Kitchen", false},
	} {
		if got := parsePattern(tt.pattern).in(words(tt.text)); got != tt.want {
			t.Errorf("%q in %q = %v, want %v", tt.pattern, tt.text, got, tt.want)
		}
	}
}

func TestItemText(t *testing.T) {
	for in, want := range map[string]string{"Mat levering uke 12": "mat levering uke #", "  Kopipapir A4  10 kartonger ": "kopipapir a# # kartonger",
		"ÆØÅ 2024-01": "æøå #-#", "": ""} {
		if got := ItemText(in); got != want {
			t.Errorf("ItemText(%q) = %q, want %q", in, got, want)
		}
	}
}

// The classifier's precedence, and its reasons.
func TestPrecedence(t *testing.T) {
	decisions := []cityspend.CategoryDecision{
		{SupplierID: "org:A", CPV: "79710000", Who: "kari", Why: "security contract", At: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)},
		{SupplierID: "org:A", Text: "brøyting", CPV: "90620000", Who: "ola", Why: "winter", At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	own := []cityspend.CategoryRule{{Kind: "keyword", Pattern: "skiløype*", CPV: "45236210", Reason: "ski trails"}}
	c := New("NO", own, decisions, nil, nil)
	for _, tt := range []struct {
		name string
		it   cityspend.Item
		cpv  string
		rule string
	}{
		{"the most specific decision", cityspend.Item{SupplierID: "org:A", Text: "brøyting"}, "90620000", RuleDecision},
		{"a decision for the supplier", cityspend.Item{SupplierID: "org:A", Text: "brød"}, "79710000", RuleDecision},
		{"the invoice line's CPV", cityspend.Item{SupplierID: "org:B", Text: "brød", CPVLine: "30192000"}, "30192000", RuleLineCPV},
		{"the invoice line's CPV before the contract's", cityspend.Item{Text: "brød", CPVLine: "30192000", ContractID: "K-1", ContractCPV: "90910000"},
			"30192000", RuleLineCPV},
		{"the contract's CPV before keywords", cityspend.Item{Text: "Brødlevering", ContractID: "K-1", ContractCPV: "90910000"}, "90910000", RuleContract},
		{"the buyer's keyword first", cityspend.Item{Text: "preparering skiløyper"}, "45236210", RuleKeyword},
		{"a shipped keyword", cityspend.Item{Text: "Brødlevering uke #"}, "15810000", RuleKeyword},
		{"a phrase before a word", cityspend.Item{Text: "mat personalmøte", AccountCode: "1115"}, "55520000", RuleKeyword},
		{"a keyword that agrees with the account", cityspend.Item{Text: "maling og materialer", AccountCode: "1250"}, "44110000", RuleKeyword},
		{"a weak keyword yields to the industry", cityspend.Item{Text: "rådgivning sentrum", NACE: "71.120"}, "71300000", RuleNACE},
		{"a weak keyword alone decides", cityspend.Item{Text: "rådgivning sentrum"}, "79400000", RuleKeyword},
		{"account and industry agree: the finer code", cityspend.Item{Text: "se vedlegg", AccountCode: "1115", NACE: "10.710"}, "15810000", RuleBoth},
		{"the account alone", cityspend.Item{Text: "faktura #", AccountCode: "1114"}, "33600000", RuleAccount},
		{"the industry alone", cityspend.Item{Text: "faktura #", NACE: "62.010"}, "72000000", RuleNACE},
		{"nothing", cityspend.Item{Text: "diverse"}, "", ""},
	} {
		got := c.Classify(tt.it)
		if got.CPV != tt.cpv || got.Rule != tt.rule {
			t.Errorf("%s: %+v, want %s by %s", tt.name, got, tt.cpv, tt.rule)
		}
		if got.CPV != "" && (got.Reason == "" || got.Confidence <= 0 || got.Confidence > 1) {
			t.Errorf("%s: reason %q confidence %v", tt.name, got.Reason, got.Confidence)
		}
	}
	if r := c.Classify(cityspend.Item{SupplierID: "org:A", Text: "x"}); !strings.Contains(r.Reason, "kari") || !strings.Contains(r.Reason, "security contract") {
		t.Errorf("a decision's reason names who and why: %q", r.Reason)
	}
	// Confirmed history: a supplier's decided lines make its usual category.
	c.SetHistory([]cityspend.Item{{SupplierID: "org:C", CPVLine: "09310000", Spend: 100}})
	if r := c.Classify(cityspend.Item{SupplierID: "org:C", Text: "faktura #"}); r.CPV != "09310000" || r.Rule != RuleHistory {
		t.Errorf("history: %+v", r)
	}
}

// Every shipped rule points to a valid code, and with the official list
// loaded, to a code of the list (or a division).
func TestShippedRules(t *testing.T) {
	for _, country := range []string{"NO", "GB"} {
		for _, r := range append(Defaults(country), tradeRules(country)...) {
			if err := ValidateRule(r); err != nil {
				t.Errorf("%s: %+v: %v", country, r, err)
			}
			if len(parsePattern(r.Pattern)) == 0 && r.Kind != "kostra" && r.Kind != "nace" {
				t.Errorf("empty pattern %+v", r)
			}
		}
	}
	if err := ValidateRule(cityspend.CategoryRule{Kind: "keyword", Pattern: "x", CPV: "45000000-8", Reason: "r"}); err == nil {
		t.Error("a bad check digit must fail")
	}
	if err := ValidateRule(cityspend.CategoryRule{Kind: "color", Pattern: "x", CPV: "45000000", Reason: "r"}); err == nil {
		t.Error("a bad kind must fail")
	}
}

func TestModel(t *testing.T) {
	m := TrainModel([]Example{
		{Text: "strøm nettleie kraft elektrisitet", CPV: "09300000"},
		{Text: "kopipapir toner kontorrekvisita", CPV: "30190000"},
		{Text: "brøyting snørydding strøing", CPV: "90600000"},
	})
	if p := m.Predict("strømforbruk januar"); p.CPV != "09300000" || p.Probability < 0.5 {
		t.Errorf("strømforbruk: %+v", p)
	}
	if p := m.Predict("snøbrøyting"); p.CPV != "90600000" {
		t.Errorf("a compound word: %+v", p)
	}
	if p := m.Predict("xyz"); p.CPV != "" {
		t.Errorf("no known n-gram: %+v", p)
	}
	raw, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Decode(raw)
	if err != nil || m2.Predict("kopi papir").CPV != "30190000" {
		t.Errorf("round trip: %v", err)
	}
}

// The store's items have the text ItemText gives, so decisions made on an
// item's text find it again.
func TestItemTextMatchesStore(t *testing.T) {
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "t.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := cityspend.Buyer{ID: "X", Name: "X", Country: "NO", Currency: "NOK", FiscalStart: 1}
	if err := st.CreateBuyer(ctx, b); err != nil {
		t.Fatal(err)
	}
	descs := []string{"Mat levering uke 12", "  Kopipapir A4  10 kartonger ", "ÆØÅ\tSTRØM 2024", "", "Årlig  lisens\u00a0Visma"}
	var rows []cityspend.ImportRow
	for i, d := range descs {
		rows = append(rows, cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: "X", Line: i + 2, Supplier: cityspend.Payee{Name: "Leverandør AS"},
			Key: cityspend.DedupKey{Hi: uint64(i + 1)}, PaymentDate: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), Amount: 100, Currency: "NOK", AccountCode: "1100", Description: d}})
	}
	batch := &cityspend.ImportBatch{BuyerID: "X", Kind: "ledger", FileName: "t.csv", SHA256: "x"}
	if err := st.ImportPayments(ctx, batch, cityspend.SliceRows(rows), false); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AssignItems(ctx, "X"); err != nil {
		t.Fatal(err)
	}
	items, err := st.Items(ctx, "X")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, it := range items {
		got[it.Text] = true
	}
	for _, d := range descs {
		if !got[ItemText(d)] {
			t.Errorf("no item with text %q (of %q); items %v", ItemText(d), d, got)
		}
	}
}

// With the official list at hand, every code the shipped rules name is in it.
func TestShippedCodesAreOfficial(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "shared", "data", "cpv", "cpv_2008.xml"))
	if err != nil {
		t.Skip("SKIP: the official CPV list is not at ../shared/data/cpv")
	}
	defer f.Close()
	es, err := cpv.ReadXML(f)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, e := range es {
		have[string(e.Code)] = true
	}
	for _, r := range append(append(Defaults("NO"), Defaults("GB")...), tradeRules("NO")...) {
		if !have[r.CPV] {
			t.Errorf("rule %s %q names %s, which is not in CPV 2008", r.Kind, r.Pattern, r.CPV)
		}
	}
}

// The memo of what a classifier works out from a text (its keyword rules,
// the model's prediction) changes no category: items classified by one
// classifier, in one order and then in the other, are classified as a new
// classifier classifies each alone. The items share texts, names, account
// names and units in different combinations; some have an account and an
// industry that disagree, which the model's scores of every class decide.
func TestMemoChangesNothing(t *testing.T) {
	model := TrainModel([]Example{
		{Text: "strøm nettleie kraft elektrisitet", CPV: "09300000"},
		{Text: "kopipapir toner kontorrekvisita", CPV: "30190000"},
		{Text: "brøyting snørydding strøing", CPV: "90600000"},
		{Text: "rådgivning prosjektering konsulent", CPV: "71300000"},
	})
	model.Fallback = TrainModel([]Example{{Text: "elektrisk energi", CPV: "09310000"}, {Text: "papir", CPV: "30197000"}})
	texts := []string{"brødlevering uke #", "strømforbruk januar", "kopipapir a#", "faktura #", "snøbrøyting", "", "rådgivning sentrum",
		"mat personalmøte", "papir", "elektrisk energi", "prosjektering", "prosjektering konsulent"}
	names := []string{"Larvik Elektro AS", "Hansen Rørlegger AS", "Kontorland AS", ""}
	accounts := [][2]string{{"1115", "Matvarer"}, {"1120", "Kontorrekvisita"}, {"1230", "Strøm"}, {"1270", "Konsulenttjenester"}, {"", ""}}
	naces := []string{"", "71.120", "43.210", "47.620"}
	units := []string{"", "Stavern skole", "Vei og park"}
	var items []cityspend.Item
	for i := range 400 {
		a := accounts[(i/3)%len(accounts)]
		items = append(items, cityspend.Item{ID: int32(i + 1), SupplierID: "org:" + names[i%len(names)], SupplierName: names[i%len(names)],
			Text: texts[(i*7)%len(texts)], AccountCode: a[0], AccountText: a[1], NACE: naces[(i/5)%len(naces)], Unit: units[(i/11)%len(units)]})
	}
	alone := make([]cityspend.Categorization, len(items))
	disagree, industry := 0, 0
	for i, it := range items {
		alone[i] = New("NO", nil, nil, model, nil).Classify(it)
		for _, w := range alone[i].Why {
			if w.Key == "fits_industry" || w.Key == "industry_suggests" {
				disagree++
			}
			if w.Key == "fits_industry" {
				industry++
			}
		}
	}
	if disagree == 0 || industry == 0 || industry == disagree {
		t.Fatalf("account and industry disagreed on %d items, the model took the industry's side on %d: the test does not try the model's scores",
			disagree, industry)
	}
	sameWithMemo(t, New("NO", nil, nil, model, nil), items, alone)

	// An English ledger's account names say whether a line is a service on
	// goods ("Repair & Maint …"): the account name's item text (memo's
	// itemText) decides; names that begin alike must not share it.
	gb := []cityspend.Item{}
	descs := []string{"", "invoice #", "cremator", "boiler"}
	gbAccounts := []string{"Cremator Purchases", "Cremator Repairs", "Repair & Maint Cremator", "Repair & Maint Vehicles", "Software Licences",
		"Software Support Fees"}
	for i := range 100 {
		gb = append(gb, cityspend.Item{ID: int32(i + 1), SupplierID: fmt.Sprint("org:", i%7), SupplierName: []string{"Acme Ltd", "Hill Plumbing Ltd", ""}[i%3],
			Text: descs[(i*3)%len(descs)], AccountText: gbAccounts[(i/2)%len(gbAccounts)]})
	}
	gbAlone := make([]cityspend.Categorization, len(gb))
	serviceOn := 0
	for i, it := range gb {
		gbAlone[i] = New("GB", nil, nil, nil, nil).Classify(it)
		for _, w := range gbAlone[i].Why {
			if w.Key == "service_on" {
				serviceOn++
			}
		}
	}
	if serviceOn == 0 {
		t.Fatal("no English item was a service on goods: the test does not try the account names' item texts")
	}
	sameWithMemo(t, New("GB", nil, nil, nil, nil), gb, gbAlone)
}

// sameWithMemo fails unless c classifies items, in their order and then in
// the other, as alone says each is classified alone.
func sameWithMemo(t *testing.T, c *Classifier, items []cityspend.Item, alone []cityspend.Categorization) {
	t.Helper()
	for round, order := range [][]int{forward(len(items)), backward(len(items))} {
		for _, i := range order {
			if got := c.Classify(items[i]); !sameCategory(got, alone[i]) {
				t.Fatalf("round %d, item %+v: %+v with the memo, %+v alone", round, items[i], got, alone[i])
			}
		}
	}
	if len(c.memo.keywords) == 0 || len(c.memo.itemText) == 0 {
		t.Errorf("the memo kept nothing: %d texts' rules, %d item texts", len(c.memo.keywords), len(c.memo.itemText))
	}
}

func forward(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func backward(n int) []int {
	out := forward(n)
	slices.Reverse(out)
	return out
}
