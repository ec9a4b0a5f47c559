// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/jobs"
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

// countedNames is the real store counting the register indexes built
// from it (every registered unit read).
type countedNames struct {
	cityspend.Store
	reads atomic.Int64
}

func (c *countedNames) RegisteredNames(ctx context.Context, visit func(*cityspend.RegisteredName) error) error {
	c.reads.Add(1)
	return c.Store.RegisteredNames(ctx, visit)
}

// installCommands runs two command lines that change nothing: one a
// buyer's ("resolve"), one the installation's ("import register").
type installCommands struct{}

func (installCommands) Check(args []string) (Command, error) {
	if args[0] == "import" {
		return Command{Path: "cityspend import register", Write: true}, nil
	}
	return Command{Path: "cityspend resolve", Write: true, BuyerID: "3909", Role: cityspend.RoleAnalyst}, nil
}

func (installCommands) Run(context.Context, Caller, []string, io.Writer, io.Writer) int { return 0 }

func (installCommands) Import(context.Context, Import, *jobs.Progress) (jobs.Result, error) {
	return jobs.Result{}, nil
}

// The register index the payees' review and overrides use is kept between
// requests and built again after a command changed the installation (a
// register imported through the server), not after a buyer's change.
func TestRegisterIndexFollowsRegisters(t *testing.T) {
	const tok = "operator-test-token"
	m := duckdbtest.Build(t, duckdbtest.Options{})
	st := &countedNames{Store: m.Store}
	srv, _ := serveStore(t, st, func(s *Server) { s.SetOperatorToken(tok); s.SetCommands(installCommands{}) })
	run := func(args ...string) {
		t.Helper()
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		a, _ := json.Marshal(args)
		mw.WriteField("args", string(a))
		mw.Close()
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/run", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"exit":0`) {
			t.Fatalf("run %v: %d %s", args, resp.StatusCode, body)
		}
	}
	review := func() { get(t, srv.URL+"/buyers/3909/suppliers/review?lang=en", 200) }
	review()
	if n := st.reads.Load(); n != 1 {
		t.Fatalf("the review built the register index %d times, want once", n)
	}
	run("resolve", "--buyer", "3909")
	review()
	if n := st.reads.Load(); n != 1 {
		t.Errorf("after a buyer's command the index was built %d times in all, want once (kept)", n)
	}
	run("import", "register", "brreg")
	review()
	if n := st.reads.Load(); n != 2 {
		t.Errorf("after a register's import the index was built %d times in all, want twice", n)
	}
}
