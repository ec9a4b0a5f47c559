// Package ledger reads accounts-payable ledger exports (CSV in any common
// encoding and separator, XLSX) into payments, deciding per file how it is
// laid out and per row whether it can be loaded. It does no SQL: the store
// consumes the rows it yields.
package ledger

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/zeebo/xxh3"

	"github.com/cityspend/cityspend"
)

// Options configure a Reader.
type Options struct {
	Buyer   cityspend.Buyer
	Mapping *Mapping // nil: detect everything
	// SampleRows is how many data rows decide the layout (date formats,
	// decimal separators). Default 50 000.
	SampleRows int
	// BatchRows is the size of the batches Read returns. Default 4096.
	BatchRows int
	// Progress, when set, is called after each batch with the work done and
	// the total (bytes for CSV, rows for XLSX) and the rows read so far.
	Progress func(done, total, rows int64)
}

// Reader reads one ledger file. It implements cityspend.RowReader.
type Reader struct {
	opts   Options
	path   string
	tab    table
	layout Layout
	buf    []record // records read ahead for detection, replayed first
	hash   []byte

	rows      int64
	grossOnly int64

	ch     chan batchOrErr
	cancel context.CancelFunc
}

type batchOrErr struct {
	rows []cityspend.ImportRow
	err  error
}

