// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/alerts"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
)

// wildcards are the values the authorisation test gives each wildcard of
// a route pattern ({id} is the buyer); a route with a wildcard not here
// fails the test.
var wildcards = map[string]string{"{fid}": "f-1", "{ocid}": "ocds-x-1", "{sid}": "org:NO-BRC:923609016", "{pid}": "1",
	"{item}": "P-1", "{file}": "lines.csv", "{cid}": "CH-1", "{qid}": "1", "{eid}": "1", "{name}": "brief.pdf", "{$}": "",
	"{slug}": "direct-award", "{bid}": "424242", "{job}": "1-1", "{uid}": "1"}

var wildcard = regexp.MustCompile(`\{[a-z$]*\}`)

// concrete turns a route pattern into a request path for a buyer.
func concrete(t *testing.T, pattern, buyer string) (method, path string) {
	t.Helper()
	method, path, _ = strings.Cut(pattern, " ")
	path = wildcard.ReplaceAllStringFunc(path, func(w string) string {
		if w == "{id}" {
			return buyer
		}
		v, ok := wildcards[w]
		if !ok {
			t.Fatalf("route %s: the test has no value for %s (add one to wildcards)", pattern, w)
		}
		return v
	})
	if path == "/static/" {
		path = "/static/style.css"
	}
	return method, path
}

// persona is a visitor: anonymous, a user of city A (3909) in each role, the
// admin of city B (3907), a supplier's user, an installation admin.
type persona struct {
	name, email string
	roles       map[string]string // role by buyer
}

var personas = []persona{{name: "anonymous"}, {"viewer A", viewerA, map[string]string{"3909": cityspend.RoleViewer}},
	{"analyst A", analystA, map[string]string{"3909": cityspend.RoleAnalyst}}, {"admin A", adminA, map[string]string{"3909": cityspend.RoleAdmin}},
	{"admin B", adminB, map[string]string{"3907": cityspend.RoleAdmin}}, {"supplier", supplierUser, nil},
	{"installation admin", installAdmin, nil}}

// may reports whether the persona may use a route of access a about a
// buyer that publishes its dashboards or not.
func (p persona) may(a access, buyer string, publishes bool) bool {
	switch a {
	case anyone:
		return true
	case signedIn:
		return p.email != ""
	case supplier:
		return p.name == "supplier"
	case installation:
		return p.name == "installation admin"
	case published:
		if publishes {
			return true
		}
	}
	role := p.roles[buyer]
	return role != "" && cityspend.RoleAtLeast(role, a.role())
}

// The buyers the authorisation test asks about: city A, city B, and one
// that does not exist.
var (
	matrixBuyers = []string{"3909", "3907"}
	unknownBuyer = "9999"
)

