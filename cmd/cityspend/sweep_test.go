// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/pdf"
	"github.com/cityspend/cityspend/web"
)

// The page sweep (docs/accessibility.md): every page of the server × every
// kind of visitor × nb and en × a desktop's and a phone's width, in real
// Chromium on the demo. A page fails on
//   - words of the other language in what a person reads (text and the
//     title, aria-label, placeholder and alt a screen reader reads), outside
//     what the page marks as data (translate="no") or as written in a
//     language of its own (lang);
//   - a number of five digits or more without grouping, outside data;
//   - a form whose route the visitor may not use (by the server's own
//     rule, web.Permitted);
//   - a horizontal scrollbar at 390 px;
//   - an axe-core violation (WCAG 2.1 A and AA) of serious or critical
//     impact.
//
// A screenshot of each visit that found something is kept in the
// artefacts folder (sweep/); with CITYSPEND_SWEEP_SHOTS=1, of every visit.
//
// Which visits: by default every role visits every page once, in a
// language and width that turn with the page and the role, so that each
// page is also seen in both languages at both widths (5 roles over 4
// language-widths: a covering set, a quarter of the whole matrix). With
// CITYSPEND_SWEEP_FULL=1 every role visits every page in every language
// and width; with -short every page is visited once in each language and
// width, as one role each.
func TestSweep(t *testing.T) {
	t.Parallel() // a long test: it runs beside the package's other long ones
	if _, err := pdf.Browser(); err != nil {
		t.Skipf("no page sweep: %v", err)
	}
	axe := axeScript(t)
	db := filepath.Join(t.TempDir(), "demo.duckdb")
	base, _ := startDemoFor(t, db, "3000", 60*time.Minute)
	base = strings.TrimSuffix(base, "/")
	names := sweepNames(t, base)

	// Buyers whose dashboards anyone may see (for the access rule).
	publishes := map[string]bool{}
	var buyers []struct {
		ID string `json:"id"`
	}
	decodeJSON(t, getText(t, http.DefaultClient, base+"/api/v1/buyers"), &buyers)
	for _, b := range buyers {
		publishes[b.ID] = true
	}

	// Each buyer's visitors see its pages: Larvik's every page, the
	// English council's the pages of a buyer (the rest are the same
	// pages whichever buyer's staff visits them).
	var roles []sweepRole
	for _, sb := range sweepBuyers {
		pages := sweepPages(t, base, sb)
		for _, r := range []struct{ name, email, role string }{
			{"anonymous", "", ""}, {"supplier", "supplier@firm.demo", ""},
			{"viewer", sb.viewer, "viewer"}, {"analyst", sb.analyst, "analyst"}, {"admin", sb.admin, "admin"},
		} {
			v := web.Visitor{SignedIn: r.email != "", Supplier: r.name == "supplier", Role: r.role}
			roles = append(roles, sweepRole{name: r.name, email: r.email, buyer: sb.id, v: v, pages: pages})
		}
	}
	perBuyer := len(roles) / len(sweepBuyers)
	widths := []int64{1366, 390}
	langs := []string{"nb", "en"}

	dir := filepath.Join(artifacts(t), "sweep")
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	br := newBrowserFor(t, 60*time.Minute)
	if err := chromedp.Do(br.ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	// CITYSPEND_SWEEP narrows the sweep while fixing what it found: a
	// regular expression on "/buyers/3909/plan as viewer, nb, 390 px".
	var only *regexp.Regexp
	if re := os.Getenv("CITYSPEND_SWEEP"); re != "" {
		only = regexp.MustCompile(re)
	}
	full := os.Getenv("CITYSPEND_SWEEP_FULL") == "1"
	sweepLog = t.Logf
	defer func() { sweepLog = nil }()
	start := time.Now()
	sw := &sweep{t: t, base: base, dir: dir, axe: axe, publishes: publishes, names: names, checked: map[string][]sweepAxeResult{}}
	// The roles run two at a time, each in a tab of its own browser
	// context (its own cookies): the machine's two cores both work.
	var wg sync.WaitGroup
	slots := make(chan struct{}, 2)
	for i, role := range roles {
		ri := i % perBuyer // the role's place among its buyer's visitors
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			ctx, cancel := chromedp.NewContext(br.ctx, chromedp.WithNewBrowserContext())
			defer cancel()
			if role.email != "" {
				if err := chromedp.Do(ctx, chromedp.Navigate(base+"/login?lang=en"), chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
					chromedp.SendKeys(chromedp.CSS(`#email`), role.email), chromedp.SendKeys(chromedp.CSS(`#password`), demoPassword),
					chromedp.Click(chromedp.CSS(`#login-form button`)), chromedp.WaitVisible(chromedp.CSS(`#me`))); err != nil {
					t.Errorf("log in as %s: %v", role.email, err)
					return
				}
			}
			seen := map[string]bool{}
			for wi, width := range widths {
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
					t.Error(err)
					return
				}
				for li, lang := range langs {
					for pi, p := range role.pages {
						if !sweepVisits(full, role.buyer != sweepBuyers[0].id, perBuyer, len(langs), len(widths), ri, pi, li, wi) {
							continue
						}
						where := fmt.Sprintf("%s as %s, %s, %d px", p, role.name, lang, width)
						if only != nil && !only.MatchString(where) {
							continue
						}
						sw.visit(ctx, where, p, lang, width, role, seen)
					}
				}
			}
		}()
	}
	wg.Wait()
	visits, skipped, found := sw.visits, sw.skipped, sw.found
	elapsed := time.Since(start)
	t.Logf("page sweep (full matrix %v): %d pages of %d buyers, %d roles each, %d languages, %d widths: %d visits checked (%d more led to a page already checked) in %s; screenshots in %s",
		full, sweepPageCount(roles, perBuyer), len(sweepBuyers), perBuyer, len(langs), len(widths), visits, skipped, elapsed.Round(time.Second), dir)
	found.report(t, filepath.Join(dir, "findings.txt"))
}

