// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ukUploadFile is the real council's monthly ledger the browser uploads:
// Hyndburn Borough Council's payments of January 2017 (see SOURCES.md
// there; read where it is, never copied into the repository), 180 rows,
// £538,272.19 by EXPECTED.tsv's independent count.
const (
	ukUploadDir   = "uk-spend-hyndburn"
	ukUploadFile  = "1701.csv"
	ukUploadRows  = "180"
	ukUploadTotal = "538,272.19"
)

// Issue 21's acceptance in real headless Chromium: the demo's English
// council's analyst uploads a real council's monthly ledger from the
// imports page with "show me the header mapping first", sees the mapping,
// saves and confirms it, watches the job until it is done; the figures
// change. A small file with one bad row (read with the saved mapping) has
// its rejects downloaded, naming the row. Undoing both batches from the
// history brings the figures back exactly to before.
func TestBrowserUploadAcceptance(t *testing.T) {
	ledgerFile := filepath.Join(sharedData(t, ukUploadDir), ukUploadFile)
	if _, err := os.Stat(ledgerFile); err != nil {
		t.Skipf("SKIP: %s is not there; this test needs the project's shared data", ledgerFile)
	}
	base, _, br := browserDemo(t, "3000")
	const buyer = "E07000999"
	api := login(t, base, "analyst@hollowmere.demo", demoPassword)

	// The dashboard's figures: the years, the latest year's analysis (with
	// its trend over every year) and spend cube, and the uploaded file's
	// year (2016/17: none before), in English.
	var years []struct {
		Year int `json:"year"`
	}
	if err := json.Unmarshal(getOK(t, api, base+"api/v1/buyers/"+buyer+"/years?lang=en"), &years); err != nil || len(years) == 0 {
		t.Fatalf("the council's years: %v %+v", err, years)
	}
	latest := years[len(years)-1].Year
	for _, y := range years {
		latest = max(latest, y.Year)
	}
	figures := func() map[string]string {
		out := map[string]string{}
		for _, p := range []string{
			"years?lang=en",
			fmt.Sprintf("analysis?year=%d&lang=en", latest),
			fmt.Sprintf("cube?year=%d&lang=en", latest),
			"analysis?year=2016&lang=en",
		} {
			resp, err := api.Get(base + "api/v1/buyers/" + buyer + "/" + p)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			out[p] = fmt.Sprintf("%d %s", resp.StatusCode, b)
		}
		return out
	}
	before := figures()

	ctx, do, text := br.ctx, br.do, br.text
	// A screenshot once the page has settled (a page that reloaded itself
	// may still be laying out).
	shot := func(name string) {
		t.Helper()
		for range 10 {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === 'complete' && document.body.scrollWidth > 0`)); err == nil {
				if buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
					os.WriteFile(filepath.Join(br.dir, name), buf, 0o644)
					return
				}
			}
			time.Sleep(300 * time.Millisecond)
		}
		t.Logf("no screenshot %s", name)
	}
	do("log in", chromedp.Navigate(base+"login?lang=en"), chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), "analyst@hollowmere.demo"), chromedp.SendKeys(chromedp.CSS(`#password`), demoPassword),
		chromedp.Click(chromedp.CSS(`#login-form button`)), chromedp.WaitVisible(chromedp.CSS(`#me`)))
	imports := base + "buyers/" + buyer + "/imports?lang=en"
	do("open the imports page", chromedp.Navigate(imports), chromedp.WaitVisible(chromedp.CSS(`#upload-form`)))
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#upload-form').elements[0].name`))
	if err != nil || first != "csrf" {
		t.Errorf("the upload form's first field is %q (%v): the form token must come first", first, err)
	}
	shot("upload-form-en.png")

	// The real ledger, with the header mapping first (the default).
	do("upload the council's ledger", chromedp.SetUploadFiles(chromedp.CSS(`#upl-file`), []string{ledgerFile}),
		chromedp.Click(chromedp.CSS(`#upload-submit`)))
	states := watchJob(t, br)
	t.Logf("the dry run's page showed: %v", states)
	do("see the mapping", chromedp.WaitVisible(chromedp.CSS(`#mapping`)))
	shot("upload-mapping-en.png")
	for field, header := range map[string]string{"supplier_name": "Name", "payment_date": "Payment date", "description": "Description"} {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => { const s = document.querySelector('#f-%s'); return s ? s.options[s.selectedIndex].text : ''; })()`, field)))
		if err != nil || !strings.HasSuffix(got, ": "+header) {
			t.Errorf("the mapping's %s is %q (%v), want the column %q", field, got, err, header)
		}
	}
	if got := text(`#job-result tbody tr td:nth-child(4)`); got != ukUploadRows {
		t.Errorf("the dry run would load %q rows, want %s", got, ukUploadRows)
	}
	// Nothing is stored by the dry run.
	if now := figures(); !sameFigures(before, now) {
		t.Errorf("the dry run changed the figures:\n%s", diffFigures(before, now))
	}

	do("save and confirm the mapping", chromedp.Click(chromedp.CSS(`#save-mapping`)), chromedp.Click(chromedp.CSS(`#confirm-mapping`)),
		chromedp.WaitVisible(chromedp.CSS(`#job-state`)))
	states = watchJob(t, br)
	t.Logf("the import's page showed: %v", states)
	shot("upload-done-en.png")
	if got := text(`#mapping-saved`); got == "" {
		t.Error("the page does not say the mapping was saved")
	}
	read, loaded, rejected := text(`#job-result tbody tr td:nth-child(3)`), text(`#job-result tbody tr td:nth-child(4)`), text(`#job-result tbody tr td:nth-child(5)`)
	amount := text(`#job-result tbody tr td:nth-child(7)`)
	if read != ukUploadRows || loaded != ukUploadRows || rejected != "0" || !strings.Contains(amount, ukUploadTotal) {
		t.Errorf("the import: read %s, loaded %s, rejected %s, %s; want %s rows and £%s", read, loaded, rejected, amount, ukUploadRows, ukUploadTotal)
	}
	// The job's page is its buyer's: under another buyer it is not found.
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	job := regexp.MustCompile(`/jobs/([^/?#]+)`).FindStringSubmatch(loc)
	if job == nil {
		t.Fatalf("the job's page is at %s", loc)
	}
	larvik := login(t, base, "admin@larvik.demo", demoPassword)
	resp, err := larvik.Get(base + "buyers/3909/jobs/" + job[1])
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("Hollowmere's job under Larvik: %d, want 404", resp.StatusCode)
	}
	after := figures()
	if sameFigures(before, after) {
		t.Fatal("the import did not change the figures")
	}
	if !strings.HasPrefix(after["analysis?year=2016&lang=en"], "200 ") {
		t.Errorf("the file's year after the import: %.200s", after["analysis?year=2016&lang=en"])
	}

	// A small file with one bad row: its rejects are downloaded and name it.
	bad := filepath.Join(t.TempDir(), "hollowmere-extra.csv")
	// Its header is the council's own, byte for byte, so that the saved
	// mapping reads it.
	raw, err := os.ReadFile(ledgerFile)
	if err != nil {
		t.Fatal(err)
	}
	header := string(raw[:bytes.IndexAny(raw, "\r\n")])
	csv := header + "\r\n" +
		"LEISURE CENTRE,CLEANING,WINDOW CLEANING JANUARY,T-1,GLASSWORKS CLEANING LTD,12/01/2017,410.00\r\n" +
		"LEISURE CENTRE,REPAIRS,BROKEN ROW FOR THE TEST,T-2,QUILLFEATHER REPAIRS LTD,13/01/2017,four hundred\r\n" +
		"PARKS,TREES,TREE SURGERY,T-3,OAKWRIGHT ARBORISTS LTD,14/01/2017,1250.50\r\n"
	if err := os.WriteFile(bad, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	do("upload a file with a bad row", chromedp.Navigate(imports), chromedp.WaitVisible(chromedp.CSS(`#upload-form`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#upl-file`), []string{bad}), chromedp.Click(chromedp.CSS(`#upl-dry`)),
		chromedp.Click(chromedp.CSS(`#upload-submit`)))
	states = watchJob(t, br)
	t.Logf("the second import's page showed: %v", states)
	if got := text(`#job-result tbody tr td:nth-child(4)`) + "/" + text(`#job-result tbody tr td:nth-child(5)`); got != "2/1" {
		t.Errorf("the small file loaded/rejected %s, want 2/1", got)
	}
	notes, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#job-result .note')].map(n => n.textContent).join(' | ')`))
	if err != nil || !strings.Contains(notes, "read with buyer "+buyer+"'s saved mapping") {
		t.Errorf("the second file was not read with the saved mapping: notes %q (%v)", notes, err)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#job-result a.rejects').getAttribute('href')`))
	if err != nil {
		t.Fatalf("no link to the rejects: %v", err)
	}
	rejects, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%q).then(r => r.ok ? r.text() : 'HTTP ' + r.status)`, href), chromedp.EvalAwaitPromise))
	if err != nil || !strings.Contains(rejects, "QUILLFEATHER REPAIRS LTD") || !strings.Contains(rejects, "four hundred") || strings.Contains(rejects, "GLASSWORKS") {
		t.Errorf("the rejects downloaded from %s: %q (%v)", href, rejects, err)
	}

	// Undo both from the history: the figures are exactly those of before.
	do("open the history", chromedp.Click(chromedp.CSS(`#history-link`)), chromedp.WaitVisible(chromedp.CSS(`#imports`)))
	for _, file := range []string{"hollowmere-extra.csv", ukUploadFile} {
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => { for (const tr of document.querySelectorAll('#imports tbody tr')) { if (tr.cells[2].textContent.trim() === %q && tr.querySelector('a.undo')) return tr.dataset.id; } return ''; })()`, file)))
		if err != nil || id == "" {
			t.Fatalf("no batch of %s to undo in the history (%v)", file, err)
		}
		do("undo "+file, chromedp.Click(chromedp.CSS(`#imports tr[data-id="`+id+`"] a.undo`)), chromedp.WaitVisible(chromedp.CSS(`#confirm-undo`)),
			chromedp.Click(chromedp.CSS(`#confirm-undo`)), chromedp.WaitVisible(chromedp.CSS(`#undo-done`)))
	}
	shot("upload-undone-en.png")
	undone := figures()
	if !sameFigures(before, undone) {
		t.Errorf("after the undo the figures are not those of before:\n%s", diffFigures(before, undone))
	}
	t.Logf("the council's years before: %s\nafter the import: %s\nafter the undo: %s", before["years?lang=en"], after["years?lang=en"], undone["years?lang=en"])
}

