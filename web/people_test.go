// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n/i18ntest"
	"github.com/cityspend/cityspend/notify"
)

// A buyer's admin manages its people in the browser: invites a colleague
// (the mail's link sets a password once), changes a role, makes and
// revokes API tokens, removes a role after a confirmation; the buyer's
// last admin stays; nobody else may do any of it (403, or 404 for another
// buyer's people) and what they try changes nothing; every change is in
// the audit log's page with who made it.
func TestPeople(t *testing.T) {
	outbox := filepath.Join(t.TempDir(), "outbox")
	srv, st, _ := newTestServerWith(t, func(s *Server) { s.SetMailer(&notify.Dir{Path: outbox}) })
	ctx := context.Background()
	admin := newClient(t, srv.URL).login(adminA)
	people := "/buyers/3909/people"

	code, body := admin.do("GET", people+"?lang=en", "", "", nil)
	if code != 200 {
		t.Fatalf("people: %d %s", code, body)
	}
	d := parse(t, "people", body)
	var listed []string
	for _, row := range d.rows("people") {
		listed = append(listed, row[1])
	}
	if strings.Join(listed, " ") != strings.Join([]string{adminA, analystA, viewerA}, " ") {
		t.Errorf("the people of city A: %v", listed)
	}
	if !strings.Contains(body, `href="/buyers/3909/people`) {
		t.Error("the admin's navigation has no link to the people")
	}
	// In Norwegian, nothing of the page is in English.
	_, nb := admin.do("GET", people+"?lang=nb", "", "", nil)
	main := find(parse(t, "people nb", nb).root, func(n *html.Node) bool { return attr(n, "id") == "main" })
	if w := i18ntest.English.FindAllString(regexp.MustCompile(`\S+@\S+`).ReplaceAllString(text(main), ""), -1); len(w) > 0 {
		t.Errorf("the people page in Norwegian has English words %v:\n%s", w, text(main))
	}
	_, nb = admin.postForm(people+"?lang=nb", url.Values{"email": {"not an address"}, "name": {"Nina"}, "role": {"analyst"}})
	// (An example address, navn@eksempel.no, is no English.)
	msg := regexp.MustCompile(`\S+@\S+`).ReplaceAllString(parse(t, "people nb", nb).id("people-error"), "")
	if w := i18ntest.English.FindAllString(msg, -1); len(w) > 0 {
		t.Errorf("a refused invitation in Norwegian has English words %v", w)
	}
	// The only admin's role cannot be changed or removed: the page offers
	// neither.
	if row := rowOf(body, adminA); strings.Contains(row, `value="none"`) || strings.Contains(row, "role-form") {
		t.Errorf("the only admin's row offers to change the role: %s", row)
	}
	// The navigation of others has none.
	analyst := newClient(t, srv.URL).login(analystA)
	if _, b := analyst.do("GET", "/buyers/3909/imports", "", "", nil); strings.Contains(b, "/people") || strings.Contains(b, "/audit") {
		t.Error("an analyst's navigation links to the people or the audit log")
	}

	// An invitation: an unconfirmed account with the role, a mail with a
	// link.
	const nina = "nina@larvik.test"
	if code, body := admin.postForm(people, url.Values{"email": {"not an address"}, "name": {"Nina"}, "role": {"analyst"}}); code != 400 || !strings.Contains(body, `id="people-error"`) {
		t.Errorf("an invitation to no address: %d", code)
	}
	code, _, loc := admin.send("POST", people, "application/x-www-form-urlencoded",
		url.Values{"email": {nina}, "name": {"Nina Nilsen"}, "role": {"analyst"}, "csrf": {admin.csrf}}.Encode(), map[string]string{csrfHeader: ""})
	if code != 303 || !strings.Contains(loc, "done=invited") {
		t.Fatalf("invite: %d %s", code, loc)
	}
	if _, b := admin.do("GET", loc, "", "", nil); !strings.Contains(b, `id="people-done"`) || !strings.Contains(b, nina) {
		t.Error("the people page does not say the invitation went")
	}
	u, err := st.UserByEmail(ctx, nina)
	if err != nil || !u.Unconfirmed || u.RoleAt("3909") != cityspend.RoleAnalyst {
		t.Fatalf("the invited account: %+v %v", u, err)
	}
	m := mails(t, outbox)[nina]
	if len(m) != 1 {
		t.Fatalf("invitations to %s: %d", nina, len(m))
	}
	link := regexp.MustCompile(`http://[^/]+(/invite\?token=[A-Za-z0-9._-]+)`).FindStringSubmatch(m[0])
	if link == nil || !strings.Contains(m[0], adminA) {
		t.Fatalf("no invitation link, or not from %s, in %s", adminA, m[0])
	}
	guest := newClient(t, srv.URL)
	if code, _ := guest.do("GET", "/login", "", "", nil); code != 200 {
		t.Fatal(code)
	}
	if code, _ := guest.postForm("/login", url.Values{"email": {nina}, "password": {""}}); code == 303 {
		t.Error("the invited account logs in before it has a password")
	}
	if code, b := guest.do("GET", link[1]+"&lang=nb", "", "", nil); code != 200 || !strings.Contains(b, "Velg passord") {
		t.Fatalf("the invitation's page: %d", code)
	}
	token := strings.TrimPrefix(link[1], "/invite?token=")
	accept := func(tok, pw, pw2 string) (int, string) {
		return guest.postForm("/invite", url.Values{"token": {tok}, "password": {pw}, "password2": {pw2}})
	}
	// Refused passwords: the invitation's form again, saying why in the
	// page's language (Norwegian since the link was opened so).
	if code, b := accept(token, "long enough 2026", "long enough 2027"); code != 400 || !strings.Contains(b, "De to passordene er ulike") ||
		!strings.Contains(b, `id="invite-form"`) || !strings.Contains(b, nina) {
		t.Errorf("two passwords that differ: %d %s", code, b)
	}
	if code, b := accept(token, "short", "short"); code != 400 || !strings.Contains(b, "Et passord har minst 10 tegn") ||
		!strings.Contains(b, `id="invite-form"`) || !strings.Contains(b, nina) {
		t.Errorf("a short password: %d %s", code, b)
	}
	// A token with another expiry is another token.
	exp, rest, _ := strings.Cut(token, ".")
	secs, _ := strconv.ParseInt(exp, 36, 64)
	if code, _ := accept(strconv.FormatInt(secs+86400, 36)+"."+rest, "long enough 2026", "long enough 2026"); code != 404 {
		t.Errorf("a token with its expiry changed: %d", code)
	}
	if code, b := accept(token, "long enough 2026", "long enough 2026"); code != 200 || !strings.Contains(b, `id="message-link"`) {
		t.Fatalf("accept: %d %s", code, b)
	}
	if code, _ := accept(token, "other enough 2026", "other enough 2026"); code != 404 {
		t.Errorf("the link used again: %d", code)
	}
	ninaC := newClient(t, srv.URL).loginWith(nina, "long enough 2026")
	if code, _ := ninaC.do("GET", "/buyers/3909/review", "", "", nil); code != 200 {
		t.Errorf("the invited analyst's review queue: %d", code)
	}
	if code, _ := ninaC.do("GET", people, "", "", nil); code != 403 {
		t.Errorf("the people page as an analyst: %d", code)
	}

	// Inviting someone who is here already.
	if code, _ := admin.postForm(people, url.Values{"email": {analystA}, "name": {"Per"}, "role": {"viewer"}}); code != 409 {
		t.Errorf("inviting a member again: %d", code)
	}

	// Refusals: nobody but the buyer's admin changes its people, and what
	// they try changes nothing.
	ninaID := strconv.FormatInt(u.ID, 10)
	adminBC := newClient(t, srv.URL).login(adminB)
	viewer := newClient(t, srv.URL).login(viewerA)
	for _, tc := range []struct {
		who  string
		c    *client
		path string
		want int
	}{
		{"an analyst", analyst, people + "/" + ninaID + "/role", 403},
		{"a viewer", viewer, people + "/" + ninaID + "/role", 403},
		{"another buyer's admin", adminBC, people + "/" + ninaID + "/role", 403},
		{"another buyer's admin, through its own buyer", adminBC, "/buyers/3907/people/" + ninaID + "/role", 404},
		{"another buyer's admin, tokens through its own buyer", adminBC, "/buyers/3907/people/" + ninaID + "/tokens", 404},
		{"an analyst, tokens", analyst, people + "/" + ninaID + "/tokens", 403},
	} {
		f := url.Values{"role": {"admin"}, "do": {"reset"}, "scope": {"write"}, "confirm": {"yes"}}
		if code, _ := tc.c.postForm(tc.path, f); code != tc.want {
			t.Errorf("%s: %d, want %d", tc.who, code, tc.want)
		}
		if code, _ := tc.c.postForm(people, url.Values{"email": {"x@larvik.test"}, "name": {"X"}, "role": {"admin"}}); code != 403 {
			t.Errorf("%s invites: %d", tc.who, code)
		}
	}
	if u, _ := st.User(ctx, u.ID); u.RoleAt("3909") != cityspend.RoleAnalyst || u.RoleAt("3907") != "" {
		t.Errorf("after the refusals, nina's roles: %v", u.Grants)
	}
	if ts, _ := st.Tokens(ctx, u.ID); len(ts) != 0 {
		t.Errorf("after the refusals, nina has %d tokens", len(ts))
	}
	if _, err := st.UserByEmail(ctx, "x@larvik.test"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("a refused invitation made an account: %v", err)
	}
	if code, _ := analyst.do("GET", "/buyers/3909/audit", "", "", nil); code != 403 {
		t.Errorf("the audit log as an analyst: %d", code)
	}

	// A role changed.
	if code, _ := admin.postForm(people+"/"+ninaID+"/role", url.Values{"role": {"viewer"}}); code != 303 {
		t.Errorf("change a role: %d", code)
	}
	if u, _ := st.User(ctx, u.ID); u.RoleAt("3909") != cityspend.RoleViewer {
		t.Errorf("nina's role: %v", u.Grants)
	}

	// The last admin stays one, also by their own hand.
	me, _ := st.UserByEmail(ctx, adminA)
	self := people + "/" + strconv.FormatInt(me.ID, 10) + "/role"
	for _, f := range []url.Values{{"role": {"viewer"}}, {"role": {"none"}, "confirm": {"yes"}}} {
		if code, b := admin.postForm(self, f); code != 409 || !strings.Contains(b, `id="people-error"`) {
			t.Errorf("the last admin %v: %d", f, code)
		}
	}
	if me, _ := st.User(ctx, me.ID); me.RoleAt("3909") != cityspend.RoleAdmin {
		t.Fatalf("the last admin's role: %v", me.Grants)
	}

	// A new token, shown once, after a confirmation; it works until the
	// next is made or it is revoked.
	per, _ := st.UserByEmail(ctx, analystA)
	tokens := people + "/" + strconv.FormatInt(per.ID, 10) + "/tokens"
	if code, b := admin.postForm(tokens, url.Values{"do": {"reset"}, "scope": {"read"}}); code != 200 || !strings.Contains(b, `id="confirm-form"`) || strings.Contains(b, `id="new-token"`) {
		t.Errorf("a new token, before the confirmation: %d", code)
	}
	if ts, _ := st.Tokens(ctx, per.ID); len(ts) != 0 {
		t.Errorf("a token made before the confirmation: %d", len(ts))
	}
	newToken := func() string {
		t.Helper()
		code, b := admin.postForm(tokens, url.Values{"do": {"reset"}, "scope": {"read"}, "confirm": {"yes"}})
		tok := regexp.MustCompile(`<code id="new-token"[^>]*>(cs_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(b)
		if code != 200 || tok == nil {
			t.Fatalf("a new token: %d %s", code, b)
		}
		return tok[1]
	}
	first := newToken()
	if resp := bearerGet(t, srv.URL+"/api/v1/buyers/3909/findings", first, ""); resp.StatusCode != 200 {
		t.Errorf("the new token: %d", resp.StatusCode)
	}
	second := newToken()
	if resp := bearerGet(t, srv.URL+"/api/v1/buyers/3909/findings", first, ""); resp.StatusCode != 401 {
		t.Errorf("the token before the reset: %d", resp.StatusCode)
	}
	if code, _ := admin.postForm(tokens, url.Values{"do": {"revoke"}, "confirm": {"yes"}}); code != 303 {
		t.Errorf("revoke: %d", code)
	}
	if resp := bearerGet(t, srv.URL+"/api/v1/buyers/3909/findings", second, ""); resp.StatusCode != 401 {
		t.Errorf("a revoked token: %d", resp.StatusCode)
	}
	// Someone with a role at a buyer the admin does not administer: their
	// tokens may be revoked, not made (a token acts at every buyer).
	if err := st.SetGrant(ctx, per.ID, "3907", cityspend.RoleViewer); err != nil {
		t.Fatal(err)
	}
	if _, b := admin.do("GET", people, "", "", nil); strings.Contains(rowOf(b, analystA), "reset-token") || !strings.Contains(rowOf(b, viewerA), "reset-token") {
		t.Errorf("the page offers a new token of someone also at another buyer, or none of someone who is not:\n%s\n%s", rowOf(b, analystA), rowOf(b, viewerA))
	}
	if code, _ := admin.postForm(tokens, url.Values{"do": {"reset"}, "scope": {"read"}, "confirm": {"yes"}}); code != 403 {
		t.Errorf("a token of someone also at another buyer: %d", code)
	}
	if ts, _ := st.Tokens(ctx, per.ID); len(ts) != 0 {
		t.Errorf("tokens after the refusal: %d", len(ts))
	}

	// A removal, after a confirmation.
	role := people + "/" + ninaID + "/role"
	if code, b := admin.postForm(role, url.Values{"role": {"none"}}); code != 200 || !strings.Contains(b, `id="confirm-form"`) {
		t.Errorf("remove, before the confirmation: %d", code)
	}
	if u, _ := st.User(ctx, u.ID); u.RoleAt("3909") != cityspend.RoleViewer {
		t.Errorf("removed before the confirmation: %v", u.Grants)
	}
	if code, _ := admin.postForm(role, url.Values{"role": {"none"}, "confirm": {"yes"}}); code != 303 {
		t.Errorf("remove: %d", code)
	}
	if u, _ := st.User(ctx, u.ID); u.RoleAt("3909") != "" {
		t.Errorf("removed: %v", u.Grants)
	}
	if code, _ := ninaC.do("GET", "/buyers/3909/review", "", "", nil); code != 403 {
		t.Errorf("the removed person's review queue: %d", code)
	}

	// The audit log names each change and who made it, newest first.
	code, body = admin.do("GET", "/buyers/3909/audit?lang=en", "", "", nil)
	if code != 200 {
		t.Fatalf("audit: %d", code)
	}
	rows := parse(t, "audit", body).rows("audit")
	var actions []string
	for _, r := range rows {
		actions = append(actions, r[1]+": "+r[2])
	}
	log := strings.Join(actions, "\n")
	for _, want := range []string{
		adminA + ": invite " + nina + " as analyst",
		": accept invitation " + nina,
		adminA + ": role of " + nina + " analyst to viewer",
		adminA + ": reset the API tokens of " + analystA + " (new read token)",
		adminA + ": revoke 1 API tokens of " + analystA,
		adminA + ": remove " + nina,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the audit log has no %q:\n%s", want, log)
		}
	}
	if strings.Index(log, "remove "+nina) > strings.Index(log, "invite "+nina) {
		t.Errorf("the audit log is not newest first:\n%s", log)
	}
	// Paged: 50 entries a page.
	for i := range 60 {
		if err := st.Audit(ctx, cityspend.AuditEntry{At: time.Now().UTC().Add(time.Duration(i) * time.Second), Who: "bulk@larvik.test",
			Action: fmt.Sprintf("bulk %d", i), BuyerID: "3909"}); err != nil {
			t.Fatal(err)
		}
	}
	_, body = admin.do("GET", "/buyers/3909/audit", "", "", nil)
	d = parse(t, "audit", body)
	if n := len(d.rows("audit")); n != 50 || !strings.Contains(body, `href="/buyers/3909/audit?page=2"`) || !strings.Contains(d.rows("audit")[0][2], "bulk 59") {
		t.Errorf("the audit log's first page: %d rows, first %v", n, d.rows("audit")[0])
	}
	if code, body := admin.do("GET", "/buyers/3909/audit?page=2", "", "", nil); code != 200 || len(parse(t, "audit", body).rows("audit")) == 0 {
		t.Errorf("the audit log's second page: %d", code)
	}
	if code, _ := admin.do("GET", "/buyers/3909/audit?page=99", "", "", nil); code != http.StatusNotFound {
		t.Errorf("a page past the audit log: %d", code)
	}
}

// rowOf is the HTML of the row of a person in the people page.
func rowOf(page, email string) string {
	_, row, _ := strings.Cut(page, `<tr data-email="`+email+`"`)
	row, _, _ = strings.Cut(row, "</tr>")
	return row
}