// sweepVisits says whether role ri (of roles) visits page pi in language
// li (of nl) at width wi (of nw), by the matrix the package doc
// describes; later is a buyer after the first, whose pages are the first
// one's templates with its own data: by default each of its pages is
// seen at one width (the widths alternate from page to page) and its
// language turns with the role, so that every role still sees every page
// once and every page is seen in both languages.
func sweepVisits(full, later bool, roles, nl, nw, ri, pi, li, wi int) bool {
	c := wi*nl + li
	switch {
	case full:
		return true
	case testing.Short():
		return (pi+c)%roles == ri
	case later:
		return wi == pi%nw && li == (pi+ri)%nl
	}
	return (pi+ri)%(nl*nw) == c
}

// sweep is the state the roles' tabs share.
type sweep struct {
	t               *testing.T
	base, dir, axe  string
	publishes       map[string]bool
	names           *regexp.Regexp
	mu              sync.Mutex
	found           sweepFindings
	visits, skipped int
	// checked is axe-core's answer for a page's markup (its hash) at a
	// width: the same markup at the same width gets the same answer, so
	// a page that is the same for two roles is checked once.
	checked map[string][]sweepAxeResult
}

// visit opens a page as a role in its tab, checks it and keeps its
// screenshot when it found something. A page that sends the visitor elsewhere (the login page, a
// refusal) is checked once per role, language and width.
func (sw *sweep) visit(ctx context.Context, where, p, lang string, width int64, role sweepRole, seen map[string]bool) {
	t := sw.t
	t0 := time.Now()
	res, err := sweepVisit(ctx, sw.base, p, lang)
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	key := fmt.Sprintf("%s|%d|%s|%d", res.Path, res.Status, lang, width)
	if seen[key] {
		sw.mu.Lock()
		sw.skipped++
		sw.mu.Unlock()
		return
	}
	seen[key] = true
	t1 := time.Now()
	axeKey := fmt.Sprintf("%s|%d", res.Hash, width)
	sw.mu.Lock()
	cached, ok := sw.checked[axeKey]
	sw.mu.Unlock()
	if ok {
		res.Axe = cached
	} else if res.Axe, err = sweepRunAxe(ctx, sw.axe); err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	t2 := time.Now()
	sw.mu.Lock()
	sw.checked[axeKey] = res.Axe
	sw.visits++
	before := sw.found.count()
	sw.found.check(where, res, lang, width, role, sw.publishes, sw.names)
	found := sw.found.count() > before
	sw.mu.Unlock()
	// Nothing looks at the screenshot of a visit that found nothing: a
	// full-page capture is taken where the visit found something, or for
	// a person who asks for all (CITYSPEND_SWEEP_SHOTS=1).
	if found || os.Getenv("CITYSPEND_SWEEP_SHOTS") == "1" {
		name := strings.Trim(sanitize.ReplaceAllString(p, "_"), "_")
		if name == "" {
			name = "home"
		}
		shot := fmt.Sprintf("%s-%s-%s-%d.jpg", name, role.name, lang, width)
		if err := sweepShot(ctx, filepath.Join(sw.dir, shot), width); err != nil {
			t.Errorf("%s: screenshot: %v", where, err)
		}
	}
	if os.Getenv("SWEEP_TIMES") != "" {
		t.Logf("%s: %s (open and read %s, axe %s%s)", where, time.Since(t0).Round(10*time.Millisecond),
			t1.Sub(t0).Round(10*time.Millisecond), t2.Sub(t1).Round(10*time.Millisecond), map[bool]string{true: ", as before"}[ok])
	}
}

