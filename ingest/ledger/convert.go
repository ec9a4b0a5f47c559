// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/zeebo/xxh3"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// fieldIndex numbers the fields for array lookups on the hot path.
var fieldIndex = func() map[Field]int {
	m := make(map[Field]int, len(Fields))
	for i, f := range Fields {
		m[f] = i
	}
	return m
}()

var (
	iTransactionID   = fieldIndex[FTransactionID]
	iVoucherNo       = fieldIndex[FVoucherNo]
	iInvoiceNo       = fieldIndex[FInvoiceNo]
	iSupplierName    = fieldIndex[FSupplierName]
	iSupplierID      = fieldIndex[FSupplierID]
	iOrgNumber       = fieldIndex[FOrgNumber]
	iVATNumber       = fieldIndex[FVATNumber]
	iSupplierCountry = fieldIndex[FSupplierCountry]
	iSupplierPost    = fieldIndex[FSupplierPost]
	iInvoiceDate     = fieldIndex[FInvoiceDate]
	iPaymentDate     = fieldIndex[FPaymentDate]
	iAmount          = fieldIndex[FAmount]
	iAmountGross     = fieldIndex[FAmountGross]
	iVAT             = fieldIndex[FVAT]
	iCurrency        = fieldIndex[FCurrency]
	iAccount         = fieldIndex[FAccount]
	iAccountText     = fieldIndex[FAccountText]
	iOrgUnit         = fieldIndex[FOrgUnit]
	iCostCentre      = fieldIndex[FCostCentre]
	iService         = fieldIndex[FService]
	iProject         = fieldIndex[FProject]
	iContractRef     = fieldIndex[FContractRef]
	iDescription     = fieldIndex[FDescription]
	iExpenditureType = fieldIndex[FExpenditureType]
	iCPV             = fieldIndex[FCPV]
	iOrderRef        = fieldIndex[FOrderRef]
)

// plan is the layout compiled for the hot path: a column index per field
// (-1 when unmapped), decimal separators and date formats.
type plan struct {
	col   []int
	dec   []byte
	date  []DateFormat
	order []DateFormat // day-month order of a date column's ambiguous cells
	// noSerial: a date column whose bare numbers are not read as dates
	noSerial []bool
	// codeName: a column whose cells are a code and its name in one
	codeName []bool
	header   []string
	xlsx     bool
	buyer    cityspend.Buyer
	maxCol   int // highest mapped column
	// A row equal to the header (trimmed) is the header repeated among the
	// data: not a row. headKey is a column to compare first, -1 for none.
	headTrim []string
	headKey  int
}

func newPlan(l *Layout, b cityspend.Buyer) *plan {
	p := &plan{col: make([]int, len(Fields)), dec: make([]byte, len(Fields)), date: make([]DateFormat, len(Fields)),
		order: make([]DateFormat, len(Fields)), noSerial: make([]bool, len(Fields)), codeName: make([]bool, len(Fields)), header: l.header, xlsx: tabular.Spreadsheet(l.Format), buyer: b, maxCol: -1, headKey: -1}
	for i := range p.col {
		p.col[i] = -1
	}
	if l.HeaderLine > 0 || len(l.Header) > 0 && l.Header[0] != "#1" {
		p.headTrim = make([]string, len(l.header))
		for i, h := range l.header {
			p.headTrim[i] = strings.TrimSpace(h)
		}
		for _, f := range []Field{FAmount, FAmountGross, FPaymentDate, FInvoiceDate} {
			if c, ok := l.cols[f]; ok && p.headTrim[c] != "" {
				p.headKey = c
				break
			}
		}
	}
	for _, f := range l.CodeNames {
		p.codeName[fieldIndex[f]] = true
	}
	for f, c := range l.DateFormats {
		p.order[fieldIndex[f]] = c.Order
		p.noSerial[fieldIndex[f]] = c.NoSerial
	}
	for f, c := range l.cols {
		i := fieldIndex[f]
		p.col[i] = c
		p.maxCol = max(p.maxCol, c)
	}
	for f, d := range l.decimals {
		p.dec[fieldIndex[f]] = d
	}
	for f, d := range l.dates {
		p.date[fieldIndex[f]] = d
	}
	return p
}

