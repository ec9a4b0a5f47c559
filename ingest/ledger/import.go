// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// ImportOptions configure Import and ImportFile.
type ImportOptions struct {
	Mapping *Mapping
	// Saved is the buyer's saved mapping (SavedMapping): used when Mapping
	// is nil and the file is not one the buyer imported before (which is
	// read as it was then).
	Saved      *Mapping
	DryRun     bool   // read and count everything, store nothing
	RejectsDir string // where the rejects CSV goes; "" = beside the file
	Preview    int    // parsed rows to keep for --dry-run (default 5)
	SampleRows int
	Progress   func(done, total, rows int64)
	Now        func() time.Time
	// NoSupplier loads a file that has no supplier column; without it such
	// a file is refused, naming the columns that could be the supplier.
	NoSupplier bool
	// Warn, when set, is told each warning about a ledger (another buyer's
	// file, say) before it loads.
	Warn func(string)
	// By is who imports the file: the batch's ImportedBy.
	By string
}

// Result is the outcome of importing one ledger: a CSV file or a sheet.
type Result struct {
	Batch     cityspend.ImportBatch
	Layout    Layout
	Preview   []cityspend.Payment
	Rejects   []cityspend.Reject // the first few, for messages
	GrossOnly int64
	// Notes are what reading the rows found (see Reader.ReadNotes).
	Notes []string
	// Sheets are the results of each sheet when ImportFile read several
	// (and then Batch adds them up).
	Sheets []*Result
}

// FileResult is the outcome of importing one file: a Result per ledger in
// it (the file, or each sheet of a workbook that is a ledger), and the
// sheets that are not, with the reason.
type FileResult struct {
	Results []*Result
	Skipped []SkippedSheet
}

// ImportFile imports a file (see Import) and returns its Result; for a
// workbook of several ledger sheets, a Result whose batch adds up theirs,
// with each in Sheets.
func ImportFile(ctx context.Context, st cityspend.LedgerStore, buyer cityspend.Buyer, path string, opts ImportOptions) (*Result, error) {
	fr, err := Import(ctx, st, buyer, path, opts)
	if fr == nil || len(fr.Results) == 0 {
		return nil, err
	}
	if len(fr.Results) == 1 {
		return fr.Results[0], err
	}
	first := fr.Results[0]
	sum := &Result{Batch: first.Batch, Layout: first.Layout, Sheets: fr.Results}
	sum.Batch.RowsRead, sum.Batch.RowsLoaded, sum.Batch.RowsRejected, sum.Batch.RowsDuplicate, sum.Batch.AmountLoaded = 0, 0, 0, 0, 0
	for _, r := range fr.Results {
		b := &sum.Batch
		b.RowsRead += r.Batch.RowsRead
		b.RowsLoaded += r.Batch.RowsLoaded
		b.RowsRejected += r.Batch.RowsRejected
		b.RowsDuplicate += r.Batch.RowsDuplicate
		b.AmountLoaded += r.Batch.AmountLoaded
		b.ID, b.FinishedAt = r.Batch.ID, r.Batch.FinishedAt
		sum.Preview = append(sum.Preview, r.Preview...)
		sum.Rejects = append(sum.Rejects, r.Rejects...)
		sum.GrossOnly += r.GrossOnly
		sum.Notes = append(sum.Notes, r.Notes...)
	}
	return sum, err
}

