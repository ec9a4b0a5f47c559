// SPDX-License-Identifier: EUPL-1.2

package compliance

import (
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/law"
	"github.com/cityspend/cityspend/refdata/thresholds"
)

// Confidence of the kinds of finding (METHODS §4, docs/compliance.md): how
// often such a finding is a breach or a real risk when a person looks.
const (
	confSupplier    = 0.8  // one supplier, uncovered spend over a threshold
	confNear        = 0.6  // … within 10 % over it: the estimate decides
	confCategory    = 0.35 // a category across suppliers: one need or many?
	confSplit       = 0.6  // invoices just under a threshold, together over it
	confOverrun     = 0.9  // spend over a contract's maximum
	confExpired     = 0.8  // spend after a contract's last day
	confConcentrate = 0.3  // dependence on one supplier: a risk, not a breach
	confFlag        = 0.4  // a red flag on tender data
)

// Citations of the rules the contract findings apply.
const (
	srcOverrun = "Directive 2014/24/EU art. 72 (modification of contracts during their term); Procurement Act 2023 s. 74; " +
		"spend beyond the contract's maximum is a purchase the contract does not cover"
	srcExpired = "Directive 2014/24/EU art. 72; a contract whose options are used up covers nothing: spend after its last day is a new purchase"
	srcSplit   = "anskaffelsesforskriften § 5-4 (beregning av anslått verdi: no splitting to avoid the rules); Directive 2014/24/EU art. 5(3); " +
		"Procurement Act 2023 Schedule 3 para. 6 (no splitting)"
)

// Sources are the citations of the rules the contract findings apply (a
// threshold finding cites its threshold's row, a split purchase this
// rule's and the threshold's).
func Sources() []string { return []string{srcOverrun, srcExpired, srcSplit} }

// Handbook slugs the findings use beside the thresholds' own.
const (
	RuleDirectAward   = "direct-award"
	RuleEstimateValue = "estimate-value"
)

// exemptions judges whether a supplier's spend in a group is exempt, with
// the answers cached: the supplier's type and the category do not change,
// the framework agreements are checked by month.
type exemptions struct {
	regime    string
	profiles  map[string]cityspend.SupplierProfile
	contracts []cityspend.Contract
	cache     map[exemptKey]law.Result
}

type exemptKey struct {
	group, supplier string
	month           time.Time
}

func (e *exemptions) of(group, supplier string, on time.Time) law.Result {
	k := exemptKey{group, supplier, time.Date(on.Year(), on.Month(), 1, 0, 0, 0, 0, time.UTC)}
	if r, ok := e.cache[k]; ok {
		return r
	}
	p := e.profiles[supplier]
	if p.SupplierID == "" {
		p.SupplierID = supplier
	}
	r := law.ExemptionOf(law.Purchase{Regime: e.regime, SupplierID: supplier, Supplier: p, CPV: group, Date: k.month, Contracts: e.contracts})
	e.cache[k] = r
	return r
}

// exempt says whether the spend of a month is exempt.
func (e *exemptions) exempt(group, supplier string, month time.Time) bool {
	if supplier == "" {
		return false
	}
	return e.of(group, supplier, month).Exempt
}

// categoryChecks are the checks a category-level finding records: the
// exempt suppliers' spend left out (n of them), the category's CPV code
// against the excluded services; no framework agreement is for a whole
// category.
func categoryChecks(regime, group string, removed int) []cityspend.ExemptionCheck {
	r := law.ExemptionOf(law.Purchase{Regime: regime, Supplier: cityspend.SupplierProfile{Type: cityspend.TypePrivate}, CPV: group})
	var out []cityspend.ExemptionCheck
	for _, c := range r.Checks {
		switch c.Slug {
		case law.InHouse, law.InterMunicipal, law.PublicBody:
			c.Why, c.Arg = "suppliers_left_out", itoa(removed)
			c.Reason = "the spend of the category's suppliers that are exempt as public bodies (" + itoa(removed) + ") was left out"
		case law.FrameworkCallOff:
			c.Why = "framework_by_supplier"
			c.Reason = "a framework agreement covers a supplier's spend: each supplier's spend was checked, and that of call-offs left out"
		}
		out = append(out, c)
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// thresholdLaw fills a finding's law from the threshold crossed.
func thresholdLaw(t cityspend.Threshold, kind string, window int, checks []cityspend.ExemptionCheck) cityspend.FindingLaw {
	rule := t.Rule
	if rule == "" {
		rule = RuleDirectAward // a user's row
	}
	src := t.Source
	if src == "" {
		src = "a threshold set by the user (" + t.Name + ")"
	}
	return cityspend.FindingLaw{Rule: rule, RuleSource: src, PurchaseKind: kind, ThresholdRule: t.Rule, ThresholdName: t.Name, Threshold: t.Amount, ThresholdCurrency: t.Currency,
		ThresholdVAT: t.IncludesVAT, WindowMonths: window, Exemptions: checks}
}

// supplierConfidence is the confidence of a supplier's spend over a
// threshold: lower when the spend is within 10 % over it (the estimate of
// the value decides), when it crosses only once grossed up for VAT, and
// when the supplier is not resolved to a register (its type, and so its
// exemptions, unknown).
func supplierConfidence(sum cityspend.Amount, t cityspend.Threshold, supplier string) float64 {
	c := confSupplier
	if float64(sum) < 1.1*float64(thresholds.ExVAT(t)) {
		c = confNear
	}
	if t.IncludesVAT && sum < t.Amount {
		c *= 0.75
	}
	if len(supplier) < 4 || supplier[:4] != "org:" {
		c -= 0.1
	}
	return c
}
