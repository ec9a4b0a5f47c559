// SPDX-License-Identifier: EUPL-1.2

package ehf

import (
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/zeebo/xxh3"

	"github.com/cityspend/cityspend"
)

// MaxDocument is the largest e-invoice read (attachments are embedded in it).
const MaxDocument = 64 << 20

// Invoice is a parsed e-invoice or credit note.
type Invoice struct {
	Credit   bool
	Type     string // "invoice", "credit_note", "self_billed_invoice" or "self_billed_credit_note"
	ID       string
	Issued   time.Time
	Currency string
	Supplier cityspend.Payee
	// SupplierID identifies the supplier in the de-duplication key: its
	// Norwegian organisation number, else its electronic address.
	SupplierID string
	Customer   string // the customer's organisation number, when given
	Payments   []cityspend.Payment
	Total      cityspend.Amount // tax-exclusive total, signed
}

// Refusal is why Parse does not return a document as spend, with what it
// could read of the document: its type and number when known, and, for a
// reminder or a payment request, the invoices it refers to.
type Refusal struct {
	Type     string   // "invoice", "reminder", "order", ...; "" when unknown
	ID       string   // the document's number, when known
	NotSpend bool     // a reminder or a payment request: not spend, and not an error in the document
	RefersTo []string // the invoices a reminder or payment request refers to
	Reason   string
}

func (r *Refusal) Error() string { return r.Reason }

// errDTD is returned for documents that declare a DTD or entities.
var errDTD = errors.New("the document declares a DTD or entities, which e-invoices must not (no entity expansion)")

// Parse reads one EHF document. A document that is not loaded as spend is
// refused with a *Refusal: one that is not an invoice or credit note (an
// order, a catalogue), is not well-formed, lacks mandatory fields, declares a
// DTD or entities, or whose lines do not add up to its totals; and, as not
// spend, a reminder or a payment request, which refers to the invoice that
// is the spend.
func Parse(r io.Reader) (*Invoice, error) {
	d, root, err := decode(r)
	ref := &Refusal{Type: docType(root, d)}
	if d != nil {
		ref.ID = strings.TrimSpace(d.ID)
	}
	if err != nil {
		ref.Reason = err.Error()
		return nil, ref
	}
	if kind, refs := notSpend(root, d); kind != "" {
		ref.Type, ref.NotSpend, ref.RefersTo, ref.Reason = kind, true, refs, notSpendReason(kind, refs)
		return nil, ref
	}
	inv, err := convert(d)
	if err != nil {
		ref.Reason = err.Error()
		return nil, ref
	}
	return inv, nil
}

// decode reads a document's root element. root is its name when read; any
// but an invoice, a credit note or a UBL reminder is refused after it is
// read (its number is reported).
func decode(r io.Reader) (d *document, root string, err error) {
	dec := xml.NewDecoder(io.LimitReader(r, MaxDocument+1))
	dec.Strict = true
	dec.Entity = nil
	var start xml.StartElement
	for start.Name.Local == "" {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil, "", errors.New("no XML element in the file")
		}
		if err != nil {
			return nil, "", fmt.Errorf("not well-formed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, "", errDTD
		case xml.StartElement:
			start = t
		}
	}
	root = start.Name.Local
	var doc document
	var derr error
	if root == "CrossIndustryInvoice" {
		var c ciiDoc
		if derr = dec.DecodeElement(&c, &start); derr == nil {
			doc = *c.document()
			root = doc.XMLName.Local
		}
	} else {
		derr = dec.DecodeElement(&doc, &start)
	}
	if err := derr; err != nil {
		if strings.Contains(err.Error(), "entity") {
			return nil, root, errDTD
		}
		return nil, root, fmt.Errorf("not well-formed XML: %w", err)
	}
	// Nothing but comments and white space may follow the root.
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return &doc, root, fmt.Errorf("not well-formed XML after the document: %w", err)
		}
		if _, ok := tok.(xml.Directive); ok {
			return &doc, root, errDTD
		}
	}
	if root != "Invoice" && root != "CreditNote" && root != "Reminder" {
		return &doc, root, fmt.Errorf("not an invoice or credit note (the root element is %s)", root)
	}
	return &doc, root, nil
}

