// SPDX-License-Identifier: EUPL-1.2

package cityspend

import "time"

// Contract is one contract of a buyer's contract register.
type Contract struct {
	BuyerID   string             `json:"buyer_id"`
	ID        string             `json:"contract_id"` // the buyer's reference, as ledger lines carry it
	Title     string             `json:"title"`
	Suppliers []ContractSupplier `json:"suppliers"`
	CPV       string             `json:"cpv,omitempty"` // 8 digits
	Start     time.Time          `json:"start,omitzero"`
	End       time.Time          `json:"end,omitzero"`   // the term without options
	Final     time.Time          `json:"final,omitzero"` // with every option and extension
	MaxValue  Amount             `json:"max_value"`      // 0 when not given
	HasMax    bool               `json:"has_max_value"`
	Currency  string             `json:"currency"`
	Procedure string             `json:"procedure,omitempty"`
	Framework bool               `json:"framework"`
	NoticeRef string             `json:"notice_ref,omitempty"`
	Criteria  `json:"criteria"`  // sustainability criteria (METHODS §9)
	File      string             `json:"source_file"`
	Line      int                `json:"line"`
}

// LastDay is the last day the contract may run: with its options, else its
// end; zero when open-ended.
func (c Contract) LastDay() time.Time {
	if !c.Final.IsZero() {
		return c.Final
	}
	return c.End
}

// ContractSupplier is a supplier of a contract: resolved to an organisation
// ("org:NO-BRC:…") when the register gives a number.
type ContractSupplier struct {
	SupplierID string `json:"supplier_id"`
	Name       string `json:"name"`
}

// ContractRow is a contract with the spend linked to it.
type ContractRow struct {
	Contract
	Spend      Amount    `json:"spend"`
	Lines      int64     `json:"lines"`
	FirstLine  time.Time `json:"first_line,omitzero"`
	LastLine   time.Time `json:"last_line,omitzero"`
	ByRef      int64     `json:"lines_by_reference"`
	AfterFinal Amount    `json:"spend_after_final"` // linked spend dated after the last day
}

// Finding kinds of the city's own spend; red flags on tender data use
// their codes (R003, R018, …).
const (
	FindingThreshold     = "threshold_aggregation"
	FindingSplit         = "split_purchase"
	FindingConcentration = "concentration"
	FindingOverrun       = "contract_overrun"
	FindingExpired       = "expired_contract"
)

// Finding statuses.
const (
	StatusNew       = "new"
	StatusConfirmed = "confirmed"
	StatusDismissed = "dismissed"
)

// Finding is a possible breach or risk with its evidence.
type Finding struct {
	BuyerID    string    `json:"buyer"`
	ID         string    `json:"id"` // stable across recomputation
	Kind       string    `json:"kind"`
	Status     string    `json:"status"`
	Amount     Amount    `json:"amount"`
	From       time.Time `json:"-"`
	To         time.Time `json:"-"`
	SupplierID string    `json:"supplier,omitempty"`
	Category   string    `json:"category,omitempty"` // CPV group code, or "account:…"
	Lines      int64     `json:"lines"`
	Evidence   []string  `json:"evidence"` // line ids ("batch:line") or release ids
	Detail     string    `json:"detail"`   // in English; pages render the structured fields
	// FindingLaw is the rule it applies and the exemptions checked.
	FindingLaw
	// The latest decision about it.
	Who        string    `json:"decided_by,omitempty"`
	Why        string    `json:"reason,omitempty"`
	DecidedAt  time.Time `json:"decided_at,omitzero"`
	ComputedAt time.Time `json:"computed_at"`
}