// sweepRole is a kind of visitor: the demo account it logs in with ("" for
// anonymous), the buyer whose pages it visits and what the access rule
// knows of it at that buyer.
type sweepRole struct {
	name, email, buyer string
	v                  web.Visitor
	pages              []string
}

// sweepBuyer is a demo buyer whose pages the sweep visits, with the demo
// accounts of its staff. The first one's visitors also visit the pages
// of no buyer (the home page, the handbook, the login).
type sweepBuyer struct {
	id, viewer, analyst, admin string
}

// sweepBuyers are the demo's Norwegian municipality Larvik and its
// English district council: a council's pages are in the page's
// language too, with its registers' reasons and its GBP amounts.
var sweepBuyers = []sweepBuyer{
	{"3909", "viewer@larvik.demo", "analyst@larvik.demo", "admin@larvik.demo"},
	{demoUK.ID, "viewer@hollowmere.demo", "analyst@hollowmere.demo", "admin@hollowmere.demo"},
}

// sweepPageCount counts the pages the roles visit (each buyer's once).
func sweepPageCount(roles []sweepRole, perBuyer int) int {
	n := 0
	for i := 0; i < len(roles); i += perBuyer {
		n += len(roles[i].pages)
	}
	return n
}

var sanitize = regexp.MustCompile(`[^A-Za-z0-9]+`)

// axeScript is axe-core's axe.min.js: at $CITYSPEND_AXE, else where
// scripts/setup installs it from npm. Without it the test fails, unless
// npm is missing too (then it skips, saying so).
func axeScript(t *testing.T) string {
	t.Helper()
	p := os.Getenv("CITYSPEND_AXE")
	if p == "" {
		cache := os.Getenv("XDG_CACHE_HOME")
		if cache == "" {
			home, _ := os.UserHomeDir()
			cache = filepath.Join(home, ".cache")
		}
		p = filepath.Join(cache, "cityspend", "npm", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		if _, npm := exec.LookPath("npm"); npm != nil {
			t.Skipf("no page sweep: axe-core is not installed (%v) and there is no npm to install it with; run scripts/setup", err)
		}
		t.Fatalf("axe-core is not installed (%v): run scripts/setup, which installs it with npm", err)
	}
	return string(b)
}

// sweepPages lists every page (GET route that answers with HTML for a
// person) from the server's own routes, with the demo's ids for its
// parameters: a buyer's pages with its ids, and for the first buyer the
// pages of no buyer too. A new page whose parameter the sweep has no id
// for fails the test, so that no page is left out unnoticed. What a buyer
// has none of (the council's challenges, findings) is visited as the page
// that says there is no such thing.
func sweepPages(t *testing.T, base string, sb sweepBuyer) []string {
	t.Helper()
	larvik := sb.id == sweepBuyers[0].id
	admin := login(t, base+"/", sb.admin, demoPassword)
	var firstOr func(path, re, or string, not ...string) string
	first := func(path, re string, not ...string) string {
		t.Helper()
		return firstOr(path, re, "", not...)
	}
	firstOr = func(path, re, or string, not ...string) string {
		t.Helper()
		body := getText(t, admin, base+path)
		for _, m := range regexp.MustCompile(re).FindAllStringSubmatch(body, -1) {
			skip := false
			for _, n := range not {
				skip = skip || m[1] == n
			}
			if id, err := url.PathUnescape(m[1]); err == nil && !skip {
				return id
			}
		}
		if or == "" {
			t.Fatalf("the demo has no link matching %s on %s", re, path)
		}
		return or
	}
	b := "/buyers/" + sb.id
	// The first buyer (Larvik) has one of each.
	none := func(s string) string {
		if larvik {
			return ""
		}
		return s
	}
	ids := map[string]string{
		"id":  sb.id,
		"cid": firstOr(b+"/challenges", `href="`+b+`/challenges/([^"?#/]+)`, none("no-such-challenge")),
		"fid": firstOr(b+"/findings", `href="`+b+`/findings/([^"?#/]+)`, none("no-such-finding")),
		// The demo has no tender data: its tender page is then the
		// page that says there is no such tender.
		"ocid": firstOr(b+"/findings", `href="`+b+`/tenders/([^"?#/]+)`, "ocds-demo-none"),
		"sid":  first(b+"/suppliers", `href="`+b+`/suppliers/([^"?#/]+)`, "review"),
		"item": first(b+"/plan", `href="`+b+`/plan/([^"?#/]+)`, "generate", "new"),
		"slug": first("/handbook", `href="/handbook/([^"?#/]+)`),
		// An import's undo (its confirmation page; the sweep posts nothing).
		"bid": first(b+"/imports", `href="`+b+`/imports/([^"?#/]+)/undo"`),
		// An import job's page: a dry run's, which stores nothing and
		// shows the header mapping.
		"job": sweepDryRun(t, admin, base, sb.id),
	}
	param := regexp.MustCompile(`\{(\$?)([a-z]*)(\.\.\.)?\}`)
	var out []string
	for _, pattern := range web.Routes() {
		method, path, _ := strings.Cut(pattern, " ")
		if method != "GET" || !sweepIsPage(path) || !larvik && !strings.Contains(path, "{id}") {
			continue
		}
		var missing []string
		path = param.ReplaceAllStringFunc(path, func(m string) string {
			sm := param.FindStringSubmatch(m)
			if sm[1] == "$" {
				return ""
			}
			id, ok := ids[sm[2]]
			if !ok {
				missing = append(missing, sm[2])
			}
			return url.PathEscape(id)
		})
		if len(missing) > 0 {
			t.Errorf("the page %s has parameters the sweep has no demo id for: %v (add one in sweepPages)", pattern, missing)
			continue
		}
		if path == "/confirm" || path == "/invite" {
			path += "?token=not-a-token" // the page a stale link shows
		}
		// A route that answers with a file (a CSV) is a download.
		resp, err := admin.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); resp.StatusCode == http.StatusOK && !strings.HasPrefix(ct, "text/html") {
			continue
		}
		out = append(out, path)
	}
	if len(out) < 25 {
		t.Fatalf("only %d pages of %s found in the routes: %v", len(out), sb.id, out)
	}
	return out
}