// converter turns records into rows; each worker has its own.
type converter struct {
	*plan
	hash          []byte
	grossOnly     int64
	otherDates    int64 // cells read in another form than their column's
	headerRepeats int64 // rows that repeat the header: not rows
}

func (p *plan) converter() *converter { return &converter{plan: p} }

// convertAll converts a chunk of records; payments share one allocation. A
// record that repeats the header is left out: it is neither a payment nor
// an error, and not a row read.
func (c *converter) convertAll(recs []tabular.Record) []cityspend.ImportRow {
	out := make([]cityspend.ImportRow, 0, len(recs))
	slab := make([]cityspend.Payment, len(recs))
	for i := range recs {
		if c.isHeader(recs[i].Fields) {
			c.headerRepeats++
			continue
		}
		var row cityspend.ImportRow
		if rej := c.convert(&recs[i], &slab[i]); rej != nil {
			row.Reject = rej
		} else {
			row.Payment = &slab[i]
		}
		out = append(out, row)
	}
	return out
}

// isHeader reports whether a record repeats the header: every named cell
// equal, trimmed.
func (c *converter) isHeader(fields []string) bool {
	k := c.headKey
	if k < 0 || k >= len(fields) || trim(fields[k]) != c.headTrim[k] {
		return false
	}
	for i, h := range c.headTrim {
		if h == "" {
			continue
		}
		if i >= len(fields) || trim(fields[i]) != h {
			return false
		}
	}
	return true
}

func (c *converter) get(fields []string, i int) string {
	ci := c.col[i]
	if ci < 0 || ci >= len(fields) {
		return ""
	}
	return trim(fields[ci])
}

// trim is strings.TrimSpace with a fast path for the usual untrimmed value.
func trim(s string) string {
	if n := len(s); n == 0 || (s[0] > ' ' && s[0] < 0x80 && s[n-1] > ' ' && s[n-1] < 0x80) {
		return s
	}
	return strings.TrimSpace(s)
}

// reject builds the reason a row is not loaded, naming the field and column.
func (c *converter) reject(rec *tabular.Record, fieldIdx int, reason string) *cityspend.Reject {
	if fieldIdx < 0 {
		return &cityspend.Reject{Line: rec.Line, Raw: rec.Raw, Reason: reason}
	}
	f := Fields[fieldIdx]
	if ci := c.col[fieldIdx]; ci >= 0 {
		reason = fmt.Sprintf("%s: %s (column %q)", f, reason, c.header[ci])
	} else {
		reason = fmt.Sprintf("%s: %s", f, reason)
	}
	return &cityspend.Reject{Line: rec.Line, Field: string(f), Raw: rec.Raw, Reason: reason}
}

func (c *converter) amount(fields []string, i int) (cityspend.Amount, bool, error) {
	s := c.get(fields, i)
	if s == "" {
		return 0, false, nil
	}
	var a cityspend.Amount
	var err error
	if c.xlsx {
		// Number cells arrive raw; text cells may still be written with a comma.
		if a, err = cityspend.ParseSpreadsheetNumber(s); err != nil {
			if a, err = cityspend.ParseWrittenAmount(s, cityspend.DecimalComma); err != nil {
				a, err = cityspend.ParseWrittenAmount(s, cityspend.DecimalPoint)
			}
		}
	} else {
		a, err = cityspend.ParseWrittenAmount(s, c.dec[i])
	}
	return a, err == nil, err
}

