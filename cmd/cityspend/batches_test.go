// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cityspend/cityspend"
)

// A real council's monthly ledgers: January imported, its figures kept;
// February imported; `import undo` without --yes and no terminal refuses;
// with --yes it takes February out, and `analyse --json` prints exactly
// January's figures again; the history shows the batch undone and by whom;
// a second undo and an unknown batch fail; February imported again loads
// every line (the undone ones are no duplicates) and the figures are
// February's again.
func TestImportUndo(t *testing.T) {
	t.Parallel() // a long test: it runs beside the package's other long ones
	dir := sharedData(t, "uk-spend-hyndburn")
	db := filepath.Join(t.TempDir(), "u.duckdb")
	jan, feb := filepath.Join(dir, "1701.csv"), filepath.Join(dir, "1702.csv")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "HYN", "--name", "Hyndburn Borough Council", "--country", "GB")
	analyse := func() string {
		t.Helper()
		return mustCLI(t, "analyse", "--db", db, "--buyer", "HYN", "--year", "2016", "--json")
	}
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "HYN", jan)
	january := analyse()
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "HYN", feb)
	both := analyse()
	if both == january {
		t.Fatal("February changed no figure")
	}
	var bs []cityspend.ImportBatch
	decodeJSON(t, mustCLI(t, "import", "batches", "--db", db, "--buyer", "HYN", "--json"), &bs)
	if len(bs) != 2 || bs[0].FileName != "1702.csv" || bs[0].State != cityspend.BatchLoaded || bs[0].RowsLoaded == 0 {
		t.Fatalf("batches %+v", bs)
	}
	febID := fmt.Sprint(bs[0].ID)

	if code, _, errs := cli(t, "import", "undo", "--db", db, "--buyer", "HYN", febID); code != 2 || !strings.Contains(errs, "--yes") {
		t.Errorf("undo without --yes and no terminal: exit %d, %q", code, errs)
	}
	if analyse() != both {
		t.Error("an undo that was not confirmed changed the figures")
	}
	out := mustCLI(t, "import", "undo", "--db", db, "--buyer", "HYN", "--yes", febID)
	if !strings.Contains(out, "1702.csv") || !strings.Contains(out, fmt.Sprintf("%d lines", bs[0].RowsLoaded)) {
		t.Errorf("undo said %q", out)
	}
	if got := analyse(); got != january {
		t.Errorf("after the undo the analysis is not January's:\n%s", firstDiff(january, got))
	}
	table := mustCLI(t, "import", "batches", "--db", db, "--buyer", "HYN")
	if !strings.Contains(table, "undone") || !strings.Contains(table, "by cli") || !strings.Contains(table, "1701.csv") {
		t.Errorf("the history:\n%s", table)
	}
	if code, _, errs := cli(t, "import", "undo", "--db", db, "--buyer", "HYN", "--yes", febID); code != 1 || !strings.Contains(errs, "undone already") {
		t.Errorf("a second undo: exit %d, %q", code, errs)
	}
	if code, _, errs := cli(t, "import", "undo", "--db", db, "--buyer", "HYN", "--yes", "999"); code != 1 || !strings.Contains(errs, "no import batch 999") {
		t.Errorf("no such batch: exit %d, %q", code, errs)
	}
	if code, _, _ := cli(t, "import", "undo", "--db", db, "--buyer", "HYN", "--yes", "feb"); code != 2 {
		t.Errorf("a batch that is not a number: exit %d, want 2", code)
	}
	var again []map[string]any
	dec := json.NewDecoder(strings.NewReader(mustCLI(t, "import", "ledger", "--db", db, "--buyer", "HYN", "--json", feb)))
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		again = append(again, m)
	}
	if len(again) != 1 || again[0]["rows_loaded"].(float64) != float64(bs[0].RowsLoaded) || again[0]["rows_duplicate"].(float64) != 0 {
		t.Errorf("February imported again: %v", again)
	}
	if got := analyse(); got != both {
		t.Errorf("February imported again: the analysis is not as before the undo:\n%s", firstDiff(both, got))
	}
}

