// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
)

// countedPayees is the real store counting its reads of a buyer's payees.
type countedPayees struct {
	cityspend.Store
	reads atomic.Int64
}

func (c *countedPayees) Payees(ctx context.Context, buyerID string) ([]cityspend.PayeeRecord, error) {
	c.reads.Add(1)
	return c.Store.Payees(ctx, buyerID)
}

// A buyer's payees are read once for all its suppliers' pages, and the
// payees to review are computed once, until the data changes.
func TestPayeesKept(t *testing.T) {
	m := duckdbtest.Build(t, duckdbtest.Options{})
	st := &countedPayees{Store: m.Store}
	srv, s := serveStore(t, st, nil)
	sups, err := m.Store.Suppliers(context.Background(), cityspend.SupplierFilter{BuyerID: "3909"})
	if err != nil || len(sups) < 2 {
		t.Fatalf("suppliers: %d, %v", len(sups), err)
	}
	page := func(id string) { get(t, srv.URL+"/buyers/3909/suppliers/"+url.PathEscape(id)+"?lang=en", 200) }
	before := st.reads.Load()
	page(sups[0].SupplierID)
	page(sups[1].SupplierID)
	if n := st.reads.Load() - before; n != 1 {
		t.Errorf("two suppliers' pages read the buyer's payees %d times, want once", n)
	}
	get(t, srv.URL+"/buyers/3909/suppliers/review?lang=en", 200)
	before = st.reads.Load()
	get(t, srv.URL+"/buyers/3909/suppliers/review?lang=en", 200)
	if n := st.reads.Load() - before; n != 0 {
		t.Errorf("the payees to review, asked again: %d reads of the payees, want none", n)
	}
	s.Invalidate()
	before = st.reads.Load()
	page(sups[0].SupplierID)
	get(t, srv.URL+"/buyers/3909/suppliers/review?lang=en", 200)
	if n := st.reads.Load() - before; n != 2 {
		t.Errorf("after the data changed: %d reads of the payees, want 2 (a supplier's page, the payees to review)", n)
	}
}
