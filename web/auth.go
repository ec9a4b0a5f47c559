// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/broker"
)

// Cookie names.
const (
	SessionCookie = "cityspend_session" // the session token (exported for the bench harness)
	csrfCookie    = "cityspend_csrf"    // the form token of a visitor without a session
	csrfField     = "csrf"              // the form field that carries the token
	csrfHeader    = "X-CSRF-Token"      // the header that carries it (the API)
	deviceCookie  = "cityspend_device"  // the browser is known to an account (auth.Devices)
)

// access is who may use a route. Its zero value is no decision: handle
// refuses to register a route without one.
type access int

const (
	undecided    access = iota // no decision: a route cannot be registered with it
	anyone                     // public: the home page, static files, login, published pipelines
	published                  // a buyer's dashboards: anyone when the buyer publishes them, else its staff
	viewer                     // the buyer's staff
	analyst                    // the buyer's staff who decide (categories, findings, payees, plan, targets)
	admin                      // the buyer's administrators
	signedIn                   // any user with a session
	supplier                   // a supplier's user (its own profile, interests, questions)
	installation               // an installation admin, or the operator: buyers, their first admins, registers
)

func (a access) String() string {
	return [...]string{"undecided", "anyone", "published", "viewer", "analyst", "admin", "signed in", "supplier", "installation"}[a]
}

// role is the least staff role an access level needs.
func (a access) role() string {
	switch a {
	case viewer, published:
		return cityspend.RoleViewer
	case analyst:
		return cityspend.RoleAnalyst
	case admin:
		return cityspend.RoleAdmin
	}
	return ""
}

// identity is the session a request carries.
type identity struct {
	User    cityspend.User
	Session cityspend.Session
	token   string
	// Token is the API token of a machine client (nil: a browser session).
	Token *cityspend.APIToken
	// Operator: the request carries the installation operator's token
	// (SetOperatorToken), which may do what an admin may at every buyer.
	Operator bool
}

// roleAt is the identity's role at a buyer: the operator's is admin at
// every buyer; nil (anonymous) has none. Every access check asks it.
func (id *identity) roleAt(buyerID string) string {
	switch {
	case id == nil:
		return ""
	case id.Operator:
		return cityspend.RoleAdmin
	}
	return id.User.RoleAt(buyerID)
}

type ctxKey struct{}

// me is the request's identity, nil for an anonymous visitor.
func me(r *http.Request) *identity {
	id, _ := r.Context().Value(ctxKey{}).(*identity)
	return id
}

// userOf is the request's user: the zero User for a visitor without a
// session.
func userOf(r *http.Request) cityspend.User {
	if id := me(r); id != nil {
		return id.User
	}
	return cityspend.User{}
}

// who names the user behind a change in audit records: the e-mail.
func who(r *http.Request) string {
	if id := me(r); id != nil {
		return id.User.Email
	}
	return ""
}

// secureCookies reports whether cookies get the Secure flag. What a client
// writes (Host, X-Forwarded-Proto) cannot turn it off from elsewhere:
// over TLS, or from a trusted proxy that says https, it is on; with a
// public URL (serve --public-url) it follows the URL's scheme; else it is
// on unless the client is on this machine (its connection comes from a
// loopback address, not through a trusted proxy) and asked for a loopback
// host — the demo on localhost, which browsers treat as a secure context.
func (s *Server) secureCookies(r *http.Request) bool {
	if s.viaTLS(r) {
		return true
	}
	if s.publicURL != "" {
		return strings.HasPrefix(s.publicURL, "https://")
	}
	if ip := net.ParseIP(s.clientAddr(r)); ip == nil || !ip.IsLoopback() {
		return true
	}
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip == nil || !ip.IsLoopback()
}

// viaTLS reports whether the request came over TLS: to this server, or to a
// trusted proxy (serve --trusted-proxy) that says so in X-Forwarded-Proto
// (its last value); the header of any other client is not believed.
func (s *Server) viaTLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	peer, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		peer = r.RemoteAddr
	}
	if !s.trusted(peer) {
		return false
	}
	protos := strings.Split(strings.Join(r.Header.Values("X-Forwarded-Proto"), ","), ",")
	return strings.EqualFold(strings.TrimSpace(protos[len(protos)-1]), "https")
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, expires time.Time) {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: s.secureCookies(r), SameSite: http.SameSiteLaxMode}
	if value == "" {
		c.MaxAge = -1
	} else if !expires.IsZero() {
		c.Expires = expires
	}
	http.SetCookie(w, c)
}

