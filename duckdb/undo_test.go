// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// heldRows is a RowReader that waits, before its first rows, until it is
// let go: an import that has read the buyer's payees and not yet stored
// its lines.
type heldRows struct {
	rows
	reading chan struct{}
	release chan struct{}
}

func (h *heldRows) Read(ctx context.Context) ([]cityspend.ImportRow, error) {
	if h.reading != nil {
		close(h.reading)
		h.reading = nil
		<-h.release
	}
	return h.rows.Read(ctx)
}

// An undo while an import runs waits for it: else it takes out as an
// orphan a payee the import has read and points its new lines at, and the
// lines are left pointing at no payee.
func TestUndoWaitsForImport(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	first := importRows(t, db, false, pay(2, 1, "A AS", 1000, "2024-01-05"))
	held := &heldRows{rows: rows{[]cityspend.ImportRow{pay(2, 2, "A AS", 2000, "2024-02-05")}},
		reading: make(chan struct{}), release: make(chan struct{})}
	reading := held.reading
	imported := make(chan error, 1)
	go func() {
		b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "feb.csv", SHA256: "feb", Currency: "NOK"}
		imported <- db.ImportPayments(ctx, &b, held, false)
	}()
	<-reading
	undone := make(chan error, 1)
	go func() {
		_, err := db.UndoBatch(ctx, "3909", first.ID, cityspend.AuditEntry{Who: "test"})
		undone <- err
	}()
	var undoErr error
	finished := false
	select {
	case undoErr = <-undone:
		finished = true
		t.Errorf("the undo finished while the import ran (err %v)", undoErr)
	case <-time.After(500 * time.Millisecond):
	}
	close(held.release)
	if err := <-imported; err != nil {
		t.Fatal(err)
	}
	if !finished {
		undoErr = <-undone
	}
	if undoErr != nil {
		t.Fatal(undoErr)
	}
	var lost int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM payments p WHERE buyer_id = '3909'
		AND NOT EXISTS (SELECT 1 FROM payees y WHERE y.buyer_id = p.buyer_id AND y.payee_id = p.payee_id)`).Scan(&lost); err != nil {
		t.Fatal(err)
	}
	if lost != 0 {
		t.Errorf("%d lines point at a payee the undo took out", lost)
	}
}