// Open opens a ledger file and decides its layout from its first rows.
// The error names the file and says what to do when the file cannot be read.
func Open(path string, opts Options) (*Reader, error) {
	if opts.SampleRows <= 0 {
		opts.SampleRows = 50000
	}
	if opts.BatchRows <= 0 {
		opts.BatchRows = 4096
	}
	r := &Reader{opts: opts, path: path}
	if err := r.open(); err != nil {
		if r.tab != nil {
			r.tab.close()
		}
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return r, nil
}

func (r *Reader) open() error {
	m := r.opts.Mapping
	xl, err := isXLSX(r.path)
	if err != nil {
		return err
	}
	if xl {
		t, err := openXLSX(r.path, m)
		if err != nil {
			return err
		}
		r.tab = t
		r.layout = Layout{Format: "xlsx", Sheet: t.sheet}
	} else {
		t, err := openCSV(r.path, m)
		if err != nil {
			return err
		}
		r.tab = t
		r.layout = Layout{Format: "csv", Encoding: t.enc, Separator: sepName(t.sep)}
	}
	// Read ahead: the header search window plus the sample.
	for len(r.buf) < 30+r.opts.SampleRows {
		rec, err := r.tab.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		rec.fields = append([]string(nil), rec.fields...)
		r.buf = append(r.buf, rec)
	}
	if len(r.buf) == 0 {
		return fmt.Errorf("the file is empty")
	}
	// Header.
	headerIdx := -1
	haveHeader := true
	if m != nil && m.HeaderRow != nil {
		if *m.HeaderRow == 0 {
			haveHeader = false
		} else {
			for i, rec := range r.buf {
				if rec.line == *m.HeaderRow {
					headerIdx = i
				}
			}
			if headerIdx < 0 {
				return fmt.Errorf("mapping %s: header_row = %d is blank or beyond the first rows", m.Source, *m.HeaderRow)
			}
		}
	} else {
		headerIdx, err = findHeader(r.buf)
		if err != nil && m != nil && len(m.Columns) > 0 {
			headerIdx, err = 0, nil // the mapping names the columns; take the first row as header
		}
		if err != nil {
			return err
		}
	}
	var header []string
	if haveHeader {
		header = r.buf[headerIdx].fields
		r.layout.HeaderLine = r.buf[headerIdx].line
		r.buf = r.buf[headerIdx+1:]
	} else {
		n := 0
		for _, rec := range r.buf {
			n = max(n, len(rec.fields))
		}
		header = make([]string, n)
		for i := range header {
			header[i] = fmt.Sprintf("#%d", i+1)
		}
	}
	cols, colMaps, err := resolveColumns(header, m, haveHeader)
	if err != nil {
		return err
	}
	r.layout.header, r.layout.cols, r.layout.Columns = header, cols, colMaps
	sample := r.buf
	if len(sample) > r.opts.SampleRows {
		sample = sample[:r.opts.SampleRows]
	}
	country := r.opts.Buyer.Country
	r.layout.dates = map[Field]DateFormat{}
	r.layout.DateFormats = map[Field]DateChoice{}
	for _, f := range dateFields {
		i, ok := cols[f]
		if !ok {
			continue
		}
		var forced DateFormat
		if m != nil {
			forced = m.DateFormat
			if v, ok := m.FieldDate[f]; ok {
				forced = v
			}
		}
		if forced != "" {
			r.layout.dates[f] = forced
			r.layout.DateFormats[f] = DateChoice{forced, "set in the mapping file"}
			continue
		}
		format, reason, err := chooseDateFormat(columnValues(sample, i), country)
		if err != nil {
			return fmt.Errorf("column %q (%s): %w", header[i], f, err)
		}
		r.layout.dates[f] = format
		r.layout.DateFormats[f] = DateChoice{format, reason}
		if strings.Contains(reason, "≤ 12") {
			r.layout.Notes = append(r.layout.Notes, fmt.Sprintf("%s: %s", f, reason))
		}
	}
	r.layout.decimals = map[Field]byte{}
	r.layout.Decimals = map[Field]DecimalChoice{}
	for _, f := range amountFields {
		i, ok := cols[f]
		if !ok {
			continue
		}
		var forced byte
		if m != nil {
			forced = m.Decimal
			if v, ok := m.FieldDec[f]; ok {
				forced = v
			}
		}
		if forced != 0 {
			r.layout.decimals[f] = forced
			r.layout.Decimals[f] = DecimalChoice{string(forced), "set in the mapping file"}
			continue
		}
		d, reason := chooseDecimal(columnValues(sample, i), country, r.layout.Format == "xlsx")
		r.layout.decimals[f] = d
		r.layout.Decimals[f] = DecimalChoice{string(d), reason}
	}
	if _, ok := cols[FAmount]; !ok {
		if _, ok := cols[FVAT]; !ok {
			r.layout.Notes = append(r.layout.Notes, "the file has only amounts including VAT and no VAT column: amounts are loaded as given")
		}
	}
	return nil
}

func columnValues(recs []record, i int) []string {
	var out []string
	for _, rec := range recs {
		if i < len(rec.fields) {
			if v := strings.TrimSpace(rec.fields[i]); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// Layout returns how the file is read.
func (r *Reader) Layout() Layout { return r.layout }

// Read implements cityspend.RowReader. Rows are parsed in a goroutine of
// their own so that parsing and storing overlap.
func (r *Reader) Read(ctx context.Context) ([]cityspend.ImportRow, error) {
	if r.ch == nil {
		pctx, cancel := context.WithCancel(ctx)
		r.cancel = cancel
		r.ch = make(chan batchOrErr, 4)
		go r.produce(pctx)
	}
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case b, ok := <-r.ch:
		if !ok {
			return nil, io.EOF
		}
		return b.rows, b.err
	}
}

func (r *Reader) produce(ctx context.Context) {
	defer close(r.ch)
	send := func(b batchOrErr) bool {
		select {
		case r.ch <- b:
			return true
		case <-ctx.Done():
			return false
		}
	}
	batch := make([]cityspend.ImportRow, 0, r.opts.BatchRows)
	flush := func() bool {
		if len(batch) == 0 {
			return true
		}
		if r.opts.Progress != nil {
			r.opts.Progress(r.tab.done(), r.tab.total(), r.rows)
		}
		ok := send(batchOrErr{rows: batch})
		batch = make([]cityspend.ImportRow, 0, r.opts.BatchRows)
		return ok
	}
	for _, rec := range r.buf {
		batch = append(batch, r.convert(rec))
		if len(batch) == cap(batch) && !flush() {
			return
		}
	}
	r.buf = nil
	for {
		rec, err := r.tab.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			flush()
			send(batchOrErr{err: fmt.Errorf("%s: %w", filepath.Base(r.path), err)})
			return
		}
		batch = append(batch, r.convert(rec))
		if len(batch) == cap(batch) && !flush() {
			return
		}
	}
	flush()
}

// Close releases the file. It is safe to call more than once.
func (r *Reader) Close() error {
	if r.cancel != nil {
		r.cancel()
		for range r.ch {
		}
		r.cancel = nil
	}
	if r.tab == nil {
		return nil
	}
	err := r.tab.close()
	r.tab = nil
	return err
}

// GrossOnly is the number of loaded rows whose amount includes VAT because the
// file gave no net amount and no VAT.
func (r *Reader) GrossOnly() int64 { return r.grossOnly }

// rowError is a reason to reject a row, tied to a field and its column.
type rowError struct {
	field  Field
	reason string
}

func (r *Reader) reject(rec record, e rowError) cityspend.ImportRow {
	reason := e.reason
	if e.field != "" {
		if i, ok := r.layout.cols[e.field]; ok {
			reason = fmt.Sprintf("%s: %s (column %q)", e.field, e.reason, r.layout.header[i])
		} else {
			reason = fmt.Sprintf("%s: %s", e.field, e.reason)
		}
	}
	return cityspend.ImportRow{Reject: &cityspend.Reject{Line: rec.line, Field: string(e.field), Raw: rec.raw, Reason: reason}}
}

// convert turns one record into a payment or a reject.
func (r *Reader) convert(rec record) cityspend.ImportRow {
	r.rows++
	if rec.problem != "" {
		return r.reject(rec, rowError{reason: rec.problem})
	}
	if n, h := len(rec.fields), len(r.layout.header); n != h {
		if n > h {
			for _, v := range rec.fields[h:] {
				if strings.TrimSpace(v) != "" {
					return r.reject(rec, rowError{reason: fmt.Sprintf("the row has %d fields, the header %d (a separator inside an unquoted value?)", n, h)})
				}
			}
		} else {
			for _, i := range r.layout.cols {
				if i >= n {
					return r.reject(rec, rowError{reason: fmt.Sprintf("the row has %d fields, the header %d (is the line cut short?)", n, h)})
				}
			}
		}
	}
	get := func(f Field) string {
		i, ok := r.layout.cols[f]
		if !ok || i >= len(rec.fields) {
			return ""
		}
		return strings.TrimSpace(rec.fields[i])
	}
	b := r.opts.Buyer
	p := &cityspend.Payment{BuyerID: b.ID, Line: rec.line, Currency: b.Currency}

	// Money.
	amount := func(f Field) (cityspend.Amount, bool, *rowError) {
		s := get(f)
		if s == "" {
			return 0, false, nil
		}
		var a cityspend.Amount
		var err error
		if r.layout.Format == "xlsx" {
			a, err = parseSpreadsheetNumber(s)
			if err != nil {
				a, err = parseAmount(s, DecimalComma)
				if err != nil {
					a, err = parseAmount(s, DecimalPoint)
				}
			}
		} else {
			a, err = parseAmount(s, r.layout.decimals[f])
		}
		if err != nil {
			return 0, false, &rowError{f, err.Error()}
		}
		return a, true, nil
	}
	net, hasNet, e := amount(FAmount)
	if e != nil {
		return r.reject(rec, *e)
	}
	gross, hasGross, e := amount(FAmountGross)
	if e != nil {
		return r.reject(rec, *e)
	}
	vat, hasVAT, e := amount(FVAT)
	if e != nil {
		return r.reject(rec, *e)
	}
	switch {
	case hasNet:
		p.Amount = net
	case hasGross && hasVAT:
		p.Amount = gross - vat
	case hasGross:
		p.Amount = gross
		r.grossOnly++
	default:
		f := FAmount
		if _, ok := r.layout.cols[FAmount]; !ok {
			f = FAmountGross
		}
		return r.reject(rec, rowError{f, "empty"})
	}
	if hasVAT {
		p.VAT, p.HasVAT = vat, true
	} else if hasNet && hasGross {
		p.VAT, p.HasVAT = gross-net, true
	}
	if cur := strings.ToUpper(get(FCurrency)); cur != "" && cur != b.Currency {
		return r.reject(rec, rowError{FCurrency, fmt.Sprintf("%s differs from the buyer's currency %s; convert the file first", cur, b.Currency)})
	}

	// Dates.
	for _, f := range dateFields {
		s := get(f)
		if s == "" {
			continue
		}
		d, err := parseDate(s, r.layout.dates[f])
		if err != nil {
			return r.reject(rec, rowError{f, fmt.Sprintf("%v (the column's format is %s)", err, r.layout.dates[f])})
		}
		if f == FPaymentDate {
			p.PaymentDate = d
		} else {
			p.InvoiceDate = d
		}
	}
	if p.PaymentDate.IsZero() && p.InvoiceDate.IsZero() {
		f := FPaymentDate
		if _, ok := r.layout.cols[f]; !ok {
			f = FInvoiceDate
		}
		return r.reject(rec, rowError{f, "empty: the row has no date"})
	}

	p.TransactionID = get(FTransactionID)
	p.VoucherNo = get(FVoucherNo)
	p.InvoiceNo = get(FInvoiceNo)
	p.Supplier = cityspend.Payee{
		Name:      get(FSupplierName),
		LocalID:   get(FSupplierID),
		OrgNumber: get(FOrgNumber),
		VATNumber: get(FVATNumber),
		Country:   strings.ToUpper(get(FSupplierCountry)),
		Postcode:  get(FSupplierPost),
	}
	p.AccountCode = get(FAccount)
	p.AccountText = get(FAccountText)
	p.OrgUnit = get(FOrgUnit)
	p.CostCentre = get(FCostCentre)
	p.ServiceCode = get(FService)
	p.Project = get(FProject)
	p.ContractRef = get(FContractRef)
	p.Description = get(FDescription)
	p.ExpenditureType = get(FExpenditureType)
	p.SupplierKey = cityspend.PayeeKey(p.Supplier, b.Country)
	p.Key = r.dedupKey(p)
	return cityspend.ImportRow{Payment: p}
}

// dedupKey hashes the transaction id when the file has one, else every
// mapped field of the line (parsed values, so the same line in another
// encoding or layout gets the same key).
func (r *Reader) dedupKey(p *cityspend.Payment) cityspend.DedupKey {
	h := r.hash[:0]
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
	}
	r.hash = h
	sum := xxh3.Hash128(h)
	return cityspend.DedupKey{Hi: sum.Hi, Lo: sum.Lo}
}
