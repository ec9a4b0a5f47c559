// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// ImportOptions configure ImportFile.
type ImportOptions struct {
	Mapping    *Mapping
	DryRun     bool   // read and count everything, store nothing
	RejectsDir string // where the rejects CSV goes; "" = beside the file
	Preview    int    // parsed rows to keep for --dry-run (default 5)
	SampleRows int
	Progress   func(done, total, rows int64)
	Now        func() time.Time
}

// Result is the outcome of importing one file.
type Result struct {
	Batch     cityspend.ImportBatch
	Layout    Layout
	Preview   []cityspend.Payment
	Rejects   []cityspend.Reject // the first few, for messages
	GrossOnly int64
}

// ImportFile reads one ledger file for a buyer and loads it into the store in
// one transaction. Rejected rows go to a rejects CSV (line, field, reason,
// raw text) in opts.RejectsDir and to the store. A file that cannot be read
// at all is an error; rejected rows are not.
func ImportFile(ctx context.Context, st cityspend.LedgerStore, buyer cityspend.Buyer, path string, opts ImportOptions) (*Result, error) {
	if opts.Preview == 0 {
		opts.Preview = 5
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%s: %v", path, err)
	}
	if info.IsDir() {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%s is a directory; name the ledger files", path)
	}
	sum, err := tabular.FileSHA256(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	rd, err := Open(path, Options{Buyer: buyer, Mapping: opts.Mapping, SampleRows: opts.SampleRows, Progress: opts.Progress})
	if err != nil {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%v", err)
	}
	defer rd.Close()
	res := &Result{Layout: rd.Layout()}
	details, err := json.Marshal(res.Layout)
	if err != nil {
		return nil, err
	}
	started := now().UTC()
	batch := &res.Batch
	*batch = cityspend.ImportBatch{BuyerID: buyer.ID, Kind: "ledger", FileName: filepath.Base(path), SHA256: sum,
		Bytes: info.Size(), Currency: buyer.Currency, Details: string(details), StartedAt: started}

	tap := &rowTap{src: rd, res: res, preview: opts.Preview, batch: batch}
	if !opts.DryRun {
		dir := opts.RejectsDir
		if dir == "" {
			dir = filepath.Dir(path)
		}
		tap.finalPath = filepath.Join(dir, started.Format("20060102T150405Z")+"-"+buyer.ID+"-"+strings.TrimSuffix(batch.FileName, filepath.Ext(batch.FileName))+".rejects.csv")
	}
	err = st.ImportPayments(ctx, batch, tap, opts.DryRun)
	if cerr := tap.close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		tap.discard()
		return nil, err
	}
	if err := tap.publish(); err != nil {
		// The rows are stored (import_rejects holds them too); say so.
		return res, fmt.Errorf("import stored, but the rejects file could not be written: %w", err)
	}
	res.GrossOnly = rd.GrossOnly()
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
	preview   int
	finalPath string
	tmp       *os.File
	w         *csv.Writer
}

var _ cityspend.RejectRecorder = (*rowTap)(nil)

func (t *rowTap) Read(ctx context.Context) ([]cityspend.ImportRow, error) {
	rows, err := t.src.Read(ctx)
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
