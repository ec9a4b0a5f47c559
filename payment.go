// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"strings"
	"time"
	"unicode"
)

// Payee is the supplier of a ledger line as the file gives it, before any
// resolution against a business register.
type Payee struct {
	Name      string `json:"name,omitempty"`
	LocalID   string `json:"local_id,omitempty"`   // the buyer's own supplier number
	OrgNumber string `json:"org_number,omitempty"` // national organisation number as written
	VATNumber string `json:"vat_number,omitempty"`
	Country   string `json:"country,omitempty"`
	Postcode  string `json:"postcode,omitempty"`
}

// Payment is one ledger line: an amount paid (or credited) by a buyer to a
// supplier, with the accounting dimensions the file carries.
type Payment struct {
	BuyerID    string `json:"buyer_id"`
	BatchID    int64  `json:"batch_id"`
	SourceFile string `json:"source_file,omitempty"` // the imported file's name (filled when read back)
	Line       int    `json:"line"`                  // line (CSV) or row (XLSX) number in the source file, header included

	// Key identifies the line across imports for de-duplication; see DedupKey.
	Key DedupKey `json:"-"`
	// SupplierKey groups the lines of one payee before register resolution:
	// "org:<number>", "name:<normalised name>" or "id:<local id>".
	SupplierKey string `json:"supplier_key"`

	TransactionID string `json:"transaction_id,omitempty"`
	VoucherNo     string `json:"voucher_no,omitempty"`
	InvoiceNo     string `json:"invoice_no,omitempty"`
	Supplier      Payee  `json:"supplier"`

	InvoiceDate time.Time `json:"invoice_date,omitzero"`
	PaymentDate time.Time `json:"payment_date,omitzero"`

	Amount   Amount `json:"amount"` // excluding VAT; negative for credit notes
	VAT      Amount `json:"vat"`
	HasVAT   bool   `json:"has_vat"`
	Currency string `json:"currency"`

	AccountCode     string `json:"account_code,omitempty"`
	AccountText     string `json:"account_text,omitempty"`
	OrgUnit         string `json:"org_unit,omitempty"`
	CostCentre      string `json:"cost_centre,omitempty"`
	ServiceCode     string `json:"service_code,omitempty"` // Norway: funksjon
	Project         string `json:"project,omitempty"`
	ContractRef     string `json:"contract_ref,omitempty"`
	Description     string `json:"description,omitempty"`
	ExpenditureType string `json:"expenditure_type,omitempty"` // e.g. revenue / capital

	// From e-invoices (and ledgers that carry them).
	CPV      string `json:"cpv,omitempty"`       // explicit CPV code of the item (EHF STI/CPV), 8 digits
	UNSPSC   string `json:"unspsc,omitempty"`    // UNSPSC or seller's item classification (EHF TST/UNSPSC/MP)
	OrderRef string `json:"order_ref,omitempty"` // the buyer's order number
	// Occurrence is the line's occurrence number of its key within its file
	// when a store already gave it one (a move between stores); 0: the
	// store counts.
	Occurrence int    `json:"-"`
	Quantity   string `json:"quantity,omitempty"`  // invoiced quantity as written (a decimal)
	UnitCode   string `json:"unit_code,omitempty"` // UN/ECE Rec 20 unit of the quantity
}

// Date is the date that places the line in a period: the payment date, or the
// invoice date when the file has no payment date.
func (p *Payment) Date() time.Time {
	if !p.PaymentDate.IsZero() {
		return p.PaymentDate
	}
	return p.InvoiceDate
}

// DedupKey is a 128-bit hash that identifies a line across imports. It is the
// hash of the transaction id where the file has one, else of the mapped fields.
// The store adds the occurrence number of the key within the file, so two
// identical lines in one file are two payments, while the same file imported
// twice adds nothing.
type DedupKey struct{ Hi, Lo uint64 }

// Reject is a data row that could not be loaded, with the reason.
type Reject struct {
	Line   int    `json:"line"`
	Field  string `json:"field,omitempty"`
	Raw    string `json:"raw"`
	Reason string `json:"reason"`
}

// ImportRow is one data row of a file: a payment, or the reason it was rejected.
type ImportRow struct {
	Payment *Payment
	Reject  *Reject
}

// PayeeKey groups the lines of one payee before register resolution: a valid
// organisation number first, then the normalised name, then the buyer's own
// supplier number. country is the buyer's country, assumed for numbers
// without a prefix.
func PayeeKey(p Payee, country string) string {
	if p.OrgNumber != "" {
		if id, ok := NormalizeOrgNumber(p.OrgNumber, country); ok {
			return "org:" + id.String()
		}
	}
	if p.VATNumber != "" {
		if id, ok := NormalizeOrgNumber(p.VATNumber, country); ok {
			return "org:" + id.String()
		}
	}
	if n := NormalizeName(p.Name); n != "" {
		return "name:" + n
	}
	if p.LocalID != "" {
		return "id:" + strings.TrimSpace(p.LocalID)
	}
	return "unknown"
}

// NormalizeName upper-cases a name, folds runs of white space and drops
// punctuation at the ends: "  CgMs Ltd. " → "CGMS LTD".
func NormalizeName(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), " "))
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}