// The identifiers of the Norwegian post-award documents that are not spend
// (anskaffelser.no, EHF post-award G3): EHF Reminder 3.0 and EHF Payment
// Request 3.0, both UBL Invoice documents, by customization and by profile
// (business process 06 is the reminder, 07 the payment request).
const (
	ehfReminder              = "urn:fdc:anskaffelser.no:2019:ehf:reminder:"
	ehfReminderProcess       = "urn:fdc:anskaffelser.no:2019:ehf:postaward:g3:06:"
	ehfPaymentRequest        = "urn:fdc:anskaffelser.no:2019:ehf:spec:payment-request:"
	ehfPaymentRequestProcess = "urn:fdc:anskaffelser.no:2019:ehf:postaward:g3:07:"
	// requestForPayment is UNCL1001 code 71, "Request for payment": issued
	// by a creditor to a debtor to request payment of one or more invoices
	// past due.
	requestForPayment = "71"
	// peppolSelfBilling marks Peppol BIS Self-Billing 3.0 documents, issued
	// by the customer in its own number series.
	peppolSelfBilling = "urn:fdc:peppol.eu:2017:poacc:selfbilling:"
)

// notSpend recognises a reminder or a payment request: a UBL Reminder (EHF
// 2 "purring"), an EHF Reminder or Payment Request by its customization or
// profile, or an invoice of type code 71. It returns its type and the
// invoices it refers to (BillingReference), or "" for any other document.
// A BillingReference alone does not make a document a reminder: credit
// notes and corrections carry one too, and are spend.
func notSpend(root string, d *document) (kind string, refs []string) {
	custom, profile := strings.TrimSpace(d.CustomizationID), strings.TrimSpace(d.ProfileID)
	switch {
	case root == "Reminder":
		kind = "reminder"
	case root != "Invoice":
		return "", nil
	case strings.Contains(custom, ehfReminder) || strings.HasPrefix(profile, ehfReminderProcess):
		kind = "reminder"
	case strings.Contains(custom, ehfPaymentRequest) || strings.HasPrefix(profile, ehfPaymentRequestProcess):
		kind = "payment_request"
	case strings.TrimSpace(d.InvoiceTypeCode) == requestForPayment:
		kind = "request_for_payment"
	default:
		return "", nil
	}
	all := append([]string(nil), d.BillingReferences...)
	for _, l := range d.ReminderLines {
		all = append(all, l.BillingReferences...)
	}
	refs = []string{}
	for _, r := range all {
		if r = strings.TrimSpace(r); r != "" && !slices.Contains(refs, r) {
			refs = append(refs, r)
		}
	}
	return kind, refs
}

// notSpendReason says why a reminder or payment request is not loaded.
func notSpendReason(kind string, refs []string) string {
	what := map[string]string{
		"reminder":            "a reminder",
		"payment_request":     "an EHF payment request",
		"request_for_payment": "a request for payment, type code 71",
	}[kind]
	switch {
	case len(refs) == 1:
		return fmt.Sprintf("not spend: refers to invoice %s (%s)", refs[0], what)
	case len(refs) > 1:
		return fmt.Sprintf("not spend: refers to invoices %s (%s)", strings.Join(refs, ", "), what)
	case kind == "payment_request":
		return "not spend: an EHF payment request, a claim such as a compensation rather than an invoice for goods or services"
	}
	return fmt.Sprintf("not spend: %s; it names no invoice", what)
}

