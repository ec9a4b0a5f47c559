// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// fakeSource is a line source of fixed lines.
type fakeSource struct {
	lines []Line
	reads int
}

func (f *fakeSource) Rollup(context.Context, RollupQuery) ([]RollupRow, error) { return nil, nil }

func (f *fakeSource) LinkRollup(context.Context, LinkQuery) ([]LinkRow, error) { return nil, nil }

func (f *fakeSource) Largest(context.Context, LargestQuery, func(int, *Line) error) error { return nil }

func (f *fakeSource) MonthSums(context.Context, MonthQuery) ([]MonthSum, error) { return nil, nil }

func (f *fakeSource) Lines(_ context.Context, q LineQuery, fn func(*Line) error) error {
	f.reads++
	for i := range f.lines {
		if err := fn(&f.lines[i]); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSource) Batches(_ context.Context, buyerID string) ([]cityspend.ImportBatch, error) {
	return []cityspend.ImportBatch{{ID: 7, BuyerID: buyerID, Kind: "ledger", FileName: "f.csv", Currency: "NOK"}}, nil
}

// The kept lines: reused while nothing changed, and closing the database
// while they are in use neither breaks their user nor leaves a timer that
// fires on nothing.
func TestLineCacheLifecycle(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	if err := d.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	src := &fakeSource{lines: []Line{{BuyerID: "3909", BatchID: 7, Line: 2, KeyHi: 1, PayeeID: 1, AccountID: 1, UnitID: 1, PeriodDate: day,
		PaymentDate: &day, Amount: 100_00, Currency: "NOK", Description: "Leie 12 maskiner", Quantity: "2.5"}}}
	d.UseLineSource(src)
	count := func() int {
		t.Helper()
		var n int
		if err := d.onLines(ctx, []string{"3909"}, cityspend.Period{}, func(conn *sql.Conn) error {
			return conn.QueryRowContext(ctx, `SELECT count(*) FROM payments WHERE quantity = 2.5`).Scan(&n)
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if first, second := count(), count(); first != 1 || second != 1 || src.reads != 1 {
		t.Errorf("two calls: %d reads of the source, want 1", src.reads)
	}
	conn, done, err := d.linesConn(ctx, []string{"3909"}, cityspend.Period{})
	if err != nil {
		t.Fatal(err)
	}
	d.extracts.forget(true) // closing while in use
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM payments`).Scan(&n); err != nil || n != 1 {
		t.Errorf("the user of the kept lines after close: %d, %v", n, err)
	}
	done()
	d.extracts.mu.Lock()
	kept, timer := d.extracts.conn, d.extracts.timer
	d.extracts.mu.Unlock()
	if kept != nil {
		t.Error("lines kept after close")
	}
	if timer != nil && timer.Stop() {
		t.Error("a timer is waiting to drop lines after close")
	}
	// After close, lines are read for each call and not kept.
	if count() != 1 || src.reads != 2 {
		t.Errorf("after close: %d reads, want 2", src.reads)
	}
	if d.extracts.conn != nil {
		t.Error("kept after close")
	}
	// The catalog's own payments table is not shadowed on the pool's
	// connections afterwards.
	var own int
	if err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM payments`).Scan(&own); err != nil || own != 0 {
		t.Errorf("the catalog's own payments: %d, %v", own, err)
	}
}
