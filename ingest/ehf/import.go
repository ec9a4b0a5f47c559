// SPDX-License-Identifier: EUPL-1.2

package ehf

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// Summary counts the documents of one path (a file or a directory). A
// "row" is a document: read, loaded, rejected, or already loaded before.
type Summary struct {
	Path          string             `json:"file"`
	RowsRead      int64              `json:"rows_read"`
	RowsLoaded    int64              `json:"rows_loaded"`
	RowsRejected  int64              `json:"rows_rejected"`
	RowsDuplicate int64              `json:"rows_duplicate"`
	LinesLoaded   int64              `json:"lines_loaded"`
	AmountLoaded  cityspend.Amount   `json:"amount_loaded"`
	Currency      string             `json:"currency"`
	RejectsFile   *string            `json:"rejects_file"`
	Rejects       []cityspend.Reject `json:"-"`
}

// Options configure ImportPaths.
type Options struct {
	RejectsDir string // where the rejects CSV goes; "" = beside the path
	Now        func() time.Time
}

// ImportPaths imports e-invoice files, and every .xml file under
// directories, for a buyer. Each document is imported in its own
// transaction; a rejected document does not stop the others. An error is
// returned only when a path cannot be read at all.
func ImportPaths(ctx context.Context, st cityspend.LedgerStore, buyer cityspend.Buyer, paths []string, opts Options) ([]Summary, error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	var out []Summary
	for _, path := range paths {
		files, err := xmlFiles(path)
		if err != nil {
			return out, cityspend.Errorf(cityspend.EINVALID, "%s: %v", path, err)
		}
		s := Summary{Path: path, Currency: buyer.Currency}
		for _, f := range files {
			if err := ctx.Err(); err != nil {
				return out, err
			}
			if err := importFile(ctx, st, buyer, f, &s); err != nil {
				return out, err
			}
		}
		if len(s.Rejects) > 0 {
			dir := opts.RejectsDir
			if dir == "" {
				dir = filepath.Dir(path)
			}
			name := filepath.Join(dir, now().UTC().Format("20060102T150405Z")+"-"+buyer.ID+"-"+strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+".ehf-rejects.csv")
			if err := writeRejects(name, s.Rejects); err != nil {
				return out, fmt.Errorf("rejects file: %w", err)
			}
			s.RejectsFile = &name
		}
		out = append(out, s)
	}
	return out, nil
}

// xmlFiles lists a file, or the .xml files under a directory, in name order.
func xmlFiles(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".xml") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// single is a RowReader over one document's rows.
type single struct{ rows []cityspend.ImportRow }

func (s *single) Read(context.Context) ([]cityspend.ImportRow, error) {
	if s.rows == nil {
		return nil, io.EOF
	}
	r := s.rows
	s.rows = nil
	return r, nil
}

// importFile imports one document as one batch: its lines, or one rejected
// row with the reason (so the audit trail keeps rejected documents too).
func importFile(ctx context.Context, st cityspend.LedgerStore, buyer cityspend.Buyer, path string, s *Summary) error {
	s.RowsRead++
	hash, err := tabular.FileSHA256(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	batch := cityspend.ImportBatch{BuyerID: buyer.ID, Kind: "ehf", FileName: filepath.Base(path), SHA256: hash, Bytes: info.Size(), Currency: buyer.Currency}
	rows, reason := documentRows(path, info.Size(), buyer)
	if reason != "" {
		rej := cityspend.Reject{Line: 0, Raw: filepath.Base(path), Reason: reason}
		rows = []cityspend.ImportRow{{Reject: &rej}}
		s.Rejects = append(s.Rejects, rej)
		s.RowsRejected++
	}
	if err := st.ImportPayments(ctx, &batch, &single{rows}, false); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if reason != "" {
		return nil
	}
	if batch.RowsLoaded == 0 {
		s.RowsDuplicate++
		return nil
	}
	s.RowsLoaded++
	s.LinesLoaded += batch.RowsLoaded
	s.AmountLoaded += batch.AmountLoaded
	return nil
}

// documentRows parses a document into rows for the buyer, or says why not.
func documentRows(path string, size int64, buyer cityspend.Buyer) ([]cityspend.ImportRow, string) {
	if size > MaxDocument {
		return nil, fmt.Sprintf("the file is larger than %d MB", MaxDocument>>20)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err.Error()
	}
	defer f.Close()
	inv, err := Parse(f)
	if err != nil {
		return nil, err.Error()
	}
	if inv.Currency != buyer.Currency {
		return nil, fmt.Sprintf("the document is in %s, the buyer's currency is %s", inv.Currency, buyer.Currency)
	}
	if buyer.OrgNumber != "" && inv.Customer != "" && inv.Customer != buyer.OrgNumber {
		return nil, fmt.Sprintf("the document is addressed to organisation %s, not to buyer %s (%s)", inv.Customer, buyer.ID, buyer.OrgNumber)
	}
	rows := make([]cityspend.ImportRow, len(inv.Payments))
	for i := range inv.Payments {
		p := &inv.Payments[i]
		p.BuyerID = buyer.ID
		rows[i].Payment = p
	}
	return rows, ""
}

func writeRejects(name string, rejects []cityspend.Reject) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"file", "reason"})
	for _, r := range rejects {
		w.Write([]string{r.Raw, r.Reason})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