// csrfToken is the token a form of this request must carry: the session's,
// or for a visitor without one the token of the visitor's cookie.
func csrfToken(r *http.Request) string {
	if id := me(r); id != nil {
		return id.Session.CSRF
	}
	if c, err := r.Cookie(csrfCookie); err == nil {
		return c.Value
	}
	return ""
}

// guard reads the session, gives a visitor a form token, and refuses a
// state-changing request without the right token (403) before anything
// else looks at it.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The body is bounded and a form parsed before this (limitBodies);
		// an upload of data files is not read here (streamed).
		changes := r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions
		// A machine client: a bearer token, no cookies, so no form token.
		if h := r.Header.Get("Authorization"); h != "" {
			raw, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.error(w, r, cityspend.Errorf(cityspend.EUNAUTHORIZED, "send Authorization: Bearer TOKEN (cityspend user token)"))
				return
			}
			if s.operatorToken != "" && auth.SameToken(strings.TrimSpace(raw), s.operatorToken) {
				op := &identity{User: cityspend.User{Email: "operator", Name: "operator"}, Operator: true}
				next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, op)))
				return
			}
			tok, u, err := s.bearer(r, strings.TrimSpace(raw))
			if err != nil {
				// Tokens that are not valid count against the address.
				if s.allowAPI(w, r, nil) {
					s.error(w, r, err)
				}
				return
			}
			if changes && tok.Scope != cityspend.ScopeWrite {
				s.error(w, r, cityspend.Errorf(cityspend.EFORBIDDEN, "token %q has the read scope: it changes nothing", tok.Name))
				return
			}
			// A user's tokens share the user's bucket.
			if !s.allowAPI(w, r, &u) {
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, &identity{User: u, Token: &tok})))
			return
		}
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			sess, u, err := s.session(r, c.Value)
			switch {
			case err == nil:
				r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, &identity{User: u, Session: sess, token: c.Value}))
			case cityspend.ErrorCode(err) == cityspend.ENOTFOUND || cityspend.ErrorCode(err) == cityspend.EUNAUTHORIZED:
				s.setCookie(w, r, SessionCookie, "", time.Time{}) // expired or ended: forget it
			default:
				s.error(w, r, err)
				return
			}
		}
		if me(r) == nil {
			if c, err := r.Cookie(csrfCookie); err != nil || len(c.Value) < 32 {
				tok := auth.NewToken()
				s.setCookie(w, r, csrfCookie, tok, time.Time{})
				r.AddCookie(&http.Cookie{Name: csrfCookie, Value: tok})
			}
		}
		// A route with a signed token of its own (the unsubscribe link's
		// POST) checks that instead (handleSigned).
		var own proof
		if changes { // not looked up for reads
			own = s.proofOf(r)
		}
		if changes && own != proofSigned {
			got := r.Header.Get(csrfHeader)
			if got == "" && !s.streamed(r) {
				got = r.PostFormValue(csrfField)
			}
			// A browser's upload form cannot send the header: a session's
			// token is the form's first part, which the route's handler
			// checks before it reads anything else (handleTokenFirst, the
			// only such routes).
			byHandler := got == "" && me(r) != nil && own == proofFirstPart
			if !byHandler && !auth.SameToken(got, csrfToken(r)) {
				s.error(w, r, cityspend.Errorf(cityspend.EFORBIDDEN,
					"the request carries no valid form token (CSRF): reload the page and try again"))
				return
			}
		}
		var u *cityspend.User
		if id := me(r); id != nil {
			u = &id.User
		}
		if !s.allowAPI(w, r, u) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowAPI takes an API request of a client (its user; without one, its
// address)
// from the API's rate limit, or answers 429 with Retry-After.
func (s *Server) allowAPI(w http.ResponseWriter, r *http.Request, u *cityspend.User) bool {
	if s.apiRate == nil || !strings.HasPrefix(r.URL.Path, "/api/") {
		return true
	}
	key := "addr:" + addrKey(s.clientAddr(r))
	if u != nil {
		key = "user:" + strconv.FormatInt(u.ID, 10)
	}
	ok, wait := s.apiRate.Allow(key, time.Now())
	if ok {
		return true
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())))
	s.json(w, http.StatusTooManyRequests, map[string]string{"code": "rate_limited",
		"error": fmt.Sprintf("more than %g API requests a second (bursts of %d): try again in %d s", s.apiRate.PerSecond, s.apiRate.Burst, int(wait.Seconds()))})
	return false
}