// watchJob follows a job's page, which reloads itself while the job
// runs, until it says the job is done; it returns the states it showed
// with the rows read so far, and fails the test when the job failed.
func watchJob(t *testing.T, br *browser) []string {
	t.Helper()
	var seen []string
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		// The page may be reloading: a failed read is tried again.
		state, err := chromedp.Run(br.ctx, chromedp.Evaluate[string](`(() => {
  const s = document.querySelector('#job-state'); if (!s) return '';
  const p = document.querySelector('#job-progress');
  return s.dataset.state + (p ? ' [progress] ' : ' ') + s.textContent.trim(); })()`))
		if err == nil && state != "" {
			if len(seen) == 0 || seen[len(seen)-1] != state {
				seen = append(seen, state)
			}
			kind, _, _ := strings.Cut(state, " ")
			switch kind {
			case "done":
				return seen
			case "failed":
				br.shot("upload-failed.png")
				t.Fatalf("the job failed: %v; %s", seen, br.text(`#job-error`))
			case "queued", "running":
				if !strings.Contains(state, "[progress]") || !regexp.MustCompile(`rows read so far`).MatchString(state) {
					t.Errorf("a running job's page has no progress bar or rows read so far: %q", state)
				}
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("the job was not done in 3 minutes: %v", seen)
	return nil
}

// getOK reads an API answer that must be 200.
func getOK(t *testing.T, c *http.Client, u string) []byte {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %s", u, resp.StatusCode, b)
	}
	return b
}

func sameFigures(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal([]byte(v), []byte(b[k])) {
			return false
		}
	}
	return true
}

// diffFigures says which figures differ, with the first difference.
func diffFigures(a, b map[string]string) string {
	var out strings.Builder
	for k, v := range a {
		w := b[k]
		if v == w {
			continue
		}
		i := 0
		for i < len(v) && i < len(w) && v[i] == w[i] {
			i++
		}
		from := max(0, i-120)
		fmt.Fprintf(&out, "%s differs at byte %d:\n  before …%.300s\n  now    …%.300s\n", k, i, v[from:], w[from:])
	}
	return out.String()
}