// Every route the server registers — routes.go is the one list, and
// handle registers no route without an access decision — for every kind
// of visitor, about its own city, another city and none, with the cities
// publishing their dashboards and not, by its method (refused GETs by
// HEAD too) and by every method it does not have: exactly what each may,
// nothing of city A for city B or a supplier, and no change without a
// valid form token.
func TestAuthorisationEveryRoute(t *testing.T) {
	// The API's rate limit has its own test (TestAPIRateLimit).
	srv, st, s := newTestServerWith(t, func(s *Server) { s.SetAPIRate(0, 0) })
	ctx := context.Background()
	if len(s.routeList) < 90 {
		t.Fatalf("%d routes registered", len(s.routeList))
	}
	clients := map[string]*client{}
	for _, p := range personas {
		clients[p.name] = personaClient(t, srv.URL, p)
	}
	// The unsubscribe link's POST needs no session and no form token,
	// only its signed token: the supplier's, who has an alert.
	sup, err := st.UserByEmail(ctx, supplierUser)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutAlert(ctx, cityspend.Alert{UserID: sup.ID, CPV: []string{"45"}, Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	key, err := auth.SiteKey(ctx, st, cityspend.SettingUnsubscribeKey)
	if err != nil {
		t.Fatal(err)
	}
	unsubscribe := "?" + url.Values{"token": {alerts.Token(key, sup.ID)}}.Encode()
	// request makes a route's request about a buyer as a persona: a
	// change with the persona's form token (JSON to the API, a form
	// elsewhere). Logging in and out use a client of their own, not to end
	// the sessions the test needs.
	request := func(p persona, method, pattern, path string) (int, string) {
		c := clients[p.name]
		switch pattern {
		case "POST /login":
			c = personaClient(t, srv.URL, persona{name: "anonymous"})
			email := p.email
			if email == "" {
				email = supplierUser
			}
			code, _, loc := c.send(method, path, "application/x-www-form-urlencoded",
				url.Values{"email": {email}, "password": {testPassword}, "csrf": {c.csrf}}.Encode(), nil)
			return code, loc
		case "POST /logout":
			c = personaClient(t, srv.URL, p)
		case "POST " + unsubscribePath:
			path += unsubscribe
		}
		ctype, body := "application/x-www-form-urlencoded", ""
		if strings.HasPrefix(path, "/api/") && method != "GET" && method != "HEAD" {
			ctype, body = "application/json", `{}`
		}
		code, _, loc := c.send(method, path, ctype, body, nil)
		return code, loc
	}
	check := func(p persona, rt route, method, buyer string, publishes bool) {
		t.Helper()
		_, path := concrete(t, rt.pattern, buyer)
		code, loc := request(p, method, rt.pattern, path)
		refused := code == 401 || code == 403 || code == 303 && strings.HasPrefix(loc, "/login")
		may := p.may(rt.access, buyer, publishes)
		if may == refused {
			t.Errorf("publishes=%v %s %s (%s) as %s: %d %s (may: %v)", publishes, method, path, rt.pattern, p.name, code, loc, may)
		}
		if refused && p.email == "" && code == 403 {
			t.Errorf("%s %s as anonymous: 403, want a request to log in", method, path)
		}
	}
	for _, publishes := range []bool{false, true} {
		v := ""
		if publishes {
			v = "yes"
		}
		for _, b := range matrixBuyers {
			if err := st.SetSetting(ctx, b, cityspend.SettingPublish, v); err != nil {
				t.Fatal(err)
			}
		}
		s.Invalidate() // as `cityspend buyer publish` does it, while no server holds the database
		// Reads first, then changes: a change has every result (the
		// report's PDF among them) computed anew.
		for _, changes := range []bool{false, true} {
			for _, rt := range s.routeList {
				method, _, _ := strings.Cut(rt.pattern, " ")
				if (method != "GET") != changes {
					continue
				}
				buyers := []string{""}
				if strings.Contains(rt.pattern, "{id}") {
					buyers = matrixBuyers
				}
				for _, b := range buyers {
					for _, p := range personas {
						check(p, rt, method, b, publishes)
						if method == "GET" && !p.may(rt.access, b, publishes) {
							check(p, rt, "HEAD", b, publishes) // (allowed, it is the GET without a body)
						}
					}
				}
			}
		}
	}
	// A buyer that does not exist is not found, for everyone, before
	// anyone is asked to log in.
	for _, rt := range s.routeList {
		if !strings.Contains(rt.pattern, "{id}") || rt.access == anyone || rt.access == signedIn || rt.access == supplier {
			continue
		}
		method, path := concrete(t, rt.pattern, unknownBuyer)
		for _, p := range personas {
			if code, loc := request(p, method, rt.pattern, path); code != 404 {
				t.Errorf("%s %s as %s: %d %s, want 404", method, path, p.name, code, loc)
			}
		}
	}
	// A method a path has no route for is refused (405) and reaches no
	// handler, whoever asks, with a valid form token.
	seen := map[string]bool{}
	for _, rt := range s.routeList {
		for _, b := range matrixBuyers {
			_, path := concrete(t, rt.pattern, b)
			if seen[path] {
				continue
			}
			seen[path] = true
			for _, method := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
				if _, pattern := s.mux.Handler(httptest.NewRequest(method, path, nil)); pattern != "" {
					continue // a route: above
				}
				for _, p := range personas {
					if code, _, _ := clients[p.name].send(method, path, "application/json", `{}`, nil); code != http.StatusMethodNotAllowed {
						t.Errorf("%s %s as %s: %d, want 405", method, path, p.name, code)
					}
				}
			}
		}
	}
	// No change without the form token, or with a forged one: refused with
	// 403 before anything else, for any visitor.
	for _, rt := range s.routeList {
		if strings.HasPrefix(rt.pattern, "GET ") {
			continue
		}
		for _, b := range matrixBuyers {
			method, path := concrete(t, rt.pattern, b)
			for _, p := range []string{"anonymous", "admin A", "admin B"} {
				for _, tok := range []string{"", "forged-token"} {
					if code, _, _ := clients[p].send(method, path, "application/json", `{}`, map[string]string{csrfHeader: tok}); code != 403 {
						t.Errorf("%s %s as %s with token %q: %d, want 403", method, path, p, tok, code)
					}
				}
			}
		}
	}
	// The other personas' tokens are not the admin's.
	if clients["admin A"].csrf == clients["viewer A"].csrf || clients["admin A"].csrf == clients["anonymous"].csrf {
		t.Error("form tokens are per session")
	}
}

// personaClient is a client logged in as the persona (a visitor with its
// form token for the anonymous one).
func personaClient(t *testing.T, base string, p persona) *client {
	t.Helper()
	c := newClient(t, base)
	if p.email != "" {
		return c.login(p.email)
	}
	c.do("GET", "/login", "", "", nil)
	return c
}

// No route reaches the server's mux but through handle, which registers
// it with its access decision (what TestAuthorisationEveryRoute reads).
func TestRoutesOnlyThroughHandle(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil || fn.Name.Name == "handle" {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc" {
					return true
				}
				if recv, ok := sel.X.(*ast.SelectorExpr); ok && recv.Sel.Name == "mux" {
					t.Errorf("%s: %s registers a route on the mux without an access decision (use s.handle)", fset.Position(call.Pos()), fn.Name.Name)
				}
				return true
			})
		}
	}
	s := &Server{mux: http.NewServeMux()}
	defer func() {
		if recover() == nil {
			t.Error("a route without an access decision registered")
		}
	}()
	s.handle("GET /new", undecided, func(http.ResponseWriter, *http.Request) {})
}

