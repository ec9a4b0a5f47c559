// SPDX-License-Identifier: EUPL-1.2

package cityspend

// Account is an account code and text as a buyer's files give them.
type Account struct {
	ID   int32  `json:"id"`
	Code string `json:"code"`
	Text string `json:"text"`
}

// ScopeRule says whether lines count as procurement: those of accounts,
// payees, or a payee on an account, that match a pattern. Rules apply in
// order; the first that matches decides.
type ScopeRule struct {
	Action  string `json:"action"`  // "include" or "exclude"
	Pattern string `json:"pattern"` // see docs/scope.md: "kostra:290", "prefix:K9", "term:grant*", "body:tax", "body:*&term:energy"
	Reason  string `json:"reason"`
}

// AccountScope is the decision for one account, on what the account alone
// says.
type AccountScope struct {
	AccountID int32  `json:"account_id"`
	InScope   bool   `json:"in_scope"`
	Reason    string `json:"reason"`
}

// PayeeAccount is a payee and an account that have lines together: what a
// scope decision is made for, since what the payee is (the tax authority,
// another council) and what the account is say together whether its lines
// are procurement.
type PayeeAccount struct {
	PayeeID   int32 `json:"payee_id"`
	AccountID int32 `json:"account_id"`
}

// PayeeScope is the decision for one payee's lines on one account.
type PayeeScope struct {
	PayeeID   int32  `json:"payee_id"`
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
