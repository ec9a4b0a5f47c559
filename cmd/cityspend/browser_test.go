// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/pdf"
)

// artifacts is where tests keep what a person may want to look at after the
// run (screenshots, a report): $CITYSPEND_ARTIFACTS, which scripts/test sets
// to ./artifacts, else a folder under the system's temporary directory.
func artifacts(t *testing.T) string {
	dir := os.Getenv("CITYSPEND_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "cityspend-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser is headless Chromium driven through the DevTools protocol, with
// helpers that fail the test: do (steps), text (of an element), shot (a
// screenshot kept in the artefacts folder).
type browser struct {
	t   *testing.T
	ctx context.Context
	dir string
}

// newBrowser opens a browser (the test is skipped without Chromium) for a
// test of at most three minutes.
func newBrowser(t *testing.T) *browser { return newBrowserFor(t, 3*time.Minute) }

// newBrowserFor opens a browser for a test of at most d: a tab of the
// package's one Chromium (sharedChromium) in a browser context of its own
// (its own cookies and storage), 1280 × 900 px, closed when the test ends.
func newBrowserFor(t *testing.T, d time.Duration) *browser {
	t.Helper()
	if _, err := pdf.Browser(); err != nil {
		t.Skipf("no browser test: %v", err)
	}
	parent, err := sharedChromium()
	if err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	tab, closeTab := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithTimeout(tab, d)
	t.Cleanup(func() { cancel(); closeTab() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return &browser{t: t, ctx: ctx, dir: artifacts(t)}
}

// chromium is the one headless Chromium the package's browser tests
// share (starting one costs a second or two of both cores), started by
// the first that asks and stopped by TestMain.
var chromium struct {
	sync.Mutex
	ctx  context.Context // its first tab's, which the others are opened from
	stop func()
	err  error
}

// sharedChromium starts the package's Chromium once and returns its
// context.
func sharedChromium() (context.Context, error) {
	chromium.Lock()
	defer chromium.Unlock()
	if chromium.ctx != nil || chromium.err != nil {
		return chromium.ctx, chromium.err
	}
	bin, err := pdf.Browser()
	if err != nil {
		chromium.err = err
		return nil, err
	}
	dir, err := os.MkdirTemp("", "cityspend-chromium-")
	if err != nil {
		chromium.err = err
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(bin), chromedp.UserDataDir(dir), chromedp.WindowSize(1280, 900),
		chromedp.Flag("lang", "en-GB"), chromedp.Flag("accept-lang", "en-GB,en")}
	for _, f := range pdf.Flags {
		name, val, ok := strings.Cut(strings.TrimPrefix(f, "--"), "=")
		if ok {
			opts = append(opts, chromedp.Flag(name, val))
		} else {
			opts = append(opts, chromedp.Flag(name, true))
		}
	}
	actx, stopAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, stopBrowser := chromedp.NewContext(actx)
	stop := func() { stopBrowser(); stopAlloc(); os.RemoveAll(dir) }
	if err := chromedp.Do(ctx); err != nil { // starts it
		stop()
		chromium.err = err
		return nil, err
	}
	chromium.ctx, chromium.stop = ctx, stop
	return ctx, nil
}

// browserDemo is the start of a browser test on the demo: it runs beside
// the package's other long tests, is skipped with -short or without
// Chromium, and serves a copy of the demo database with that many lines
// (demoCopy: built once per test binary, the size the other demo tests
// use) at base. It returns the copy's path (the demo's mail folder is
// beside it) and a browser; both last up to ten minutes.
func browserDemo(t *testing.T, lines string) (base, db string, br *browser) {
	t.Helper()
	t.Parallel() // a long test: it runs beside the package's other long ones
	if testing.Short() {
		t.Skip("runs the demo in a browser")
	}
	if _, err := pdf.Browser(); err != nil {
		t.Skipf("no browser test: %v", err)
	}
	db = filepath.Join(t.TempDir(), "demo.duckdb")
	base, _ = startDemoFor(t, db, lines, 10*time.Minute)
	return base, db, newBrowserFor(t, 10*time.Minute)
}

// demoMail waits up to ten seconds for a message the demo serving db
// sends to an address (the demo delivers its mail to a folder beside the
// database, beside serving) with a match of re, and returns the match
// ("" when none came).
func demoMail(db, to string, re *regexp.Regexp) string {
	dir := strings.TrimSuffix(db, ".duckdb") + "-mail"
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		for _, f := range files {
			b, _ := os.ReadFile(f)
			if m := re.FindString(string(b)); m != "" && strings.Contains(string(b), "To: "+to) {
				return m
			}
		}
	}
	return ""
}

func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (b *browser) shot(name string) {
	b.t.Helper()
	buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, name), buf, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// The demo in real headless Chromium: the overview, the language switch, a
// place band's suppliers, a supplier's lines, the keyboard and a phone's
// screen. Screenshots are kept in the artefacts folder.
func TestBrowser(t *testing.T) {
	base, _, br := browserDemo(t, "3000")
	var a struct {
		TotalSpend string `json:"total_spend"`
		Currency   string `json:"currency"`
	}
	resp, err := http.Get(base + "api/v1/buyers/3909/analysis")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&a)
	resp.Body.Close()
	total, err := cityspend.ParseAmount(a.TotalSpend)
	if err != nil {
		t.Fatal(err)
	}

	ctx, dir, do, text, shot := br.ctx, br.dir, br.do, br.text, br.shot
	do("open the overview", chromedp.Navigate(base+"buyers/3909?lang=en"), chromedp.WaitVisible(chromedp.CSS(`#total-spend`)))
	totalEN := text(`#total-spend`)
	shot("overview-en.png")

	// The language switch.
	do("switch the language", chromedp.Click(chromedp.CSS(`#lang-switch`)), chromedp.WaitVisible(chromedp.CSS(`html[lang="nb"] #total-spend`)))
	totalNB := text(`#total-spend`)
	shot("overview-nb.png")

	// Geography, then the suppliers of band L0.
	do("open geography", chromedp.Click(chromedp.CSS(`nav.subtabs a[href*="/geography"]`)), chromedp.WaitVisible(chromedp.CSS(`#bands`)))
	shot("geography-nb.png")
	// The dashboards are published; the suppliers' pages are for staff: a
	// visitor's band is not a link that would ask for a login. Logging in
	// comes back to the page, where the band now leads to its suppliers.
	visitorLinks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#bands a[href*="/suppliers"], #bands a[href*="/lines"]').length`))
	if err != nil {
		t.Fatal(err)
	}
	do("log in", chromedp.Click(chromedp.CSS(`#login-link`)), chromedp.WaitVisible(chromedp.CSS(`#login-form`)))
	shot("login.png")
	do("log in", chromedp.SendKeys(chromedp.CSS(`#email`), "analyst@larvik.demo"), chromedp.SendKeys(chromedp.CSS(`#password`), demoPassword),
		chromedp.Click(chromedp.CSS(`#login-form button`)), chromedp.WaitVisible(chromedp.CSS(`#bands tr[data-key="L0"] th a`)))
	do("open band L0", chromedp.Click(chromedp.CSS(`#bands tr[data-key="L0"] th a`)), chromedp.WaitVisible(chromedp.CSS(`#suppliers`)))
	me := text(`#me`)
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	firstPlace := text(`#suppliers tbody tr:first-child td:nth-child(4)`)
	supplierName := text(`#suppliers tbody tr:first-child td:first-child`)
	shot("suppliers-L0.png")

	// The first supplier's lines.
	do("open the lines", chromedp.Click(chromedp.CSS(`#suppliers tbody tr:first-child td:last-child a`)), chromedp.WaitVisible(chromedp.CSS(`#lines`)))
	linesTotal := text(`#lines-total`)
	linesSupplier := text(`#lines tbody tr:first-child td:nth-child(2)`)
	shot("lines.png")

	// The review queue: confirm the first group's category.
	do("open the review queue", chromedp.Navigate(base+"buyers/3909/review?lang=en"), chromedp.WaitVisible(chromedp.CSS(`#review`)))
	shot("review.png")
	supplier, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#review li').dataset.supplier`))
	if err != nil || supplier == "" {
		t.Fatalf("the review queue has no group: %v", err)
	}
	do("confirm a category",
		chromedp.SetValue(chromedp.CSS(`#cpv-0`), "98500000"),
		chromedp.SetValue(chromedp.CSS(`#scope-0`), "supplier"),
		chromedp.SendKeys(chromedp.CSS(`#why-0`), "private households"),
		chromedp.Click(chromedp.CSS(`#review li:first-child button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#review-saved`)))
	// The cube shows the supplier under the new category, and the indicators
	// filtered to it count its spend.
	do("the cube", chromedp.Navigate(base+"buyers/3909/categories?lang=en&category=985&by=supplier"), chromedp.WaitVisible(chromedp.CSS(`#breakdown`)))
	shot("categories-985.png")
	hrefs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#breakdown a')].map(a => decodeURIComponent(a.getAttribute('href')))`))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range hrefs {
		found = found || strings.Contains(h, supplier)
	}
	if !found {
		t.Errorf("the cube of category 985 does not list the supplier %s: %v", supplier, hrefs)
	}
	do("the overview of the category", chromedp.Navigate(base+"buyers/3909?lang=en&category=985"), chromedp.WaitVisible(chromedp.CSS(`#total-spend`)))
	if got := text(`#total-spend`); got == i18n.New("en").Money(0, a.Currency) {
		t.Errorf("the overview filtered to category 985 shows %s", got)
	}

	// The plan: generate it, edit an item, publish it; the public page, the
	// Atom feed and the OCDS export show it.
	do("open the plan", chromedp.Navigate(base+"buyers/3909/plan?lang=en"), chromedp.WaitVisible(chromedp.CSS(`#generate`)))
	do("generate the plan", chromedp.Click(chromedp.CSS(`#generate button`)),
		chromedp.WaitVisible(chromedp.CSS(`#plan-saved`)), chromedp.WaitVisible(chromedp.CSS(`#plan tbody tr`)))
	itemID, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#plan tbody tr').dataset.id`))
	if err != nil || itemID == "" {
		t.Fatalf("the first plan item: %q %v", itemID, err)
	}
	const title = "Browser test: school cleaning"
	do("edit the item", chromedp.Click(chromedp.CSS(`#plan tbody tr:first-child th a`)), chromedp.WaitVisible(chromedp.CSS(`#plan-edit`)),
		chromedp.SetValue(chromedp.CSS(`#title`), title), chromedp.SetValue(chromedp.CSS(`#status`), "market_dialogue"),
		chromedp.Click(chromedp.CSS(`#save`)), chromedp.WaitVisible(chromedp.CSS(`#plan-saved`)))
	itemStatus := text(`#item-status`)
	history, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#plan-history tbody tr').length`))
	if err != nil {
		t.Fatal(err)
	}
	shot("plan-item.png")
	do("publish it", chromedp.Navigate(base+"buyers/3909/plan?lang=en"), chromedp.WaitVisible(chromedp.CSS(`#plan-form`)),
		chromedp.Click(chromedp.CSS(`#sel-`+itemID)),
		chromedp.Click(chromedp.CSS(`#publish`)), chromedp.WaitVisible(chromedp.CSS(`#plan-saved`)))
	shot("plan.png")
	do("the public page", chromedp.Click(chromedp.CSS(`#public-link`)), chromedp.WaitVisible(chromedp.CSS(`#pipeline-total`)))
	public := text(`#` + itemID + ` h2`)
	tabs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('nav.tabs').length`))
	if err != nil {
		t.Fatal(err)
	}
	shot("pipeline.png")
	fetch := func(path string) string {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return string(b)
	}
	atom, ocds := fetch("public/3909/pipeline.atom"), fetch("public/3909/plan.json")

	// The keyboard reaches the skip link first.
	do("tab", chromedp.Navigate(base+"buyers/3909"), chromedp.WaitVisible(chromedp.CSS(`#total-spend`)), chromedp.KeyEvent(kb.Tab))
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.className`))
	if err != nil {
		t.Fatal(err)
	}

	// A phone: nothing wider than the screen.
	do("phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"buyers/3909/geography"), chromedp.WaitVisible(chromedp.CSS(`#bands`)))
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil {
		t.Fatal(err)
	}
	// Charts keep readable text (the smallest label or value drawn, in CSS
	// pixels as shown), and the filters wait behind their button.
	smallest, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`Math.min(...[...document.querySelectorAll('figure.hbars .lbl, figure.hbars .val, svg.chart text')].map(e => {
		const r = e.getBoundingClientRect(); return r.height > 0 ? r.height : 1e9 }))`))
	if err != nil {
		t.Fatal(err)
	}
	filtersBefore, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('form.filters').offsetParent !== null`))
	if err != nil {
		t.Fatal(err)
	}
	shot("geography-phone.png")
	do("open the filters", chromedp.Click(chromedp.CSS(`label.filters-toggle`)), chromedp.WaitVisible(chromedp.CSS(`form.filters #year`)))
	shot("geography-phone-filters.png")
	t.Logf("screenshots in %s", dir)
	if want := i18n.New("en").Money(total, a.Currency); totalEN != want {
		t.Errorf("English overview total %q, want %q", totalEN, want)
	}
	if want := i18n.New("nb").Money(total, a.Currency); totalNB != want {
		t.Errorf("after the switch to Norwegian: total %q, want %q", totalNB, want)
	}
	if me != "analyst@larvik.demo" {
		t.Errorf("logged in as %q", me)
	}
	if !strings.Contains(location, "place=L0") || firstPlace != "L0" {
		t.Errorf("the band opened %s whose first supplier is in %q", location, firstPlace)
	}
	if !strings.Contains(linesTotal, "linjer") || !strings.Contains(strings.ToLower(linesSupplier), strings.ToLower(supplierName)) {
		t.Errorf("the supplier %q's lines: %q, first line's supplier %q", supplierName, linesTotal, linesSupplier)
	}
	if !strings.HasPrefix(itemStatus, "Market dialogue") || history < 2 {
		t.Errorf("the edited item: status %q, %d history rows", itemStatus, history)
	}
	if public != title || tabs != 0 {
		t.Errorf("the public page shows %q (want %q) and %d navigation bars (want none)", public, title, tabs)
	}
	if !strings.Contains(atom, title) || !strings.Contains(atom, "pipeline#"+itemID) {
		t.Errorf("the Atom feed does not have the published item: %.500s", atom)
	}
	if !strings.Contains(ocds, `"title": "`+title+`"`) || !strings.Contains(ocds, `"planning"`) {
		t.Errorf("the OCDS export does not have the published item: %.500s", ocds)
	}
	if focused != "skip" {
		t.Errorf("Tab focused %q, want the skip link", focused)
	}
	if overflow {
		t.Error("the geography page is wider than a phone's screen")
	}
	if smallest < 12 {
		t.Errorf("a chart's text is %.1f px high on a phone", smallest)
	}
	if filtersBefore {
		t.Error("the filters fill the phone's first screen before they are asked for")
	}
	if visitorLinks != 0 {
		t.Errorf("a visitor's geography page links %d figures to pages that ask for a login", visitorLinks)
	}
}