// Logging in and out: cookies with the right flags, a wrong password and an
// unknown user answered alike, the limit on failures, a safe redirect, the
// session ended by logging out or a new password.
func TestLoginLogout(t *testing.T) {
	// A clock that stands still: the wait after five failures is a second.
	at := time.Now().UTC()
	srv, st, _ := newTestServerWith(t, func(s *Server) { s.Accounts().Now = func() time.Time { return at } })
	ctx := context.Background()
	c := newClient(t, srv.URL)
	c.do("GET", "/login?next=/buyers/3909/findings", "", "", nil)
	// No token: refused before the password is looked at.
	if code, _ := c.do("POST", "/login", "application/x-www-form-urlencoded", url.Values{"email": {adminA}, "password": {testPassword}}.Encode(),
		map[string]string{csrfHeader: ""}); code != 403 {
		t.Errorf("login without a token: %d", code)
	}
	wrong := func(email string) (int, string) {
		return c.postForm("/login", url.Values{"email": {email}, "password": {"not the password"}})
	}
	code1, body1 := wrong(adminA)
	code2, body2 := wrong("nobody@larvik.test")
	msg := "The e-mail or the password is wrong."
	if code1 != 401 || code2 != 401 || !strings.Contains(body1, msg) || !strings.Contains(body2, msg) {
		t.Errorf("wrong password %d, unknown user %d: answered alike", code1, code2)
	}
	// Four more failures of that e-mail from this address make five: the
	// sixth try waits, even with the right password (TestLoginThrottle
	// has the rest: other addresses, known browsers, many e-mails).
	for range 4 {
		wrong(adminA)
	}
	if code, _ := c.postForm("/login", url.Values{"email": {adminA}, "password": {testPassword}}); code != http.StatusTooManyRequests || c.header.Get("Retry-After") == "" {
		t.Errorf("after five failures: %d, Retry-After %q; want 429 with it", code, c.header.Get("Retry-After"))
	}
	// A fresh limit: the right password logs in; the cookie is HttpOnly and SameSite.
	s, _ := New(st, slog.New(slog.DiscardHandler))
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	srv2 := hs.URL
	c = newClient(t, srv2)
	c.do("GET", "/login", "", "", nil)
	req, _ := http.NewRequest("POST", srv2+"/login", strings.NewReader(url.Values{"email": {" Kari@Larvik.test "}, "password": {testPassword},
		"csrf": {c.csrf}, "next": {"//evil.example/x"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/buyers/3909" {
		t.Errorf("login: %d to %q (an outside next is not followed: Kari lands on her own buyer)", resp.StatusCode, resp.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == SessionCookie {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" {
		t.Fatalf("session cookie %+v", session)
	}
	if code, body := c.do("GET", "/buyers/3909/findings", "", "", nil); code != 200 || !strings.Contains(body, adminA) {
		t.Errorf("findings after login: %d", code)
	}
	// The store keeps only the token's hash.
	if _, err := st.Session(ctx, session.Value, time.Now()); err == nil {
		t.Error("the store knows the session by its token")
	}
	// Logging out ends the session on the server, not only in the browser.
	if code, _ := c.postForm("/logout", nil); code != http.StatusSeeOther {
		t.Errorf("logout: %d", code)
	}
	replay := newClient(t, srv2)
	u, _ := url.Parse(srv2)
	replay.hc.Jar.SetCookies(u, []*http.Cookie{{Name: SessionCookie, Value: session.Value}})
	if code, _ := replay.do("GET", "/api/v1/buyers/3909/findings", "", "", nil); code != 401 {
		t.Errorf("the old session after logout: %d", code)
	}
	// A new password ends the user's other sessions.
	c2 := newClient(t, srv2).login(viewerA)
	vera, _ := st.UserByEmail(ctx, viewerA)
	if err := auth.SetPassword(ctx, st, vera.ID, "another long password"); err != nil {
		t.Fatal(err)
	}
	s.Invalidate() // as the command line does it (while no server holds the database)
	if code, _ := c2.do("GET", "/api/v1/buyers/3909/findings", "", "", nil); code != 401 {
		t.Errorf("a session after the password changed: %d", code)
	}
	// A disabled user cannot log in.
	per, _ := st.UserByEmail(ctx, analystA)
	st.SetDisabled(ctx, per.ID, true)
	s.Invalidate()
	c3 := newClient(t, srv2)
	c3.do("GET", "/login", "", "", nil)
	if code, _ := c3.postForm("/login", url.Values{"email": {analystA}, "password": {testPassword}}); code != 401 {
		t.Errorf("a disabled user logs in: %d", code)
	}
}

// Over plain HTTP to another host, the login page says the cookie will not
// be kept; on localhost (a browser on this machine) and behind a TLS proxy
// it does not. A client elsewhere that names localhost gets the warning:
// its cookie is Secure.
func TestLoginPlainHTTPWarning(t *testing.T) {
	s, _ := New(duckdbtest.Build(t, duckdbtest.Options{}).Store, slog.New(slog.DiscardHandler))
	h := s.Handler()
	for _, c := range []struct {
		from, host, proto string
		warn              bool
	}{{"127.0.0.1:5000", "127.0.0.1:8080", "", false}, {"[::1]:5000", "localhost:8080", "", false},
		{"192.0.2.1:5000", "cityspend.larvik.kommune.no", "", true}, {"192.0.2.1:5000", "cityspend.larvik.kommune.no", "https", false},
		{"192.0.2.1:5000", "localhost:8080", "", true}} {
		req := httptest.NewRequest("GET", "/login", nil)
		req.RemoteAddr, req.Host = c.from, c.host
		if c.proto != "" {
			req.Header.Set("X-Forwarded-Proto", c.proto)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if got := strings.Contains(rec.Body.String(), `id="plain-http"`); got != c.warn {
			t.Errorf("from %s to %s %s: warning %v", c.from, c.host, c.proto, got)
		}
	}
}

// The cookies' Secure flag follows the public URL, TLS, or a trusted
// proxy's word, and the client's own connection; a Host or an
// X-Forwarded-Proto a client writes cannot turn it off (or on) from
// elsewhere.
func TestSecureCookieFlag(t *testing.T) {
	st := duckdbtest.Build(t, duckdbtest.Options{}).Store
	for _, c := range []struct {
		name             string
		publicURL, proxy string
		host, proto, xff string
		secure           bool
	}{
		{name: "the demo on this machine", secure: false},
		{name: "a browser here naming localhost", host: "localhost:8080", secure: false},
		{name: "a proxy here forwarding the public host", host: "cityspend.larvik.kommune.no", secure: true},
		{name: "an untrusted client saying https", proto: "https", secure: false},
		{name: "public https URL, a forged localhost Host", publicURL: "https://cityspend.larvik.kommune.no", host: "localhost:8080", secure: true},
		{name: "public https URL, a forged loopback Host and http", publicURL: "https://cityspend.larvik.kommune.no", proto: "http", secure: true},
		{name: "public http URL, a forged https", publicURL: "http://127.0.0.1:8080", proto: "https", secure: false},
		{name: "behind a trusted proxy, a client elsewhere naming localhost", proxy: "127.0.0.1", xff: "203.0.113.9", host: "localhost:8080", secure: true},
		{name: "behind a trusted proxy that says https", proxy: "127.0.0.1", proto: "https", secure: true},
		{name: "behind a trusted proxy that says http, a client here", proxy: "127.0.0.1", proto: "http", secure: false},
	} {
		s, err := New(st, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		s.SetPublicURL(c.publicURL)
		if c.proxy != "" {
			if err := s.SetTrustedProxies([]string{c.proxy}); err != nil {
				t.Fatal(err)
			}
		}
		srv := httptest.NewServer(s.Handler())
		req, _ := http.NewRequest("GET", srv.URL+"/login", nil)
		if c.host != "" {
			req.Host = c.host
		}
		if c.proto != "" {
			req.Header.Set("X-Forwarded-Proto", c.proto)
		}
		if c.xff != "" {
			req.Header.Set("X-Forwarded-For", c.xff)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		srv.Close()
		var csrf *http.Cookie
		for _, ck := range resp.Cookies() {
			if ck.Name == csrfCookie {
				csrf = ck
			}
		}
		if csrf == nil {
			t.Fatalf("%s: no form-token cookie", c.name)
		}
		if csrf.Secure != c.secure {
			t.Errorf("%s: Secure %v, want %v", c.name, csrf.Secure, c.secure)
		}
	}
}

// API tokens: a read token reads what its user may and changes nothing; a
// write token changes without a form token; a revoked, expired or foreign
// token is refused; a token never reaches another city's data.
func TestAPITokens(t *testing.T) {
	srv, st, s := newTestServerWith(t, nil)
	ctx := context.Background()
	kari, _ := st.UserByEmail(ctx, adminA)
	now := time.Now().UTC()
	read, _, err := auth.NewAPIToken(ctx, st, kari.ID, "warehouse", cityspend.ScopeRead, time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	write, wt, _ := auth.NewAPIToken(ctx, st, kari.ID, "planner", cityspend.ScopeWrite, time.Hour, now)
	old, _, _ := auth.NewAPIToken(ctx, st, kari.ID, "old", cityspend.ScopeRead, time.Hour, now.Add(-2*time.Hour))
	call := func(method, path, token, body string) int {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	gen := "/api/v1/buyers/3909/plan/generate"
	for _, c := range []struct {
		method, path, token string
		want                int
	}{
		{"GET", "/api/v1/buyers/3909/findings", read, 200},
		{"GET", "/api/v1/buyers/3907/findings", read, 403}, // another city
		{"POST", gen, read, 403},                           // a read token changes nothing
		{"POST", gen, write, 200},                          // no form token needed
		{"GET", "/api/v1/buyers/3909/findings", old, 401},  // expired
		{"GET", "/api/v1/buyers/3909/findings", "cs_forged", 401},
		{"GET", "/api/v1/buyers/3909/findings", "not-ours", 401},
	} {
		if got := call(c.method, c.path, c.token, `{"horizon_months":24}`); got != c.want {
			t.Errorf("%s %s with %.12s…: %d, want %d", c.method, c.path, c.token, got, c.want)
		}
	}
	if err := st.DeleteToken(ctx, wt.ID); err != nil {
		t.Fatal(err)
	}
	s.Invalidate() // as `cityspend user revoke-token` does it, while no server holds the database
	if got := call("POST", gen, write, `{"horizon_months":24}`); got != 401 {
		t.Errorf("a revoked token: %d", got)
	}
	if _, _, err := auth.NewAPIToken(ctx, st, kari.ID, "x", "admin", time.Hour, now); err == nil {
		t.Error("an unknown scope")
	}
	ts, _ := st.Tokens(ctx, kari.ID)
	if len(ts) != 2 || ts[0].Hash == read {
		t.Errorf("tokens %+v (the store keeps hashes)", ts)
	}
}

// The audit log has every login (refused ones too), every change with its
// user, route and outcome, and the logouts; the buyer's admins read it.
func TestAuditLog(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	per := newClient(t, srv.URL).login(analystA)
	per.postForm("/buyers/3909/strategy", url.Values{"indicator": {"local_share"}, "baseline_year": {"2024"}, "target_year": {"2030"}, "target": {"40%"}})
	bad := newClient(t, srv.URL)
	bad.do("GET", "/login", "", "", nil)
	bad.postForm("/login", url.Values{"email": {viewerA}, "password": {"wrong password!"}})
	per.postForm("/logout", nil)
	es, err := st.AuditLog(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]cityspend.AuditEntry{}
	for _, e := range es {
		seen[e.Who+" "+e.Action] = e
	}
	for _, want := range []string{analystA + " login", analystA + " POST /buyers/{id}/strategy", viewerA + " login_refused", analystA + " logout"} {
		if _, ok := seen[want]; !ok {
			t.Errorf("the audit log lacks %q: %+v", want, es)
		}
	}
	if e := seen[analystA+" POST /buyers/{id}/strategy"]; e.BuyerID != "3909" || e.Status != http.StatusSeeOther || e.Via != "session" || e.Addr == "" {
		t.Errorf("the change's entry %+v", e)
	}
	var buyerLog []cityspend.AuditEntry
	json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/audit", 200)), &buyerLog)
	if len(buyerLog) == 0 || buyerLog[0].BuyerID != "3909" {
		t.Errorf("the buyer's audit log %+v", buyerLog)
	}
}

// A buyer's admin publishes its dashboards from the overview (and stops):
// anyone sees them then; an analyst may not change it.
func TestPublishFromTheOverview(t *testing.T) {
	srv, _ := newTestServer(t)
	kari := clientFor(srv.URL)
	anon := newClient(t, srv.URL)
	if code, _ := anon.do("GET", "/buyers/3909?year=2025", "", "", nil); code != http.StatusSeeOther {
		t.Fatalf("before publishing: %d", code)
	}
	if page := get(t, srv.URL+"/buyers/3909?year=2025&lang=en", 200); !strings.Contains(page, `id="publish-form"`) {
		t.Fatal("the admin's overview has the publish form")
	}
	if code, _ := newClient(t, srv.URL).login(analystA).postForm("/buyers/3909/publish", url.Values{"publish": {"yes"}}); code != 403 {
		t.Errorf("an analyst publishes: %d", code)
	}
	if code, _ := kari.postForm("/buyers/3909/publish", url.Values{"publish": {"yes"}}); code != http.StatusSeeOther {
		t.Fatalf("publish: %d", code)
	}
	if code, _ := anon.do("GET", "/buyers/3909?year=2025", "", "", nil); code != 200 {
		t.Errorf("after publishing: %d", code)
	}
	// Stopping asks first, and changes nothing until confirmed.
	code, body := kari.postForm("/buyers/3909/publish?lang=nb", url.Values{"publish": {"no"}})
	if code != 200 || !strings.Contains(body, `id="confirm-form"`) || !strings.Contains(body, "Slutt å publisere") || !strings.Contains(body, "Behold dem offentlige") {
		t.Fatalf("stop publishing without confirming: %d\n%s", code, body)
	}
	if code, _ := anon.do("GET", "/buyers/3909?year=2025", "", "", nil); code != 200 {
		t.Errorf("still public until confirmed: %d", code)
	}
	if code, _ := kari.postForm("/buyers/3909/publish", url.Values{"publish": {"no"}, "confirm": {"yes"}}); code != http.StatusSeeOther {
		t.Fatalf("confirmed: %d", code)
	}
	if code, _ := anon.do("GET", "/buyers/3909?year=2025", "", "", nil); code != http.StatusSeeOther {
		t.Errorf("after stopping: %d", code)
	}
}

// The API's rate limit: each client (a user, with all its tokens; else an
// address, an IPv6 /64) has its own bucket; past it the API answers 429 with Retry-After, while
// other clients and the pages go on.
func TestAPIRateLimit(t *testing.T) {
	srv, st, _ := newTestServerWith(t, func(s *Server) { s.SetAPIRate(0.01, 3) })
	ctx := context.Background()
	kari, _ := st.UserByEmail(ctx, adminA)
	per, _ := st.UserByEmail(ctx, analystA)
	now := time.Now().UTC()
	tokA, _, _ := auth.NewAPIToken(ctx, st, kari.ID, "a", cityspend.ScopeRead, time.Hour, now)
	tokA2, _, _ := auth.NewAPIToken(ctx, st, kari.ID, "a2", cityspend.ScopeRead, time.Hour, now)
	tokB, _, _ := auth.NewAPIToken(ctx, st, per.ID, "b", cityspend.ScopeRead, time.Hour, now)
	get := func(path, token string) *http.Response { return bearerGet(t, srv.URL+path, token, "") }
	api := "/api/v1/buyers/3909/findings"
	for i := range 3 {
		if r := get(api, tokA); r.StatusCode != 200 {
			t.Fatalf("request %d of a burst of 3: %d", i+1, r.StatusCode)
		}
	}
	r := get(api, tokA)
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Errorf("the 4th request: %d, Retry-After %q; want 429 with Retry-After", r.StatusCode, r.Header.Get("Retry-After"))
	}
	if r := get(api, tokA2); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("another token of the same user: %d, want 429 (a user's tokens share a bucket)", r.StatusCode)
	}
	if r := get(api, tokB); r.StatusCode != 200 {
		t.Errorf("another user's token: %d", r.StatusCode)
	}
	for i := range 5 { // pages are not the API's
		if r := get("/", ""); r.StatusCode != 200 {
			t.Errorf("page %d: %d", i, r.StatusCode)
		}
	}
	codes := []int{}
	for range 4 { // an anonymous client by its address
		codes = append(codes, get("/api/v1/buyers", "").StatusCode)
	}
	if !slices.Equal(codes, []int{200, 200, 200, 429}) {
		t.Errorf("anonymous API requests: %v, want 200 200 200 429", codes)
	}
}

func TestAddrKey(t *testing.T) {
	for in, want := range map[string]string{"192.0.2.7": "192.0.2.7", "2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64", "::1": "::/64", "not an address": "not an address"} {
		if got := addrKey(in); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}

// Behind a trusted proxy each client has its own bucket by the address the
// proxy forwards; without the setting X-Forwarded-For is not believed (a
// client could write any). Tokens that are not valid count against the
// address too.
func TestTrustedProxy(t *testing.T) {
	for _, trusted := range []bool{true, false} {
		srv, _, _ := newTestServerWith(t, func(s *Server) {
			s.SetAPIRate(0.01, 2)
			if trusted {
				if err := s.SetTrustedProxies([]string{"127.0.0.1", "10.0.0.0/8"}); err != nil {
					t.Fatal(err)
				}
			}
		})
		get := func(forwarded, token string) int {
			return bearerGet(t, srv.URL+"/api/v1/buyers", token, forwarded).StatusCode
		}
		// Client A writes a false first hop; the proxies add the real ones.
		a := []int{get("6.6.6.6, 203.0.113.5, 10.1.2.3", ""), get("7.7.7.7, 203.0.113.5, 10.1.2.3", ""), get("203.0.113.5", "")}
		b := get("203.0.113.6", "")
		switch {
		case trusted && (!slices.Equal(a, []int{200, 200, 429}) || b != 200):
			t.Errorf("behind a trusted proxy: client A %v, client B %d; want 200 200 429, 200", a, b)
		case !trusted && (!slices.Equal(a, []int{200, 200, 429}) || b != 429):
			t.Errorf("without one: %v, then %d; want 200 200 429, 429 (one address)", a, b)
		}
	}
	srv, _, _ := newTestServerWith(t, func(s *Server) { s.SetAPIRate(0.01, 2) })
	var codes []int
	for range 3 {
		codes = append(codes, bearerGet(t, srv.URL+"/api/v1/buyers", "cs_not-a-token", "").StatusCode)
	}
	if !slices.Equal(codes, []int{401, 401, 429}) {
		t.Errorf("tokens that are not valid: %v, want 401 401 429", codes)
	}
	var s Server
	if err := s.SetTrustedProxies([]string{"not an address"}); err == nil {
		t.Error("a proxy that is no address taken")
	}
}

// bearerGet GETs a URL with a bearer token and an X-Forwarded-For ("":
// none of either), the body read and closed.
func bearerGet(t *testing.T, url, token, forwarded string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if forwarded != "" {
		req.Header.Set("X-Forwarded-For", forwarded)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

var update = flag.Bool("update", false, "rewrite testdata/access.golden")

// The access decision of every route, in routes.go's order, is kept in
// testdata/access.golden: a new route or a changed decision shows in
// review as a change of that file (go test ./web -run TestAccessDecisions
// -update writes it).
func TestAccessDecisions(t *testing.T) {
	s, err := New(nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, rt := range s.routeList {
		fmt.Fprintf(&b, "%-60s %s\n", rt.pattern, rt.access)
	}
	golden := filepath.Join("testdata", "access.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("the routes' access decisions differ from %s: check the new or changed ones, then rerun with -update\n%s",
			golden, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines only in a (-) and only in b (+).
func lineDiff(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ina, inb := in(a), in(b)
	var out strings.Builder
	for _, l := range strings.Split(a, "\n") {
		if !inb[l] {
			out.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(b, "\n") {
		if !ina[l] {
			out.WriteString("+ " + l + "\n")
		}
	}
	return out.String()
}

// A change that is refused, or a login that fails, changed nothing: the
// results computed before it are kept (else anyone could have every
// analysis computed anew with one refused request after another); a
// change that passes its access check has them computed anew.
func TestRefusedChangeKeepsResults(t *testing.T) {
	srv, _, s := newTestServerWith(t, nil)
	anon := personaClient(t, srv.URL, persona{name: "anonymous"})
	viewer := personaClient(t, srv.URL, persona{name: "viewer A", email: viewerA})
	admin := clientFor(srv.URL)
	// post makes a change and returns its status and the generation once
	// the server is done with it (the next request on the connection waits
	// for that).
	post := func(c *client, path string, f url.Values) (int, uint64) {
		code, _ := c.postForm(path, f)
		c.do("GET", "/healthz", "", "", nil)
		return code, s.results.gen.Load()
	}
	gen := s.results.gen.Load()
	if code, g := post(anon, "/buyers/3909/strategy", url.Values{"indicator": {"local_share"}}); code != http.StatusUnauthorized || g != gen {
		t.Errorf("an anonymous change: %d, generation %d → %d", code, gen, g)
	}
	if code, g := post(viewer, "/buyers/3909/strategy", url.Values{"indicator": {"local_share"}}); code != http.StatusForbidden || g != gen {
		t.Errorf("a viewer's change: %d, generation %d → %d", code, gen, g)
	}
	// Nor a login that fails, wrong or too many (which anyone can send).
	for range 7 {
		if code, g := post(anon, "/login", url.Values{"email": {viewerA}, "password": {"wrong password"}}); code != http.StatusUnauthorized && code != http.StatusTooManyRequests || g != gen {
			t.Errorf("a failed login: %d, generation %d → %d", code, gen, g)
		}
	}
	if code, g := post(admin, "/buyers/3909/publish", url.Values{"publish": {"yes"}}); code != http.StatusSeeOther || g == gen {
		t.Errorf("the admin's change: %d, generation still %d", code, g)
	}
}

// Logging in under attack, on the real server: a stranger's wrong
// passwords for an account, from elsewhere, slow the stranger down (429
// with a short Retry-After, answered at once) and not the account's owner,
// at another address at once or on a browser known for the account even
// once strangers everywhere have reached the account's ceiling; an address
// trying many e-mails is slowed, the accounts are not; every attempt is in
// the audit log with its address.
func TestLoginThrottle(t *testing.T) {
	var offset atomic.Int64 // the clock, moved by the test
	start := time.Now().UTC()
	srv, st, _ := newTestServerWith(t, func(s *Server) {
		s.Accounts().Now = func() time.Time { return start.Add(time.Duration(offset.Load())) }
		if err := s.SetTrustedProxies([]string{"127.0.0.1"}); err != nil { // the test's addresses come in X-Forwarded-For
			t.Fatal(err)
		}
	})
	visitor := func() *client { return personaClient(t, srv.URL, persona{name: "anonymous"}) }
	try := func(c *client, email, password, addr string) (int, string) {
		t.Helper()
		c.do("GET", "/login", "", "", map[string]string{"X-Forwarded-For": addr}) // the form token of the client's session, or of the visitor
		code, body := c.do("POST", "/login", "application/x-www-form-urlencoded",
			url.Values{"email": {email}, "password": {password}, "csrf": {c.csrf}}.Encode(), map[string]string{csrfHeader: "", "X-Forwarded-For": addr})
		return code, body
	}
	stranger := visitor()
	for i := range 5 {
		if code, _ := try(stranger, viewerA, fmt.Sprint("guess number ", i), "198.51.100.7"); code != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, code)
		}
	}
	code, body := try(stranger, viewerA, testPassword, "198.51.100.7")
	if code != http.StatusTooManyRequests || stranger.header.Get("Retry-After") != "1" || !strings.Contains(body, "try again in 1 s") {
		t.Errorf("the stranger's sixth try: %d, Retry-After %q (want 429, 1)", code, stranger.header.Get("Retry-After"))
	}
	// The owner, from home, at once; the browser is known from now on.
	owner := visitor()
	if code, _ := try(owner, viewerA, testPassword, "203.0.113.20"); code != http.StatusSeeOther {
		t.Fatalf("the owner from home after a stranger's guesses: %d", code)
	}
	u, _ := url.Parse(srv.URL + "/login")
	var device *http.Cookie
	for _, c := range owner.hc.Jar.Cookies(u) {
		if c.Name == deviceCookie {
			device = c
		}
	}
	if device == nil || owner.hc.Jar.Cookies(&url.URL{Scheme: "http", Host: u.Host, Path: "/"}) == nil {
		t.Fatal("no known-browser cookie after logging in")
	}
	for _, c := range owner.hc.Jar.Cookies(&url.URL{Scheme: "http", Host: u.Host, Path: "/buyers/3909"}) {
		if c.Name == deviceCookie {
			t.Error("the known-browser cookie goes beyond /login")
		}
	}
	// The stranger waits its second and may try again: slowed, not locked.
	offset.Add(int64(time.Second))
	if code, _ := try(stranger, viewerA, "one more guess", "198.51.100.7"); code != http.StatusUnauthorized {
		t.Errorf("the stranger after its wait: %d", code)
	}
	if code, _ := try(stranger, viewerA, "and another", "198.51.100.7"); code != http.StatusTooManyRequests || stranger.header.Get("Retry-After") != "2" {
		t.Errorf("the stranger's next try: %d, Retry-After %q (want 429, 2: twice as long)", code, stranger.header.Get("Retry-After"))
	}
	// Strangers everywhere, one guess each, reach the account's ceiling:
	// an unknown browser waits even with the password; the owner's known
	// browser passes.
	for i := range 50 {
		try(visitor(), viewerA, "a guess", fmt.Sprintf("10.1.%d.%d", i/200, i%200))
	}
	if code, _ := try(visitor(), viewerA, testPassword, "203.0.113.99"); code != http.StatusTooManyRequests {
		t.Errorf("an unknown browser with the password past the ceiling: %d", code)
	}
	if code, _ := try(owner, viewerA, testPassword, "203.0.113.20"); code != http.StatusSeeOther {
		t.Errorf("the owner's known browser past the ceiling: %d", code)
	}
	// One address trying many e-mails: slowed after 20, that address only;
	// the accounts are not locked.
	stuffer := visitor()
	for i := range 20 {
		try(stuffer, fmt.Sprintf("user%d@larvik.test", i), "Password123", "198.51.100.8")
	}
	if code, _ := try(stuffer, adminB, testPassword, "198.51.100.8"); code != http.StatusTooManyRequests {
		t.Errorf("the 21st e-mail from one address: %d", code)
	}
	if code, _ := try(visitor(), adminB, testPassword, "198.51.100.9"); code != http.StatusSeeOther {
		t.Errorf("the account from another address: %d", code)
	}
	// An IPv6 client has its /64 to itself: a new address in it is no
	// new start.
	six := visitor()
	for i := range 5 {
		try(six, analystA, "a guess", fmt.Sprintf("2001:db8:1:2::%x", i+1))
	}
	if code, _ := try(six, analystA, testPassword, "2001:db8:1:2:ffff::1"); code != http.StatusTooManyRequests {
		t.Errorf("a sixth guess from another address of the same /64: %d", code)
	}
	// The audit log has the refused, the limited and the successful, each
	// with its address.
	es, err := st.AuditLog(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range es {
		seen[e.Who+" "+e.Action+" "+e.Addr+" "+e.Via] = true
	}
	for _, want := range []string{viewerA + " login_refused 198.51.100.7 ", viewerA + " login_limited 198.51.100.7 ", viewerA + " login 203.0.113.20 session",
		viewerA + " login_limited 203.0.113.99 ", viewerA + " login 203.0.113.20 session (known browser)", adminB + " login_limited 198.51.100.8 "} {
		if !seen[want] {
			t.Errorf("the audit log lacks %q", want)
		}
	}
}

// Every action shown is one the person may take: a visitor to published
// dashboards and a viewer see no form that would answer 401 or 403 (and
// lose what they typed); an analyst sees them.
func TestActionsOnlyForThoseWhoMay(t *testing.T) {
	srv, st, s := newTestServerWith(t, nil)
	if err := st.SetSetting(context.Background(), "3909", cityspend.SettingPublish, "yes"); err != nil {
		t.Fatal(err)
	}
	s.Invalidate()
	forms := regexp.MustCompile(`<form[^>]*method="post"[^>]*action="([^"]*)"`)
	pages := []string{"/buyers/3909?year=2025", "/buyers/3909/strategy?year=2025", "/buyers/3909/categories?year=2025", "/buyers/3909/climate?year=2025"}
	list := get(t, srv.URL+"/buyers/3909/suppliers?year=2025", 200)
	one := regexp.MustCompile(`href="(/buyers/3909/suppliers/org[^"?]+)`).FindStringSubmatch(list)
	if one == nil {
		t.Fatal("no registered supplier on the suppliers page")
	}
	staffPages := []string{"/buyers/3909/review?year=2025", one[1] + "?year=2025", "/buyers/3909/suppliers?year=2025", "/buyers/3909/plan"}
	check := func(who string, c *client, paths []string, may bool) {
		t.Helper()
		seen := 0
		for _, path := range paths {
			code, body, _ := c.send("GET", path, "", "", nil)
			if code != 200 {
				t.Fatalf("%s: %s: %d", who, path, code)
			}
			for _, m := range forms.FindAllStringSubmatch(body, -1) {
				if m[1] == "/logout" {
					continue
				}
				seen++
				if !may {
					t.Errorf("%s sees a form posting to %s on %s", who, m[1], path)
				}
			}
		}
		if may && seen == 0 {
			t.Errorf("%s sees no form to act with on %v", who, paths)
		}
	}
	check("a visitor", newClient(t, srv.URL), pages, false)
	viewer := newClient(t, srv.URL).login(viewerA)
	check("a viewer", viewer, append(pages, staffPages...), false)
	check("an analyst", newClient(t, srv.URL).login(analystA), append(pages, staffPages...), true)
}

// A login lands people on their own start: staff of one buyer on its
// overview, a supplier's user on the supplier's home; a page that asked
// for the login gets it back.
func TestLoginLanding(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, c := range []struct{ email, next, want string }{
		{analystA, "/", "/buyers/3909"},
		{supplierUser, "/", "/supplier"},
		{analystA, "/buyers/3909/plan", "/buyers/3909/plan"},
		{supplierUser, "/challenges", "/challenges"},
	} {
		cl := newClient(t, srv.URL)
		cl.do("GET", "/login", "", "", nil)
		form := url.Values{"email": {c.email}, "password": {testPassword}, "csrf": {cl.csrf}, "next": {c.next}}
		code, _, loc := cl.send("POST", "/login", "application/x-www-form-urlencoded", form.Encode(), map[string]string{csrfHeader: ""})
		if code != http.StatusSeeOther || loc != c.want {
			t.Errorf("%s logging in from %s: %d to %q, want %q", c.email, c.next, code, loc, c.want)
		}
	}
}

// The login link in the page frame comes back to the page: its next is
// the page's address, escaped once.
func TestLoginLinkComesBack(t *testing.T) {
	srv, st, s := newTestServerWith(t, nil)
	if err := st.SetSetting(context.Background(), "3909", cityspend.SettingPublish, "yes"); err != nil {
		t.Fatal(err)
	}
	s.Invalidate()
	anon := newClient(t, srv.URL)
	_, page := anon.do("GET", "/buyers/3909/geography?year=2025&place=L0", "", "", nil)
	m := regexp.MustCompile(`href="(/login\?next=[^"]*)" id="login-link"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no login link")
	}
	_, form := anon.do("GET", strings.ReplaceAll(m[1], "&amp;", "&"), "", "", nil)
	if !strings.Contains(form, `name="next" value="/buyers/3909/geography?year=2025&amp;place=L0"`) {
		t.Errorf("the login form goes on to %s", regexp.MustCompile(`name="next" value="[^"]*"`).FindString(form))
	}
}

// The operator's token may do at every buyer what an admin may: it lists
// the buyers that do not publish their dashboards (which an anonymous
// client does not see) and opens their staff pages.
func TestOperatorSeesEveryBuyer(t *testing.T) {
	const tok = "operator-test-token"
	srv, _, _ := newTestServerWith(t, func(s *Server) { s.SetOperatorToken(tok) })
	ids := func(token string) []string {
		t.Helper()
		req, err := http.NewRequest("GET", srv.URL+"/api/v1/buyers", nil)
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var bs []cityspend.Buyer
		if err := json.NewDecoder(resp.Body).Decode(&bs); err != nil || resp.StatusCode != 200 {
			t.Fatalf("buyers with %q: %d %v", token, resp.StatusCode, err)
		}
		out := []string{}
		for _, b := range bs {
			out = append(out, b.ID)
		}
		slices.Sort(out)
		return out
	}
	if got := ids(""); slices.Contains(got, "3907") {
		t.Fatalf("anonymous sees %v: 3907 should not publish", got)
	}
	if got := ids(tok); !slices.Contains(got, "3907") || !slices.Contains(got, "3909") {
		t.Errorf("the operator sees %v, want 3907 and 3909", got)
	}
	if code := bearerGet(t, srv.URL+"/api/v1/buyers/3907/years", tok, "").StatusCode; code != 200 {
		t.Errorf("the operator asks an unpublished buyer's years: %d", code)
	}
	// The page offers what an admin may do (base.go's IsAdmin).
	req, err := http.NewRequest("GET", srv.URL+"/buyers/3909?year=2025&lang=en", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.Contains(string(body), `id="publish-form"`) {
		t.Errorf("the operator's overview of 3909: %d, publish form %v", resp.StatusCode, strings.Contains(string(body), `id="publish-form"`))
	}
}
