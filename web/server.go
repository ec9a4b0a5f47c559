// SPDX-License-Identifier: EUPL-1.2

// Package web serves cityspend's HTML pages and JSON API. A handler reads
// the request, calls one function of the package that owns the work
// (indicator, broker, plan, compliance, classify, register, strategy,
// auth) and renders what it returns: the rules — who may see or do what,
// status changes and their messages, decisions with their audit trail —
// live there, not here. Web keeps the HTTP: routes, sessions, form tokens,
// access by role, caching between requests. It never runs SQL.
package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/broker"
	"github.com/cityspend/cityspend/feeds"
	"github.com/cityspend/cityspend/handbook"
	"github.com/cityspend/cityspend/jobs"
	"github.com/cityspend/cityspend/notify"
	"github.com/cityspend/cityspend/staff"
)

//go:embed templates/*.html templates/partials/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

//go:embed static/style.css
var styleCSS string

// Server is the HTTP front end.
type Server struct {
	store cityspend.Store
	log   *slog.Logger
	tmpl  map[string]*template.Template
	mux   *http.ServeMux

	resolvers resolverCache
	labels    labelCache

	accounts *auth.Accounts
	broker   *broker.Broker
	metrics  *metrics
	results  results     // analyses and footprints between requests
	answers  answers     // the API's answers as JSON, for the results' generation
	draining atomic.Bool // shutting down: /readyz says so
	// publicURL is the site's address for links in mail and feeds, and
	// whether cookies are Secure ("": the request's).
	publicURL string
	// metricsLn is where /metrics is served (nil: nowhere).
	metricsLn net.Listener
	// apiRate limits each client's API requests (nil: no limit).
	apiRate *auth.Rate
	// proxies are the trusted proxies (SetTrustedProxies).
	proxies []*net.IPNet
	// routeList is every route in the order routes registered it, with
	// who may use it.
	routeList []route
	// exports bounds the lines exports written at once.
	exports *exportQueue
	// handbook is the legal handbook's pages and search.
	handbook *handbook.Handbook
	// jobs runs the imports in the background, one writer at a time.
	jobs *jobs.Runner
	// commands runs the CLI's commands in the server (nil: none).
	commands Commands
	// kept are the files of the browser's dry runs, kept for their
	// confirmation; ownProof the routes whose handler, not guard, checks
	// what stands for the form token (handleTokenFirst, handleSigned).
	kept     *keptUploads
	ownProof map[string]proof
	// operatorToken is the bearer token of the installation's operator
	// ("": none).
	operatorToken string
	// staff manages buyers' people (invitations, roles, tokens).
	staff *staff.Staff
}

// uploaded is told of an upload's job that ended (a buyer's files, a
// register, the municipality codes; through the page, the API or the drop
// folder): its data changed, not who may log in; and a change to the
// installation (a job of no buyer) may change what the register index
// holds, which is built again, as after such a command (jobs.go).
func (s *Server) uploaded(j jobs.Job) {
	s.Imported()
	if j.BuyerID == "" && !j.DryRun {
		s.resolvers.drop()
	}
}