// docType is a document's type for reports: the invoice and credit note
// kinds, else the root element's name in snake case ("order_response").
func docType(root string, d *document) string {
	switch root {
	case "Invoice", "CreditNote":
		t := "invoice"
		if root == "CreditNote" {
			t = "credit_note"
		}
		if d != nil && selfBilled(d) {
			t = "self_billed_" + t
		}
		return t
	}
	var b strings.Builder
	for i, r := range root {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// selfBilled reports a self-billed invoice or credit note (Peppol BIS
// Self-Billing, or UNCL1001 type code 389 or 261), numbered by the customer.
func selfBilled(d *document) bool {
	code := strings.TrimSpace(d.InvoiceTypeCode)
	if code == "" {
		code = strings.TrimSpace(d.CreditNoteTypeCode)
	}
	return strings.Contains(d.CustomizationID, peppolSelfBilling) || code == "389" || code == "261"
}

func money(a amount, what string, cur string) (cityspend.Amount, error) {
	v := strings.TrimSpace(a.Value)
	if v == "" {
		return 0, fmt.Errorf("%s is missing", what)
	}
	m, err := cityspend.ParseAmount(v)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not an amount with at most two decimals", what, v)
	}
	if a.Currency != "" && cur != "" && a.Currency != cur {
		return 0, fmt.Errorf("%s is in %s, the document in %s", what, a.Currency, cur)
	}
	return m, nil
}

func optMoney(a amount, what, cur string) (cityspend.Amount, error) {
	if strings.TrimSpace(a.Value) == "" {
		return 0, nil
	}
	return money(a, what, cur)
}

// registerICD are the ISO/IEC 6523 codes of national business registers
// whose numbers name a supplier, by country (the Peppol and EN 16931 code
// list): France's SIREN and SIRET, Sweden's, Denmark's, the Netherlands'
// and Finland's.
var registerICD = map[string]string{"0002": "FR", "0009": "FR", "0007": "SE", "0184": "DK", "0106": "NL", "0212": "FI", "0037": "FI"}

// orgNumber finds a party's organisation number among its identifiers (the
// legal entity's company id, the endpoint, the VAT number): a Norwegian one
// as its nine digits (also without a scheme), another country's register
// number with its scheme ("FR-SIRENE:732829320"). "" when none.
func orgNumber(p *party) string {
	cands := []idWithScheme{p.LegalEntity.CompanyID, p.EndpointID}
	cands = append(cands, p.Identifications...)
	for _, t := range p.TaxSchemes {
		cands = append(cands, t.CompanyID)
	}
	for _, c := range cands {
		v := strings.TrimSpace(c.Value)
		switch c.Scheme {
		case "", "0192", "NO:ORGNR", "NO:VAT", "9908":
		default:
			continue
		}
		if id, ok := cityspend.NormalizeOrgNumber(v, "NO"); ok && id.Scheme == cityspend.SchemeNOBRC {
			return id.ID
		}
	}
	for _, c := range cands {
		if cc, ok := registerICD[strings.TrimSpace(c.Scheme)]; ok {
			if id, ok := cityspend.NormalizeOrgNumber(strings.TrimSpace(c.Value), cc); ok {
				return id.String()
			}
		}
	}
	return ""
}

func vatNumber(p *party) string {
	for _, t := range p.TaxSchemes {
		if strings.EqualFold(t.Scheme, "VAT") || strings.HasSuffix(strings.ToUpper(t.CompanyID.Value), "MVA") {
			return strings.TrimSpace(t.CompanyID.Value)
		}
	}
	return ""
}

// convert checks a document and turns it into payments.
func convert(d *document) (*Invoice, error) {
	inv := &Invoice{Credit: d.XMLName.Local == "CreditNote", Type: docType(d.XMLName.Local, d), ID: strings.TrimSpace(d.ID),
		Currency: strings.TrimSpace(d.DocumentCurrencyCode)}
	switch {
	case inv.ID == "":
		return nil, errors.New("the document has no ID (invoice number)")
	case inv.Currency == "":
		return nil, errors.New("the document has no DocumentCurrencyCode")
	}
	issued, err := time.Parse("2006-01-02", strings.TrimSpace(d.IssueDate))
	if err != nil {
		return nil, fmt.Errorf("IssueDate %q is not a date (yyyy-mm-dd)", d.IssueDate)
	}
	inv.Issued = issued
	lines := d.InvoiceLines
	if inv.Credit {
		lines = d.CreditNoteLines
	}
	if len(lines) == 0 {
		return nil, errors.New("the document has no lines")
	}
	sp := &d.Supplier
	name := strings.TrimSpace(sp.LegalEntity.RegistrationName)
	if name == "" && len(sp.Names) > 0 {
		name = strings.TrimSpace(sp.Names[0])
	}
	inv.Supplier = cityspend.Payee{Name: name, OrgNumber: orgNumber(sp), VATNumber: vatNumber(sp),
		Country: strings.ToUpper(strings.TrimSpace(sp.Address.Country)), Postcode: strings.TrimSpace(sp.Address.PostalZone)}
	if inv.Supplier.Name == "" && inv.Supplier.OrgNumber == "" {
		return nil, errors.New("the supplier party has neither a name nor an organisation number")
	}
	inv.SupplierID = supplierID(sp, inv.Supplier)
	inv.Customer = orgNumber(&d.Customer)

	// Totals: the lines add up to the line total; allowances and charges
	// lead to the tax-exclusive total; VAT to the tax-inclusive one.
	cur := inv.Currency
	tot := &d.Totals
	lineTotal, err := money(tot.LineExtension, "LegalMonetaryTotal/LineExtensionAmount", cur)
	if err != nil {
		return nil, err
	}
	taxExcl, err := money(tot.TaxExclusive, "LegalMonetaryTotal/TaxExclusiveAmount", cur)
	if err != nil {
		return nil, err
	}
	allowances, err := optMoney(tot.Allowances, "AllowanceTotalAmount", cur)
	if err != nil {
		return nil, err
	}
	charges, err := optMoney(tot.Charges, "ChargeTotalAmount", cur)
	if err != nil {
		return nil, err
	}
	var sum cityspend.Amount
	amounts := make([]cityspend.Amount, len(lines))
	for i, l := range lines {
		a, err := money(l.LineExtension, fmt.Sprintf("line %s LineExtensionAmount", l.ID), cur)
		if err != nil {
			return nil, err
		}
		amounts[i] = a
		sum += a
	}
	if sum != lineTotal {
		return nil, fmt.Errorf("the lines add up to %s, but LineExtensionAmount says %s", sum, lineTotal)
	}
	var docAllow, docCharge cityspend.Amount
	for _, ac := range d.AllowanceCharges {
		a, err := money(ac.Amount, "AllowanceCharge/Amount", cur)
		if err != nil {
			return nil, err
		}
		if ac.Charge {
			docCharge += a
		} else {
			docAllow += a
		}
	}
	if len(d.AllowanceCharges) > 0 && (docAllow != allowances || docCharge != charges) {
		return nil, fmt.Errorf("document allowances %s and charges %s do not match AllowanceTotalAmount %s and ChargeTotalAmount %s",
			docAllow, docCharge, allowances, charges)
	}
	if lineTotal-allowances+charges != taxExcl {
		return nil, fmt.Errorf("LineExtensionAmount %s − allowances %s + charges %s is not TaxExclusiveAmount %s", lineTotal, allowances, charges, taxExcl)
	}
	var tax cityspend.Amount
	hasTax := false
	for _, t := range d.TaxTotals {
		if strings.TrimSpace(t.TaxAmount.Value) == "" || (t.TaxAmount.Currency != "" && t.TaxAmount.Currency != cur) {
			continue // a VAT total in accounting currency
		}
		a, err := money(t.TaxAmount, "TaxTotal/TaxAmount", "")
		if err != nil {
			return nil, err
		}
		tax, hasTax = a, true
		break
	}
	if strings.TrimSpace(tot.TaxInclusive.Value) != "" && hasTax {
		incl, err := money(tot.TaxInclusive, "TaxInclusiveAmount", cur)
		if err != nil {
			return nil, err
		}
		rounding, _ := optMoney(tot.Rounding, "PayableRoundingAmount", cur)
		// EHF 2 documents put the rounding into the tax-inclusive total.
		if diff := incl - (taxExcl + tax); diff != 0 && diff != rounding {
			return nil, fmt.Errorf("TaxExclusiveAmount %s + VAT %s is not TaxInclusiveAmount %s", taxExcl, tax, incl)
		}
	}

	sign := cityspend.Amount(1)
	if inv.Credit {
		sign = -1
	}
	// The document is its supplier, type, number and issue date (an invoice
	// number is unique among its supplier's invoices only within a time
	// frame, EN 16931 BT-1); a line is its place in the document.
	doc := []string{inv.SupplierID, inv.Type, inv.ID, issued.Format("2006-01-02")}
	txID := "ehf:" + strings.Join(doc, ":") + ":"
	// Rows: one per line, and one for the document's allowances and
	// charges when they do not cancel out; VAT spread over them by rate.
	type row struct {
		amount cityspend.Amount
		pct    string
	}
	rows := make([]row, 0, len(lines)+1)
	for i, l := range lines {
		rows = append(rows, row{amounts[i], first(l.Item.TaxPercent)})
	}
	net := charges - allowances
	if net != 0 {
		pct := ""
		for _, ac := range d.AllowanceCharges {
			if p := first(ac.TaxPercent); p != "" {
				pct = p
			}
		}
		rows = append(rows, row{net, pct})
	}
	rowAmounts := make([]cityspend.Amount, len(rows))
	pcts := make([]string, len(rows))
	for i, r := range rows {
		rowAmounts[i], pcts[i] = r.amount, r.pct
	}
	vats := allocateVAT(rowAmounts, pcts, tax, hasTax)
	for i, l := range lines {
		p := cityspend.Payment{Line: i + 1, Supplier: inv.Supplier, InvoiceDate: issued, InvoiceNo: inv.ID,
			TransactionID: txID + strings.TrimSpace(l.ID), Key: key(doc, strconv.Itoa(i+1)),
			Amount: sign * amounts[i], Currency: cur, AccountCode: firstNonEmpty(l.AccountingCost, d.AccountingCost),
			ContractRef: strings.TrimSpace(d.ContractReference), OrderRef: strings.TrimSpace(d.OrderReference),
			Description: firstNonEmpty(l.Item.Name, l.Item.Description, l.Note)}
		q := l.InvoicedQuantity
		if inv.Credit {
			q = l.CreditedQuantity
		}
		// A quantity the stores cannot hold (DECIMAL(18, 4)) is left out,
		// so that it cannot refuse the document.
		if v := strings.TrimSpace(q.Value); v != "" && isDecimal(v) && decimals(v) <= 4 && digits(v)-decimals(v) <= 14 {
			p.Quantity, p.UnitCode = v, strings.TrimSpace(q.Unit)
		}
		for _, c := range l.Item.Classifications {
			code := strings.TrimSpace(c.Code)
			switch strings.ToUpper(strings.TrimSpace(c.ListID)) {
			case "STI", "CPV":
				if p.CPV == "" {
					p.CPV = cpvCode(code)
				}
			case "TST", "UNSPSC", "MP":
				if p.UNSPSC == "" {
					p.UNSPSC = code
				}
			}
		}
		inv.Payments = append(inv.Payments, p)
	}
	if net != 0 {
		inv.Payments = append(inv.Payments, cityspend.Payment{Line: len(lines) + 1, Supplier: inv.Supplier, InvoiceDate: issued,
			InvoiceNo: inv.ID, TransactionID: txID + "allowances-charges", Key: key(doc, "allowances-charges"),
			Amount: sign * net, Currency: cur, AccountCode: d.AccountingCost, ContractRef: strings.TrimSpace(d.ContractReference),
			OrderRef: strings.TrimSpace(d.OrderReference), Description: "Document allowances and charges"})
	}
	if vats != nil {
		for i := range inv.Payments {
			inv.Payments[i].VAT, inv.Payments[i].HasVAT = sign*vats[i], true
		}
	}
	inv.Total = sign * taxExcl
	return inv, nil
}

// allocateVAT spreads the document's VAT over its rows by their VAT rates,
// so the rows' VAT adds up to the total exactly (the rounding difference
// goes to the largest row). nil when the total or a line's rate is unknown;
// a row without a rate (document charges) gets only what is left.
func allocateVAT(amounts []cityspend.Amount, pcts []string, total cityspend.Amount, hasTax bool) []cityspend.Amount {
	if !hasTax {
		return nil
	}
	out := make([]cityspend.Amount, len(amounts))
	var sum, base cityspend.Amount
	rated := false
	for i := range amounts {
		base += amounts[i]
		rated = rated || pcts[i] != ""
	}
	if !rated {
		// No rates at all: spread the VAT in proportion to the amounts.
		if base == 0 {
			return nil
		}
		for i := range amounts {
			out[i] = mulDiv(total, int64(amounts[i]), int64(base))
			sum += out[i]
		}
		big := 0
		for i := range amounts {
			if abs(amounts[i]) > abs(amounts[big]) {
				big = i
			}
		}
		out[big] += total - sum
		return out
	}
	for i := range amounts {
		if pcts[i] == "" {
			continue
		}
		pct, err := cityspend.ParseAmount(strings.TrimSpace(pcts[i]))
		if err != nil {
			return nil
		}
		// amount × pct / 100, rounded half away from zero (pct is in hundredths).
		out[i] = roundDiv(new(big.Int).Mul(big.NewInt(int64(amounts[i])), big.NewInt(int64(pct))), 10000)
		sum += out[i]
	}
	if diff := total - sum; diff != 0 {
		big := 0
		for i := range amounts {
			if pcts[i] == "" { // a row without a rate takes the rest
				big = i
				break
			}
			if abs(amounts[i]) > abs(amounts[big]) {
				big = i
			}
		}
		out[big] += diff
	}
	return out
}

// mulDiv is a × b / c without overflow, truncated.
func mulDiv(a cityspend.Amount, b, c int64) cityspend.Amount {
	v := new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(b))
	return cityspend.Amount(v.Quo(v, big.NewInt(c)).Int64())
}

