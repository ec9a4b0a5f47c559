// SPDX-License-Identifier: EUPL-1.2

package indicator

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/publicbody"
	"github.com/cityspend/cityspend/refdata/scoperules"
)

// facts are a payee's facts as ScopeDecisions builds them, for a GB buyer.
func ukFacts(buyer, payee, accountText string) ScopeFacts {
	f := ScopeFacts{Account: cityspend.Account{ID: 1, Code: "D1234", Text: accountText}, Payee: payee, Supplier: payee, Type: cityspend.TypeUnknown}
	if b, ok := publicbody.Match("GB", payee); ok {
		f.Body, f.Type = b.Kind, cityspend.TypePublic
	}
	own := ownBody(cityspend.Buyer{Country: "GB", Name: buyer})
	b, ok := publicbody.Match("GB", payee)
	f.Own = own.is(cityspend.Buyer{Country: "GB", Name: buyer}, f, b, ok)
	return f
}

// The UK defaults on the payees and expenditure categories of real council
// ledgers (Oxford City Council 2014 and 2017, Hyndburn Borough Council
// 2017–2020): what is excluded and why, and what stays procurement.
func TestScopeRulesUK(t *testing.T) {
	rules := DefaultScopeRules("GB")
	tests := []struct {
		buyer, payee, category string
		in                     bool
		why                    string
	}{
		// Payees that are never suppliers.
		{"Oxford City Council", "H M REVENUE & CUSTOMS", "C.I.T.Awaiting Payment", false, "taxes"},
		{"Oxford City Council", "HMRC", "Acquisition of Land & Property", false, "taxes"},
		{"Oxford City Council", "OXFORDSHIRE COUNTY COUNCIL PENSION FUND", "Early Retirement Capitalised Cost", false, "pension"},
		{"Hyndburn Borough Council", "GREATER MANCHESTER PENSION FUND", "PENSION INCREASE ACT PAYMENT", false, "pension"},
		{"Hyndburn Borough Council", "HYNDBURN BOROUGH COUNCIL", "RATES", false, "the council itself"},
		// Other public bodies: transfers, precepts, shared services.
		{"Oxford City Council", "OXFORDSHIRE COUNTY COUNCIL", "General Contracted Services", false, "other public bodies"},
		{"Oxford City Council", "OXFORDSHIRE COUNTY COUNCIL", "Grants", false, "grants"},
		{"Oxford City Council", "KENT COUNTY COUNCIL", "Electricity", false, "other public bodies"},
		{"Oxford City Council", "THAMES VALLEY POLICE AUTHORITY", "Security Services", false, "other public bodies"},
		{"Oxford City Council", "LITTLEMORE PARISH COUNCIL", "Parishes", false, "parish"},
		{"Oxford City Council", "ENVIRONMENT AGENCY", "Other Contributions", false, "contributions"},
		{"Hyndburn Borough Council", "LANCASHIRE COUNTY COUNCIL", "LAND CHARGES", false, "other public bodies"},
		{"Hyndburn Borough Council", "RIBBLE VALLEY B.C.", "LEVY PAYMENT", false, "levies"},
		{"Hyndburn Borough Council", "BOROUGH OF PENDLE", "BASIC PAY", false, "pay"},
		{"Hyndburn Borough Council", "BLACKBURN WITH DARWEN BOROUGH COUNCIL", "PRIVATE CONTRACTORS WORK", false, "other public bodies"},
		{"Hyndburn Borough Council", "BLACKBURN WITH DARWEN B.C.", "PRIVATE CONTRACTORS WORK", false, "other public bodies"},
		{"Hyndburn Borough Council", "TAMESIDE MBC", "PUBLICATIONS & PERIODICALS", false, "other public bodies"},
		// The account says it is not a purchase, whoever is paid.
		{"Oxford City Council", "RENT REFUNDS", "Refunds", false, "refunds"},
		{"Oxford City Council", "CgMs Ltd.", "AR Refunds (Sundries & Periodics)", false, "refunds"},
		{"Oxford City Council", "VISIT OXFORDSHIRE LTD", "Grants", false, "grants"},
		{"Oxford City Council", "C M RAYSON BUILDERS", "Grants-Private Persons", false, "grants"},
		{"Oxford City Council", "Redacted personal data", "Rent Allowance Cheques (Home Choice)", false, "individuals"},
		{"Oxford City Council", "OXFORD REAL LIMITED", "Bond Payments Homeless", false, "individuals"},
		{"Oxford City Council", "KIDSUNLIMITED GROUP LTD", "Child Care Vouchers", false, "pay"},
		{"Oxford City Council", "TUSKERDIRECT LTD", "Car Salary Sacrifice", false, "pay"},
		{"Oxford City Council", "GENERAL EXPENSES", "Property Rents/Income", false, "income"},
		{"Oxford City Council", "FUSION LIFESTYLE", "Vehicle Excise Licences", false, "taxes"},
		{"Hyndburn Borough Council", "METLIFE", "LOAN COMMISSION", false, "loans"},
		{"Hyndburn Borough Council", "SWALEC", "SUNDRY INCOME", false, "income"},
		{"X Council", "ANY LTD", "Transfer Payments", false, "individuals"},
		{"X Council", "ANY LTD", "Support Services", false, "internal recharges"},
		// Purchases stay in.
		{"Oxford City Council", "WILLMOTT DIXON CONSTRUCTION LTD", "Main Contractor", true, "not excluded"},
		{"Oxford City Council", "SAVILLS (L&P) LIMITED CLIENT A/C RE COM CLIENTS", "VAT Pro Forma Invoices", true, "not excluded"},
		{"Oxford City Council", "OTHC LEMON ZEST", "Town Hall Catering Recharge", true, "not excluded"},
		{"Oxford City Council", "FACILITAS SMC  LTD", "Internal/External common areas", true, "not excluded"},
		{"Oxford City Council", "CHAMPION EMPLOYMENT LTD", "Temporary Bureau Staffing", true, "not excluded"},
		{"Oxford City Council", "MUNICIPAL MUTUAL INSURANCE LTD", "Self Insurance Fund", true, "not excluded"},
		{"Hyndburn Borough Council", "HYNDBURN LEISURE", "LEISURE TRUST MANAGEMENT FEE", true, "not excluded"},
		{"Hyndburn Borough Council", "NORTH WEST EMPLOYERS", "SUBSIDISED PROFESSIONAL SUBS", true, "not excluded"},
		{"Hyndburn Borough Council", "RETAILCHIC PENSION FUND", "RENT", true, "not excluded"},
		{"Hyndburn Borough Council", "NHS PROFESSIONALS LIMITED", "AGENCY STAFF", true, "not excluded"},
		{"Hyndburn Borough Council", "SUMMIT AUTO BODIES", "RECHARGEABLE WORK", true, "not excluded"},
	}
	for _, tt := range tests {
		d := DecideFacts(rules, ukFacts(tt.buyer, tt.payee, tt.category))
		if d.InScope != tt.in || !strings.Contains(d.Reason, tt.why) {
			t.Errorf("%s paying %q on %q: %v %q, want %v %q", tt.buyer, tt.payee, tt.category, d.InScope, d.Reason, tt.in, tt.why)
		}
	}
	// A buyer's own rule comes first: energy bought through a public
	// buying organisation counts.
	own := append([]cityspend.ScopeRule{{Action: "include", Pattern: "name:kent_county_council&term:electricity",
		Reason: "energy through LASER, a public buying organisation"}}, rules...)
	if d := DecideFacts(own, ukFacts("Oxford City Council", "KENT COUNTY COUNCIL", "Electricity")); !d.InScope ||
		!strings.Contains(d.Reason, "LASER") {
		t.Errorf("buyer's rule: %+v", d)
	}
	if d := DecideFacts(own, ukFacts("Oxford City Council", "KENT COUNTY COUNCIL", "General Contracted Services")); d.InScope {
		t.Errorf("the rule is for electricity only: %+v", d)
	}
}

