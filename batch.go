// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"context"
	"io"
	"time"
)

// ImportBatch records one file imported into the store.
type ImportBatch struct {
	ID            int64     `json:"id"`
	BuyerID       string    `json:"buyer_id"`
	Kind          string    `json:"kind"` // "ledger", "ehf", ...
	FileName      string    `json:"file"`
	SHA256        string    `json:"sha256"`
	Bytes         int64     `json:"bytes"`
	RowsRead      int64     `json:"rows_read"`
	RowsLoaded    int64     `json:"rows_loaded"`
	RowsRejected  int64     `json:"rows_rejected"`
	RowsDuplicate int64     `json:"rows_duplicate"`
	AmountLoaded  Amount    `json:"amount_loaded"`
	Currency      string    `json:"currency"`
	RejectsFile   string    `json:"rejects_file,omitempty"`
	Details       string    `json:"details,omitempty"` // JSON: how the file was read
	StartedAt     time.Time `json:"started_at"`
	FinishedAt    time.Time `json:"finished_at"`
	// ImportedBy is who imported the file: the e-mail of the user whose
	// upload or command it was in the server, "cli:" and the login name
	// from the command line ("" for batches from before it was recorded).
	ImportedBy string `json:"imported_by,omitempty"`
	// State is BatchLoaded, or BatchUndone once UndoBatch has taken its
	// lines out again (the row stays, for the history), with who did it
	// and when.
	State    string    `json:"state"`
	UndoneBy string    `json:"undone_by,omitempty"`
	UndoneAt time.Time `json:"undone_at,omitzero"`
}

// The states of an import batch.
const (
	BatchLoaded = "loaded" // its lines are in the store
	BatchUndone = "undone" // its lines were taken out again (UndoBatch)
)

// Undone reports whether the batch was undone.
func (b ImportBatch) Undone() bool { return b.State == BatchUndone }

// UndoneAlready is the conflict of undoing b again: when and by whom it
// was undone (its UndoneAt and UndoneBy). Every store's UndoBatch says it
// so.
func UndoneAlready(b ImportBatch) error {
	return Errorf(ECONFLICT, "batch %d (%s) was undone already, on %s by %s", b.ID, b.FileName, b.UndoneAt.UTC().Format("2006-01-02 15:04 MST"), b.UndoneBy)
}

// RowReader yields the rows of one file in batches, in file order. Read
// returns io.EOF after the last batch.
type RowReader interface {
	Read(ctx context.Context) ([]ImportRow, error)
}

// RejectRecorder is a RowReader that keeps its own record of rejected rows
// (a rejects file): a store tells it of each row it read but could not
// store, before it records the batch.
type RejectRecorder interface {
	RecordReject(Reject) error
}

// WholeDocument is a RowReader whose rows are the lines of one document (an
// e-invoice) when WholeDocument reports true. The store loads them all or
// none: when the buyer has any of them already (its key and occurrence),
// every one counts as a duplicate and none is loaded; when the store cannot
// take one of them, ImportPayments fails with EINVALID and the row's reason
// and stores nothing. A document is never loaded in part.
type WholeDocument interface {
	RowReader
	WholeDocument() bool
}

// IsWholeDocument reports whether rows are one document, loaded whole.
func IsWholeDocument(rows RowReader) bool {
	w, ok := rows.(WholeDocument)
	return ok && w.WholeDocument()
}

// SliceRows reads rows from memory, in batches of up to 1,000.
func SliceRows(rows []ImportRow) RowReader { return &sliceRows{rows} }

type sliceRows struct{ r []ImportRow }

func (s *sliceRows) Read(context.Context) ([]ImportRow, error) {
	if len(s.r) == 0 {
		return nil, io.EOF
	}
	n := min(1000, len(s.r))
	b := s.r[:n]
	s.r = s.r[n:]
	return b, nil
}
