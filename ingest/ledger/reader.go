// SPDX-License-Identifier: EUPL-1.2

// Package ledger reads accounts-payable ledger exports (CSV in any common
// encoding and separator, XLSX) into payments, deciding per file how it is
// laid out and per row whether it can be loaded. It does no SQL: the store
// consumes the rows it yields.
package ledger

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// Options configure a Reader.
type Options struct {
	Buyer   cityspend.Buyer
	Mapping *Mapping // nil: detect everything
	// NoSupplier allows a file without a supplier column; without it such a
	// file is refused with the columns that could be the supplier.
	NoSupplier bool
	// SampleRows is how many data rows decide the layout (date formats,
	// decimal separators). Default 50 000.
	SampleRows int
	// BatchRows is the size of the batches Read returns. Default 4096.
	BatchRows int
	// Progress, when set, is called after each batch with the work done and
	// the total (bytes for CSV, rows for XLSX) and the rows read so far.
	Progress func(done, total, rows int64)
}

// Reader reads one ledger file, or one sheet of a workbook. It implements
// cityspend.RowReader.
type Reader struct {
	opts   Options
	path   string
	tab    *tabular.Table
	reopen func() (*tabular.Table, error) // the same file or sheet from its start
	wb     *tabular.Workbook              // closed with the reader when it opened it
	layout Layout
	plan   *plan
	buf    []tabular.Record // records read ahead for detection, replayed first

	rows          int64
	grossOnly     atomic.Int64
	otherDates    atomic.Int64
	headerRepeats atomic.Int64
	readErr       error

	ch     chan chunk
	cancel context.CancelFunc
}

func (o *Options) defaults() {
	if o.SampleRows <= 0 {
		o.SampleRows = 50000
	}
	if o.BatchRows <= 0 {
		o.BatchRows = 4096
	}
}

// Open opens a ledger file and decides its layout from its first rows: a
// CSV file, or of a workbook the mapping file's sheet, else the first sheet
// that is a ledger (Import reads every one). The error names the file and
// says what to do when the file cannot be read.
func Open(path string, opts Options) (*Reader, error) {
	opts.defaults()
	wrap := func(err error) error { return fmt.Errorf("%s: %w", filepath.Base(path), err) }
	xl, err := tabular.IsWorkbook(path)
	if err != nil {
		return nil, wrap(err)
	}
	if xl && (opts.Mapping == nil || opts.Mapping.Sheet == "") {
		wb, err := tabular.OpenWorkbook(path)
		if err != nil {
			return nil, wrap(err)
		}
		var skipped []SkippedSheet
		for _, sheet := range wb.Sheets() {
			r, err := openSheet(wb, path, sheet, opts)
			if err == nil {
				r.wb = wb
				return r, nil
			}
			skipped = append(skipped, SkippedSheet{Sheet: sheet, Reason: err.Error()})
		}
		wb.Close()
		return nil, wrap(noLedgerSheet(skipped))
	}
	var topts tabular.Options
	if m := opts.Mapping; m != nil {
		topts = tabular.Options{Encoding: m.Encoding, Separator: m.Separator, Sheet: m.Sheet}
	}
	reopen := func() (*tabular.Table, error) { return tabular.Open(path, topts) }
	t, err := reopen()
	if err != nil {
		return nil, wrap(err)
	}
	r := &Reader{opts: opts, path: path, tab: t, reopen: reopen}
	if err := r.open(); err != nil {
		r.tab.Close()
		return nil, wrap(err)
	}
	return r, nil
}

// SkippedSheet is a sheet of a workbook that is not imported, and why.
type SkippedSheet struct {
	Sheet  string `json:"sheet"`
	Reason string `json:"reason"`
}

func noLedgerSheet(skipped []SkippedSheet) error {
	var b strings.Builder
	b.WriteString("no sheet of the workbook is a ledger")
	for _, s := range skipped {
		fmt.Fprintf(&b, "; sheet %q: %s", s.Sheet, s.Reason)
	}
	return errors.New(b.String())
}