// Norway: the tax authority and the state pension fund are out on any
// account; other public bodies follow KOSTRA (art 350: bought from
// another municipality).
func TestScopeRulesNorwayPayees(t *testing.T) {
	rules := DefaultScopeRules("NO")
	for _, c := range []struct {
		payee, code string
		in          bool
		why         string
	}{
		{"Skatteetaten", "1270", false, "tax authority"},
		{"Statens pensjonskasse", "1270", false, "pension fund"},
		{"Sandefjord kommune", "1350", true, "art 300–380"},
		{"Sandefjord kommune", "1470", false, "art 4xx"},
		{"Hansen Bygg AS", "1230", true, "art 100–285"},
	} {
		f := ScopeFacts{Account: cityspend.Account{Code: c.code}, Payee: c.payee, Supplier: c.payee}
		if b, ok := publicbody.Match("NO", c.payee); ok {
			f.Body = b.Kind
		}
		if d := DecideFacts(rules, f); d.InScope != c.in || !strings.Contains(d.Reason, c.why) {
			t.Errorf("%s on %s: %+v, want %v %q", c.payee, c.code, d, c.in, c.why)
		}
	}
}

func TestScopePatterns(t *testing.T) {
	f := ScopeFacts{Account: cityspend.Account{Code: "K9534", Text: "AR Refunds (Sundries & Periodics)"}, Payee: "H M Revenue & Customs",
		Supplier: "HMRC", Org: "123 456", Type: cityspend.TypePublic, Body: publicbody.Tax, Own: false}
	for pattern, want := range map[string]bool{
		"term:refund*": true, "term:refund": false, "term:sundries_and_periodics": true, "term:periodics_and": false,
		"label:ar_refunds_sundries_periodics": false, "label:ar_refunds_sundries_and_periodics": true,
		"text:refund": true, "body:tax": true, "body:*": true, "body:pension_fund": false, "type:public": true, "type:private": false,
		"name:revenue_and_customs": true, "name:hmrc": true, "name:customs_revenue": false, "org:123456": true, "org:9": false,
		"self": false, "prefix:K9&term:refund*": true, "prefix:K9&body:pension_fund": false, "*": true, "empty": false,
	} {
		// A matcher that remembers (ScopeDecisions') answers as one
		// that does not, the second time from its memory too.
		remembers := newMatcher()
		for i, m := range []*matcher{{}, remembers, remembers} {
			if got := m.matches(pattern, f); got != want {
				t.Errorf("%s (matcher %d): %v, want %v", pattern, i, got, want)
			}
		}
		// Another payee on the same account, through the same memory.
		other := f
		other.Payee, other.Supplier = "Hollowmere Paper Ltd", "Hollowmere Paper Ltd"
		if strings.HasPrefix(pattern, "name:") && remembers.matches(pattern, other) {
			t.Errorf("%s matches %s from the memory of %s", pattern, other.Payee, f.Payee)
		}
	}
	for _, bad := range []string{"body:council", "type:large", "term:", "name:", "nope:x", "term:refund&", "&"} {
		if ValidateScopeRule(cityspend.ScopeRule{Action: "exclude", Pattern: bad, Reason: "x"}) == nil {
			t.Errorf("%q must be invalid", bad)
		}
	}
	for _, good := range []string{"body:*", "body:tax&term:vat", "self", "name:kent_county_council", "org:974760673", "type:unknown"} {
		if err := ValidateScopeRule(cityspend.ScopeRule{Action: "include", Pattern: good, Reason: "x"}); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
}

// Every shipped rule is valid and has its reason in both languages.
func TestShippedScopeTables(t *testing.T) {
	for _, c := range scoperules.Countries() {
		tab, ok := scoperules.For(c)
		if !ok || tab.AsOf == "" || tab.Source == "" || len(tab.Rules) == 0 {
			t.Fatalf("%s: %+v", c, tab)
		}
		for _, r := range tab.Rules {
			if err := ValidateScopeRule(cityspend.ScopeRule{Action: r.Action, Pattern: r.Pattern, Reason: r.Reason}); err != nil {
				t.Errorf("%s: %v", c, err)
			}
			if r.ReasonNB == "" || r.ReasonNB == r.Reason || ScopeReason(r.Reason, "nb") != r.ReasonNB || ScopeReason(r.Reason, "en") != r.Reason {
				t.Errorf("%s %s: reasons %q / %q", c, r.Pattern, r.Reason, r.ReasonNB)
			}
		}
	}
	if ScopeReason("my own reason", "nb") != "my own reason" {
		t.Error("a buyer's own reason is shown as written")
	}
}

// The scope on a real store: one account paid to a supplier and to a
// county council is split by payee; the excluded spend is listed with its
// reasons; a buyer's rule brings one payee's lines on one account back,
// and removing it takes them out again.
func TestScopeOverride(t *testing.T) {
	ctx := context.Background()
	st, b := ukStore(t, "Date,Supplier,Expense Type,Amount\n"+
		"15/05/2024,Acme Energy Ltd,Electricity,1000.00\n"+
		"16/05/2024,Kent County Council,Electricity,700.00\n"+
		"17/05/2024,Kent County Council,Grants,300.00\n"+
		"18/05/2024,HM Revenue & Customs,Stationery,9000.00\n"+
		"19/05/2024,Acme Energy Ltd,Refunds,50.00\n")
	excluded := func() string {
		t.Helper()
		rows, err := ExcludedSpend(ctx, st, b.ID, cityspend.Period{}, "nb")
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, r := range rows {
			s = append(s, fmt.Sprintf("%s %s %s (%d)", r.Supplier, r.Spend, r.Label, r.Lines))
		}
		return strings.Join(s, "; ")
	}
	total := func() cityspend.Amount {
		t.Helper()
		tot, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: b.ID, Scope: cityspend.ScopeIn})
		if err != nil {
			t.Fatal(err)
		}
		return tot.Spend
	}
	want := "HM Revenue & Customs 9000.00 skatter, avgifter og trygdeavgift (1); " +
		"Kent County Council 700.00 betalinger til andre offentlige organer: samarbeid, overføringer og felles tjenester, ikke kjøp i markedet (1); " +
		"Kent County Council 300.00 tilskudd og bidrag (ikke kjøp) (1); " +
		"Acme Energy Ltd 50.00 refusjoner, tilbakebetalinger og betalinger på inntektskontoer (1)"
	if got := excluded(); got != want {
		t.Errorf("excluded:\n got %s\nwant %s", got, want)
	}
	if got := total(); got != 1000_00 {
		t.Errorf("in scope %s, want 1000.00", got)
	}
	rule := cityspend.ScopeRule{Action: "include", Pattern: "name:kent_county_council&term:electricity", Reason: "energy through LASER"}
	if err := AddScopeRule(ctx, st, b.ID, rule); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 1700_00 {
		t.Errorf("with the buyer's rule: in scope %s, want 1700.00", got)
	}
	if got := excluded(); strings.Contains(got, "700.00") || !strings.Contains(got, "Kent County Council 300.00") {
		t.Errorf("with the buyer's rule, excluded: %s", got)
	}
	if err := AddScopeRule(ctx, st, b.ID, cityspend.ScopeRule{Action: "include", Pattern: "nope:x", Reason: "x"}); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("a bad pattern: %v", err)
	}
	if err := RemoveScopeRule(ctx, st, b.ID, rule.Pattern); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 1000_00 {
		t.Errorf("rule removed: in scope %s, want 1000.00", got)
	}
	if err := RemoveScopeRule(ctx, st, b.ID, rule.Pattern); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("removing it twice: %v", err)
	}
}

