package cityspend

import (
	"context"
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
}

// RowReader yields the rows of one file in batches, in file order. Read
// returns io.EOF after the last batch.
type RowReader interface {
	Read(ctx context.Context) ([]ImportRow, error)
}
