// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cityspend/cityspend/i18n/i18ntest"
)

// The innovation broker's whole path in headless Chromium on the demo: a
// supplier registers and confirms its e-mail, fills its profile and sees
// the demo challenge among its opportunities; it asks a question; the
// buyer's analyst sees it matched to the challenge and answers; the answer
// is public, was mailed to every interested supplier, and the contacts are
// logged.
func TestBrowserBroker(t *testing.T) {
	base, db, br := browserDemo(t, "3000")

	// A demo supplier with an organisation number in the register.
	staff := login(t, base, "analyst@larvik.demo", demoPassword)
	resp, err := staff.Get(base + "api/v1/buyers/3909/suppliers")
	if err != nil {
		t.Fatal(err)
	}
	var sups []struct {
		SupplierID string `json:"supplier_id"`
		Org        *struct {
			Scheme, ID string
		} `json:"org"`
	}
	json.NewDecoder(resp.Body).Decode(&sups)
	resp.Body.Close()
	var org, supplierID string
	for _, s := range sups {
		if s.Org != nil && s.Org.Scheme == "NO-BRC" {
			org, supplierID = s.Org.ID, s.SupplierID
			break
		}
	}
	if org == "" {
		t.Fatal("no demo supplier with an organisation number")
	}
	const email, password = "anna@vinterdrift.test", "brine not salt 2026"

	do, text, shot := br.do, br.text, br.shot
	do("register", chromedp.Navigate(base+"register?lang=en"), chromedp.WaitVisible(chromedp.CSS(`#register-form`)),
		chromedp.SendKeys(chromedp.CSS(`#org_number`), org), chromedp.SendKeys(chromedp.CSS(`#name`), "Anna Vinter"),
		chromedp.SendKeys(chromedp.CSS(`#email`), email), chromedp.SendKeys(chromedp.CSS(`#password`), password),
		chromedp.Click(chromedp.CSS(`#register-form button`)), chromedp.WaitVisible(chromedp.CSS(`#registered`)))
	shot("broker-registered.png")
	link := demoMail(db, email, regexp.MustCompile(`http://\S+/confirm\?token=[A-Za-z0-9_-]+`))
	if link == "" {
		t.Fatalf("no confirmation message to %s from the demo", email)
	}
	do("confirm", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`#message`)), chromedp.Click(chromedp.CSS(`#message-link`)),
		chromedp.WaitVisible(chromedp.CSS(`#login-form`)), chromedp.SendKeys(chromedp.CSS(`#email`), email),
		chromedp.SendKeys(chromedp.CSS(`#password`), password), chromedp.Click(chromedp.CSS(`#login-form button`)),
		chromedp.WaitVisible(chromedp.CSS(`#profile-form`)))
	do("fill the profile",
		chromedp.SetValue(chromedp.CSS(`#description`), "Winter maintenance: snow clearing of pavements and cycle paths, de-icing with brine instead of dry salt, slipperiness sensors."),
		chromedp.SetValue(chromedp.CSS(`#cpv`), "90620000"), chromedp.SetValue(chromedp.CSS(`#municipality`), "3909"),
		chromedp.SetValue(chromedp.CSS(`#size`), "small"), chromedp.Click(chromedp.CSS(`#save-profile`)),
		chromedp.WaitVisible(chromedp.CSS(`#profile-saved`)), chromedp.WaitVisible(chromedp.CSS(`#opportunities tr[data-id="CH-1"]`)))
	shot("broker-supplier.png")
	// Why the challenge matches, as the supplier reads it on their home:
	// plain sentences naming the buyer, in each language, no score.
	whyEN := text(`#opportunities tr[data-id="CH-1"] .reasons`)
	do("the supplier's home in Norwegian", chromedp.Navigate(base+"supplier?lang=nb"),
		chromedp.WaitVisible(chromedp.CSS(`#opportunities tr[data-id="CH-1"]`)))
	whyNB := text(`#opportunities tr[data-id="CH-1"] .reasons`)
	// From the front page to an opportunity in two clicks: "For
	// suppliers", then a buyer's pipeline.
	do("two clicks from the front page", chromedp.Navigate(base), chromedp.WaitVisible(chromedp.CSS(`#home-suppliers a`)),
		chromedp.Click(chromedp.CSS(`#home-suppliers a`)), chromedp.WaitVisible(chromedp.CSS(`#opportunities tr[data-buyer="3909"] td a`)),
		chromedp.Click(chromedp.CSS(`#opportunities tr[data-buyer="3909"] td a`)), chromedp.WaitVisible(chromedp.CSS(`article.pipeline-item`)))
	shot("broker-two-clicks.png")
	landed, err := chromedp.Run(br.ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	if landed != "/public/3909/pipeline" {
		t.Errorf("two clicks from the front page led to %s", landed)
	}
	for lang, why := range map[string]string{"en": whyEN, "nb": whyNB} {
		if !strings.Contains(why, "Larvik") || regexp.MustCompile(`\b0[.,]\d`).MatchString(why) || (lang == "nb" && i18ntest.English.MatchString(why)) {
			t.Errorf("why the challenge matches (%s), as the supplier reads it: %q", lang, why)
		}
	}
	t.Logf("why the challenge matches, as the supplier reads it:\n  en: %s\n  nb: %s", whyEN, whyNB)
	if whyEN == whyNB {
		t.Errorf("the reasons are the same in both languages: %q", whyEN)
	}
	do("back to the supplier's home", chromedp.Navigate(base+"supplier?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`#opportunities tr[data-id="CH-1"]`)))
	do("ask a question", chromedp.Click(chromedp.CSS(`#opportunities tr[data-id="CH-1"] a`)), chromedp.WaitVisible(chromedp.CSS(`#question-form`)),
		chromedp.SendKeys(chromedp.CSS(`#question`), "Can the pilot cover the cycle paths along the fjord?"),
		chromedp.Click(chromedp.CSS(`#question-form button`)), chromedp.WaitVisible(chromedp.CSS(`#asked`)))
	do("log out", chromedp.Click(chromedp.CSS(`#logout button`)), chromedp.WaitVisible(chromedp.CSS(`#login-link`)))

	// The buyer's analyst: the supplier is matched; the answer.
	const answer = "Yes: the pilot covers the cycle paths along the fjord."
	do("the buyer logs in", chromedp.Navigate(base+"login?lang=en&next=/buyers/3909/challenges/CH-1"), chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), "analyst@larvik.demo"), chromedp.SendKeys(chromedp.CSS(`#password`), demoPassword),
		chromedp.Click(chromedp.CSS(`#login-form button`)), chromedp.WaitVisible(chromedp.CSS(`#matches`)))
	rank, err := chromedp.Run(br.ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('#matches tbody tr')].findIndex(r => r.dataset.id === `+jsString(supplierID)+`)`))
	if err != nil {
		t.Fatal(err)
	}
	reasons := text(`#matches tbody tr[data-id="` + supplierID + `"] td:last-child`)
	shot("broker-matches.png")
	do("answer", chromedp.SendKeys(chromedp.CSS(`#questions li:first-child textarea`), answer),
		chromedp.Click(chromedp.CSS(`#questions li:first-child button`)), chromedp.WaitVisible(chromedp.CSS(`#answer-sent`)))
	do("the contact log", chromedp.Navigate(base+"buyers/3909/contacts?lang=en"), chromedp.WaitVisible(chromedp.CSS(`#contacts`)))
	kinds, err := chromedp.Run(br.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#contacts tbody tr')].map(r => r.dataset.kind)`))
	if err != nil {
		t.Fatal(err)
	}
	shot("broker-contacts.png")
	do("log out", chromedp.Click(chromedp.CSS(`#logout button`)), chromedp.WaitVisible(chromedp.CSS(`#login-link`)))
	// Anyone sees the answer; who asked is not shown.
	do("the public page", chromedp.Navigate(base+"public/3909/challenges/CH-1?lang=en"), chromedp.WaitVisible(chromedp.CSS(`#answers`)))
	public := text(`#answers`)
	page := text(`main`)
	shot("broker-public.png")

	if rank < 0 || rank >= 5 {
		t.Errorf("the registered supplier is match %d of the challenge", rank+1)
	}
	if !strings.Contains(reasons, "Works in") || strings.Contains(reasons, "local") || regexp.MustCompile(`\b0\.\d`).MatchString(reasons) {
		t.Errorf("the match's reasons: %q", reasons)
	}
	if !strings.Contains(public, answer) || strings.Contains(page, email) {
		t.Errorf("the public answers %q (the asker must not show)", public)
	}
	got := map[string]bool{}
	for _, k := range kinds {
		got[k] = true
	}
	if !got["question"] || !got["answer"] || !got["interest"] {
		t.Errorf("contacts logged: %v", kinds)
	}
	if demoMail(db, email, regexp.MustCompile(regexp.QuoteMeta(answer))) == "" {
		t.Error("the answer was not mailed to the interested supplier")
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