// A council's ledger names its county council and itself by their
// initials (Hyndburn's: "LCC", £867,606 of public realm works paid to
// Lancashire County Council in July 2017): those lines are out, with the
// reasons of the bodies; a company whose name starts with the initials
// stays in.
func TestScopeHomeCouncilInitials(t *testing.T) {
	ctx := context.Background()
	b := cityspend.Buyer{ID: "E07000120", Name: "Hyndburn Borough Council", Country: "GB", Currency: "GBP", FiscalStart: 4,
		Municipality: "E07000120"}
	st, _ := ukStoreFor(t, b, "Date,Supplier,Expense Type,Amount\n"+
		"15/05/2024,LCC,Contractor Other,867606.00\n"+
		"16/05/2024,HBC,Contractor Other,500.00\n"+
		"17/05/2024,LCC SERVICES LTD,Contractor Other,1000.00\n")
	an, err := Analyse(ctx, st, b.ID, 2024, Options{SkipCO2e: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, g := range an.Excluded {
		got[g.Key] = g.Spend.String()
	}
	want := map[string]string{"payments to other public bodies: cooperation, transfers and shared services, not purchases in the market": "867606.00",
		"payments to the council itself (its own taxes and internal transfers)": "500.00"}
	if an.TotalSpend.String() != "1000.00" || !maps.Equal(got, want) {
		t.Errorf("total %s, excluded %v; want 1000.00, %v", an.TotalSpend, got, want)
	}
}

// BenchmarkScopeDecide decides every pair of 40 payees and 30 accounts of
// a GB buyer by the country's defaults, as ScopeDecisions does: "each"
// normalises the words of the payees, accounts and patterns for every
// pair (DecideFacts); "remembered" once per call (one matcher).
func BenchmarkScopeDecide(b *testing.B) {
	rules := DefaultScopeRules("GB")
	payees := []string{"H M REVENUE & CUSTOMS", "OXFORDSHIRE COUNTY COUNCIL PENSION FUND", "KENT COUNTY COUNCIL", "LITTLEMORE PARISH COUNCIL",
		"RIBBLE VALLEY B.C.", "WILLMOTT DIXON CONSTRUCTION LTD", "SAVILLS (L&P) LIMITED CLIENT A/C RE COM CLIENTS", "OTHC LEMON ZEST",
		"FACILITAS SMC  LTD", "CHAMPION EMPLOYMENT LTD", "MUNICIPAL MUTUAL INSURANCE LTD", "HYNDBURN LEISURE", "NORTH WEST EMPLOYERS",
		"NHS PROFESSIONALS LIMITED", "SUMMIT AUTO BODIES", "METLIFE", "SWALEC", "C M RAYSON BUILDERS", "KIDSUNLIMITED GROUP LTD", "TUSKERDIRECT LTD"}
	for i := range 20 {
		payees = append(payees, fmt.Sprintf("SUPPLIER NUMBER %d LIMITED", i))
	}
	accounts := []string{"Main Contractor", "VAT Pro Forma Invoices", "Town Hall Catering Recharge", "Internal/External common areas",
		"Temporary Bureau Staffing", "Self Insurance Fund", "LEISURE TRUST MANAGEMENT FEE", "SUBSIDISED PROFESSIONAL SUBS", "RENT",
		"AGENCY STAFF", "RECHARGEABLE WORK", "Grants", "Refunds", "AR Refunds (Sundries & Periodics)", "Electricity",
		"General Contracted Services", "Security Services", "Parishes", "LAND CHARGES", "LEVY PAYMENT", "BASIC PAY",
		"PRIVATE CONTRACTORS WORK", "PUBLICATIONS & PERIODICALS", "Child Care Vouchers", "Car Salary Sacrifice", "Property Rents/Income",
		"Vehicle Excise Licences", "LOAN COMMISSION", "SUNDRY INCOME", "Support Services"}
	var facts []ScopeFacts
	for _, p := range payees {
		for i, a := range accounts {
			f := ukFacts("Hyndburn Borough Council", p, a)
			f.Account.ID, f.Account.Code = int32(i+1), fmt.Sprintf("D%04d", i)
			facts = append(facts, f)
		}
	}
	for _, bb := range []struct {
		name string
		m    func() *matcher
	}{{"each", func() *matcher { return &matcher{} }}, {"remembered", newMatcher}} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				m := bb.m()
				for _, f := range facts {
					m.decide(rules, f)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(facts)), "ns/pair")
		})
	}
}