// Import reads a ledger file for a buyer and loads it into the store: a
// CSV file, or every sheet of a workbook whose layout is a ledger (the
// others are skipped, with the reason), each in one transaction as a batch
// of its own. Rejected rows go to a rejects CSV (line, field, reason, raw
// text) in opts.RejectsDir and to the store. A file that cannot be read at
// all is an error; rejected rows are not. A file the buyer has imported
// before is read as it was then (the same columns and formats), so that
// its lines have the same keys and importing it again adds nothing.
func Import(ctx context.Context, st cityspend.LedgerStore, buyer cityspend.Buyer, path string, opts ImportOptions) (*FileResult, error) {
	if opts.Preview == 0 {
		opts.Preview = 5
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%s: %v", path, err)
	}
	if info.IsDir() {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%s is a directory; name the ledger files", path)
	}
	hash := hashFile(path)
	var before []cityspend.ImportBatch
	if opts.Mapping == nil {
		if before, err = st.Batches(ctx, buyer.ID); err != nil {
			return nil, err
		}
	}
	// The hash finds an earlier import of the same file, which has the same
	// size; without one, the file is read meanwhile, and the hash is only
	// wanted for the batch's record (rowTap).
	sum := ""
	if sameSize(before, info.Size()) {
		if sum, err = hash.wait(); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	} else {
		before = nil
	}
	ropts := func(m *Mapping) Options {
		return Options{Buyer: buyer, Mapping: m, SampleRows: opts.SampleRows, Progress: opts.Progress, NoSupplier: opts.NoSupplier}
	}
	fr := &FileResult{}
	xl, err := tabular.IsWorkbook(path)
	if err != nil {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%s: %v", filepath.Base(path), err)
	}
	if xl && (opts.Mapping == nil || opts.Mapping.Sheet == "") {
		wb, err := tabular.OpenWorkbook(path)
		if err != nil {
			return nil, cityspend.Errorf(cityspend.EINVALID, "%s: %v", filepath.Base(path), err)
		}
		defer wb.Close()
		for _, sheet := range wb.Sheets() {
			open := func(m *Mapping) (*Reader, error) { return OpenSheet(wb, path, sheet, ropts(m)) }
			rd, err := openAsBefore(open, opts.Mapping, opts.Saved, before, sum, sheet)
			if err != nil {
				fr.Skipped = append(fr.Skipped, SkippedSheet{Sheet: sheet, Reason: err.Error()})
				continue
			}
			res, err := importReader(ctx, st, buyer, path, info.Size(), hash, rd, opts)
			if cerr := rd.Close(); err == nil && cerr != nil {
				err = cerr
			}
			if res != nil {
				// Stored, even when an error follows (the rejects file).
				fr.Results = append(fr.Results, res)
			}
			if err != nil {
				return fr, err
			}
		}
		if len(fr.Results) == 0 {
			return nil, cityspend.Errorf(cityspend.EINVALID, "%s: %v", filepath.Base(path), noLedgerSheet(fr.Skipped))
		}
		return fr, nil
	}
	open := func(m *Mapping) (*Reader, error) { return Open(path, ropts(m)) }
	rd, err := openAsBefore(open, opts.Mapping, opts.Saved, before, sum, "")
	if err != nil {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%v", err)
	}
	defer rd.Close()
	res, err := importReader(ctx, st, buyer, path, info.Size(), hash, rd, opts)
	if res == nil {
		return nil, err
	}
	// The rows are stored, even when an error follows (the rejects file):
	// the caller reports them and runs the follow-up.
	fr.Results = append(fr.Results, res)
	return fr, err
}

// fileHash is a file's SHA-256, computed in the background.
type fileHash struct {
	done chan struct{}
	sum  string
	err  error
}

// hashFile starts hashing the file at path.
func hashFile(path string) *fileHash {
	h := &fileHash{done: make(chan struct{})}
	go func() {
		defer close(h.done)
		h.sum, h.err = tabular.FileSHA256(path)
	}()
	return h
}

// wait returns the hash when it is computed.
func (h *fileHash) wait() (string, error) {
	<-h.done
	return h.sum, h.err
}

// sameSize reports whether a ledger batch could be of a file of size
// bytes (previousMapping).
func sameSize(batches []cityspend.ImportBatch, size int64) bool {
	for _, b := range batches {
		if b.Kind == "ledger" && b.Bytes == size {
			return true
		}
	}
	return false
}