// convert fills p from one record, or returns why the row is rejected.
func (c *converter) convert(rec *tabular.Record, p *cityspend.Payment) *cityspend.Reject {
	if rec.Problem != "" {
		// A problem in a column of a field names the field.
		if rec.ProblemCol > 0 {
			for i, col := range c.col {
				if col == rec.ProblemCol-1 {
					return c.reject(rec, i, rec.Problem)
				}
			}
		}
		return c.reject(rec, -1, rec.Reason(c.header))
	}
	fields := rec.Fields
	if n, h := len(fields), len(c.header); n != h && !c.xlsx {
		// Spreadsheets leave out empty cells at the end of a row, and their
		// cells past the header are helper columns; in CSV a different
		// number of fields is a broken row.
		if n > h {
			for _, v := range fields[h:] {
				if strings.TrimSpace(v) != "" {
					return c.reject(rec, -1, fmt.Sprintf("the row has %d fields, the header %d (a separator inside an unquoted value?)", n, h))
				}
			}
		} else {
			if n == h-1 {
				if why := c.runTogether(fields); why != "" {
					return c.reject(rec, -1, fmt.Sprintf("the row has %d fields, the header %d: %s", n, h, why))
				}
			}
			if c.maxCol >= n {
				return c.reject(rec, -1, fmt.Sprintf("the row has %d fields, the header %d (is the line cut short?)", n, h))
			}
		}
	}
	b := &c.buyer
	*p = cityspend.Payment{BuyerID: b.ID, Line: rec.Line, Currency: b.Currency}

	net, hasNet, err := c.amount(fields, iAmount)
	if err != nil {
		return c.reject(rec, iAmount, err.Error())
	}
	gross, hasGross, err := c.amount(fields, iAmountGross)
	if err != nil {
		return c.reject(rec, iAmountGross, err.Error())
	}
	vat, hasVAT, err := c.amount(fields, iVAT)
	if err != nil {
		return c.reject(rec, iVAT, err.Error())
	}
	switch {
	case hasNet:
		p.Amount = net
	case hasGross && hasVAT:
		p.Amount = gross - vat
	case hasGross:
		p.Amount = gross
		c.grossOnly++
	default:
		i := iAmount
		if c.col[i] < 0 {
			i = iAmountGross
		}
		return c.reject(rec, i, "empty")
	}
	if hasVAT {
		p.VAT, p.HasVAT = vat, true
	} else if hasNet && hasGross {
		p.VAT, p.HasVAT = gross-net, true
	}
	if cur := c.get(fields, iCurrency); cur != "" && !strings.EqualFold(cur, b.Currency) {
		return c.reject(rec, iCurrency, fmt.Sprintf("%s differs from the buyer's currency %s; convert the file first", strings.ToUpper(cur), b.Currency))
	}

	for _, i := range [2]int{iPaymentDate, iInvoiceDate} {
		s := c.get(fields, i)
		if s == "" {
			continue
		}
		d, err := parseDate(s, c.date[i])
		if err != nil {
			var why string
			if d, why = otherDate(s, c.date[i], c.order[i], !c.noSerial[i]); why != "" {
				return c.reject(rec, i, fmt.Sprintf("%v (the column's format is %s)%s", err, c.date[i], why))
			}
			c.otherDates++
		}
		if i == iPaymentDate {
			p.PaymentDate = d
		} else {
			p.InvoiceDate = d
		}
	}
	if p.PaymentDate.IsZero() && p.InvoiceDate.IsZero() {
		i := iPaymentDate
		if c.col[i] < 0 {
			i = iInvoiceDate
		}
		return c.reject(rec, i, "empty: the row has no date")
	}

	p.TransactionID = c.get(fields, iTransactionID)
	p.VoucherNo = c.get(fields, iVoucherNo)
	p.InvoiceNo = c.get(fields, iInvoiceNo)
	p.Supplier = cityspend.Payee{
		Name:      c.get(fields, iSupplierName),
		LocalID:   c.get(fields, iSupplierID),
		OrgNumber: c.get(fields, iOrgNumber),
		VATNumber: c.get(fields, iVATNumber),
		Country:   upperASCII(c.get(fields, iSupplierCountry)),
		Postcode:  c.get(fields, iSupplierPost),
	}
	p.AccountCode = c.get(fields, iAccount)
	p.AccountText = c.get(fields, iAccountText)
	if c.codeName[iAccount] && p.AccountText == "" {
		if code, name, ok := splitCode(p.AccountCode); ok {
			p.AccountCode, p.AccountText = code, name
		}
	}
	if c.codeName[iSupplierName] && p.Supplier.LocalID == "" {
		if code, name, ok := splitCode(p.Supplier.Name); ok {
			p.Supplier.LocalID, p.Supplier.Name = code, name
		}
	}
	p.OrgUnit = c.get(fields, iOrgUnit)
	p.CostCentre = c.get(fields, iCostCentre)
	p.ServiceCode = c.get(fields, iService)
	p.Project = c.get(fields, iProject)
	p.ContractRef = c.get(fields, iContractRef)
	p.Description = c.get(fields, iDescription)
	p.ExpenditureType = c.get(fields, iExpenditureType)
	p.OrderRef = c.get(fields, iOrderRef)
	if v := c.get(fields, iCPV); v != "" {
		code, ok := cpvDigits(v)
		if !ok {
			return c.reject(rec, iCPV, fmt.Sprintf("%q is not a CPV code (8 digits, optionally -check digit)", v))
		}
		p.CPV = code
	}
	p.Key = c.dedupKey(p)
	return nil
}