// sweepNames matches the demo's proper names: its buyers' and their
// suppliers' names (as each buyer's administrator sees them), which
// pages write inside sentences (a match's reasons, a chart's labels).
// The word lists do not apply to them.
func sweepNames(t *testing.T, base string) *regexp.Regexp {
	t.Helper()
	var buyers []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	decodeJSON(t, getText(t, http.DefaultClient, base+"/api/v1/buyers"), &buyers)
	seen := map[string]bool{}
	for _, b := range buyers {
		seen[b.Name] = true
	}
	for _, a := range []struct{ buyer, email string }{{"3909", "admin@larvik.demo"}, {"3907", "admin@sandefjord.demo"}, {"3905", "admin@tonsberg.demo"}, {demoUK.ID, "admin@hollowmere.demo"}} {
		var sups []struct {
			Name string `json:"name"`
		}
		decodeJSON(t, getText(t, login(t, base+"/", a.email, demoPassword), base+"/api/v1/buyers/"+a.buyer+"/suppliers"), &sups)
		for _, s := range sups {
			seen[s.Name] = true
		}
	}
	var list []string
	// A name matches as a whole word where it starts or ends with a
	// letter or digit (so "Nord AS" leaves "Nord ASA" alone); RE2's \b
	// knows ASCII only, so an edge in Æ, Ø, Å is left open.
	word := regexp.MustCompile(`^[A-Za-z0-9_]`)
	for n := range seen {
		r := []rune(n)
		if len(r) < 3 {
			continue
		}
		q := regexp.QuoteMeta(n)
		if word.MatchString(n) {
			q = `\b` + q
		}
		if word.MatchString(string(r[len(r)-1])) {
			q += `\b`
		}
		list = append(list, q)
	}
	if len(list) < 50 {
		t.Fatalf("only %d names of buyers and suppliers in the demo", len(list))
	}
	sort.Slice(list, func(i, j int) bool { return len(list[i]) > len(list[j]) }) // the longest first
	return regexp.MustCompile(`(?i)` + strings.Join(list, "|"))
}

// sweepIsPage tells a page from the rest of the GET routes: the API,
// static files, probes, downloads (a file name or an extension) and
// files of challenges. (A route that answers with anything but HTML is
// left out too, in sweepPages.)
func sweepIsPage(path string) bool {
	switch {
	case strings.HasPrefix(path, "/api/"), strings.HasPrefix(path, "/static/"),
		path == "/healthz", path == "/readyz",
		strings.Contains(path, "{file}"), strings.Contains(path, "{name}"):
		return false
	}
	last := path[strings.LastIndex(path, "/")+1:]
	return !strings.Contains(last, ".")
}

