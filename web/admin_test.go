// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n/i18ntest"
	"github.com/cityspend/cityspend/notify"
)

// The installation's admin lists the buyers with their admins, adds a
// buyer by the rules of cityspend buyer add and invites its first admin;
// a buyer's admin may do none of it, and what they try changes nothing;
// the audit log names the installation admin.
func TestInstallationAdmin(t *testing.T) {
	outbox := filepath.Join(t.TempDir(), "outbox")
	srv, st, _ := newTestServerWith(t, func(s *Server) { s.SetMailer(&notify.Dir{Path: outbox}) })
	ctx := context.Background()
	root := newClient(t, srv.URL)
	root.do("GET", "/login", "", "", nil)
	code, _, loc := root.send("POST", "/login", "application/x-www-form-urlencoded",
		url.Values{"email": {installAdmin}, "password": {testPassword}, "csrf": {root.csrf}, "next": {"/"}}.Encode(), map[string]string{csrfHeader: ""})
	if code != 303 || loc != "/admin" {
		t.Errorf("an installation admin's login lands on %d %s", code, loc)
	}
	code, body := root.do("GET", "/admin?lang=en", "", "", nil)
	if code != 200 || !strings.Contains(body, `id="admin-link"`) {
		t.Fatalf("/admin: %d", code)
	}
	rows := parse(t, "admin", body).rows("buyers")
	admins := map[string]string{}
	for _, r := range rows {
		admins[r[0]] = r[7]
	}
	if admins["3909"] != adminA || admins["3907"] != adminB {
		t.Errorf("the buyers' admins: %v", admins)
	}
	// In Norwegian, nothing of the page is in English (but the registers'
	// own names).
	_, nb := root.do("GET", "/admin?lang=nb", "", "", nil)
	main := find(parse(t, "admin nb", nb).root, func(n *html.Node) bool { return attr(n, "id") == "main" })
	if w := i18ntest.English.FindAllString(regexp.MustCompile(`\S+@\S+`).ReplaceAllString(text(main), ""), -1); len(w) > 0 {
		t.Errorf("/admin in Norwegian has English words %v:\n%s", w, text(main))
	}
	// An installation admin has no role at a buyer.
	if code, _ := root.do("GET", "/buyers/3909/review", "", "", nil); code != 403 {
		t.Errorf("an installation admin's review queue of a buyer: %d", code)
	}

	// Nobody else.
	admin := newClient(t, srv.URL).login(adminA)
	if _, b := admin.do("GET", "/buyers/3909", "", "", nil); strings.Contains(b, `id="admin-link"`) {
		t.Error("a buyer's admin is shown the installation's link")
	}
	if code, _ := admin.do("GET", "/admin", "", "", nil); code != 403 {
		t.Errorf("/admin as a buyer's admin: %d", code)
	}
	if code, _ := admin.postForm("/admin/buyers", url.Values{"id": {"4601"}, "name": {"Bergen kommune"}, "country": {"NO"}}); code != 403 {
		t.Errorf("a buyer's admin adds a buyer: %d", code)
	}
	if code, _ := admin.postForm("/admin/buyers/3909/admins", url.Values{"email": {"x@larvik.test"}, "name": {"X"}}); code != 403 {
		t.Errorf("a buyer's admin invites through /admin: %d", code)
	}
	if _, err := st.Buyer(ctx, "4601"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("a refused buyer was added: %v", err)
	}
	if _, err := st.UserByEmail(ctx, "x@larvik.test"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("a refused invitation made an account: %v", err)
	}
	if code, _, loc := newClient(t, srv.URL).send("GET", "/admin", "", "", nil); code != 303 || !strings.HasPrefix(loc, "/login") {
		t.Errorf("/admin as a visitor: %d %s", code, loc)
	}

	// A buyer: the same rules as the command line, its defaults from the
	// country; what is wrong is said in the page's language.
	for _, tc := range []struct {
		form url.Values
		code int
	}{
		{url.Values{"id": {"4601"}, "name": {"Bergen kommune"}, "country": {"Norway"}}, 400},
		{url.Values{"id": {"bad id"}, "name": {"Bergen kommune"}, "country": {"NO"}}, 400},
		{url.Values{"id": {"4601"}, "name": {""}, "country": {"NO"}}, 400},
		{url.Values{"id": {"4601"}, "name": {"Bergen kommune"}, "country": {"NO"}, "fiscal_start": {"13"}}, 400},
		{url.Values{"id": {"4601"}, "name": {"Bergen kommune"}, "country": {"XX"}}, 400}, // no currency of its own
		{url.Values{"id": {"3909"}, "name": {"Larvik again"}, "country": {"NO"}}, 409},
	} {
		code, b := root.postForm("/admin/buyers?lang=nb", tc.form)
		if code != tc.code {
			t.Errorf("add %v: %d, want %d", tc.form, code, tc.code)
			continue
		}
		msg := parse(t, "admin", b).id("admin-error")
		if w := i18ntest.English.FindAllString(msg, -1); len(w) > 0 {
			t.Errorf("add %v: the Norwegian page says %q", tc.form, msg)
		}
	}
	if code, _ := root.postForm("/admin/buyers", url.Values{"id": {"4601"}, "name": {"Bergen kommune"}, "country": {"no"}, "municipality": {"4601"}}); code != 303 {
		t.Fatalf("add a buyer: %d", code)
	}
	if code, _ := root.postForm("/admin/buyers", url.Values{"id": {"E07000178"}, "name": {"Oxford City Council"}, "country": {"GB"}}); code != 303 {
		t.Fatalf("add a UK buyer: %d", code)
	}
	for id, want := range map[string]string{"4601": "NO NOK 1 4601", "E07000178": "GB GBP 4 "} {
		b, err := st.Buyer(ctx, id)
		if got := strings.Join([]string{b.Country, b.Currency, string(rune('0' + b.FiscalStart)), b.Municipality}, " "); err != nil || got != want {
			t.Errorf("buyer %s: %q %v, want %q", id, got, err, want)
		}
	}

	// Its first admin.
	if code, _ := root.postForm("/admin/buyers/9999/admins", url.Values{"email": {"a@b.test"}, "name": {"A"}}); code != 404 {
		t.Errorf("an admin of no buyer: %d", code)
	}
	if code, _ := root.postForm("/admin/buyers/4601/admins", url.Values{"email": {"ingrid@bergen.test"}, "name": {"Ingrid"}}); code != 303 {
		t.Fatalf("invite the first admin: %d", code)
	}
	u, err := st.UserByEmail(ctx, "ingrid@bergen.test")
	if err != nil || u.RoleAt("4601") != cityspend.RoleAdmin || !u.Unconfirmed {
		t.Errorf("the first admin: %+v %v", u, err)
	}
	m := mails(t, outbox)["ingrid@bergen.test"]
	if len(m) != 1 || !regexp.MustCompile(`/invite\?token=[A-Za-z0-9._-]+`).MatchString(m[0]) || !strings.Contains(m[0], "Bergen kommune") {
		t.Errorf("the first admin's invitation: %v", m)
	}
	es, err := st.AuditLog(ctx, "4601", 10)
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	for _, e := range es {
		log = append(log, e.Who+": "+e.Action)
	}
	for _, want := range []string{installAdmin + ": add buyer 4601 (Bergen kommune, NO, NOK)", installAdmin + ": invite ingrid@bergen.test as admin"} {
		if !strings.Contains(strings.Join(log, "\n"), want) {
			t.Errorf("the audit log of 4601 has no %q: %v", want, log)
		}
	}
}
