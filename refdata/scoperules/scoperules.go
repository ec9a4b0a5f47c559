// SPDX-License-Identifier: EUPL-1.2

// Package scoperules holds each country's default procurement scope: the
// rules, in order, that say which of a buyer's lines are procurement and,
// for those that are not, why — taxes and national insurance, pension
// contributions, pay, payments to other public bodies (transfers,
// precepts, shared services), grants, benefits and payments to
// individuals, refunds, loans. A rule reads what the payee is (its type,
// the kind of public body it is, whether it is the buyer itself) and what
// the account is (Norway: the KOSTRA art; the UK: the ledger's
// expenditure category, in the vocabulary of CIPFA's Service Reporting
// Code of Practice, SeRCOP, and of councils' published spend). Every
// reason is given in English (the key decisions are stored and grouped
// by) and in Norwegian bokmål. A buyer's own rules come first and can
// override any of these (`cityspend buyer scope`). The patterns are
// described in docs/scope.md.
package scoperules

// Rule is one default rule.
type Rule struct {
	Action   string // include or exclude
	Pattern  string
	Reason   string // English: the key the decision is stored and grouped by
	ReasonNB string // Norwegian bokmål
}

// Table is a country's default rules, dated and cited.
type Table struct {
	Country string
	AsOf    string // the date the rules hold for
	Source  string // where they come from
	Rules   []Rule
}

// Reasons shared by several rules.
const (
	reasonTax      = "taxes, duties and national insurance"
	reasonTaxNB    = "skatter, avgifter og trygdeavgift"
	reasonPension  = "pension contributions and pension costs"
	reasonPensNB   = "pensjonsinnskudd og pensjonskostnader"
	reasonPay      = "pay, payroll deductions and allowances to staff and councillors"
	reasonPayNB    = "lønn, trekk og godtgjørelser til ansatte og folkevalgte"
	reasonPublic   = "payments to other public bodies: cooperation, transfers and shared services, not purchases in the market"
	reasonPublicNB = "betalinger til andre offentlige organer: samarbeid, overføringer og felles tjenester, ikke kjøp i markedet"
)

// Norway: KOSTRA (the municipal chart of accounts, SSB and KDD, version
// in force from 2024) decides by the art of an operating (1) or investment
// (3) account; the tax authority and the state pension fund are never
// suppliers, whatever the account.
var norway = Table{
	Country: "NO", AsOf: "2024-01-01",
	Source: "KOSTRA kontoplan (Kommunal- og distriktsdepartementet / SSB), art 010–990; METHODS §2",
	Rules: []Rule{
		{"exclude", "body:tax", reasonTax + " (paid to the tax authority)", reasonTaxNB + " (betalt til skatteetaten)"},
		{"exclude", "body:pension_fund", reasonPension + " (paid to a pension fund)", reasonPensNB + " (betalt til en pensjonskasse)"},
		{"exclude", "kostra:290", "internal purchases (art 290)", "internkjøp (art 290)"},
		{"include", "kostra:100-285", "purchases of goods and services (art 100–285)", "kjøp av varer og tjenester (art 100–285)"},
		{"include", "kostra:300-380", "services bought instead of own production (art 300–380)",
			"kjøp av tjenester som erstatter egenproduksjon (art 300–380)"},
		{"exclude", "kostra:000-099", "pay and social costs (art 0xx)", "lønn og sosiale utgifter (art 0xx)"},
		{"exclude", "kostra:400-499", "transfers, VAT and grants (art 4xx)", "overføringer, merverdiavgift og tilskudd (art 4xx)"},
		{"exclude", "kostra:500-599", "finance (art 5xx)", "finansutgifter (art 5xx)"},
		{"exclude", "kostra:600-999", "income (art 6xx–9xx)", "inntekter (art 6xx–9xx)"},
		{"exclude", "kostra:286-299", "not a procurement art (286–299)", "ikke en innkjøpsart (286–299)"},
		{"exclude", "kostra:381-399", "not a procurement art (381–399)", "ikke en innkjøpsart (381–399)"},
		{"exclude", "kostra-other", "neither an operating (1xxx) nor an investment (3xxx) account",
			"verken drifts- (1xxx) eller investeringskonto (3xxx)"},
	},
}