func getText(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", u, resp.StatusCode, err)
	}
	return string(b)
}

// sweepResult is what a visit collected in the page.
type sweepResult struct {
	Status int
	URL    string     `json:"url"`
	Path   string     `json:"path"`
	Lang   string     `json:"lang"`
	Texts  []sweepBit `json:"texts"`
	Forms  []struct {
		Method string `json:"method"`
		Action string `json:"action"`
		Where  string `json:"where"`
	} `json:"forms"`
	ScrollWidth int      `json:"scrollWidth"`
	ClientWidth int      `json:"clientWidth"`
	Wide        []string `json:"wide"`
	Hash        string   `json:"hash"`
	Axe         []sweepAxeResult
}

// sweepAxeResult is one of axe-core's violations.
type sweepAxeResult struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// sweepBit is a piece of text a person reads and the element it is in.
type sweepBit struct {
	T string `json:"t"`
	W string `json:"w"`
}

// sweepCollect gathers, in the page, with every <details> opened, its
// visible text outside data, its forms and its width. Text counts when its element is rendered (a
// select's options when the select is); data is what sits inside
// translate="no" or inside a lang other than the page's.
const sweepCollect = `(() => {
for (const d of document.querySelectorAll('details')) d.open = true; // what a person may open is read too
const lang = document.documentElement.lang;
const where = el => { const p = []; for (let e = el; e && e !== document.body && p.length < 4; e = e.parentElement) {
  p.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '')); } return p.join(' > '); };
const data = el => { if (el.closest('[translate="no"], script, style, noscript, template')) return true;
  const l = el.closest('[lang]'); return !!l && l.lang !== lang; };
const shown = el => { const s = el.closest('select'); return (s || el).checkVisibility({visibilityProperty: true}); };
const texts = [];
const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n; (n = w.nextNode());) {
  const t = n.data.replace(/\s+/g, ' ').trim(); const el = n.parentElement;
  if (!t || !el || data(el) || !shown(el)) continue;
  texts.push({t, w: where(el)});
}
for (const el of document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt], input[type=submit], input[type=button]')) {
  if (data(el) || !shown(el)) continue;
  for (const a of ['title', 'aria-label', 'placeholder', 'alt']) { const v = el.getAttribute(a); if (v && v.trim()) texts.push({t: v.trim(), w: where(el) + '@' + a}); }
  if (el.tagName === 'INPUT' && /^(submit|button|reset)$/.test(el.type) && el.value) texts.push({t: el.value, w: where(el) + '@value'});
}
const forms = [];
// (A form's action attribute, read as such: a field named "action" hides
// the form's property.)
const abs = a => new URL(a || location.href, location.href).href;
for (const f of document.querySelectorAll('form')) {
  forms.push({method: (f.getAttribute('method') || 'get').toLowerCase(), action: abs(f.getAttribute('action')), where: where(f)});
  for (const b of f.querySelectorAll('[formaction]')) forms.push({method: (b.getAttribute('formmethod') || f.getAttribute('method') || 'get').toLowerCase(), action: abs(b.getAttribute('formaction')), where: where(b)});
}
const de = document.documentElement, wide = [];
if (de.scrollWidth > de.clientWidth) for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect(); if (r.right > de.clientWidth + 1 && el.checkVisibility() && ![...el.children].some(c => c.getBoundingClientRect().right > de.clientWidth + 1)) wide.push(where(el) + ' (' + Math.round(r.right) + ' px)');
  if (wide.length >= 5) break; }
// The markup without what differs between two visits of the same page
// (form tokens, the signed-in user's address), hashed (FNV-1a).
const markup = de.outerHTML.replace(/name="csrf" value="[^"]*"/g, '').replace(/<span id="me"[^>]*>[^<]*/, '');
let h = 0x811c9dc5; for (let i = 0; i < markup.length; i++) { h ^= markup.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
return JSON.stringify({url: location.href, path: location.pathname, lang, texts, forms, scrollWidth: de.scrollWidth, clientWidth: de.clientWidth, wide, hash: h.toString(16) + ':' + markup.length});
})()`

