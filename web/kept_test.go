// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
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

// Logging in, logging out and choosing a language change who is logged
// in, not the data: the results kept for everyone (here a buyer's payees)
// are still used after them, while the session logged out is refused and
// the language chosen is the user's at once.
func TestLoginsKeepResults(t *testing.T) {
	m := duckdbtest.Build(t, duckdbtest.Options{})
	st := &countedPayees{Store: m.Store}
	srv, _ := serveStore(t, st, nil)
	review := func() { get(t, srv.URL+"/buyers/3909/suppliers/review?lang=en", 200) }
	review()
	before := st.reads.Load()

	analyst := newClient(t, srv.URL).login(analystA)
	if code, _ := analyst.do("GET", "/buyers/3909/suppliers/review?lang=nb", "", "", map[string]string{"Sec-Fetch-Site": "same-origin"}); code != 200 {
		t.Fatalf("the review page in Norwegian: %d", code)
	}
	if code, body := analyst.do("GET", "/buyers/3909/suppliers/review", "", "", nil); code != 200 || !strings.Contains(body, `lang="nb"`) {
		t.Errorf("the language chosen is not the user's at once: %d", code)
	}
	if code, _ := analyst.postForm("/logout", nil); code != http.StatusSeeOther {
		t.Fatalf("logout: %d", code)
	}
	if code, _ := analyst.do("GET", "/buyers/3909/suppliers/review", "", "", nil); code == 200 {
		t.Error("the session logged out still reads the buyer's pages")
	}
	review()
	if n := st.reads.Load() - before; n != 0 {
		t.Errorf("after a login, a language chosen and a logout, the payees were read %d times, want none (kept)", n)
	}
}