// openAsBefore opens a ledger with the user's mapping; or, when the buyer
// has imported the same file (or sheet) before, with the columns and
// formats it was read with then; or with the buyer's saved mapping; or by
// detection.
func openAsBefore(open func(*Mapping) (*Reader, error), m, saved *Mapping, before []cityspend.ImportBatch, sum, sheet string) (*Reader, error) {
	if m == nil {
		if prev, id := previousMapping(before, sum, sheet); prev != nil {
			if rd, err := open(prev); err == nil {
				rd.layout.Notes = append(rd.layout.Notes, fmt.Sprintf("the same file was imported before (batch %d): read with the columns and formats it was read with then", id))
				return rd, nil
			}
		}
		if saved != nil {
			rd, err := open(saved)
			if err != nil {
				return nil, err
			}
			rd.layout.Notes = append(rd.layout.Notes, "read with "+saved.Source+" (give a mapping file to read otherwise)")
			return rd, nil
		}
	}
	return open(m)
}

// previousMapping is the mapping that reads a file as the buyer's last
// import of the same file (and sheet) read it, from the layout recorded
// with its batch; nil when there is none.
func previousMapping(batches []cityspend.ImportBatch, sum, sheet string) (*Mapping, int64) {
	for _, b := range batches { // newest first
		if b.Kind != "ledger" || b.SHA256 != sum || b.Details == "" {
			continue
		}
		var l Layout
		if err := json.Unmarshal([]byte(b.Details), &l); err != nil || len(l.Columns) == 0 || l.Sheet != sheet {
			continue
		}
		m := &Mapping{Columns: map[Field]ColumnRef{}, FieldDec: map[Field]byte{}, FieldDate: map[Field]DateFormat{},
			Source: fmt.Sprintf("batch %d", b.ID), Sheet: sheet, exact: true}
		line := l.HeaderLine
		m.HeaderRow = &line
		switch l.Encoding {
		case tabular.EncUTF8, tabular.EncUTF8BOM:
			m.Encoding = "utf-8"
		case tabular.EncWin1252, tabular.EncCP850, tabular.EncCP437, tabular.EncMac:
			m.Encoding = l.Encoding
		}
		switch l.Separator {
		case "tab":
			m.Separator = '\t'
		case ",", ";", "|":
			m.Separator = l.Separator[0]
		}
		for _, c := range l.Columns {
			if c.Field != "" && knownField(c.Field) {
				m.Columns[c.Field] = ColumnRef{Index: c.Index}
			}
		}
		for f, d := range l.DateFormats {
			m.FieldDate[f] = d.Format
			if d.NoSerial {
				if m.noSerial == nil {
					m.noSerial = map[Field]bool{}
				}
				m.noSerial[f] = true
			}
		}
		for f, d := range l.Decimals {
			if len(d.Separator) == 1 {
				m.FieldDec[f] = d.Separator[0]
			}
		}
		m.codeNames = l.CodeNames
		return m, b.ID
	}
	return nil, 0
}

// importReader loads the rows of one open ledger in one transaction.
func importReader(ctx context.Context, st cityspend.LedgerStore, buyer cityspend.Buyer, path string, size int64, hash *fileHash, rd *Reader, opts ImportOptions) (*Result, error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	res := &Result{Layout: rd.Layout()}
	if opts.Warn != nil {
		for _, w := range res.Layout.Warnings {
			opts.Warn(w)
		}
	}
	details, err := json.Marshal(res.Layout)
	if err != nil {
		return nil, err
	}
	started := now().UTC()
	batch := &res.Batch
	*batch = cityspend.ImportBatch{BuyerID: buyer.ID, Kind: "ledger", FileName: filepath.Base(path),
		Bytes: size, Currency: buyer.Currency, Details: string(details), StartedAt: started, ImportedBy: opts.By}

	tap := &rowTap{src: rd, res: res, preview: opts.Preview, batch: batch, hash: hash}
	if !opts.DryRun {
		dir := opts.RejectsDir
		if dir == "" {
			dir = filepath.Dir(path)
		}
		name := strings.TrimSuffix(batch.FileName, filepath.Ext(batch.FileName))
		if s := res.Layout.Sheet; s != "" {
			name += "-" + strings.Map(func(r rune) rune {
				if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
					return '_'
				}
				return r
			}, s)
		}
		tap.finalPath = filepath.Join(dir, started.Format("20060102T150405Z")+"-"+buyer.ID+"-"+name+".rejects.csv")
	}
	err = st.ImportPayments(ctx, batch, tap, opts.DryRun)
	if cerr := tap.close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		tap.discard()
		return nil, err
	}
	res.GrossOnly = rd.GrossOnly()
	res.Notes = rd.ReadNotes()
	if err := tap.publish(); err != nil {
		// The rows are stored (import_rejects holds them too); say so.
		return res, fmt.Errorf("import stored, but the rejects file could not be written: %w", err)
	}
	return res, nil
}

