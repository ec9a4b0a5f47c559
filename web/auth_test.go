// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
)

// routeAccess is who may use each route: the specification the server's
// routes are checked against (a route missing here fails the test).
var routeAccess = map[string]access{
	"GET /static/": anyone, "GET /healthz": anyone, "GET /readyz": anyone, "GET /metrics": anyone, "GET /{$}": anyone,
	"GET /login": anyone, "POST /login": anyone, "POST /logout": anyone,
	"GET /api/v1/openapi.json": anyone, "GET /api/v1/buyers": anyone,
	"GET /public/{id}/pipeline": anyone, "GET /public/{id}/pipeline.atom": anyone, "GET /public/{id}/plan.json": anyone,
	"GET /challenges": anyone, "GET /api/v1/challenges": anyone, "GET /public/{id}/challenges/{cid}": anyone,
	"GET /register": anyone, "POST /register": anyone, "GET /confirm": anyone, "GET /broker": anyone, "GET /api/v1/broker": anyone,

	// A supplier's own: its profile, its interests and questions.
	"GET /supplier": supplier, "POST /supplier": supplier, "POST /supplier/invite": supplier,
	"POST /public/{id}/challenges/{cid}/interest": supplier, "POST /public/{id}/challenges/{cid}/questions": supplier,
	"POST /public/{id}/pipeline/{item}/interest": supplier, "POST /public/{id}/challenges/{cid}/join": signedIn, "POST /public/{id}/events/{eid}/register": supplier,
	"GET /public/{id}/challenges/{cid}/files/{name}": anyone,

	// The dashboards and indicators a buyer may publish.
	"GET /buyers/{id}": published, "GET /buyers/{id}/geography": published, "GET /buyers/{id}/business-types": published,
	"GET /buyers/{id}/sectors": published, "GET /buyers/{id}/lm3": published, "GET /buyers/{id}/categories": published,
	"GET /buyers/{id}/report": published, "GET /buyers/{id}/report.pdf": published, "GET /buyers/{id}/climate": published,
	"GET /buyers/{id}/strategy":        published,
	"GET /api/v1/buyers/{id}/analysis": published, "GET /api/v1/buyers/{id}/indicators": published, "GET /api/v1/buyers/{id}/lm3": published,
	"GET /api/v1/buyers/{id}/cube": published, "GET /api/v1/buyers/{id}/years": published, "GET /api/v1/buyers/{id}/co2e": published,
	"GET /api/v1/buyers/{id}/strategy": published,

	// Never public.
	"GET /buyers/{id}/review": viewer, "GET /buyers/{id}/findings": viewer, "GET /buyers/{id}/findings/{fid}": viewer,
	"GET /buyers/{id}/contracts": viewer, "GET /buyers/{id}/tenders/{ocid}": viewer, "GET /buyers/{id}/coverage": viewer,
	"GET /buyers/{id}/lines": viewer, "GET /buyers/{id}/suppliers": viewer, "GET /buyers/{id}/suppliers/{sid}": viewer,
	"GET /buyers/{id}/export/{file}": viewer, "GET /buyers/{id}/survey.xlsx": viewer, "GET /buyers/{id}/plan": viewer,
	"GET /buyers/{id}/plan/{item}":   viewer,
	"GET /api/v1/buyers/{id}/review": viewer, "GET /api/v1/buyers/{id}/findings": viewer, "GET /api/v1/buyers/{id}/contracts": viewer,
	"GET /api/v1/buyers/{id}/lines": viewer, "GET /api/v1/buyers/{id}/suppliers": viewer, "GET /api/v1/buyers/{id}/plan": viewer,
	"GET /api/v1/buyers/{id}/plan/{item}": viewer,
	"GET /api/v1/buyers/{id}/audit":       admin,
	"POST /buyers/{id}/publish":           admin,
	"GET /buyers/{id}/challenges":         viewer, "GET /buyers/{id}/challenges/{cid}": viewer, "GET /buyers/{id}/contacts": viewer,
	"GET /api/v1/buyers/{id}/challenges/{cid}/matches": viewer, "GET /buyers/{id}/challenges/{cid}/engagement": viewer,
	"GET /buyers/{id}/joint": viewer, "GET /api/v1/buyers/{id}/plan/{item}/matches": viewer,

	// Decisions and changes.
	"POST /buyers/{id}/categories/decide": analyst, "POST /buyers/{id}/findings/{fid}/decide": analyst,
	"POST /buyers/{id}/payees/{pid}/override": analyst, "POST /buyers/{id}/strategy": analyst,
	"POST /buyers/{id}/plan": analyst, "POST /buyers/{id}/plan/generate": analyst, "POST /buyers/{id}/plan/new": analyst,
	"POST /buyers/{id}/plan/{item}": analyst, "POST /buyers/{id}/plan/{item}/split": analyst,
	"POST /api/v1/buyers/{id}/plan": analyst, "POST /api/v1/buyers/{id}/plan/generate": analyst,
	"POST /api/v1/buyers/{id}/plan/publish": analyst, "POST /api/v1/buyers/{id}/plan/merge": analyst,
	"PATCH /api/v1/buyers/{id}/plan/{item}": analyst, "POST /api/v1/buyers/{id}/plan/{item}/split": analyst,
	"POST /buyers/{id}/challenges": analyst, "POST /buyers/{id}/challenges/{cid}": analyst,
	"POST /buyers/{id}/challenges/{cid}/questions/{qid}/answer": analyst,
	"POST /buyers/{id}/challenges/{cid}/files":                  analyst, "POST /buyers/{id}/challenges/{cid}/files/{name}/delete": analyst,
	"POST /buyers/{id}/challenges/{cid}/events": analyst, "POST /buyers/{id}/joint/invite": analyst,
}