// OpenSheet reads one sheet of an open workbook as a ledger; closing the
// reader leaves the workbook open. The error says why the sheet is not a
// ledger.
func OpenSheet(wb *tabular.Workbook, path, sheet string, opts Options) (*Reader, error) {
	opts.defaults()
	return openSheet(wb, path, sheet, opts)
}

func openSheet(wb *tabular.Workbook, path, sheet string, opts Options) (*Reader, error) {
	if wb.Hidden(sheet) {
		return nil, errors.New("a hidden sheet (name it in a mapping file, sheet = …, to read it)")
	}
	reopen := func() (*tabular.Table, error) { return wb.Table(sheet) }
	t, err := reopen()
	if err != nil {
		return nil, err
	}
	r := &Reader{opts: opts, path: path, tab: t, reopen: reopen}
	if err := r.open(); err != nil {
		r.tab.Close()
		return nil, err
	}
	return r, nil
}

func (r *Reader) open() error {
	m := r.opts.Mapping
	t := r.tab
	xlsx := tabular.Spreadsheet(t.Format)
	r.layout = Layout{Format: t.Format, Sheet: t.Sheet, Encoding: t.Encoding, EncodingReason: t.EncodingReason,
		LineEnds: t.LineEnds, Separator: sepName(t.Separator)}
	// Read ahead: the header search window plus the sample.
	readAhead := headerWindow + r.opts.SampleRows
	for len(r.buf) < readAhead {
		rec, _, err := r.tab.Next(nil)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		r.buf = append(r.buf, rec)
	}
	if len(r.buf) == 0 {
		if xlsx {
			return fmt.Errorf("the sheet is empty")
		}
		return fmt.Errorf("the file is empty")
	}
	// Header.
	headerIdx := -1
	haveHeader := true
	var header []string
	switch {
	case m != nil && m.HeaderRow != nil && *m.HeaderRow == 0:
		haveHeader = false
		r.layout.HeaderReason = "header_row = 0 in the mapping file: the file has none"
	case m != nil && m.HeaderRow != nil:
		for i, rec := range r.buf {
			if rec.Line == *m.HeaderRow {
				headerIdx = i
			}
		}
		if headerIdx < 0 {
			return fmt.Errorf("mapping %s: header_row = %d is blank or beyond the first rows", m.Source, *m.HeaderRow)
		}
		r.layout.HeaderReason = "header_row in the mapping file"
	default:
		i, why, err := findHeader(r.buf, xlsx)
		if err != nil && len(r.buf) == readAhead {
			// Not in the rows read ahead: search the rest of the file.
			var rec tabular.Record
			var found bool
			if rec, why, found, err = r.scanHeader(len(r.buf)); err != nil {
				return err
			}
			if found {
				header, r.layout.HeaderLine, r.layout.HeaderReason = rec.Fields, rec.Line, why
			} else {
				err = errNoHeader
			}
		}
		switch {
		case err == nil && header == nil:
			headerIdx, r.layout.HeaderReason = i, why
		case err != nil && m != nil && len(m.Columns) > 0:
			headerIdx, r.layout.HeaderReason = 0, "no row names the fields; the first row, as the mapping file names the columns"
		case err != nil:
			return r.noHeader()
		}
	}
	if haveHeader && headerIdx >= 0 {
		header = r.buf[headerIdx].Fields
		r.layout.HeaderLine = r.buf[headerIdx].Line
	}
	var before, after []tabular.Record // data candidates above and below the header
	if headerIdx >= 0 {
		before, after = r.buf[:headerIdx], r.buf[headerIdx+1:]
	} else {
		before = r.buf
	}
	if !haveHeader {
		n := 0
		for _, rec := range r.buf {
			n = max(n, len(rec.Fields))
		}
		header = make([]string, n)
		for i := range header {
			header[i] = fmt.Sprintf("#%d", i+1)
		}
		before, after = nil, r.buf
	}
	header = append([]string(nil), header...)

	// The columns: by name, the mapping file, and content.
	profRows := dataLike(after, before)
	header = r.widen(header, profRows, xlsx)
	prof := profileColumns(profRows, len(header), xlsx)
	cp := &columnPlan{header: header, prof: prof, mapping: m, haveHeader: haveHeader, noSupplier: r.opts.NoSupplier}
	cols, colMaps, err := cp.decide()
	if err != nil {
		return err
	}
	header = cp.header
	r.layout.Header = header
	r.layout.header, r.layout.cols, r.layout.Columns = header, cols, colMaps
	if _, ok := cols[FSupplierName]; !ok {
		_, id := cols[FSupplierID]
		_, org := cols[FOrgNumber]
		switch {
		case id || org:
			r.layout.Notes = append(r.layout.Notes, "no supplier name column: the payees are known by their numbers only")
		case r.opts.NoSupplier:
			r.layout.Notes = append(r.layout.Notes, "no supplier column: loaded without payees, as --no-supplier asks")
		default:
			r.layout.Notes = append(r.layout.Notes, "no supplier column, as when the file was imported before")
		}
	}

	sample := append(append([]tabular.Record(nil), after...), before...)
	if len(sample) > r.opts.SampleRows {
		sample = sample[:r.opts.SampleRows]
	}
	if err := r.formats(sample); err != nil {
		return err
	}
	if _, ok := cols[FAmount]; !ok {
		if _, ok := cols[FVAT]; !ok {
			r.layout.Notes = append(r.layout.Notes, "the file has only amounts including VAT and no VAT column: amounts are loaded as given")
		}
	}
	r.plan = newPlan(&r.layout, r.opts.Buyer)

	// Rows above the header: title lines and report parameters, unless
	// they read as payments (a header after the data): from the first that
	// does, every row is data.
	data := after
	if len(before) > 0 {
		cv := r.plan.converter()
		var p cityspend.Payment
		first := len(before)
		for j := range before {
			if !cv.isHeader(before[j].Fields) && cv.convert(&before[j], &p) == nil {
				first = j
				break
			}
		}
		if first > 0 && haveHeader && headerIdx >= 0 {
			r.layout.Notes = append(r.layout.Notes, plural(first, "title line above the header is not a row", "title lines above the header are not rows"))
		}
		if first < len(before) {
			if headerIdx >= 0 {
				r.layout.Notes = append(r.layout.Notes, fmt.Sprintf("the header is on line %d, after %d rows of data, which are read as such", r.layout.HeaderLine, len(before)-first))
			}
			data = append(append([]tabular.Record(nil), before[first:]...), after...)
		}
		r.layout.Warnings = append(r.layout.Warnings, buyerWarnings(r.opts.Buyer, &r.layout, prof, before[:first], sample)...)
	} else {
		r.layout.Warnings = append(r.layout.Warnings, buyerWarnings(r.opts.Buyer, &r.layout, prof, nil, sample)...)
	}
	r.buf = data
	return nil
}

