// SPDX-License-Identifier: EUPL-1.2

package cityspend

import "time"

// CPVCode is one code of the CPV list as the store keeps it.
type CPVCode struct {
	Code   string            `json:"code"` // 8 digits
	Check  int               `json:"check_digit"`
	Digits int               `json:"digits"`
	Parent string            `json:"parent,omitempty"`
	Kind   string            `json:"kind"`
	Labels map[string]string `json:"labels"` // by upper-case language
}

// Item is a distinct kind of line of a buyer: one payee, one account, one
// description (numbers blanked) and the CPV the lines carry. Lines are
// classified through their item.
type Item struct {
	ID           int32  `json:"item_id"`
	PayeeID      int32  `json:"payee_id"`
	SupplierID   string `json:"supplier_id"`
	SupplierName string `json:"supplier_name"`
	NACE         string `json:"nace,omitempty"`
	AccountCode  string `json:"account"`
	AccountText  string `json:"account_text,omitempty"`
	// Unit is the ledger's own organisational texts of most of the item's
	// lines: the org unit, service area or cost centre ("PARKS & OPEN
	// SPACES", "Direct Services"), when the file names them.
	Unit    string `json:"unit,omitempty"`
	Text    string `json:"text"`
	CPVLine string `json:"cpv_line,omitempty"`
	// ContractID and ContractCPV: the contract most of the item's lines are
	// paid under by their reference (not by a link that used the category),
	// when it has a CPV code.
	ContractID  string         `json:"contract_id,omitempty"`
	ContractCPV string         `json:"contract_cpv,omitempty"`
	Lines       int64          `json:"lines"`
	Spend       Amount         `json:"spend"`
	Category    Categorization `json:"category"`
}

// Categorization is a line's category with the rule that chose it and why:
// Reason in English, Why the same as clauses that pages render in their
// own language.
type Categorization struct {
	CPV        string       `json:"cpv,omitempty"` // 8 digits; "" when unclassified
	Rule       string       `json:"rule,omitempty"`
	Reason     string       `json:"reason,omitempty"`
	Why        []ReasonPart `json:"why,omitempty"`
	Confidence float64      `json:"confidence"`
}

// ReasonPart is one clause of a reason: a message key of the catalogue and
// its arguments ("cpv:<code>" names a code, "src:<text>" a text of the
// line; others are shown as they are).
type ReasonPart struct {
	Key  string   `json:"key"`
	Args []string `json:"args,omitempty"`
}

// ItemCategory assigns a categorization to an item.
type ItemCategory struct {
	ItemID int32
	Categorization
}

// CategoryDecision is a person's decision about the category of a buyer's
// lines: those of a supplier, on an account, with a text; an empty field
// matches any.
type CategoryDecision struct {
	BuyerID    string    `json:"buyer_id"`
	SupplierID string    `json:"supplier_id"`
	Account    string    `json:"account"`
	Text       string    `json:"text"`
	CPV        string    `json:"cpv"`
	OldCPV     string    `json:"old_cpv,omitempty"`
	Who        string    `json:"who"`
	Why        string    `json:"why"`
	At         time.Time `json:"decided_at"`
}

// CategoryRule maps a keyword in the description, an account code (prefix)
// or a supplier's NACE code (prefix) to a CPV code.
type CategoryRule struct {
	Kind    string `json:"kind"` // keyword, account, nace
	Pattern string `json:"pattern"`
	Lang    string `json:"lang,omitempty"` // keyword rules: nb, en, …; "" any
	CPV     string `json:"cpv"`
	Reason  string `json:"reason"`
}

// CrossCell is one cell of a two-dimensional sum of lines.
type CrossCell struct {
	A, B      string
	Spend     Amount
	Lines     int64
	Suppliers int64
}

// PriceVolume is what was bought in a category and unit, from the lines
// that carry quantities: the volume and the unit prices (amount / quantity,
// to the minor unit).
type PriceVolume struct {
	CPV       string `json:"cpv"` // "" for unclassified lines
	UnitCode  string `json:"unit_code"`
	Lines     int64  `json:"lines"`
	Quantity  string `json:"quantity"` // exact decimal
	Spend     Amount `json:"spend"`
	MinPrice  Amount `json:"min_unit_price"`
	MedPrice  Amount `json:"median_unit_price"`
	MaxPrice  Amount `json:"max_unit_price"`
	MeanPrice Amount `json:"mean_unit_price"` // spend / quantity
}

// ReviewGroup gathers the uncertain items of one supplier on one account,
// so that one decision settles them all.
type ReviewGroup struct {
	SupplierID   string `json:"supplier_id"`
	SupplierName string `json:"supplier_name"`
	Account      string `json:"account"`
	AccountText  string `json:"account_text"`
	Items        int64  `json:"items"`
	Lines        int64  `json:"lines"`
	Spend        Amount `json:"spend"`
	// Uncertain is the spend weighted by the uncertainty of its category,
	// Σ |spend| × (1 − confidence): the queue's order, so that the most
	// money in doubt comes first.
	Uncertain Amount         `json:"uncertain_spend"`
	Texts     []string       `json:"texts"` // the largest items' texts
	Category  Categorization `json:"category"`
}