// The United Kingdom: councils' ledgers follow no national chart, so the
// rules read the payee (HMRC, pension funds, other councils and public
// bodies, the council itself) and the words of the ledger's expenditure
// category: SeRCOP's subjective groups ("Transfer Payments", "Support
// Services") and the terms councils use in their spend over £500
// (Local Government Transparency Code 2015). The CLES method leaves out
// pay, pensions, grants and benefits to individuals, taxes, transfers
// between public bodies, internal purchases and refunds (METHODS §1).
// Payments between public bodies are cooperation outside the procurement
// rules (Public Contracts Regulations 2015 reg. 12; Procurement Act 2023
// Schedule 2 paras 2–3): a buyer that buys from a public body in the
// market (energy through a public buying organisation, say) includes it
// with a rule of its own. A category with "VAT" in it (Oxford's "VAT Pro
// Forma Invoices": purchases paid on a pro-forma before the VAT invoice)
// stays in: the word does not make a payment a tax.
var uk = Table{
	Country: "GB", AsOf: "2026-06-05",
	Source: "CLES / Preston \"Making Spend Matter\" (METHODS §1); CIPFA SeRCOP subjective analysis; Local Government Transparency Code 2015; " +
		"Public Contracts Regulations 2015 reg. 12; Procurement Act 2023 Sch. 2",
	Rules: []Rule{
		{"exclude", "self", "payments to the council itself (its own taxes and internal transfers)",
			"betalinger til kommunen selv (egne skatter og interne overføringer)"},
		{"exclude", "body:tax", reasonTax, reasonTaxNB},
		{"exclude", "body:pension_fund", reasonPension, reasonPensNB},
		{"exclude", "term:salar*", reasonPay, reasonPayNB},
		{"exclude", "term:wage*", reasonPay, reasonPayNB},
		{"exclude", "term:basic_pay", reasonPay, reasonPayNB},
		{"exclude", "term:overtime", reasonPay, reasonPayNB},
		{"exclude", "term:payroll", reasonPay, reasonPayNB},
		{"exclude", "term:severance", reasonPay, reasonPayNB},
		{"exclude", "term:redundanc*", reasonPay, reasonPayNB},
		{"exclude", "term:national_insurance", reasonTax, reasonTaxNB},
		{"exclude", "term:salary_sacrifice", reasonPay, reasonPayNB},
		{"exclude", "term:child_care_voucher*", reasonPay, reasonPayNB},
		{"exclude", "term:childcare_voucher*", reasonPay, reasonPayNB},
		{"exclude", "term:members_allowance*", reasonPay, reasonPayNB},
		{"exclude", "term:councillors_allowance*", reasonPay, reasonPayNB},
		{"exclude", "term:pension*", reasonPension, reasonPensNB},
		{"exclude", "term:superannuation", reasonPension, reasonPensNB},
		{"exclude", "term:early_retirement", reasonPension, reasonPensNB},
		{"exclude", "term:business_rates", reasonTax, reasonTaxNB},
		{"exclude", "term:non_domestic_rates", reasonTax, reasonTaxNB},
		{"exclude", "term:nndr", reasonTax, reasonTaxNB},
		{"exclude", "term:council_tax", reasonTax, reasonTaxNB},
		{"exclude", "term:vehicle_excise", reasonTax, reasonTaxNB},
		{"exclude", "term:stamp_duty", reasonTax, reasonTaxNB},
		{"exclude", "term:landfill_tax", reasonTax, reasonTaxNB},
		{"exclude", "term:corporation_tax", reasonTax, reasonTaxNB},
		{"exclude", "term:apprenticeship_levy", reasonTax, reasonTaxNB},
		{"exclude", "term:precept*", "precepts, levies and payments to parish councils",
			"skatteandeler (precepts), avgifter og betalinger til lokalråd (parish councils)"},
		{"exclude", "term:levy", "precepts, levies and payments to parish councils",
			"skatteandeler (precepts), avgifter og betalinger til lokalråd (parish councils)"},
		{"exclude", "term:levies", "precepts, levies and payments to parish councils",
			"skatteandeler (precepts), avgifter og betalinger til lokalråd (parish councils)"},
		{"exclude", "term:parish*", "precepts, levies and payments to parish councils",
			"skatteandeler (precepts), avgifter og betalinger til lokalråd (parish councils)"},
		{"exclude", "term:cil", "precepts, levies and payments to parish councils",
			"skatteandeler (precepts), avgifter og betalinger til lokalråd (parish councils)"},
		{"exclude", "term:community_infrastructure_levy", "precepts, levies and payments to parish councils",
			"skatteandeler (precepts), avgifter og betalinger til lokalråd (parish councils)"},
		{"exclude", "term:grant*", "grants and contributions (not purchases)", "tilskudd og bidrag (ikke kjøp)"},
		{"exclude", "term:contribution*", "grants and contributions (not purchases)", "tilskudd og bidrag (ikke kjøp)"},
		{"exclude", "term:donation*", "grants and contributions (not purchases)", "tilskudd og bidrag (ikke kjøp)"},
		{"exclude", "label:transfer_payments", "benefits, allowances and payments to or for individuals",
			"stønader, bidrag og betalinger til eller for privatpersoner"},
		{"exclude", "term:benefit*", "benefits, allowances and payments to or for individuals",
			"stønader, bidrag og betalinger til eller for privatpersoner"},
		{"exclude", "term:allowance*", "benefits, allowances and payments to or for individuals",
			"stønader, bidrag og betalinger til eller for privatpersoner"},
		{"exclude", "term:deposit*", "benefits, allowances and payments to or for individuals",
			"stønader, bidrag og betalinger til eller for privatpersoner"},
		{"exclude", "term:bond_payment*", "benefits, allowances and payments to or for individuals",
			"stønader, bidrag og betalinger til eller for privatpersoner"},
		{"exclude", "term:direct_payment*", "benefits, allowances and payments to or for individuals",
			"stønader, bidrag og betalinger til eller for privatpersoner"},
		{"exclude", "term:discretionary_housing_payment*", "benefits, allowances and payments to or for individuals",
			"stønader, bidrag og betalinger til eller for privatpersoner"},
		{"exclude", "term:refund*", "refunds, repayments and payments on income accounts",
			"refusjoner, tilbakebetalinger og betalinger på inntektskontoer"},
		{"exclude", "term:reimburs*", "refunds, repayments and payments on income accounts",
			"refusjoner, tilbakebetalinger og betalinger på inntektskontoer"},
		{"exclude", "term:repayment*", "refunds, repayments and payments on income accounts",
			"refusjoner, tilbakebetalinger og betalinger på inntektskontoer"},
		{"exclude", "term:overpayment*", "refunds, repayments and payments on income accounts",
			"refusjoner, tilbakebetalinger og betalinger på inntektskontoer"},
		{"exclude", "term:income", "refunds, repayments and payments on income accounts",
			"refusjoner, tilbakebetalinger og betalinger på inntektskontoer"},
		{"exclude", "term:loan*", "loans, interest and debt", "lån, renter og gjeld"},
		{"exclude", "term:interest", "loans, interest and debt", "lån, renter og gjeld"},
		{"exclude", "term:debt", "loans, interest and debt", "lån, renter og gjeld"},
		{"exclude", "term:capital_financing", "loans, interest and debt", "lån, renter og gjeld"},
		{"exclude", "term:minimum_revenue_provision", "loans, interest and debt", "lån, renter og gjeld"},
		{"exclude", "label:support_services", "internal recharges and capital charges", "internfakturering og kapitalkostnader"},
		{"exclude", "term:internal_recharge*", "internal recharges and capital charges", "internfakturering og kapitalkostnader"},
		{"exclude", "term:capital_charge*", "internal recharges and capital charges", "internfakturering og kapitalkostnader"},
		{"exclude", "term:depreciation", "internal recharges and capital charges", "internfakturering og kapitalkostnader"},
		{"exclude", "term:impairment", "internal recharges and capital charges", "internfakturering og kapitalkostnader"},
		{"exclude", "body:*", reasonPublic, reasonPublicNB},
	},
}

var tables = map[string]Table{"NO": norway, "GB": uk}

// For returns a country's default table; ok is false for a country without
// one (every account counts until the buyer adds rules).
func For(country string) (Table, bool) {
	t, ok := tables[country]
	return t, ok
}

// Countries lists the countries with a default table.
func Countries() []string { return []string{"GB", "NO"} }

// ReasonLabel is a shipped reason in a language ("nb" or "en"): the
// Norwegian text of an English reason of any table; any other reason (a
// buyer's own) as it is.
func ReasonLabel(reason, lang string) string {
	if lang != "nb" {
		return reason
	}
	for _, t := range tables {
		for _, r := range t.Rules {
			if r.Reason == reason {
				return r.ReasonNB
			}
		}
	}
	return reason
}
