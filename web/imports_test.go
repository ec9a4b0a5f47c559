// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/enrich"
)

// The history of imports and the undo of a batch, as the buyer's staff
// use them: a month's file (B) is imported into city A, changing its
// figures; the analyst sees it in the history with its counts in the
// reader's language, downloads its rejected rows (neutralised for a
// spreadsheet), is asked to confirm, undoes it; and the analysis API's
// JSON, the spend cube's and the findings are exactly as before B. A
// viewer sees the list without actions and may not undo; another city's
// admin sees nothing of it; a second undo is a conflict, through the
// page and the API.
func TestImportsUndo(t *testing.T) {
	srv, st, s := newTestServerWith(t, nil)
	ctx := context.Background()
	if _, err := compliance.Compute(ctx, st, "3909", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	s.Invalidate()
	per := newClient(t, srv.URL).login(analystA)
	vera := newClient(t, srv.URL).login(viewerA)
	ola := newClient(t, srv.URL).login(adminB)
	fetch := func(c *client, path string, want int) string {
		t.Helper()
		code, body := c.do("GET", path, "", "", nil)
		if code != want {
			t.Fatalf("GET %s: %d, want %d\n%s", path, code, want, body)
		}
		return body
	}
	const analysis2025 = "/api/v1/buyers/3909/analysis?year=2025&lang=en"
	figures := func() map[string]string {
		t.Helper()
		out := map[string]string{}
		// Each in a language of its own: the pages the test visits in
		// between change the user's language.
		for _, p := range []string{analysis2025, "/api/v1/buyers/3909/analysis?year=2024&lang=nb",
			"/api/v1/buyers/3909/cube?year=2025&lang=en", "/api/v1/buyers/3909/years?lang=en", "/api/v1/buyers/3909/suppliers?year=2025&lang=en"} {
			out[p] = fetch(per, p, 200)
		}
		var fs []map[string]any
		if err := json.Unmarshal([]byte(fetch(per, "/api/v1/buyers/3909/findings?lang=en", 200)), &fs); err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			delete(f, "computed_at") // computed again after the undo
		}
		js, err := json.Marshal(fs)
		if err != nil {
			t.Fatal(err)
		}
		out["findings"] = string(js)
		return out
	}
	before := figures()
	if before["findings"] == "[]" {
		t.Fatal("the test municipality has no findings: the test would show nothing of them")
	}

	// B: March 2025, a new supplier, a line out of every earlier file, and
	// a row that could not be read whose text a spreadsheet would run.
	rows := []cityspend.ImportRow{
		{Payment: &cityspend.Payment{BuyerID: "3909", Line: 2, Key: cityspend.DedupKey{Hi: 901, Lo: 7}, Supplier: cityspend.Payee{Name: "Ny Leverandør AS"},
			PaymentDate: time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC), Amount: 1_234_567_89, Currency: "NOK", AccountCode: "1270", AccountText: "Konsulenter",
			OrgUnit: "Rådhus", Description: "Rådgivning mars"}},
		{Payment: &cityspend.Payment{BuyerID: "3909", Line: 3, Key: cityspend.DedupKey{Hi: 902, Lo: 7}, Supplier: cityspend.Payee{Name: "Ny Leverandør AS"},
			PaymentDate: time.Date(2025, 3, 20, 0, 0, 0, 0, time.UTC), Amount: 45_000_00, Currency: "NOK", AccountCode: "1999", AccountText: "Ny konto",
			OrgUnit: "Ny enhet", Description: "Rådgivning"}},
		{Reject: &cityspend.Reject{Line: 4, Field: "amount", Raw: `=HYPERLINK("http://x.test","click");2025-03-21`, Reason: "amount: not a number"}},
	}
	b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "2025-03.csv", SHA256: "b", Currency: "NOK"}
	if err := st.ImportPayments(ctx, &b, cityspend.SliceRows(rows), false); err != nil {
		t.Fatal(err)
	}
	if _, err := enrich.Run(ctx, st, enrich.Options{Buyers: []string{"3909"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := compliance.Compute(ctx, st, "3909", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	s.Invalidate() // as an import beside the server does
	if after := figures(); after[analysis2025] == before[analysis2025] {
		t.Fatal("B changed no figure")
	}
	bid := strconv.FormatInt(b.ID, 10)
	base := "/buyers/3909/imports/" + bid

	// The history, in Norwegian: B first, its counts and amount in the
	// locale's format, its rejects and the undo for the analyst.
	page := fetch(per, "/buyers/3909/imports?lang=nb", 200)
	first := regexp.MustCompile(`<tbody><tr data-id="(\d+)" data-state="loaded">`).FindStringSubmatch(page)
	if first == nil || first[1] != bid {
		t.Fatalf("the history does not list B first:\n%s", page)
	}
	for _, want := range []string{"2025-03.csv", "1\u00a0279\u00a0567,89\u00a0kr", `href="` + base + `/rejects.csv"`, `href="` + base + `/undo"`, "Angre",
		"kommandolinjen", `data-group="data"`, "Importer"} {
		if !strings.Contains(page, want) {
			t.Errorf("the history lacks %q", want)
		}
	}
	if en := fetch(per, "/buyers/3909/imports?lang=en", 200); !strings.Contains(en, "NOK\u00a01,279,567.89") || !strings.Contains(en, ">Undo<") {
		t.Errorf("the history in English lacks the amount or the action")
	}
	if v := fetch(vera, "/buyers/3909/imports", 200); !strings.Contains(v, "2025-03.csv") || strings.Contains(v, `class="undo"`) {
		t.Errorf("the viewer's history: the list, without actions")
	}
	fetch(ola, "/buyers/3909/imports", 403)
	if empty := fetch(ola, "/buyers/3907/imports", 200); !strings.Contains(empty, `id="no-imports"`) {
		t.Errorf("a buyer without imports: its history says so")
	}
	fetch(ola, "/api/v1/buyers/3909/batches", 403)

	// The rejected rows, neutralised.
	csv := fetch(per, base+"/rejects.csv", 200)
	if !strings.HasPrefix(csv, "line,field,reason,raw\n4,amount,amount: not a number,") || strings.Contains(csv, ",=HYPERLINK") {
		t.Errorf("rejects CSV:\n%s", csv)
	}
	if cd := per.header.Get("Content-Disposition"); !strings.Contains(cd, bid+"-2025-03-rejects.csv") {
		t.Errorf("rejects CSV: %s", cd)
	}
	fetch(ola, base+"/rejects.csv", 403)
	// The API's download is the same, neutralised.
	apiRejects := "/api/v1/buyers/3909/batches/" + bid + "/rejects"
	if api := fetch(per, apiRejects, 200); api != csv {
		t.Errorf("the API's rejects CSV differs from the page's:\n%s", api)
	}

	// Asked first; a viewer may not; then undone.
	confirm := fetch(per, base+"/undo?lang=nb", 200)
	if !strings.Contains(confirm, `id="confirm-form"`) || !strings.Contains(confirm, "2025-03.csv") || !strings.Contains(confirm, "De 2 linjene") {
		t.Errorf("the confirmation page:\n%s", confirm)
	}
	fetch(vera, base+"/undo", 403)
	if code, _ := vera.postForm(base+"/undo", nil); code != 403 {
		t.Errorf("a viewer undoes: %d", code)
	}
	if figures()[analysis2025] == before[analysis2025] {
		t.Fatal("refused or unconfirmed, the undo changed the figures")
	}
	code, _, loc := per.send("POST", base+"/undo", "application/x-www-form-urlencoded", url.Values{"csrf": {per.csrf}}.Encode(), nil)
	if code != http.StatusSeeOther || loc != "/buyers/3909/imports?undone="+bid {
		t.Fatalf("undo: %d %s", code, loc)
	}
	done := fetch(per, loc, 200)
	if !strings.Contains(done, `id="undo-done"`) || !strings.Contains(done, `data-id="`+bid+`" data-state="undone"`) || strings.Contains(done, base+"/undo") {
		t.Errorf("the history after the undo:\n%s", done)
	}
	after := figures()
	for k, want := range before {
		if after[k] != want {
			t.Errorf("%s after the undo differs from before B:\ngot  %.600s\nwant %.600s", k, after[k], want)
		}
	}

	// The API: the history says who undid it; again is a conflict; another
	// city's batch is not found here.
	var bs []cityspend.ImportBatch
	if err := json.Unmarshal([]byte(fetch(per, "/api/v1/buyers/3909/batches", 200)), &bs); err != nil {
		t.Fatal(err)
	}
	if len(bs) < 2 || bs[0].ID != b.ID || bs[0].State != cityspend.BatchUndone || bs[0].UndoneBy != analystA {
		t.Errorf("batches after the undo: %+v", bs[0])
	}
	if code, body := per.do("POST", "/api/v1/buyers/3909/batches/"+bid+"/undo", "application/json", "{}", nil); code != http.StatusConflict {
		t.Errorf("a second undo through the API: %d %s", code, body)
	}
	fetch(per, base+"/undo", http.StatusConflict)
	// An undone batch's rejected rows went with it.
	fetch(per, base+"/rejects.csv", 404)
	fetch(per, apiRejects, 404)
	if code, _ := per.do("POST", "/api/v1/buyers/3909/batches/"+strconv.FormatInt(bs[len(bs)-1].ID, 10)+"0/undo", "application/json", "{}", nil); code != 404 {
		t.Errorf("undo of no such batch: %d", code)
	}
	log, err := st.AuditLog(ctx, "3909", 5)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range log {
		found = found || (e.Who == analystA && strings.Contains(e.Action, "undo batch "+bid) && strings.Contains(e.Action, "2025-03.csv") && strings.Contains(e.Action, "2 lines"))
	}
	if !found {
		t.Errorf("the audit log does not name the undo: %+v", log)
	}
}

// An undo waits in the writer lane for the import or command before it,
// as the jobs and POST /api/v1/run do: the store's one writer.
func TestUndoWaitsForTheWriter(t *testing.T) {
	srv, st, s := newTestServerWith(t, nil)
	ctx := context.Background()
	b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "2025-03.csv", SHA256: "lane", Currency: "NOK"}
	row := cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: "3909", Line: 2, Key: cityspend.DedupKey{Hi: 911, Lo: 7},
		Supplier: cityspend.Payee{Name: "Kø AS"}, PaymentDate: time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC), Amount: 100_00,
		Currency: "NOK", AccountCode: "1270"}}
	if err := st.ImportPayments(ctx, &b, cityspend.SliceRows([]cityspend.ImportRow{row}), false); err != nil {
		t.Fatal(err)
	}
	per := newClient(t, srv.URL).login(analystA)
	holding, release := make(chan struct{}), make(chan struct{})
	go s.jobs.Write(ctx, func() {
		close(holding)
		<-release
	})
	<-holding
	done := make(chan int, 1)
	go func() {
		code, _ := per.do("POST", "/api/v1/buyers/3909/batches/"+strconv.FormatInt(b.ID, 10)+"/undo", "application/json", "{}", nil)
		done <- code
	}()
	select {
	case code := <-done:
		t.Fatalf("the undo answered %d while another write held the lane", code)
	case <-time.After(2 * time.Second):
	}
	if undone, err := undoneOf(ctx, st, b); err != nil || undone {
		t.Errorf("batch undone (%v) while another write held the lane (err %v)", undone, err)
	}
	close(release)
	if code := <-done; code != http.StatusOK {
		t.Errorf("undo after the write: %d", code)
	}
}

// undoneOf reads whether the store has a batch undone.
func undoneOf(ctx context.Context, st cityspend.Store, b cityspend.ImportBatch) (bool, error) {
	bs, err := st.Batches(ctx, b.BuyerID)
	if err != nil {
		return false, err
	}
	for _, x := range bs {
		if x.ID == b.ID {
			return x.Undone(), nil
		}
	}
	return false, nil
}
