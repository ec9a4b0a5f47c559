// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// EachPayment reads in chunks: every line of the filter, once, in the
// order of Payments, whatever the chunk's size — days with more lines than
// a chunk, days split between batches, a period that cuts the lines.
func TestEachPaymentChunks(t *testing.T) {
	t.Parallel() // a database of its own: beside the package's other long tests
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	day := func() string { return time.Date(2025, 1, 1+rng.IntN(365), 0, 0, 0, 0, time.UTC).Format("2006-01-02") }
	key := uint64(0)
	for b := range 2 {
		var rs []cityspend.ImportRow
		for i := range 300 {
			d := day()
			if b == 0 && i < 120 {
				d = "2025-03-01" // one day with many lines
			}
			key++
			rs = append(rs, pay(i+2, key, fmt.Sprintf("Supplier %d", rng.IntN(9)), cityspend.Amount(rng.IntN(2_000_00)-50_00), d))
		}
		importRows(t, db, false, rs...)
	}
	year := cityspend.Period{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	spring := cityspend.Period{From: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
	for _, f := range []cityspend.SpendFilter{
		{BuyerID: "3909", Period: year, Scope: cityspend.ScopeAll},
		{BuyerID: "3909", Period: spring, Scope: cityspend.ScopeAll},
	} {
		want, err := db.Payments(ctx, f, 0, 10_000)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) < 100 {
			t.Fatalf("%v: only %d lines", f.Period, len(want))
		}
		for _, chunk := range []int{1, 7, 64, 1000, eachChunk} {
			var got []cityspend.Payment
			if err := db.eachPayment(ctx, f, chunk, func(p cityspend.Payment) error { got = append(got, p); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Errorf("%v, chunks of %d: %d lines, want %d", f.Period, chunk, len(got), len(want))
				continue
			}
			for i := range want {
				if got[i].BatchID != want[i].BatchID || got[i].Line != want[i].Line || got[i].Amount != want[i].Amount ||
					got[i].Supplier.Name != want[i].Supplier.Name || got[i].Description != want[i].Description {
					t.Errorf("%v, chunks of %d: line %d is %d:%d, want %d:%d", f.Period, chunk, i, got[i].BatchID, got[i].Line, want[i].BatchID, want[i].Line)
					break
				}
			}
		}
	}
	// An error from fn stops the reading and comes back as it is.
	stop := fmt.Errorf("stop")
	n := 0
	err := db.eachPayment(ctx, cityspend.SpendFilter{BuyerID: "3909", Period: year, Scope: cityspend.ScopeAll}, 7, func(cityspend.Payment) error {
		n++
		if n == 10 {
			return stop
		}
		return nil
	})
	if err != stop || n != 10 {
		t.Errorf("stopped after %d lines with %v", n, err)
	}
}