// FindingLaw is what a finding says of the law: the rule it applies (the
// legal handbook's slug and its citation), the kind of purchase, the
// threshold crossed, the exemptions checked, and how sure it is. Pages
// render their text from these fields in the reader's language.
type FindingLaw struct {
	Rule         string `json:"rule,omitempty"`          // handbook slug: threshold-no-eea, light-regime-no, …
	RuleSource   string `json:"rule_source,omitempty"`   // act, section, notice
	PurchaseKind string `json:"purchase_kind,omitempty"` // goods_services, works, light
	// The threshold crossed, as published, and whether it includes VAT
	// (the spend, excluding VAT, was compared with it net of the
	// standard rate).
	ThresholdRule     string `json:"threshold_rule,omitempty"` // the threshold's own (a split purchase's rule is estimate-value)
	ThresholdName     string `json:"threshold_name,omitempty"`
	Threshold         Amount `json:"threshold,omitempty"`
	ThresholdCurrency string `json:"threshold_currency,omitempty"`
	ThresholdVAT      bool   `json:"threshold_includes_vat,omitempty"`
	WindowMonths      int    `json:"window_months,omitempty"`
	// Exemptions are the exemptions checked and why each did not apply.
	Exemptions []ExemptionCheck `json:"exemptions_checked,omitempty"`
	// Confidence (0–1) that the finding is a breach or a real risk; the
	// money at risk is Amount, and findings rank by their product.
	Confidence float64 `json:"confidence"`
}

// ExemptionCheck is an exemption of the law checked for a purchase: its
// handbook slug, whether it applies, a reason code with what it names (the
// pages render law.why.<Why>), the reason in English and the citation.
type ExemptionCheck struct {
	Slug    string `json:"slug"`
	Applies bool   `json:"applies"`
	Why     string `json:"why"`
	Arg     string `json:"arg,omitempty"`
	Reason  string `json:"reason"`
	Source  string `json:"source"`
}

// Risk is the money at risk weighted by the confidence: findings rank by it.
func (f Finding) Risk() float64 {
	a := float64(f.Amount)
	if a < 0 {
		a = -a
	}
	return a * f.Confidence
}

// FindingDecision is a person's decision about a finding.
type FindingDecision struct {
	BuyerID   string    `json:"buyer"`
	FindingID string    `json:"finding_id"`
	Status    string    `json:"status"`
	Who       string    `json:"who"`
	Why       string    `json:"why"`
	At        time.Time `json:"decided_at"`
}

// Threshold is a procurement threshold in force for a period, with the law
// that sets it.
type Threshold struct {
	Regime    string    `json:"regime"` // NO, EU, UK
	Name      string    `json:"name"`
	Kind      string    `json:"kind"` // goods_services, works, light, any
	Amount    Amount    `json:"amount"`
	Currency  string    `json:"currency"`
	ValidFrom time.Time `json:"valid_from"`
	ValidTo   time.Time `json:"valid_to,omitzero"` // exclusive; zero while in force
	// Source cites the act, section and official notice or page that set
	// the amount; "" for a user's row.
	Source string `json:"source"`
	// Rule is the legal handbook's slug of the rule (/handbook/<slug>).
	Rule string `json:"rule"`
	// IncludesVAT: the amount includes VAT in law (the UK since 2024);
	// ledger amounts exclude it.
	IncludesVAT bool `json:"includes_vat"`
	// Authority is the contracting authorities the row is for: "" all,
	// "central" (state bodies) or "sub_central" (municipalities and the
	// rest).
	Authority string `json:"authority,omitempty"`
}

// MonthSpend is a buyer's procurement spend of one group (a CPV group or an
// account) with one supplier in one month, and the part no contract covers.
type MonthSpend struct {
	Group      string
	SupplierID string
	Month      time.Time
	Spend      Amount
	Uncovered  Amount
	Lines      int64
}

// LineRef is a line's amount and date, for finding clusters.
type LineRef struct {
	ID         string // "batch:line"
	Group      string
	SupplierID string
	Date       time.Time
	Amount     Amount
	Covered    bool
}

// EvidenceQuery selects the lines behind a finding: a group (or all), a
// supplier (or all), a contract (or any), a window, and only the lines no
// contract covers.
type EvidenceQuery struct {
	Group, SupplierID, ContractID string
	From, To                      time.Time // To exclusive
	UncoveredOnly                 bool
}