// firstDiff shows where two texts first differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return fmt.Sprintf("line %d: got %s, want %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

// The acceptance's undo in a browser: Hyndburn's January ledger is
// imported and its figures kept (`analyse --json`), February imported, the
// server started; an analyst logs in in headless Chromium, opens the
// buyer's imports from the navigation, asks to undo February, confirms,
// and the history shows it undone; the API's analysis (the same object as
// `analyse --json`) is January's again, byte for byte.
func TestBrowserUndo(t *testing.T) {
	t.Parallel() // a long test: it runs beside the package's other long ones
	if testing.Short() {
		t.Skip("runs the server in a browser")
	}
	dir := sharedData(t, "uk-spend-hyndburn")
	br := newBrowser(t)
	db := filepath.Join(t.TempDir(), "u.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "HYN", "--name", "Hyndburn Borough Council", "--country", "GB")
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("a long test password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, "user", "add", "--db", db, "--email", "analyst@hyndburn.test", "--name", "Analyst", "--buyer", "HYN", "--role", "analyst", "--password-file", pw)
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "HYN", filepath.Join(dir, "1701.csv"))
	january := mustCLI(t, "analyse", "--db", db, "--buyer", "HYN", "--year", "2016", "--json")
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "HYN", filepath.Join(dir, "1702.csv"))
	base, _ := startServe(t, "--db", db)

	ctx, do, text, shot := br.ctx, br.do, br.text, br.shot
	do("log in", chromedp.Navigate(base+"login?lang=en"), chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), "analyst@hyndburn.test"), chromedp.SendKeys(chromedp.CSS(`#password`), "a long test password"),
		chromedp.Click(chromedp.CSS(`#login-form button`)), chromedp.WaitVisible(chromedp.CSS(`#me`)))
	do("open the buyer", chromedp.Navigate(base+"buyers/HYN?year=2016&lang=en"), chromedp.WaitVisible(chromedp.CSS(`#total-spend`)))
	both := text(`#total-spend`)
	do("open the imports", chromedp.Click(chromedp.CSS(`#nav-groups a[data-group="data"]`)), chromedp.WaitVisible(chromedp.CSS(`#imports`)))
	shot("imports-en.png")
	if first := text(`#imports tbody tr:first-child td:nth-child(3)`); first != "1702.csv" {
		t.Fatalf("the newest import is %q, want 1702.csv", first)
	}
	do("ask to undo February", chromedp.Click(chromedp.CSS(`#imports tbody tr:first-child a.undo`)), chromedp.WaitVisible(chromedp.CSS(`#confirm-form`)))
	shot("undo-confirm-en.png")
	if msg := text(`#confirm-message`); !strings.Contains(msg, "1702.csv") || !strings.Contains(msg, "163 lines") {
		t.Errorf("the confirmation says %q", msg)
	}
	do("confirm", chromedp.Click(chromedp.CSS(`#confirm-undo`)), chromedp.WaitVisible(chromedp.CSS(`#undo-done`)))
	shot("imports-undone-en.png")
	if state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#imports tbody tr:first-child').dataset.state`)); err != nil || state != "undone" {
		t.Errorf("February's state after the undo: %q %v", state, err)
	}
	do("the overview again", chromedp.Navigate(base+"buyers/HYN?year=2016&lang=en"), chromedp.WaitVisible(chromedp.CSS(`#total-spend`)))
	if text(`#total-spend`) == both {
		t.Error("the overview's total did not change with the undo")
	}
	api, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch('/api/v1/buyers/HYN/analysis?year=2016').then(r => r.text())`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if api != january {
		t.Errorf("after the undo the API's analysis is not January's:\n%s", firstDiff(january, api))
	}
}