// sweepAxe runs axe-core on the page for WCAG 2.1 A and AA.
const sweepAxe = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
 .then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => ({target: n.target, failureSummary: n.failureSummary}))}))))`

// sweepVisit opens a page in a language and collects what the checks read.
func sweepVisit(ctx context.Context, base, path, lang string) (*sweepResult, error) {
	u := base + path
	if strings.Contains(u, "?") {
		u += "&lang=" + lang
	} else {
		u += "?lang=" + lang
	}
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", u, err)
	}
	js, err := chromedp.Run(ctx, chromedp.Evaluate[string](sweepCollect))
	if err != nil {
		return nil, fmt.Errorf("read the page: %w", err)
	}
	res := &sweepResult{}
	if err := json.Unmarshal([]byte(js), res); err != nil {
		return nil, err
	}
	if resp != nil {
		res.Status = int(resp.Status)
	}
	return res, nil
}

// sweepRunAxe loads axe-core into the page and runs it.
func sweepRunAxe(ctx context.Context, axe string) ([]sweepAxeResult, error) {
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](axe+"\n;0")); err != nil {
		return nil, fmt.Errorf("load axe-core: %w", err)
	}
	js, err := chromedp.Run(ctx, chromedp.Evaluate[string](sweepAxe, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	var out []sweepAxeResult
	return out, json.Unmarshal([]byte(js), &out)
}

// sweepShot keeps a JPEG of the page, at most 6000 px of its height.
func sweepShot(ctx context.Context, file string, width int64) error {
	h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollHeight`))
	if err != nil {
		return err
	}
	h = min(h, 6000)
	buf, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatJpeg,
			Quality: new(int64(60)), CaptureBeyondViewport: new(true),
			Clip: &page.Viewport{X: 0, Y: 0, Width: float64(width), Height: h, Scale: 1}})
		if err != nil {
			return nil, err
		}
		return res.Data, nil
	})
	if err != nil {
		return err
	}
	return os.WriteFile(file, buf, 0o644)
}

// English words that a Norwegian page must not show, and Norwegian words
// an English page must not show: common words of running text and the
// interface's own words, none of which is a word of the other language
// (so not "for", "is", "by", "plan", "status", "total").
var (
	sweepEnglish = words(`the and with of from this that which your you was were has have not
		supplier suppliers download year years spend share category categories buyer buyers
		published large small medium unknown save search previous next show threshold above below
		award contract contracts none planned draft amount`)
	sweepNorwegian = words(`og ikke eller leverandør leverandøren leverandører leverandørene kommune kommunen
		innkjøp beløp år av på er som fra lagre vis søk totalt andel ukjent ingen hvor hva kategori
		kategorier kjøper avtale avtaler`)
	sweepPhrases = map[string]*regexp.Regexp{"nb": regexp.MustCompile(`(?i)\b(log in|sign in)\b`), "en": regexp.MustCompile(`(?i)\b(last ned|logg inn)\b`)}
	wordRE       = regexp.MustCompile(`\p{L}+`)
	// A number as written: digits, with decimals after a point or a
	// comma; its whole part must not run to five digits (a fraction may:
	// 0,02103 kg).
	numberRE = regexp.MustCompile(`\d+(?:[.,]\d+)*`)
	// Codes are codes wherever they stand, not amounts: a CPV code, eight
	// digits with the check digit (45200000-9) or eight digits named CPV;
	// a UK statistical area's GSS code (E07000999, a letter and eight
	// digits); an organisation identifier with its scheme
	// (GB-CHC:1190077, GB-COH:01000001).
	cpvCode = regexp.MustCompile(`\b\d{8}-\d\b|\bCPV \d{8}\b|\b[EWSNK]\d{8}\b|\b[A-Z]{2}-[A-Z]{3,4}:[A-Z0-9]+\b`)
)

// longNumber is the first number in s whose whole part has five digits
// or more, outside codes ("" if none).
func longNumber(s string) string {
	s = cpvCode.ReplaceAllString(s, "")
	for _, n := range numberRE.FindAllString(s, -1) {
		if whole, _, _ := strings.Cut(strings.ReplaceAll(n, ",", "."), "."); len(whole) >= 5 {
			return n
		}
	}
	return ""
}

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// sweepFindings gathers what the sweep found: each kind and detail with
// where it was seen.
type sweepFindings map[string]map[string][]string

// count is how many times anything was found.
func (f sweepFindings) count() int {
	n := 0
	for _, details := range f {
		for _, wheres := range details {
			n += len(wheres)
		}
	}
	return n
}

func (f *sweepFindings) add(kind, detail, where string) {
	if *f == nil {
		*f = sweepFindings{}
	}
	if (*f)[kind] == nil {
		(*f)[kind] = map[string][]string{}
	}
	if sweepLog != nil && (*f)[kind][detail] == nil {
		sweepLog("found: %s: %s — %s", kind, detail, where) // as it is found, for a long run
	}
	(*f)[kind][detail] = append((*f)[kind][detail], where)
}

