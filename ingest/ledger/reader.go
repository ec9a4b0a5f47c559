// SPDX-License-Identifier: EUPL-1.2

// Package ledger reads accounts-payable ledger exports (CSV in any common
// encoding and separator, XLSX) into payments, deciding per file how it is
// laid out and per row whether it can be loaded. It does no SQL: the store
// consumes the rows it yields.
package ledger

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
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
	tab    *tabular.Table
	layout Layout
	plan   *plan
	buf    []tabular.Record // records read ahead for detection, replayed first

	rows      int64
	grossOnly atomic.Int64
	readErr   error

	ch     chan chunk
	cancel context.CancelFunc
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
			r.tab.Close()
		}
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return r, nil
}

func (r *Reader) open() error {
	m := r.opts.Mapping
	var topts tabular.Options
	if m != nil {
		topts = tabular.Options{Encoding: m.Encoding, Separator: m.Separator, Sheet: m.Sheet}
	}
	t, err := tabular.Open(r.path, topts)
	if err != nil {
		return err
	}
	r.tab = t
	r.layout = Layout{Format: t.Format, Sheet: t.Sheet, Encoding: t.Encoding, Separator: sepName(t.Separator)}
	// Read ahead: the header search window plus the sample.
	for len(r.buf) < 30+r.opts.SampleRows {
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
				if rec.Line == *m.HeaderRow {
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
		header = r.buf[headerIdx].Fields
		r.layout.HeaderLine = r.buf[headerIdx].Line
		r.buf = r.buf[headerIdx+1:]
	} else {
		n := 0
		for _, rec := range r.buf {
			n = max(n, len(rec.Fields))
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
	r.plan = newPlan(&r.layout, r.opts.Buyer)
	return nil
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
	return err
}

// GrossOnly is the number of loaded rows whose amount includes VAT because the
// file gave no net amount and no VAT.
func (r *Reader) GrossOnly() int64 { return r.grossOnly.Load() }
