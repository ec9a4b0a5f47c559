// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
)

// The test accounts of newTestServer: staff of buyer 3909 (city A) and of
// buyer 3907 (city B), a supplier's user and an installation admin.
const (
	testPassword = "correct horse battery"
	adminA       = "kari@larvik.test"
	analystA     = "per@larvik.test"
	viewerA      = "vera@larvik.test"
	adminB       = "ola@sandefjord.test"
	supplierUser = "sales@firma.test"
	installAdmin = "drift@kompetanse.test" // an installation admin, with no role at a buyer
)

// addTestAccounts adds the test accounts (and city B) to a store.
func addTestAccounts(t *testing.T, st cityspend.Store) {
	t.Helper()
	ctx := context.Background()
	if err := st.CreateBuyer(ctx, cityspend.Buyer{ID: "3907", Name: "Sandefjord kommune", Country: "NO", Currency: "NOK", FiscalStart: 1}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []cityspend.User{
		{Email: adminA, Name: "Kari", Grants: []cityspend.Grant{{BuyerID: "3909", Role: cityspend.RoleAdmin}}},
		{Email: analystA, Name: "Per", Grants: []cityspend.Grant{{BuyerID: "3909", Role: cityspend.RoleAnalyst}}},
		{Email: viewerA, Name: "Vera", Grants: []cityspend.Grant{{BuyerID: "3909", Role: cityspend.RoleViewer}}},
		{Email: adminB, Name: "Ola", Grants: []cityspend.Grant{{BuyerID: "3907", Role: cityspend.RoleAdmin}}},
		{Email: supplierUser, Name: "Firma", SupplierID: "org:NO-BRC:923609016"},
		{Email: installAdmin, Name: "Drift", InstallationAdmin: true},
	} {
		if _, err := auth.AddUser(ctx, st, u, testPassword); err != nil {
			t.Fatal(err)
		}
	}
}

// client is a browser: a cookie jar, redirects not followed, and the form
// token of its pages sent with every change.
type client struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string
	// header is the last response's.
	header http.Header
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func newClient(t *testing.T, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login logs the client in (failing the test if it cannot) and returns it.
func (c *client) login(email string) *client {
	c.t.Helper()
	return c.loginWith(email, testPassword)
}

// loginWith logs in with a password.
func (c *client) loginWith(email, password string) *client {
	c.t.Helper()
	code, _ := c.do("GET", "/login", "", "", nil)
	if code != 200 {
		c.t.Fatalf("GET /login: %d", code)
	}
	form := url.Values{"email": {email}, "password": {password}, "csrf": {c.csrf}, "next": {"/"}}
	if code, body := c.do("POST", "/login", "application/x-www-form-urlencoded", form.Encode(), map[string]string{csrfHeader: ""}); code != http.StatusSeeOther {
		c.t.Fatalf("login %s: %d %s", email, code, body)
	}
	if code, _ := c.do("GET", "/", "", "", nil); code != 200 || c.csrf == "" {
		c.t.Fatalf("after login: %d, token %q", code, c.csrf)
	}
	return c
}

// do makes a request to a path (or a full URL) and returns the status and
// body. A change carries the client's form token in the header unless
// header names csrfHeader itself ("" leaves it out).
func (c *client) do(method, path, ctype, body string, header map[string]string) (int, string) {
	c.t.Helper()
	code, b, _ := c.send(method, path, ctype, body, header)
	return code, b
}

// send is do that also returns the response's Location.
func (c *client) send(method, path, ctype, body string, header map[string]string) (int, string, string) {
	c.t.Helper()
	u := path
	if !strings.HasPrefix(u, "http") {
		u = c.base + path
	}
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if method != "GET" && method != "HEAD" {
		req.Header.Set(csrfHeader, c.csrf)
	}
	// A browser following the site's own links says so.
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfInput.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	c.header = resp.Header
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

// postForm posts a form with the client's token in it.
func (c *client) postForm(path string, f url.Values) (int, string) {
	c.t.Helper()
	g := url.Values{}
	for k, v := range f {
		g[k] = v
	}
	g.Set("csrf", c.csrf)
	return c.do("POST", path, "application/x-www-form-urlencoded", g.Encode(), map[string]string{csrfHeader: ""})
}

// clients are the logged-in admin of city A of each test server, by URL:
// get and send act as that user.
var clients sync.Map

func clientFor(u string) *client {
	var found *client
	clients.Range(func(k, v any) bool {
		if strings.HasPrefix(u, k.(string)) {
			found = v.(*client)
			return false
		}
		return true
	})
	return found
}