// sweepLog logs a finding when it is first seen (the test's Logf).
var sweepLog func(format string, args ...any)

func (f *sweepFindings) check(where string, res *sweepResult, lang string, width int64, role sweepRole, publishes map[string]bool, names *regexp.Regexp) {
	if res.Status >= 500 {
		f.add("server error", fmt.Sprintf("%d at %s", res.Status, res.Path), where)
	}
	if res.Lang != lang {
		f.add("page language", fmt.Sprintf("%s is in %q", res.Path, res.Lang), where)
	}
	other := sweepEnglish
	if lang == "en" {
		other = sweepNorwegian
	}
	for _, b := range res.Texts {
		// A name within a sentence ("Has supplied Larvik kommune with…")
		// is the name's; the words around it are the page's.
		b.T = names.ReplaceAllString(b.T, "…")
		for _, w := range wordRE.FindAllString(b.T, -1) {
			if other[strings.ToLower(w)] {
				f.add("other language", fmt.Sprintf("%s page: %q in %q at %s", lang, w, clip(b.T), b.W), where)
			}
		}
		if m := sweepPhrases[lang].FindString(b.T); m != "" {
			f.add("other language", fmt.Sprintf("%s page: %q in %q at %s", lang, m, clip(b.T), b.W), where)
		}
		if m := longNumber(b.T); m != "" {
			f.add("unformatted number", fmt.Sprintf("%q in %q at %s", m, clip(b.T), b.W), where)
		}
	}
	for _, fm := range res.Forms {
		u, err := url.Parse(fm.Action)
		if err != nil {
			f.add("form", fmt.Sprintf("unreadable action %q at %s", fm.Action, fm.Where), where)
			continue
		}
		v := role.v
		buyer := ""
		if m := regexp.MustCompile(`^/(?:api/v1/)?(?:buyers|public)/([^/]+)`).FindStringSubmatch(u.Path); m != nil {
			buyer = m[1]
		}
		if buyer != role.buyer {
			v.Role = ""
		}
		pattern, ok, err := web.Permitted(strings.ToUpper(fm.Method), u.Path, v, publishes[buyer])
		if err != nil {
			f.add("form", fmt.Sprintf("unreadable action %q at %s: %v", fm.Action, fm.Where, err), where)
			continue
		}
		if !ok {
			f.add("form", fmt.Sprintf("%s %s (route %q) at %s on %s", strings.ToUpper(fm.Method), u.Path, pattern, fm.Where, res.Path), where)
		}
	}
	if width <= 390 && res.ScrollWidth > res.ClientWidth {
		f.add("horizontal scroll", fmt.Sprintf("%s is %d px wide in %d: %s", res.Path, res.ScrollWidth, res.ClientWidth, strings.Join(res.Wide, "; ")), where)
	}
	for _, a := range res.Axe {
		if a.Impact != "serious" && a.Impact != "critical" {
			continue
		}
		var nodes []string
		for _, n := range a.Nodes {
			nodes = append(nodes, fmt.Sprint(n.Target))
		}
		f.add("accessibility", fmt.Sprintf("%s (%s, %s) on %s: %s", a.ID, a.Impact, a.Help, res.Path, strings.Join(nodes, " ")), where)
	}
}

func clip(s string) string {
	if r := []rune(s); len(r) > 90 {
		return string(r[:90]) + "…"
	}
	return s
}

// report fails the test with each finding once, where it was seen first
// and how often, grouped by kind.
func (f sweepFindings) report(t *testing.T, file string) {
	t.Helper()
	var all strings.Builder
	defer func() {
		if err := os.WriteFile(file, []byte(all.String()), 0o644); err != nil {
			t.Error(err)
		}
	}()
	kinds := make([]string, 0, len(f))
	for k := range f {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		details := make([]string, 0, len(f[k]))
		for d := range f[k] {
			details = append(details, d)
		}
		sort.Strings(details)
		t.Errorf("%s: %d different findings", k, len(details))
		for _, d := range details {
			fmt.Fprintf(&all, "%s\t%s\t%s\t%d\n", k, d, f[k][d][0], len(f[k][d]))
		}
		for i, d := range details {
			if i == 80 {
				t.Errorf("  … and %d more (all in %s)", len(details)-i, file)
				break
			}
			ws := f[k][d]
			t.Errorf("  %s — %s%s", d, ws[0], map[bool]string{true: fmt.Sprintf(" and %d more visits", len(ws)-1)}[len(ws) > 1])
		}
	}
}