// dataLike are the records that may be data, for profiling the columns:
// those with two values or more (not title lines), below the header first.
func dataLike(after, before []tabular.Record) []tabular.Record {
	var out []tabular.Record
	for _, part := range [][]tabular.Record{after, before} {
		for _, rec := range part {
			if len(out) == profileRows {
				return out
			}
			if rec.Problem == "" && nonEmpty(rec.Fields) >= 2 {
				out = append(out, rec)
			}
		}
	}
	return out
}

// widen adds unnamed columns to the header for the cells beside it: in a
// spreadsheet any cell right of the header (helper columns); in CSV the
// fields past the header that most rows have (a column the header lacks).
func (r *Reader) widen(header []string, rows []tabular.Record, xlsx bool) []string {
	width := len(header)
	if xlsx {
		for _, rec := range rows {
			width = max(width, len(rec.Fields))
		}
	} else {
		longer := map[int]int{}
		for _, rec := range rows {
			if len(rec.Fields) > len(header) && nonEmpty(rec.Fields[len(header):]) > 0 {
				longer[len(rec.Fields)]++
			}
		}
		for n, k := range longer {
			if k*2 > len(rows) && n > width {
				width = n
			}
		}
		if width > len(header) {
			r.layout.Notes = append(r.layout.Notes, fmt.Sprintf("most rows have %d fields, the header %d: the fields past the header are columns without a name, not used", width, len(header)))
		}
	}
	for len(header) < width {
		header = append(header, "")
	}
	return header
}