// roundDiv is v / d rounded half away from zero.
func roundDiv(v *big.Int, d int64) cityspend.Amount {
	q, r := new(big.Int).QuoRem(v, big.NewInt(d), new(big.Int))
	if r2 := new(big.Int).Mul(new(big.Int).Abs(r), big.NewInt(2)); r2.Cmp(big.NewInt(d)) >= 0 {
		q.Add(q, big.NewInt(int64(v.Sign())))
	}
	return cityspend.Amount(q.Int64())
}

func first(ss []string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func abs(a cityspend.Amount) cityspend.Amount {
	if a < 0 {
		return -a
	}
	return a
}

// key is the de-duplication key of a row of a document: the document
// (supplier, type, number, issue date) and the row's place in it — the same
// in EHF 2 and EHF 3 copies of one invoice. Any two documents with the same
// identity share their first row's key, so the second is a duplicate
// whatever its lines (cityspend.WholeDocument).
func key(doc []string, row string) cityspend.DedupKey {
	b := binary.LittleEndian.AppendUint64(nil, 0x32666865) // "ehf2": apart from ledger keys and earlier EHF keys
	for _, s := range doc {
		b = append(append(b, s...), 0) // NUL never occurs in XML text
	}
	b = append(b, row...)
	h := xxh3.Hash128(b)
	return cityspend.DedupKey{Hi: h.Hi, Lo: h.Lo}
}

// supplierID identifies a document's supplier: its Norwegian organisation
// number (also when an EHF 2 copy gives it another way), else its
// electronic address (EndpointID with its scheme, which Peppol BIS 3
// requires), else its VAT number, else its legal registration, else its
// name. Two suppliers that share a name are two suppliers.
func supplierID(p *party, payee cityspend.Payee) string {
	if payee.OrgNumber != "" {
		return "org:" + payee.OrgNumber
	}
	withScheme := func(id idWithScheme) string {
		v := strings.ToLower(strings.Join(strings.Fields(id.Value), ""))
		if v == "" {
			return ""
		}
		return strings.ToUpper(strings.TrimSpace(id.Scheme)) + ":" + v
	}
	if v := withScheme(p.EndpointID); v != "" {
		return "endpoint:" + v
	}
	if v := strings.ToUpper(strings.Join(strings.Fields(payee.VATNumber), "")); v != "" {
		return "vat:" + v
	}
	if v := withScheme(p.LegalEntity.CompanyID); v != "" {
		return "legal:" + v
	}
	return "name:" + cityspend.NormalizeName(payee.Name)
}

func cpvCode(s string) string {
	var d []byte
	for i := 0; i < len(s) && len(d) < 8; i++ {
		if s[i] >= '0' && s[i] <= '9' {
			d = append(d, s[i])
		} else if s[i] == '-' {
			break
		}
	}
	if len(d) != 8 {
		return ""
	}
	return string(d)
}

func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	dot := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] >= '0' && s[i] <= '9':
		case s[i] == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return s != ""
}

// digits counts the digits of a decimal number.
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

func decimals(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