// concrete turns a route pattern into a request path for a buyer.
func concrete(pattern, buyer string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	r := strings.NewReplacer("{id}", buyer, "{fid}", "f-1", "{ocid}", "ocds-x-1", "{sid}", "org:NO-BRC:923609016", "{pid}", "1",
		"{item}", "P-1", "{file}", "lines.csv", "{cid}", "CH-1", "{qid}", "1", "{eid}", "1", "{name}", "brief.pdf", "{$}", "")
	path = r.Replace(path)
	if path == "/static/" {
		path = "/static/style.css"
	}
	return method, path
}

// persona is a visitor: anonymous, a user of city A (3909) in each role, the
// admin of city B (3907), a supplier's user.
type persona struct {
	name, email string
	role        string // at city A
}

var personas = []persona{{name: "anonymous"}, {"viewer A", viewerA, cityspend.RoleViewer}, {"analyst A", analystA, cityspend.RoleAnalyst},
	{"admin A", adminA, cityspend.RoleAdmin}, {"admin B", adminB, ""}, {"supplier", supplierUser, ""}}

func (p persona) may(a access, publishes bool) bool {
	switch a {
	case anyone:
		return true
	case signedIn:
		return p.email != ""
	case supplier:
		return p.name == "supplier"
	case published:
		if publishes {
			return true
		}
	}
	return p.role != "" && cityspend.RoleAtLeast(p.role, a.role())
}