// runTogether says why a row one field short seems to have two fields run
// together: a cell that is a date followed by digits ("04/01/2017325.00"),
// a separator missing between a date and an amount. "" when none is.
func (c *converter) runTogether(fields []string) string {
	for i, v := range fields {
		v = strings.TrimSpace(v)
		if len(v) < 7 || len(v) > 40 || v[0] < '0' || v[0] > '9' {
			continue
		}
		for k := min(len(v)-1, 11); k >= 6; k-- {
			head, tail := v[:k], v[k:]
			if tail[0] < '0' || tail[0] > '9' || !amountText(tail) {
				continue
			}
			if _, ok := writtenDate(head); !ok {
				continue
			}
			col := fmt.Sprintf("column %d", i+1)
			if i < len(c.header) && strings.TrimSpace(c.header[i]) != "" {
				col += fmt.Sprintf(" (%q)", strings.TrimSpace(c.header[i]))
			}
			return fmt.Sprintf("two fields seem run together, as if a separator were missing: %q in %s is a date, %q, followed by %q", v, col, head, tail)
		}
	}
	return ""
}

// amountText reports whether s reads as an amount in either convention.
func amountText(s string) bool {
	if _, err := cityspend.ParseWrittenAmount(s, cityspend.DecimalPoint); err == nil {
		return true
	}
	_, err := cityspend.ParseWrittenAmount(s, cityspend.DecimalComma)
	return err == nil
}

// cpvDigits reads a CPV code as "45210000-2", "45210000" or "45 21 00 00",
// and returns its eight digits.
func cpvDigits(s string) (string, bool) {
	d := make([]byte, 0, 9)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			d = append(d, c)
		case c == ' ' || c == '.':
		case c == '-':
			if len(d) != 8 {
				return "", false
			}
			rest := strings.TrimSpace(s[i+1:])
			if len(rest) != 1 || rest[0] < '0' || rest[0] > '9' {
				return "", false
			}
			return string(d), true
		default:
			return "", false
		}
	}
	if len(d) == 9 { // check digit written without the dash
		d = d[:8]
	}
	return string(d), len(d) == 8
}

func upperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}

// dedupKey hashes the transaction id when the file has one, else every
// mapped field of the line (parsed values, so the same line in another
// encoding or layout gets the same key).
func (c *converter) dedupKey(p *cityspend.Payment) cityspend.DedupKey {
	h := c.hash[:0]
	str := func(s string) {
		h = append(h, s...)
		h = append(h, 0)
	}
	num := func(v int64) { h = binary.LittleEndian.AppendUint64(h, uint64(v)) }
	date := func(t time.Time) {
		if t.IsZero() {
			num(0)
		} else {
			num(t.Unix())
		}
	}
	str(p.BuyerID)
	if p.TransactionID != "" {
		str("tx")
		str(p.TransactionID)
	} else {
		str("row")
		str(p.VoucherNo)
		str(p.InvoiceNo)
		str(p.Supplier.Name)
		str(p.Supplier.LocalID)
		str(p.Supplier.OrgNumber)
		str(p.Supplier.VATNumber)
		date(p.InvoiceDate)
		date(p.PaymentDate)
		num(int64(p.Amount))
		num(int64(p.VAT))
		str(p.AccountCode)
		str(p.OrgUnit)
		str(p.CostCentre)
		str(p.ServiceCode)
		str(p.Project)
		str(p.ContractRef)
		str(p.Description)
		str(p.OrderRef)
		str(p.CPV)
	}
	c.hash = h
	sum := xxh3.Hash128(h)
	return cityspend.DedupKey{Hi: sum.Hi, Lo: sum.Lo}
}