// addrKey is the rate limit's key of an address: an IPv6 client has a /64
// to itself, so its /64 is one client.
func addrKey(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil || ip.To4() != nil {
		return addr
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// clientAddr is the address of the request's client: the remote address
// without its port, or, when that is a trusted proxy (serve
// --trusted-proxy), the last address before the trusted ones in
// X-Forwarded-For (those further left the client may have written itself).
func (s *Server) clientAddr(r *http.Request) string {
	addr, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		addr = r.RemoteAddr
	}
	if !s.trusted(addr) {
		return addr
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" {
			continue
		}
		if !s.trusted(hop) {
			return hop
		}
		addr = hop
	}
	return addr
}

// trusted reports whether an address is one of the trusted proxies'.
func (s *Server) trusted(addr string) bool {
	ip := net.ParseIP(addr)
	if ip == nil {
		return false
	}
	for _, n := range s.proxies {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// SetTrustedProxies names the proxies (addresses or CIDR ranges) whose
// X-Forwarded-For tells the client's address.
func (s *Server) SetTrustedProxies(list []string) error {
	var nets []*net.IPNet
	for _, p := range list {
		cidr := p
		if !strings.Contains(p, "/") {
			if ip := net.ParseIP(p); ip != nil && ip.To4() != nil {
				cidr += "/32"
			} else {
				cidr += "/128"
			}
		}
		_, n, err := net.ParseCIDR(cidr)
		if err != nil {
			return cityspend.Errorf(cityspend.EINVALID, "trusted proxy %q: give an address or a range such as 10.0.0.0/8", p)
		}
		nets = append(nets, n)
	}
	s.proxies = nets
	return nil
}

// route is a registered route and who may use it: routes.go registers
// every route through handle, in one list the authorisation test reads.
type route struct {
	pattern string
	access  access
}

// handle registers a route that only who may use; a route without a
// decision (undecided, or no access level at all) panics at start-up. It
// is the only way onto the server's mux.
func (s *Server) handle(pattern string, who access, h http.HandlerFunc) {
	if who <= undecided || who > installation {
		panic(fmt.Sprintf("web: route %q has no access decision", pattern))
	}
	s.routeList = append(s.routeList, route{pattern: pattern, access: who})
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		allowed := false
		defer func() {
			s.metrics.observe(pattern, sw.status, time.Since(start))
			switch r.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
			default:
				// Whatever it changed, results are computed anew; a refused
				// request, or a login that failed, changed nothing.
				switch {
				case !allowed || sw.kept, pattern == "POST /login" && sw.status != http.StatusSeeOther:
				case pattern == "POST /login", pattern == "POST /logout":
					s.results.peopleChanged() // only who is logged in changed
				default:
					s.results.changed()
				}
				switch {
				case pattern == "POST /login" || pattern == "POST /logout":
				case sw.action != "":
					s.audit(r, sw.action, sw.buyerID, sw.status)
				default:
					s.audit(r, pattern, r.PathValue("id"), sw.status)
				}
			}
		}()
		if err := s.allow(r, who); err != nil {
			s.refuse(sw, r, err)
			return
		}
		allowed = true
		h(sw, r)
	})
}

// allow checks a request against a route's access.
func (s *Server) allow(r *http.Request, a access) error {
	id := me(r)
	var v Visitor
	if id != nil {
		v = Visitor{SignedIn: true, Supplier: id.User.SupplierID != "", Installation: id.Operator || id.User.InstallationAdmin}
	}
	switch a {
	case anyone, signedIn, supplier:
		return permits(a, v, false, "")
	case installation:
		// A buyer the path names must exist (404 for everyone first).
		if buyerID := r.PathValue("id"); buyerID != "" {
			if _, err := s.buyer(r, buyerID); err != nil {
				return err
			}
		}
		return permits(a, v, false, "")
	}
	buyerID := r.PathValue("id")
	if _, err := s.buyer(r, buyerID); err != nil {
		return err // no such buyer: 404 for everyone
	}
	pub := false
	if a == published {
		var err error
		if pub, err = s.publishes(r.Context(), buyerID); err != nil {
			return err
		}
	}
	v.Role = id.roleAt(buyerID)
	return permits(a, v, pub, buyerID)
}

