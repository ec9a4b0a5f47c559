// SPDX-License-Identifier: EUPL-1.2

package cityspend

// Account is an account code and text as a buyer's files give them.
type Account struct {
	ID   int32  `json:"id"`
	Code string `json:"code"`
	Text string `json:"text"`
}

// ScopeRule says whether accounts matching a pattern count as procurement.
// Rules apply in order; the first that matches decides.
type ScopeRule struct {
	Action  string `json:"action"`  // "include" or "exclude"
	Pattern string `json:"pattern"` // see docs/analysis.md: "kostra:290", "kostra:100-285", "prefix:K9", "text:salary"
	Reason  string `json:"reason"`
}

// AccountScope is the decision for one account.
type AccountScope struct {
	AccountID int32  `json:"account_id"`
	InScope   bool   `json:"in_scope"`
	Reason    string `json:"reason"`
}

// SupplierSpend is one supplier's spend in a period with its profile: the
// row the indicators are computed from.
type SupplierSpend struct {
	Year int `json:"year,omitempty"` // with per-year rows
	SupplierProfile
	Spend Amount `json:"spend"`
	Lines int64  `json:"lines"`
}