// formats decides each date column's format and each amount column's
// decimal separator from the sample, unless the mapping file states them.
func (r *Reader) formats(sample []tabular.Record) error {
	m, header, cols := r.opts.Mapping, r.layout.header, r.layout.cols
	country := r.opts.Buyer.Country
	r.layout.dates = map[Field]DateFormat{}
	r.layout.DateFormats = map[Field]DateChoice{}
	for _, f := range dateFields {
		i, ok := cols[f]
		if !ok {
			continue
		}
		values := columnValues(sample, i)
		var forced DateFormat
		if m != nil {
			forced = m.DateFormat
			if v, ok := m.FieldDate[f]; ok {
				forced = v
			}
		}
		if forced != "" {
			r.layout.dates[f] = forced
			r.layout.DateFormats[f] = DateChoice{forced, "set in " + orDefault(m.Source, "the mapping file"), dayMonthOrder(values, forced), m.noSerial[f]}
			continue
		}
		c, err := chooseDateFormat(values, country, !tabular.Spreadsheet(r.layout.Format))
		if err != nil {
			return fmt.Errorf("column %q (%s): %w", header[i], f, err)
		}
		c.Order = dayMonthOrder(values, c.Format)
		r.layout.dates[f] = c.Format
		r.layout.DateFormats[f] = c
		if c.NoSerial {
			r.layout.Warnings = append(r.layout.Warnings, fmt.Sprintf("column %q (%s): %s", header[i], f, c.Reason))
		}
		if strings.Contains(c.Reason, "≤ 12") {
			r.layout.Notes = append(r.layout.Notes, fmt.Sprintf("%s: %s", f, c.Reason))
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
		d, reason := chooseDecimal(columnValues(sample, i), country, tabular.Spreadsheet(r.layout.Format))
		r.layout.decimals[f] = d
		r.layout.Decimals[f] = DecimalChoice{string(d), reason}
	}
	r.codeNames(sample)
	return nil
}

// codeFields are the fields whose cells may be a code and its name in one,
// each with the field that gives the name (or the number) apart.
var codeFields = []struct{ field, apart Field }{{FAccount, FAccountText}, {FSupplierName, FSupplierID}}

// codeNames decides the columns whose cells are a code and its name in one
// ("12300 Vedlikehold bygg", "50012 - Brødrene Dahl AS", as many ERP
// reports write a dimension): nine in ten of the sample's cells, at least
// three, when no column gives the other part apart. A file read before is
// read as it was.
func (r *Reader) codeNames(sample []tabular.Record) {
	m, cols := r.opts.Mapping, r.layout.cols
	if m != nil && m.exact {
		r.layout.CodeNames = m.codeNames
		return
	}
	for _, cf := range codeFields {
		i, ok := cols[cf.field]
		if _, apart := cols[cf.apart]; !ok || apart {
			continue
		}
		values := columnValues(sample, i)
		n := 0
		for _, v := range values {
			if _, _, ok := splitCode(v); ok {
				n++
			}
		}
		if len(values) < 3 || n*10 < len(values)*9 {
			continue
		}
		r.layout.CodeNames = append(r.layout.CodeNames, cf.field)
		r.layout.Notes = append(r.layout.Notes, fmt.Sprintf("%s: %d of %d cells of column %q are a code and its name (%q): the code is the %s, the rest its name",
			cf.field, n, len(values), r.layout.header[i], values[0], map[Field]string{FAccount: "account", FSupplierName: "supplier's number"}[cf.field]))
	}
}

// splitCode splits a cell that is a code and its name: two digits or more,
// a space or a dash, colon or bar, and a name that starts with a letter.
func splitCode(s string) (code, name string, ok bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i < 2 || i == len(s) || !strings.ContainsRune(" \t-–:|", []rune(s[i:])[0]) {
		return "", "", false
	}
	name = strings.TrimSpace(strings.TrimLeft(s[i:], " \t-–:|"))
	if name == "" || !unicode.IsLetter([]rune(name)[0]) {
		return "", "", false
	}
	return s[:i], name, true
}

// scanHeader reads the file from its start for a header row past the rows
// read ahead (skip of them): a file sorted so that its header is last. It
// takes the first row that names an amount and a date.
func (r *Reader) scanHeader(skip int) (tabular.Record, string, bool, error) {
	t, err := r.reopen()
	if err != nil {
		return tabular.Record{}, "", false, err
	}
	defer t.Close()
	for n := 0; ; n++ {
		rec, _, err := t.Next(nil)
		if err == io.EOF {
			return tabular.Record{}, "", false, nil
		}
		if err != nil {
			return tabular.Record{}, "", false, err
		}
		if n < skip || startsWithDigit(rec) {
			continue
		}
		if _, ok, named := headerNames(rec); ok {
			return rec, fmt.Sprintf("it names %d fields, among them an amount and a date; it is on line %d, after the data", named, rec.Line), true, nil
		}
	}
}

// noHeader explains why no header row was found, with what to do: an
// encoding that garbles the text, a file without a header (its columns
// are there, unnamed), or a file that is no ledger.
func (r *Reader) noHeader() error {
	var bad, chars int
	for _, rec := range r.buf[:min(len(r.buf), 200)] {
		for _, c := range rec.Raw {
			chars++
			if c == '\uFFFD' || (c < ' ' && c != '\t' && c != '\n' && c != '\r') {
				bad++
			}
		}
	}
	if chars > 0 && bad*50 > chars {
		return fmt.Errorf("%w: the text does not read as %s (%d of its first %d characters are not text); if the file is in another encoding, name it in a mapping file (encoding = …)",
			errNoHeader, r.layout.Encoding, bad, chars)
	}
	if len(r.buf) == 1 && r.layout.Format == "csv" {
		return fmt.Errorf("%w: the file reads as one line of %d characters, with no line ends the importer knows (CR, LF, CRLF)", errNoHeader, len(r.buf[0].Raw))
	}
	xlsx := tabular.Spreadsheet(r.layout.Format)
	var rows []tabular.Record
	width := 0
	for _, rec := range dataLike(r.buf, nil) {
		if !isLabelRow(rec.Fields, xlsx) {
			rows = append(rows, rec)
			width = max(width, len(rec.Fields))
		}
	}
	amountCol, dateCol := valueColumns(profileColumns(rows, width, xlsx), len(rows))
	if amountCol >= 0 && dateCol >= 0 {
		return fmt.Errorf("%w: no row names the columns, but column %d holds amounts and column %d dates: the file seems to have no header; "+
			"write a mapping file with header_row = 0 and the columns (amount = #%d, payment_date = #%d, supplier_name = #N)",
			errNoHeader, amountCol+1, dateCol+1, amountCol+1, dateCol+1)
	}
	first := ""
	if len(r.buf) > 0 {
		first = r.buf[0].Raw
		if rs := []rune(first); len(rs) > 80 {
			first = string(rs[:80]) + "…"
		}
	}
	return fmt.Errorf("%w: no row names an amount and a date column, and no columns hold amounts and dates (the first line is %q); "+
		"is it a ledger? If it is, name its columns in a mapping file (--map)", errNoHeader, first)
}

func columnValues(recs []tabular.Record, i int) []string {
	var out []string
	for _, rec := range recs {
		if i < len(rec.Fields) {
			if v := strings.TrimSpace(rec.Fields[i]); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// Layout returns how the file is read.
func (r *Reader) Layout() Layout { return r.layout }

// chunk is a run of records on its way to a worker, and the slot its
// converted rows come back in, so that rows leave in file order.
type chunk struct {
	recs []tabular.Record
	out  chan []cityspend.ImportRow
}

// Read implements cityspend.RowReader. One goroutine splits the file into
// records; workers on the other cores parse them; Read hands the batches
// back in file order.
func (r *Reader) Read(ctx context.Context) ([]cityspend.ImportRow, error) {
	if r.ch == nil {
		r.start(ctx)
	}
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case c, ok := <-r.ch:
		if !ok {
			if err := r.readErr; err != nil {
				r.readErr = nil
				return nil, err
			}
			if r.opts.Progress != nil {
				r.opts.Progress(r.tab.Total(), r.tab.Total(), r.rows)
			}
			return nil, io.EOF
		}
		select {
		case rows := <-c.out:
			r.rows += int64(len(rows))
			if r.opts.Progress != nil {
				r.opts.Progress(r.tab.Done(), r.tab.Total(), r.rows)
			}
			return rows, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (r *Reader) start(ctx context.Context) {
	pctx, cancel := context.WithCancel(ctx)
	r.cancel = cancel
	workers := max(1, min(runtime.GOMAXPROCS(0), 4))
	r.ch = make(chan chunk, workers*2)
	work := make(chan chunk, workers*2)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cv := r.plan.converter()
			for c := range work {
				c.out <- cv.convertAll(c.recs)
			}
			r.grossOnly.Add(cv.grossOnly)
			r.otherDates.Add(cv.otherDates)
			r.headerRepeats.Add(cv.headerRepeats)
		}()
	}
	go func() {
		defer func() {
			close(work)
			wg.Wait()
			close(r.ch)
		}()
		send := func(recs []tabular.Record) bool {
			c := chunk{recs: recs, out: make(chan []cityspend.ImportRow, 1)}
			select {
			case r.ch <- c:
			case <-pctx.Done():
				return false
			}
			select {
			case work <- c:
				return true
			case <-pctx.Done():
				return false
			}
		}
		n := r.opts.BatchRows
		for len(r.buf) > 0 {
			k := min(n, len(r.buf))
			if !send(r.buf[:k:k]) {
				return
			}
			r.buf = r.buf[k:]
		}
		r.buf = nil
		for {
			recs := make([]tabular.Record, 0, n)
			slab := make([]string, 0, n*(len(r.plan.header)+1))
			for len(recs) < n {
				var rec tabular.Record
				var err error
				rec, slab, err = r.tab.Next(slab)
				if err == io.EOF {
					break
				}
				if err != nil {
					r.readErr = fmt.Errorf("%s: %w", filepath.Base(r.path), err)
					send(recs)
					return
				}
				recs = append(recs, rec)
			}
			if len(recs) == 0 {
				return
			}
			if !send(recs) || len(recs) < n {
				return
			}
		}
	}()
}

// Close releases the file. It is safe to call more than once.
func (r *Reader) Close() error {
	if r.cancel != nil {
		r.cancel()
		for c := range r.ch {
			select {
			case <-c.out:
			default:
			}
		}
		r.cancel = nil
	}
	if r.tab == nil {
		return nil
	}
	err := r.tab.Close()
	r.tab = nil
	if r.wb != nil {
		if cerr := r.wb.Close(); err == nil {
			err = cerr
		}
		r.wb = nil
	}
	return err
}

// ReadNotes are what reading the rows found worth saying: cells read in
// another date form than their column's, header rows repeated among the
// data (neither payments nor rejects, and not rows read).
func (r *Reader) ReadNotes() []string {
	var out []string
	if n := r.otherDates.Load(); n > 0 {
		out = append(out, plural(int(n), "date was written in another form than its column's and read in it", "dates were written in another form than their column's and read in it"))
	}
	if n := r.headerRepeats.Load(); n > 0 {
		out = append(out, plural(int(n), "row repeats the header among the data: not a row, left out", "rows repeat the header among the data: not rows, left out"))
	}
	return out
}

// plural writes n and the singular or plural text.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// GrossOnly is the number of loaded rows whose amount includes VAT because the
// file gave no net amount and no VAT.
func (r *Reader) GrossOnly() int64 { return r.grossOnly.Load() }
