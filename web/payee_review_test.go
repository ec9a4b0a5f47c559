// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/jobs"
	"github.com/cityspend/cityspend/register/regcsv"
)

// The payees no clue settles are listed with their candidates and the
// evidence, in both languages; analysts decide there (with the form
// token), viewers only see; one decision settles the payee.
func TestPayeeReviewPage(t *testing.T) {
	ctx := context.Background()
	st := reviewStore(t, "NO-BRC,987654325,OLA NORDMANN RØR,0150,OSLO,0301,NO,ENK\n"+
		"NO-BRC,889640782,OLA NORDMANN RØR,9008,TROMSØ,5501,NO,ENK\n"+
		"NO-BRC,974760673,HANSEN BYGG AS,3256,LARVIK,3909,NO,AS\n",
		"Ola Nordmann Rør,7000,2024-01-10,1230\nOla Nordmann Rør,2000,2024-02-10,1230\nHansen Bygg AS,1000,2024-01-10,1230\n")
	srv, _ := serveStore(t, st, nil)
	page := get(t, srv.URL+"/buyers/3909/suppliers/review?lang=en", 200)
	for _, want := range []string{"Ola Nordmann Rør", "987654325", "889640782", "the same name", "OSLO", "TROMSØ", `name="csrf"`, "This one", "None of these"} {
		if !strings.Contains(page, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
	if strings.Contains(page, "Hansen Bygg") {
		t.Error("a resolved payee is not for review")
	}
	if nb := get(t, srv.URL+"/buyers/3909/suppliers/review?lang=nb", 200); !strings.Contains(nb, "samme navn") || !strings.Contains(nb, "Betalingsmottakere til kontroll") ||
		strings.Contains(nb, "ambiguous") {
		t.Error("the review page in Norwegian (with no English resolver reason)")
	}
	if !strings.Contains(page, "ambiguous") {
		t.Error("the English page keeps the resolver's reason")
	}
	if !strings.Contains(get(t, srv.URL+"/buyers/3909/suppliers?lang=en", 200), `href="/buyers/3909/suppliers/review"`) {
		t.Error("the suppliers page links to the review")
	}

	// A viewer sees the list, not the decisions, and may not decide.
	payees, err := st.Payees(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	var pid int32
	for _, p := range payees {
		if p.Payee.Name == "Ola Nordmann Rør" {
			pid = p.ID
		}
	}
	path := "/buyers/3909/payees/" + strconv.Itoa(int(pid)) + "/override"
	form := url.Values{"org_number": {"NO987654325"}, "why": {"the invoice says Oslo"}, "back": {"/buyers/3909/suppliers/review"}}
	vera := newClient(t, srv.URL).login(viewerA)
	code, vpage := vera.do("GET", "/buyers/3909/suppliers/review?lang=en", "", "", nil)
	if code != 200 || strings.Contains(vpage, path) || !strings.Contains(vpage, `id="review-viewonly"`) {
		t.Errorf("the viewer's page: %d, decision forms shown %v", code, strings.Contains(vpage, path))
	}
	if code, _ := vera.postForm(path, form); code != http.StatusForbidden {
		t.Errorf("a viewer decides: %d", code)
	}

	// An analyst decides, without a form token not at all.
	per := newClient(t, srv.URL).login(analystA)
	if code, _ := per.do("POST", path, "application/x-www-form-urlencoded", form.Encode(), map[string]string{csrfHeader: "forged"}); code != http.StatusForbidden {
		t.Errorf("a forged token: %d", code)
	}
	code, _, loc := per.send("POST", path, "application/x-www-form-urlencoded", url.Values{"org_number": form["org_number"], "why": form["why"],
		"back": form["back"], "csrf": {per.csrf}}.Encode(), nil)
	if code != http.StatusSeeOther || loc != "/buyers/3909/suppliers/review?saved=1" {
		t.Fatalf("the decision: %d %s", code, loc)
	}
	after := get(t, srv.URL+"/buyers/3909/suppliers/review?lang=en&saved=1", 200)
	if !strings.Contains(after, `id="review-empty"`) || !strings.Contains(after, `id="review-saved"`) {
		t.Error("after the decision the list is empty and says it is saved")
	}
	payees, _ = st.Payees(ctx, "3909")
	for _, p := range payees {
		if p.ID == pid && (p.Resolution.SupplierID != "org:NO-BRC:987654325" || p.Resolution.Method != cityspend.MatchManual) {
			t.Errorf("the payee after the decision: %+v", p.Resolution)
		}
	}
}

// A long review comes in pages of reviewPage payees, the largest spend
// first, with links between them; a page past the end or no number is not
// found; a decision made on a page returns to that page.
func TestPayeeReviewPages(t *testing.T) {
	ctx := context.Background()
	names := []string{"Hansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Jensen", "Karlsen", "Johansen", "Berg"}
	trades := []string{"Rør", "Maling", "Glass"}
	reg, led := "", ""
	next := 91000000
	orgNo := func() string {
		for ; ; next++ {
			if c := cityspend.NorwegianOrgNumberCheckDigit(strconv.Itoa(next)); c >= 0 {
				next++
				return strconv.Itoa(next-1) + strconv.Itoa(c)
			}
		}
	}
	n := 0
	for _, nm := range names {
		for _, tr := range trades {
			name := nm + " " + tr
			reg += "NO-BRC," + orgNo() + "," + strings.ToUpper(name) + ",0150,OSLO,0301,NO,ENK\n"
			reg += "NO-BRC," + orgNo() + "," + strings.ToUpper(name) + ",9008,TROMSØ,5501,NO,ENK\n"
			led += name + "," + strconv.Itoa(1000+100*n) + ",2024-01-10,1230\n"
			n++
		}
	}
	st := reviewStore(t, reg, led)
	srv, _ := serveStore(t, st, nil)
	items := func(page string) int { return strings.Count(page, `class="review-group"`) }
	first := get(t, srv.URL+"/buyers/3909/suppliers/review?lang=en", 200)
	if got := items(first); got != reviewPage || !strings.Contains(first, `id="review-pager"`) ||
		!regexp.MustCompile(`href="/buyers/3909/suppliers/review\?page=2[^"]*" rel="next"`).MatchString(first) || strings.Contains(first, `rel="prev"`) {
		t.Errorf("page 1: %d payees (want %d), a link to page 2 and none back", got, reviewPage)
	}
	// The largest spend first: the last payee written has the largest.
	if i, j := strings.Index(first, "Berg Glass"), strings.Index(first, "Berg Maling"); i < 0 || j < 0 || i > j {
		t.Error("page 1 does not start with the largest spend")
	}
	second := get(t, srv.URL+"/buyers/3909/suppliers/review?lang=en&page=2", 200)
	if got := items(second); got != n-reviewPage || !strings.Contains(second, `start="26"`) ||
		!strings.Contains(second, `rel="prev"`) || strings.Contains(second, `rel="next"`) {
		t.Errorf("page 2: %d payees (want %d), numbered from 26, a link back and none on", got, n-reviewPage)
	}
	if !strings.Contains(second, "Hansen Rør") || strings.Contains(first, "Hansen Rør") {
		t.Error("the smallest spend is on page 2 only")
	}
	for _, bad := range []string{"3", "0", "x", "99999999999999999999"} {
		get(t, srv.URL+"/buyers/3909/suppliers/review?page="+bad, http.StatusNotFound)
	}
	// A decision that took a page's last payee returns to an empty page:
	// the page before is shown instead, saying the decision is saved
	// (the form's back link is that page).
	if loc := regexp.MustCompile(`href="([^"]+)"`).FindStringSubmatch(get(t, srv.URL+"/buyers/3909/suppliers/review?page=3&saved=1", http.StatusSeeOther)); loc == nil ||
		html.UnescapeString(loc[1]) != "/buyers/3909/suppliers/review?page=2&saved=1" {
		t.Errorf("an empty page after a decision goes to %v, want page 2", loc)
	}
	if back := get(t, srv.URL+"/buyers/3909/suppliers/review?lang=en&page=2&saved=1", 200); !strings.Contains(back, `id="review-saved"`) ||
		items(back) != n-reviewPage {
		t.Errorf("an empty page after a decision: %d payees, saved %v; want page 2's %d", items(back), strings.Contains(back, `id="review-saved"`), n-reviewPage)
	}

	// A decision on page 2 returns to page 2; a back link elsewhere does
	// not take the browser there.
	payees, err := st.Payees(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	var pid int32
	for _, p := range payees {
		if p.Payee.Name == "Hansen Rør" {
			pid = p.ID
		}
	}
	path := "/buyers/3909/payees/" + strconv.Itoa(int(pid)) + "/override"
	per := newClient(t, srv.URL).login(analystA)
	for back, want := range map[string]string{
		"/buyers/3909/suppliers/review?page=2": "/buyers/3909/suppliers/review?page=2&saved=1",
		"https://elsewhere.example/?page=2":    "/buyers/3909/suppliers/",
	} {
		code, _, loc := per.send("POST", path, "application/x-www-form-urlencoded", url.Values{"org_number": {""}, "why": {"a person"},
			"back": {back}, "csrf": {per.csrf}}.Encode(), nil)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, want) {
			t.Errorf("the decision with back %q: %d %s, want %s…", back, code, loc, want)
		}
	}
	if got := items(get(t, srv.URL+"/buyers/3909/suppliers/review?lang=en&page=2", 200)); got != n-reviewPage-1 {
		t.Errorf("page 2 after the decision: %d payees, want %d", got, n-reviewPage-1)
	}
}

// A register uploaded while the server runs (a job of no buyer) is in the
// register index the next request uses: a payee nothing registered came
// close to is for review once two organisations of its name are
// registered. A buyer's upload keeps the index.
func TestRegisterUploadRenewsIndex(t *testing.T) {
	st := reviewStore(t, "", "Ola Nordmann Rør,7000,2024-01-10,1230\n")
	web, srv := serveStore(t, st, nil)
	if page := get(t, web.URL+"/buyers/3909/suppliers/review?lang=en", 200); !strings.Contains(page, `id="review-empty"`) {
		t.Fatal("nothing is registered yet, and the review lists a payee")
	}
	importRegisterRows(t, st, "NO-BRC,987654325,OLA NORDMANN RØR,0150,OSLO,0301,NO,ENK\n"+
		"NO-BRC,889640782,OLA NORDMANN RØR,9008,TROMSØ,5501,NO,ENK\n")
	srv.jobs.Done(jobs.Job{ID: "a buyer's", BuyerID: "3909", Kind: "ledger"})
	if page := get(t, web.URL+"/buyers/3909/suppliers/review?lang=en", 200); !strings.Contains(page, `id="review-empty"`) {
		t.Error("a buyer's upload renewed the register index")
	}
	srv.jobs.Done(jobs.Job{ID: "the register's", Kind: "csv"})
	if page := get(t, web.URL+"/buyers/3909/suppliers/review?lang=en", 200); !strings.Contains(page, "987654325") || !strings.Contains(page, "889640782") {
		t.Error("after the register's upload the review does not list the payee with the organisations of its name")
	}
}

// reviewStore is a store with Larvik as buyer, the register rows given (a
// CSV of regcsv's columns without the header; none when ""), and the
// ledger given (Supplier,Amount,Payment date,Account lines) imported and
// enriched.
func reviewStore(t *testing.T, reg, led string) *duckdb.DB {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := duckdb.Open(ctx, filepath.Join(dir, "r.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if reg != "" {
		importRegisterRows(t, st, reg)
	}
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3909"}
	if err := st.CreateBuyer(ctx, b); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "l.csv")
	if err := os.WriteFile(file, []byte("Supplier,Amount,Payment date,Account\n"+led), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ledger.ImportFile(ctx, st, b, file, ledger.ImportOptions{RejectsDir: dir}); err != nil {
		t.Fatal(err)
	}
	if _, err := enrich.Run(ctx, st, enrich.Options{}); err != nil {
		t.Fatal(err)
	}
	return st
}

// importRegisterRows imports register rows (regcsv's columns, no header).
func importRegisterRows(t *testing.T, st *duckdb.DB, rows string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "reg.csv")
	if err := os.WriteFile(file, []byte("scheme,id,name,postcode,locality,municipality,country,legal_form\n"+rows), 0o644); err != nil {
		t.Fatal(err)
	}
	rr, err := regcsv.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Close()
	rb := cityspend.RegisterBatch{Source: "csv", FileName: "reg.csv"}
	if err := st.ImportRegister(context.Background(), &rb, rr); err != nil {
		t.Fatal(err)
	}
}