// rowTap passes rows from the file to the store, keeps a preview, and writes
// rejected rows (the reader's, then those the store could not take) to a
// temporary file that becomes the rejects file once the import has
// committed.
type rowTap struct {
	src       *Reader
	res       *Result
	batch     *cityspend.ImportBatch
	hash      *fileHash // the file's, for the batch: set at the end of the rows
	preview   int
	finalPath string
	tmp       *os.File
	w         *csv.Writer
}

var _ cityspend.RejectRecorder = (*rowTap)(nil)

func (t *rowTap) Read(ctx context.Context) ([]cityspend.ImportRow, error) {
	rows, err := t.src.Read(ctx)
	if err == io.EOF {
		// The store records the batch after the last row.
		sum, herr := t.hash.wait()
		if herr != nil {
			return nil, fmt.Errorf("%s: %w", t.batch.FileName, herr)
		}
		t.batch.SHA256 = sum
	}
	for _, r := range rows {
		if r.Payment != nil && len(t.res.Preview) < t.preview {
			t.res.Preview = append(t.res.Preview, *r.Payment)
		}
		if r.Reject == nil {
			continue
		}
		if err := t.RecordReject(*r.Reject); err != nil {
			return nil, err
		}
	}
	return rows, err
}

// RecordReject implements cityspend.RejectRecorder: it notes a rejected row
// for messages and writes it to the rejects file.
func (t *rowTap) RecordReject(x cityspend.Reject) error {
	if len(t.res.Rejects) < 20 {
		t.res.Rejects = append(t.res.Rejects, x)
	}
	if t.finalPath == "" {
		return nil
	}
	if t.w == nil {
		if err := os.MkdirAll(filepath.Dir(t.finalPath), 0o755); err != nil {
			return fmt.Errorf("rejects file: %w", err)
		}
		f, err := os.CreateTemp(filepath.Dir(t.finalPath), ".rejects-*.partial")
		if err != nil {
			return fmt.Errorf("rejects file: %w", err)
		}
		t.tmp, t.w = f, csv.NewWriter(f)
		if err := t.w.Write([]string{"line", "field", "reason", "raw"}); err != nil {
			return fmt.Errorf("rejects file: %w", err)
		}
		// Recorded with the batch, which the store writes after the last row.
		t.batch.RejectsFile = t.finalPath
	}
	if err := t.w.Write([]string{strconv.Itoa(x.Line), x.Field, x.Reason, x.Raw}); err != nil {
		return fmt.Errorf("rejects file: %w", err)
	}
	return nil
}

func (t *rowTap) close() error {
	if t.w == nil {
		return nil
	}
	t.w.Flush()
	err := t.w.Error()
	if cerr := t.tmp.Close(); err == nil {
		err = cerr
	}
	return err
}

func (t *rowTap) discard() {
	if t.tmp != nil {
		os.Remove(t.tmp.Name())
	}
}

func (t *rowTap) publish() error {
	if t.tmp == nil {
		return nil
	}
	return os.Rename(t.tmp.Name(), t.finalPath)
}
