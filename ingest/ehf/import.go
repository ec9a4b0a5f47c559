// SPDX-License-Identifier: EUPL-1.2

package ehf

import (
	"context"
	"encoding/csv"
	"errors"
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
// "row" is a document: read, loaded, rejected (refused), already loaded
// before (duplicate), or not spend; Documents reports each one.
type Summary struct {
	Path          string             `json:"file"`
	RowsRead      int64              `json:"rows_read"`
	RowsLoaded    int64              `json:"rows_loaded"`
	RowsRejected  int64              `json:"rows_rejected"`
	RowsDuplicate int64              `json:"rows_duplicate"`
	RowsNotSpend  int64              `json:"rows_not_spend"`
	LinesLoaded   int64              `json:"lines_loaded"`
	AmountLoaded  cityspend.Amount   `json:"amount_loaded"`
	Currency      string             `json:"currency"`
	RejectsFile   *string            `json:"rejects_file"`
	Documents     []Document         `json:"documents"`
	Rejects       []cityspend.Reject `json:"-"`
}

// The status of a document in an import.
const (
	StatusLoaded    = "loaded"    // its lines are loaded, all of them
	StatusDuplicate = "duplicate" // a document of the same supplier, type, number and issue date is loaded already
	StatusNotSpend  = "not_spend" // a reminder or a payment request: it refers to the invoice that is the spend
	StatusRefused   = "refused"   // not an invoice, or an invoice that cannot be loaded; the reason says why
)

// Document reports what an import did with one document: all of its lines
// loaded, or all of them duplicates, or none read as spend.
type Document struct {
	File           string           `json:"file"`
	ID             string           `json:"id"`   // the document's number; "" when it could not be read
	Type           string           `json:"type"` // invoice, credit_note, reminder, order, ...; "" when unknown
	Status         string           `json:"status"`
	Reason         string           `json:"reason"`    // why it is not loaded; "" when it is
	RefersTo       []string         `json:"refers_to"` // the invoices a reminder or payment request refers to
	LinesLoaded    int64            `json:"lines_loaded"`
	LinesDuplicate int64            `json:"lines_duplicate"`
	LinesRejected  int64            `json:"lines_rejected"` // the lines of a refused document, when it could be read
	AmountLoaded   cityspend.Amount `json:"amount_loaded"`
}

// Options configure ImportPaths.
type Options struct {
	RejectsDir string // where the rejects CSV goes; "" = beside the path
	Now        func() time.Time
	By         string // who imports the files: the batches' ImportedBy
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
		s := Summary{Path: path, Currency: buyer.Currency, Documents: []Document{}}
		for _, f := range files {
			if err := ctx.Err(); err != nil {
				return out, err
			}
			if err := importFile(ctx, st, buyer, f, opts.By, &s); err != nil {
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

// single is a RowReader over one document's rows; whole when they are
// its lines (cityspend.WholeDocument), not its refusal.
type single struct {
	rows  []cityspend.ImportRow
	whole bool
}

func (s *single) Read(context.Context) ([]cityspend.ImportRow, error) {
	if s.rows == nil {
		return nil, io.EOF
	}
	r := s.rows
	s.rows = nil
	return r, nil
}

func (s *single) WholeDocument() bool { return s.whole }

// importFile imports one document as one batch: all of its lines, or, when
// it is refused or not spend, one rejected row with the reason (so the
// audit trail keeps those documents too). It reports the document in s.
func importFile(ctx context.Context, st cityspend.LedgerStore, buyer cityspend.Buyer, path, by string, s *Summary) error {
	s.RowsRead++
	hash, err := tabular.FileSHA256(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	newBatch := func() cityspend.ImportBatch {
		return cityspend.ImportBatch{BuyerID: buyer.ID, Kind: "ehf", FileName: filepath.Base(path), SHA256: hash, Bytes: info.Size(), Currency: buyer.Currency, ImportedBy: by}
	}
	doc := Document{File: path, RefersTo: []string{}}
	inv, ref := readDocument(path, info.Size(), buyer)
	if ref == nil {
		doc.ID, doc.Type = inv.ID, inv.Type
		rows := make([]cityspend.ImportRow, len(inv.Payments))
		for i := range inv.Payments {
			rows[i].Payment = &inv.Payments[i]
		}
		batch := newBatch()
		err := st.ImportPayments(ctx, &batch, &single{rows: rows, whole: true}, false)
		switch {
		case cityspend.ErrorCode(err) == cityspend.EINVALID:
			// A line the store cannot take refuses the whole document.
			ref = &Refusal{Type: inv.Type, ID: inv.ID, Reason: cityspend.ErrorMessage(err)}
		case err != nil:
			return fmt.Errorf("%s: %w", path, err)
		case batch.RowsDuplicate > 0:
			doc.Status, doc.LinesDuplicate = StatusDuplicate, batch.RowsDuplicate
			doc.Reason = fmt.Sprintf("%s %s of %s from %s is loaded already (the same supplier, type, number and issue date)",
				strings.ReplaceAll(inv.Type, "_", " "), inv.ID, inv.Issued.Format("2006-01-02"), supplierLabel(inv))
			s.RowsDuplicate++
		default:
			doc.Status, doc.LinesLoaded, doc.AmountLoaded = StatusLoaded, batch.RowsLoaded, batch.AmountLoaded
			s.RowsLoaded++
			s.LinesLoaded += batch.RowsLoaded
			s.AmountLoaded += batch.AmountLoaded
		}
	}
	if ref != nil {
		doc.ID, doc.Type, doc.Reason = ref.ID, ref.Type, ref.Reason
		if inv != nil {
			doc.LinesRejected = int64(len(inv.Payments))
		}
		if ref.RefersTo != nil {
			doc.RefersTo = ref.RefersTo
		}
		rej := cityspend.Reject{Line: 0, Raw: filepath.Base(path), Reason: ref.Reason}
		batch := newBatch()
		if err := st.ImportPayments(ctx, &batch, &single{rows: []cityspend.ImportRow{{Reject: &rej}}}, false); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if ref.NotSpend {
			doc.Status = StatusNotSpend
			s.RowsNotSpend++
		} else {
			doc.Status = StatusRefused
			s.Rejects = append(s.Rejects, rej)
			s.RowsRejected++
		}
	}
	s.Documents = append(s.Documents, doc)
	return nil
}

// supplierLabel names an invoice's supplier in a report: its name and
// the identifier the document is known by.
func supplierLabel(inv *Invoice) string {
	kind, id, _ := strings.Cut(inv.SupplierID, ":")
	switch {
	case kind == "name":
		return inv.Supplier.Name
	case inv.Supplier.Name == "":
		return id
	}
	return inv.Supplier.Name + " (" + id + ")"
}

// readDocument parses a document for the buyer, or says why it is not
// loaded (with the invoice when it could be read: one for another buyer or
// in another currency).
func readDocument(path string, size int64, buyer cityspend.Buyer) (*Invoice, *Refusal) {
	if size > MaxDocument {
		return nil, &Refusal{Reason: fmt.Sprintf("the file is larger than %d MB", MaxDocument>>20)}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &Refusal{Reason: err.Error()}
	}
	defer f.Close()
	inv, err := Parse(f)
	var ref *Refusal
	if errors.As(err, &ref) {
		return nil, ref
	}
	if err != nil {
		return nil, &Refusal{Reason: err.Error()}
	}
	refuse := func(format string, args ...any) (*Invoice, *Refusal) {
		return inv, &Refusal{Type: inv.Type, ID: inv.ID, Reason: fmt.Sprintf(format, args...)}
	}
	if inv.Currency != buyer.Currency {
		return refuse("the document is in %s, the buyer's currency is %s", inv.Currency, buyer.Currency)
	}
	cust, cok := cityspend.NormalizeOrgNumber(inv.Customer, "NO")
	if b, ok := cityspend.NormalizeOrgNumber(buyer.OrgNumber, buyer.Country); ok && cok && cust != b {
		return refuse("the document is addressed to organisation %s, not to buyer %s (%s)", inv.Customer, buyer.ID, buyer.OrgNumber)
	}
	for i := range inv.Payments {
		inv.Payments[i].BuyerID = buyer.ID
	}
	return inv, nil
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