// Every route, for every kind of visitor, with and without the buyer
// publishing its dashboards: exactly what each may, nothing of city A for
// city B or a supplier, and no change without a valid form token.
func TestAuthorisationEveryRoute(t *testing.T) {
	srv, st, s := newTestServerWith(t, nil)
	ctx := context.Background()
	for pattern := range s.access {
		if _, ok := routeAccess[pattern]; !ok {
			t.Errorf("route %s is not in the authorisation table", pattern)
		}
	}
	for pattern, want := range routeAccess {
		if got, ok := s.access[pattern]; !ok {
			t.Errorf("route %s is gone", pattern)
		} else if got != want {
			t.Errorf("route %s: %v, the table says %v", pattern, got, want)
		}
	}
	clients := map[string]*client{}
	for _, p := range personas {
		c := newClient(t, srv.URL)
		if p.email != "" {
			c.login(p.email)
		} else {
			c.do("GET", "/login", "", "", nil) // a visitor gets its form token
		}
		clients[p.name] = c
	}
	request := func(c *client, pattern string, header map[string]string) (int, string) {
		method, path := concrete(pattern, "3909")
		if strings.HasPrefix(path, "/api/") && method != "GET" {
			return c.do(method, path, "application/json", `{}`, header)
		}
		if pattern == "POST /logout" || pattern == "POST /login" {
			path = "/healthz" // not to end the session the table needs (logging in and out have their own test)
			return c.do("GET", path, "", "", nil)
		}
		return c.do(method, path, "application/x-www-form-urlencoded", "", header)
	}
	for _, publishes := range []bool{false, true} {
		v := ""
		if publishes {
			v = "yes"
		}
		if err := st.SetSetting(ctx, "3909", cityspend.SettingPublish, v); err != nil {
			t.Fatal(err)
		}
		s.Invalidate() // as `cityspend buyer publish` does it, while no server holds the database
		for pattern, a := range routeAccess {
			for _, p := range personas {
				code, body := request(clients[p.name], pattern, nil)
				refused := code == 401 || code == 403 || code == 303 && strings.Contains(body, "/login")
				if p.may(a, publishes) == refused {
					t.Errorf("publishes=%v %s as %s: %d (may: %v)", publishes, pattern, p.name, code, p.may(a, publishes))
				}
				if refused && p.email == "" && code == 403 {
					t.Errorf("%s as anonymous: 403, want a request to log in", pattern)
				}
			}
		}
	}
	// City B's admin sees nothing unpublished of city A, and city A's
	// admin nothing of city B.
	for pattern, a := range routeAccess {
		if a < viewer || a == signedIn {
			continue
		}
		_, path := concrete(pattern, "3907")
		if !strings.HasPrefix(pattern, "GET") {
			continue
		}
		if code, _ := clients["admin A"].do("GET", path, "", "", nil); code != 403 {
			t.Errorf("admin A on city B's %s: %d", path, code)
		}
	}
	// No change without the form token, or with a forged one: refused with
	// 403 before anything else, for any visitor.
	for pattern := range routeAccess {
		if strings.HasPrefix(pattern, "GET") {
			continue
		}
		for _, p := range []string{"anonymous", "admin A"} {
			for _, tok := range []string{"", "forged-token"} {
				method, path := concrete(pattern, "3909")
				code, _ := clients[p].do(method, path, "application/json", `{}`, map[string]string{csrfHeader: tok})
				if code != 403 {
					t.Errorf("%s as %s with token %q: %d, want 403", pattern, p, tok, code)
				}
			}
		}
	}
	// The other personas' tokens are not the admin's.
	if clients["admin A"].csrf == clients["viewer A"].csrf || clients["admin A"].csrf == clients["anonymous"].csrf {
		t.Error("form tokens are per session")
	}
	// A GET never changes anything: the plan API refuses other methods.
	if code, _ := clients["admin A"].do("DELETE", "/api/v1/buyers/3909/plan/P-1", "", "", nil); code != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: %d", code)
	}
}

// Logging in and out: cookies with the right flags, a wrong password and an
// unknown user answered alike, the limit on failures, a safe redirect, the
// session ended by logging out or a new password.
func TestLoginLogout(t *testing.T) {
	srv, st := newTestServer(t)
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
	msg := "the e-mail or the password is wrong"
	if code1 != 401 || code2 != 401 || !strings.Contains(body1, msg) || !strings.Contains(body2, msg) {
		t.Errorf("wrong password %d, unknown user %d: answered alike", code1, code2)
	}
	// Three more failures from this address make five: the sixth try waits,
	// even with the right password.
	for range 3 {
		wrong(viewerA)
	}
	if code, _ := c.postForm("/login", url.Values{"email": {adminA}, "password": {testPassword}}); code != http.StatusTooManyRequests {
		t.Errorf("after five failures: %d, want 429", code)
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
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Errorf("login: %d to %q (an outside next is not followed)", resp.StatusCode, resp.Header.Get("Location"))
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
// be kept; on localhost and behind a TLS proxy it does not.
func TestLoginPlainHTTPWarning(t *testing.T) {
	s, _ := New(duckdbtest.Build(t, duckdbtest.Options{}).Store, slog.New(slog.DiscardHandler))
	h := s.Handler()
	for _, c := range []struct {
		host, proto string
		warn        bool
	}{{"127.0.0.1:8080", "", false}, {"localhost:8080", "", false}, {"cityspend.larvik.kommune.no", "", true}, {"cityspend.larvik.kommune.no", "https", false}} {
		req := httptest.NewRequest("GET", "/login", nil)
		req.Host = c.host
		if c.proto != "" {
			req.Header.Set("X-Forwarded-Proto", c.proto)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if got := strings.Contains(rec.Body.String(), `id="plain-http"`); got != c.warn {
			t.Errorf("%s %s: warning %v", c.host, c.proto, got)
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
	kari.postForm("/buyers/3909/publish", url.Values{"publish": {"no"}})
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