// publishes reports whether a buyer publishes its dashboards.
func (s *Server) publishes(ctx context.Context, buyerID string) (bool, error) {
	v, err := s.results.get("publish|"+buyerID, func() (any, error) {
		return auth.Publishes(context.WithoutCancel(ctx), s.store, buyerID)
	})
	return err == nil && v.(bool), err
}

// canSee reports whether the request may see a buyer's published pages.
func (s *Server) canSee(r *http.Request, buyerID string) bool {
	if me(r).roleAt(buyerID) != "" {
		return true
	}
	pub, err := s.publishes(r.Context(), buyerID)
	return err == nil && pub
}

// visibleBuyers lists the buyers whose pages the request may see (never
// nil).
func (s *Server) visibleBuyers(r *http.Request) ([]cityspend.Buyer, error) {
	bs, err := s.store.Buyers(r.Context())
	if err != nil {
		return nil, err
	}
	out := []cityspend.Buyer{}
	for _, b := range bs {
		if s.canSee(r, b.ID) {
			out = append(out, b)
		}
	}
	return out, nil
}

// visible is the set of buyers whose figures the request may see (see
// canSee): all that the broker's matching may draw on for it.
func (s *Server) visible(r *http.Request) (broker.Visible, error) {
	bs, err := s.visibleBuyers(r)
	if err != nil {
		return nil, err
	}
	return broker.VisibleOf(bs), nil
}

// refuse answers a request that may not go on: a visitor without a session
// is sent to the login page (pages) or told to log in (the API, 401).
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error) {
	if cityspend.ErrorCode(err) == cityspend.EUNAUTHORIZED && r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/api/") {
		to := "/login?next=" + url.QueryEscape(r.URL.RequestURI())
		// The login page in the language the page was asked in.
		if lang := r.URL.Query().Get("lang"); lang == "nb" || lang == "en" {
			to += "&lang=" + lang
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	s.error(w, r, err)
}

// safeNext is a local path to go to after logging in, else "/": no
// scheme, no host, no control characters or backslashes (which browsers
// may read as a host).
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}

type loginView struct {
	page
	Email, Next, Message string
	// PlainHTTP: the page came over plain HTTP to a host that is not this
	// machine; the browser will not keep the session's Secure cookie.
	PlainHTTP bool
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	// The warning is for the browser's own connection: a client that wrote
	// X-Forwarded-Proto itself fools only itself.
	v := loginView{page: s.newPage(w, r, "", ""), Next: safeNext(r.URL.Query().Get("next")), PlainHTTP: s.secureCookies(r) && r.TLS == nil &&
		r.Header.Get("X-Forwarded-Proto") != "https"}
	v.Title = v.L.T("login.title")
	s.render(w, r, "login.html", v)
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	email := r.PostFormValue("email")
	at := auth.Attempt{Email: email, Password: r.PostFormValue("password"), Addr: addrKey(s.clientAddr(r))}
	if c, err := r.Cookie(deviceCookie); err == nil {
		at.Device = c.Value
	}
	l, err := s.accounts.Login(r.Context(), at)
	who := strings.ToLower(strings.TrimSpace(email))
	switch {
	case err == nil && l.Known:
		s.metrics.login("ok")
		s.auditAs(r, who, "login", "", http.StatusSeeOther, "session (known browser)")
	case err == nil:
		s.metrics.login("ok")
		s.auditAs(r, who, "login", "", http.StatusSeeOther, "session")
	case l.Wait > 0:
		s.metrics.login("limited")
		s.auditAs(r, who, "login_limited", "", http.StatusTooManyRequests, "")
	default:
		s.metrics.login("refused")
		s.auditAs(r, who, "login_refused", "", status(err), "")
	}
	if err != nil {
		code := status(err)
		if code == http.StatusInternalServerError {
			s.error(w, r, err)
			return
		}
		v := loginView{page: s.newPage(w, r, "", ""), Email: email, Next: safeNext(r.PostFormValue("next"))}
		v.Title = v.L.T("login.title")
		switch {
		case errors.Is(err, auth.ErrWrongLogin):
			v.Message = v.L.T("login.wrong")
		case errors.Is(err, auth.ErrUnconfirmed):
			v.Message = v.L.T("login.unconfirmed")
		default:
			v.Message = v.L.T("login.refused")
		}
		if l.Wait > 0 {
			// Answered at once: nothing is held open while the client waits.
			code = http.StatusTooManyRequests
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(l.Wait.Seconds()))))
			v.Message = v.L.T("login.wait", auth.WaitText(l.Wait))
		}
		s.renderStatus(w, r, code, "login.html", v)
		return
	}
	if old := me(r); old != nil {
		s.accounts.Logout(r.Context(), old.token)
	}
	s.setCookie(w, r, SessionCookie, l.Token, l.Session.ExpiresAt)
	s.setCookie(w, r, csrfCookie, "", time.Time{})
	if l.Device != "" {
		// Only the login form needs it.
		http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: l.Device, Path: "/login", HttpOnly: true, Secure: s.secureCookies(r),
			SameSite: http.SameSiteStrictMode, Expires: l.Session.CreatedAt.Add(auth.DeviceTTL)})
	}
	http.Redirect(w, r, landing(&l.User, safeNext(r.PostFormValue("next"))), http.StatusSeeOther)
}

