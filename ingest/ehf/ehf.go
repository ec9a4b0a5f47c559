// SPDX-License-Identifier: EUPL-1.2

package ehf

import (
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"

	"github.com/zeebo/xxh3"

	"github.com/cityspend/cityspend"
)

// MaxDocument is the largest e-invoice read (attachments are embedded in it).
const MaxDocument = 64 << 20

// Invoice is a parsed e-invoice or credit note.
type Invoice struct {
	Credit   bool
	ID       string
	Issued   time.Time
	Currency string
	Supplier cityspend.Payee
	Customer string // the customer's organisation number, when given
	Payments []cityspend.Payment
	Total    cityspend.Amount // tax-exclusive total, signed
}

// errDTD is returned for documents that declare a DTD or entities.
var errDTD = errors.New("the document declares a DTD or entities, which e-invoices must not (no entity expansion)")

// Parse reads one EHF document. The error says why a document is rejected.
func Parse(r io.Reader) (*Invoice, error) {
	dec := xml.NewDecoder(io.LimitReader(r, MaxDocument+1))
	dec.Strict = true
	dec.Entity = nil
	var root xml.StartElement
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil, errors.New("no XML element in the file")
		}
		if err != nil {
			return nil, fmt.Errorf("not well-formed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, errDTD
		case xml.StartElement:
			root = t
		}
		if root.Name.Local != "" {
			break
		}
	}
	if root.Name.Local != "Invoice" && root.Name.Local != "CreditNote" {
		return nil, fmt.Errorf("not an invoice or credit note (the root element is %s)", root.Name.Local)
	}
	var doc document
	if err := dec.DecodeElement(&doc, &root); err != nil {
		if strings.Contains(err.Error(), "entity") {
			return nil, errDTD
		}
		return nil, fmt.Errorf("not well-formed XML: %w", err)
	}
	// Nothing but comments and white space may follow the root.
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not well-formed XML after the document: %w", err)
		}
		if _, ok := tok.(xml.Directive); ok {
			return nil, errDTD
		}
	}
	return convert(&doc)
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

// orgNumber finds a Norwegian organisation number among a party's
// identifiers: the legal entity's company id, the endpoint, the VAT number.
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
	inv := &Invoice{Credit: d.XMLName.Local == "CreditNote", ID: strings.TrimSpace(d.ID), Currency: strings.TrimSpace(d.DocumentCurrencyCode)}
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
	kind := "invoice"
	if inv.Credit {
		kind = "credit"
	}
	who := inv.Supplier.OrgNumber
	if who == "" {
		who = cityspend.NormalizeName(inv.Supplier.Name)
	}
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
			TransactionID: fmt.Sprintf("ehf:%s:%s:%s:%s", who, kind, inv.ID, strings.TrimSpace(l.ID)),
			Amount:        sign * amounts[i], Currency: cur, AccountCode: firstNonEmpty(l.AccountingCost, d.AccountingCost),
			ContractRef: strings.TrimSpace(d.ContractReference), OrderRef: strings.TrimSpace(d.OrderReference),
			Description: firstNonEmpty(l.Item.Name, l.Item.Description, l.Note)}
		q := l.InvoicedQuantity
		if inv.Credit {
			q = l.CreditedQuantity
		}
		if v := strings.TrimSpace(q.Value); v != "" && isDecimal(v) && decimals(v) <= 4 {
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
			InvoiceNo: inv.ID, TransactionID: fmt.Sprintf("ehf:%s:%s:%s:allowances-charges", who, kind, inv.ID),
			Amount: sign * net, Currency: cur, AccountCode: d.AccountingCost, ContractRef: strings.TrimSpace(d.ContractReference),
			OrderRef: strings.TrimSpace(d.OrderReference), Description: "Document allowances and charges"})
	}
	if vats != nil {
		for i := range inv.Payments {
			inv.Payments[i].VAT, inv.Payments[i].HasVAT = sign*vats[i], true
		}
	}
	inv.Total = sign * taxExcl
	for i := range inv.Payments {
		inv.Payments[i].Key = key(inv.Payments[i].TransactionID)
	}
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

// key is the de-duplication key of an e-invoice line: the supplier, the
// document's kind and number and the line's id — the same in EHF 2 and
// EHF 3 copies of one invoice.
func key(tx string) cityspend.DedupKey {
	b := binary.LittleEndian.AppendUint64(nil, 0x656866) // "ehf"
	b = append(b, tx...)
	h := xxh3.Hash128(b)
	return cityspend.DedupKey{Hi: h.Hi, Lo: h.Lo}
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
