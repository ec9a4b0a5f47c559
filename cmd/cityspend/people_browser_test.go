// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A buyer's admin manages its people in headless Chromium on the demo: the
// admin invites an analyst, the invitation arrives in the demo's mail
// folder, the analyst sets a password from its link, logs in and sees the
// buyer's pages; the admin changes the role and makes a new API token for
// them (which works), and the audit log shows each step with who took it.
func TestBrowserPeople(t *testing.T) {
	base, db, br := browserDemo(t, "3000")
	const admin, email, password = "admin@larvik.demo", "nina@larvik.test", "a long walk 2026"

	do, text, shot := br.do, br.text, br.shot
	logIn := func(who, pw string) {
		t.Helper()
		do("log in as "+who, chromedp.WaitVisible(chromedp.CSS(`#login-form`)), chromedp.SendKeys(chromedp.CSS(`#email`), who),
			chromedp.SendKeys(chromedp.CSS(`#password`), pw), chromedp.Click(chromedp.CSS(`#login-form button`)),
			chromedp.WaitVisible(chromedp.CSS(`#logout`)))
	}
	do("open the login", chromedp.Navigate(base+"login?lang=en"))
	logIn(admin, demoPassword)
	do("open the people", chromedp.Navigate(base+"buyers/3909?lang=en"), chromedp.WaitVisible(chromedp.CSS(`nav.tabs a[data-group="admin"]`)),
		chromedp.Click(chromedp.CSS(`nav.tabs a[data-group="admin"]`)), chromedp.WaitVisible(chromedp.CSS(`#invite-form`)))
	do("invite an analyst", chromedp.SendKeys(chromedp.CSS(`#invite-email`), email), chromedp.SendKeys(chromedp.CSS(`#invite-name`), "Nina Nilsen"),
		chromedp.SetValue(chromedp.CSS(`#invite-role`), "analyst"), chromedp.Click(chromedp.CSS(`#invite-send`)),
		chromedp.WaitVisible(chromedp.CSS(`#people-done`)))
	shot("people-invited.png")
	if got := text(`#people tr[data-email="` + email + `"]`); !strings.Contains(got, "invited") {
		t.Errorf("the invited analyst's row: %q", got)
	}

	link := demoMail(db, email, regexp.MustCompile(`http://\S+/invite\?token=[A-Za-z0-9._-]+`))
	if link == "" {
		t.Fatalf("no invitation to %s from the demo", email)
	}

	// The analyst sets a password, logs in and sees the buyer's pages, but
	// not its people.
	do("log out", chromedp.Click(chromedp.CSS(`#logout button`)), chromedp.WaitNotPresent(chromedp.CSS(`#logout`)))
	do("set the password", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`#invite-form`)),
		chromedp.SendKeys(chromedp.CSS(`#password`), password), chromedp.SendKeys(chromedp.CSS(`#password2`), password),
		chromedp.Click(chromedp.CSS(`#invite-accept`)), chromedp.WaitVisible(chromedp.CSS(`#message-link`)))
	shot("people-password-set.png")
	do("to the login", chromedp.Click(chromedp.CSS(`#message-link`)))
	logIn(email, password)
	do("the buyer's review queue", chromedp.Navigate(base+"buyers/3909/review?lang=en"), chromedp.WaitVisible(chromedp.CSS(`#review`)))
	if me := text(`#me`); me != email {
		t.Errorf("logged in as %q", me)
	}
	admins, err := chromedp.Run(br.ctx, chromedp.Evaluate[int](`document.querySelectorAll('nav.tabs a[data-group="admin"]').length`))
	if err != nil || admins != 0 {
		t.Errorf("the analyst's navigation links to the administration (%d, %v)", admins, err)
	}

	// The admin changes the role and makes a new token.
	do("log out", chromedp.Click(chromedp.CSS(`#logout button`)), chromedp.WaitNotPresent(chromedp.CSS(`#logout`)))
	do("open the login", chromedp.Navigate(base+"login?lang=en&next=/buyers/3909/people"))
	logIn(admin, demoPassword)
	row := `#people tr[data-email="` + email + `"]`
	do("change the role", chromedp.WaitVisible(chromedp.CSS(row)), chromedp.SetValue(chromedp.CSS(row+` select[name=role]`), "viewer"),
		chromedp.Click(chromedp.CSS(row+` .role-form button`)), chromedp.WaitVisible(chromedp.CSS(`#people-done`)))
	if got, err := chromedp.Run(br.ctx, chromedp.Evaluate[string](`document.querySelector('`+row+`').dataset.role`)); err != nil || got != "viewer" {
		t.Errorf("the role after the change: %q %v", got, err)
	}
	do("ask for a new token", chromedp.SetValue(chromedp.CSS(row+` select[name=scope]`), "read"), chromedp.Click(chromedp.CSS(row+` .reset-token`)),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-form`)))
	shot("people-token-confirm.png")
	do("make it", chromedp.Click(chromedp.CSS(`#confirm-do`)), chromedp.WaitVisible(chromedp.CSS(`#new-token`)))
	token := text(`#new-token`)
	req, _ := http.NewRequest("GET", base+"api/v1/buyers/3909/findings", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("the new token: %d", resp.StatusCode)
	}

	// The audit log.
	do("the audit log", chromedp.Click(chromedp.CSS(`#audit-link`)), chromedp.WaitVisible(chromedp.CSS(`#audit`)))
	shot("people-audit.png")
	log := text(`#audit tbody`)
	for _, want := range []string{"invite " + email + " as analyst", "accept invitation " + email, "role of " + email + " analyst to viewer",
		"reset the API tokens of " + email + " (new read token)"} {
		if !strings.Contains(log, want) {
			t.Errorf("the audit log has no %q:\n%s", want, log)
		}
	}
	if !strings.Contains(log, admin) {
		t.Errorf("the audit log does not name the admin:\n%s", log)
	}
}