// landing is where a login goes: the page that asked for it, else the
// user's own start: a supplier's home, or the buyer of a staff member with
// one buyer (the list of buyers for those with several).
func landing(u *cityspend.User, next string) string {
	if next != "/" {
		return next
	}
	switch {
	case u.SupplierID != "":
		return "/supplier"
	case len(u.Grants) == 1:
		return "/buyers/" + url.PathEscape(u.Grants[0].BuyerID)
	case len(u.Grants) == 0 && u.InstallationAdmin:
		return "/admin"
	}
	return next
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if id := me(r); id != nil {
		s.audit(r, "logout", "", http.StatusSeeOther)
		if err := s.accounts.Logout(r.Context(), id.token); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.setCookie(w, r, SessionCookie, "", time.Time{})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// audit records a request about a buyer ("" for none) in the audit log as
// the request's user.
func (s *Server) audit(r *http.Request, action, buyerID string, code int) {
	who, via := "", ""
	if id := me(r); id != nil {
		who, via = id.User.Email, viaOf(id)
	}
	s.auditAs(r, who, action, buyerID, code, via)
}

// auditAs records a request in the audit log; a failure to write is logged
// as an error (the change itself has happened).
func (s *Server) auditAs(r *http.Request, who, action, buyerID string, code int, via string) {
	addr := s.clientAddr(r)
	e := cityspend.AuditEntry{At: time.Now().UTC(), Who: who, Action: action, BuyerID: buyerID, Path: r.URL.Path, Status: code, Addr: addr, Via: via}
	if err := s.store.Audit(context.WithoutCancel(r.Context()), e); err != nil {
		s.log.Error("audit log not written", "entry", e, "err", err)
	}
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	es, err := s.store.AuditLog(r.Context(), r.PathValue("id"), 1000)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if es == nil {
		es = []cityspend.AuditEntry{}
	}
	s.json(w, http.StatusOK, es)
}

// handlePublish lets a buyer's admin publish its dashboards, or stop.
func (s *Server) handlePublish(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var on bool
	switch r.PostFormValue("publish") {
	case "yes":
		on = true
	case "no":
		// Visitors lose the pages (and links people keep) at once: the
		// admin confirms first, on a page of its own (no script needed).
		if r.PostFormValue("confirm") != "yes" {
			p, err := s.buyerPage(w, r, "", "overview")
			if err != nil {
				s.error(w, r, err)
				return
			}
			p.Title = p.L.T("pubd.stop")
			s.render(w, r, "confirm_unpublish.html", p)
			return
		}
	default:
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "publish: yes or no"))
		return
	}
	if err := auth.SetPublishes(r.Context(), s.store, id, on); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/buyers/"+url.PathEscape(id), http.StatusSeeOther)
}