// The default matrix is a covering set: every role sees every page once,
// and every page is seen in every language and width; a later buyer's
// pages in every language at one width each, both widths in turn.
func TestSweepVisitsCover(t *testing.T) {
	if testing.Short() {
		t.Skip("the default matrix is not the one -short uses")
	}
	const roles, nl, nw, pages = 5, 2, 2, 38
	for _, later := range []bool{false, true} {
		visits := 0
		widths := map[int]bool{}
		for pi := range pages {
			seenLang, seenWidth := map[int]bool{}, map[int]bool{}
			for ri := range roles {
				n := 0
				for li := range nl {
					for wi := range nw {
						if sweepVisits(false, later, roles, nl, nw, ri, pi, li, wi) {
							n++
							seenLang[li], seenWidth[wi], widths[wi] = true, true, true
						}
					}
				}
				if n != 1 {
					t.Errorf("later buyer %v, page %d, role %d: %d visits, want 1", later, pi, ri, n)
				}
				visits += n
			}
			if len(seenLang) != nl {
				t.Errorf("later buyer %v, page %d: seen in %d of %d languages", later, pi, len(seenLang), nl)
			}
			if want := map[bool]int{false: nw, true: 1}[later]; len(seenWidth) != want {
				t.Errorf("later buyer %v, page %d: seen at %d widths, want %d", later, pi, len(seenWidth), want)
			}
		}
		if len(widths) != nw {
			t.Errorf("later buyer %v: the pages are seen at %d of %d widths", later, len(widths), nw)
		}
		if full := roles * nl * nw * pages; visits*4 > full+pages*nl*nw {
			t.Errorf("later buyer %v: %d visits of %d: not the quarter it is meant to be", later, visits, full)
		}
	}
}

// sweepDryRun starts a dry run of a small ledger at a buyer (through the
// API, as the signed-in admin), in the layout of its country's ledgers,
// and returns its job's id once it is done: the job page the sweep visits.
func sweepDryRun(t *testing.T, c *http.Client, base, buyer string) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(getText(t, c, base+"/buyers/"+buyer+"/imports"))
	if m == nil {
		t.Fatal("the imports page has no form token")
	}
	var body strings.Builder
	mw := multipart.NewWriter(&body)
	mw.WriteField("kind", "ledger")
	mw.WriteField("dry_run", "true")
	fw, _ := mw.CreateFormFile("file", "sweep-ledger.csv")
	ledger := "Bilagsdato;Leverandør;Org.nr;Konto;Beløp;Tekst\r\n" +
		"03.02.2025;Vestfold Rør AS;912345678;6600;12 500,00;Reparasjon\r\n" +
		"04.02.2025;Larvik Papir AS;987654321;6500;1 250,50;Kontorrekvisita\r\n"
	if buyer == demoUK.ID {
		ledger = strings.Join(gen.UKLedgerHeader, ",") + "\r\n" +
			"Highways,Road Maintenance,North Roads Ltd,03/02/2025,12500.00,HW-1001\r\n" +
			"Corporate,Stationery,Hollowmere Paper Ltd,04/02/2025,1250.50,CO-1002\r\n"
	}
	io.WriteString(fw, ledger)
	mw.Close()
	req, _ := http.NewRequest("POST", base+"/api/v1/buyers/"+buyer+"/imports", strings.NewReader(body.String()))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-CSRF-Token", m[1])
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		ID string `json:"id"`
	}
	err = json.NewDecoder(resp.Body).Decode(&j)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusAccepted || j.ID == "" {
		t.Fatalf("the sweep's dry run: %d %v", resp.StatusCode, err)
	}
	for range 300 {
		resp, err := c.Get(base + "/api/v1/buyers/" + buyer + "/jobs/" + j.ID)
		if err != nil {
			t.Fatal(err)
		}
		var st struct {
			State string `json:"state"`
		}
		json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		if st.State == "done" || st.State == "failed" {
			return j.ID
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the sweep's dry run %s did not finish", j.ID)
	return ""
}

// An amount without grouping is found; codes and grouped figures are not.
func TestLongNumber(t *testing.T) {
	for s, want := range map[string]string{
		"216436765.06 NOK":          "216436765.06",
		"23157,28 t":                "23157,28",
		"23 157,28 t":               "",
		"CPV 45200000":              "",
		"45200000-9 Bygg":           "",
		"i E07000999 (HOLLOWMERE)":  "",
		"registrert GB-CHC:1190077": "",
		"GB-COH:01000001":           "",
		"charity 1190077":           "1190077",
		"0,02103 kg":                "",
	} {
		if got := longNumber(s); got != want {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	}
}