// New builds a server over a store.
func New(st cityspend.Store, log *slog.Logger) (*Server, error) {
	s := &Server{store: st, log: log, mux: http.NewServeMux(), accounts: auth.NewAccounts(st),
		broker: broker.New(st, notify.Log{Logger: log}), metrics: newMetrics(),
		apiRate: auth.NewRate(DefaultAPIRate, DefaultAPIBurst), exports: newExportQueue(exportsAtOnce, exportsWaiting, exportWait),
		handbook: handbook.New(), jobs: jobs.New(log), kept: newKeptUploads(), staff: staff.New(st, notify.Log{Logger: log})}
	s.jobs.Done = func(j jobs.Job) { s.uploaded(j) }
	// The broker's rankers are kept like the results, one for each set of
	// buyers a request may see (never one set's for another).
	s.broker.RankerCache = func(key string, build func() (*broker.Ranker, error)) (*broker.Ranker, error) {
		v, err := s.results.get("ranker|"+key, func() (any, error) { return build() })
		if err != nil {
			return nil, err
		}
		return v.(*broker.Ranker), nil
	}
	// The joint-procurement finder spans the planning feeds' last reads,
	// parsed once and kept like the results (a feed read that changes
	// something invalidates them).
	s.broker.Elsewhere = func(ctx context.Context) ([]broker.PlannedElsewhere, error) {
		v, err := s.results.get("planned-elsewhere", func() (any, error) {
			fs, err := st.Feeds(ctx)
			if err != nil {
				return nil, err
			}
			var out []broker.PlannedElsewhere
			for _, p := range feeds.PlannedItems(fs) {
				out = append(out, broker.PlannedElsewhere{Item: p.Item, BuyerName: p.BuyerName, Currency: p.Currency, Source: p.Source})
			}
			return out, nil
		})
		if err != nil {
			return nil, err
		}
		return v.([]broker.PlannedElsewhere), nil
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// Handler returns the server's handler with logging, panic recovery,
// security headers, bounded bodies, sessions and the form-token check.
func (s *Server) Handler() http.Handler {
	return s.recoverer(s.logRequests(securityHeaders(s.limitBodies(s.guard(s.mux)))))
}

// SetMailer sets how the server sends messages (confirmations, answers);
// the default writes them to the log.
func (s *Server) SetMailer(m notify.Mailer) { s.broker.Mail, s.staff.Mail = m, m }

// SetPublicURL sets the site's address for the links in the mail it sends
// (confirmations, answers, invitations) and in its feeds, instead of the
// Host the request names, which a client chooses; its scheme says whether
// cookies are Secure (see secureCookies).
func (s *Server) SetPublicURL(u string) { s.publicURL = strings.TrimRight(u, "/") }

// baseURL is the site's public address (serve --public-url), else as the
// request reached it: its host, and https when it came over TLS (viaTLS).
func (s *Server) baseURL(r *http.Request) string {
	if s.publicURL != "" {
		return s.publicURL
	}
	scheme := "http"
	if s.viaTLS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// The API's default rate limit per client (an API token, a logged-in
// user, or an address): requests a second, and bursts.
const (
	DefaultAPIRate  = 20
	DefaultAPIBurst = 100
)

// SetAPIRate sets the API's rate limit per client; perSecond ≤ 0 turns it
// off.
func (s *Server) SetAPIRate(perSecond float64, burst int) {
	s.apiRate = nil
	if perSecond > 0 {
		s.apiRate = auth.NewRate(perSecond, burst)
	}
}

// Accounts are the server's logins (for a limit of failed logins other
// than the default).
func (s *Server) Accounts() *auth.Accounts { return s.accounts }

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		// No script at all; styles and images from the site only.
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; object-src 'none'; "+
			"base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}

// SetMetricsListener has ListenAndServe serve /metrics on ln too (serve
// --metrics-addr, an address apart from the site's, for the monitoring):
// the site itself does not serve it.
func (s *Server) SetMetricsListener(ln net.Listener) { s.metricsLn = ln }

// ListenAndServe serves on addr (and /metrics on the metrics listener, if
// set) until ctx is done, then shuts down gracefully. ready, if not nil,
// receives the bound address once the server listens.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if s.metricsLn != nil {
			s.metricsLn.Close()
		}
		return err
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 15 * time.Minute, IdleTimeout: 120 * time.Second}
	servers := []*http.Server{srv}
	errc := make(chan error, 2)
	if s.metricsLn != nil {
		msrv := &http.Server{Handler: s.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
			WriteTimeout: time.Minute, IdleTimeout: 120 * time.Second}
		servers = append(servers, msrv)
		go func() { errc <- msrv.Serve(s.metricsLn) }()
	}
	if ready != nil {
		ready(ln.Addr())
	}
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		for _, h := range servers {
			h.Close()
		}
		return err
	case <-ctx.Done():
		s.draining.Store(true)
		shutCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		for _, h := range servers {
			if err := h.Shutdown(shutCtx); err != nil {
				return err
			}
		}
		for range servers {
			if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
				return err
			}
		}
		return nil
	}
}

func staticFiles() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // embedded at build time: cannot fail
	}
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}
