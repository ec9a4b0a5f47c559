// SPDX-License-Identifier: EUPL-1.2

package bench

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/web"
)

// LoadOptions shape the load test.
type LoadOptions struct {
	Clients  int           // concurrent clients (at least 1)
	Duration time.Duration // how long they run (positive)
	// ImportLines are the lines of each generated ledger imported into
	// the same store while the clients run, one after the other for the
	// whole run (0: none; see importLoop).
	ImportLines int64
	// ImportAhead is how many of those ledgers are generated before the
	// clock (0: as many as the duration needs, aheadFor); the run
	// generates those it needs beyond.
	ImportAhead int
	// Seed seeds each client's choice of requests (with the client's
	// number): the same seed on the same database asks the same URLs.
	Seed uint64
	// Think is the mean time a client waits between an answer and its
	// next request (drawn from an exponential distribution, the first
	// wait from a uniform one, so that the clients do not start at once),
	// as a person reads a page; 0: none, each client asks again at once.
	Think time.Duration
}

// maxUsers is the most users of a persona the load test makes; the
// clients beyond share them, each with a session of its own (a person
// in two browsers).
const maxUsers = 20

// firstErrors is how many errors the report keeps with their URL.
const firstErrors = 5

// Load starts the real HTTP server on 127.0.0.1 over the benchmark database
// and runs the clients for the duration while ledgers of new lines are
// imported, one after the other, for the whole run (see importLoop). The
// clients are the buyer's people (viewers, analysts, admins), each logged
// in through the login form with a session of its own, and API clients,
// each with a token of its own; each picks its requests by its seeded
// generator from its persona's mix (see personas): the dashboards, the
// lines, suppliers, climate, categories, the report, the review queues,
// findings, the plan and exports, of distinct years and filters, so that
// many requests are the first of their URL. It reports the requests,
// throughput, errors (a transport error or any status but the expected
// one) and latency p50/p95/p99, overall and per kind of request, with the
// share of first requests (cold: the URL's first since the start or since
// the last import changed the data), and the imports: how many, their
// lines, and the share of the run during which one ran.
func (h *Harness) Load(ctx context.Context, db DBOptions, o LoadOptions) (*Result, error) {
	log := h.log()
	clients, dur := o.Clients, o.Duration
	st, cleanup, err := h.openDB(ctx, db)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	const buyer = Buyer
	data, err := loadData(ctx, st, buyer)
	if err != nil {
		return nil, err
	}
	year := data.years[len(data.years)-1]

	// The clients: their personas, users (made the first time) and, for
	// the API clients, a token each.
	ps := personas()
	of := clientPersonas(clients)
	users := make([][]cityspend.User, len(ps))
	for i, p := range ps {
		n := 0
		for _, x := range of {
			if x == i {
				n++
			}
		}
		if users[i], err = loadUsers(ctx, st, buyer, p, min(n, maxUsers)); err != nil {
			return nil, err
		}
	}
	tokens := make([]string, clients)
	nAPI := 0
	for c, pi := range of {
		if !ps[pi].api {
			continue
		}
		u := users[pi][nAPI%len(users[pi])]
		nAPI++
		if tokens[c], _, err = auth.NewAPIToken(ctx, st, u.ID, fmt.Sprintf("load test %d", c), cityspend.ScopeRead, dur+time.Hour, time.Now().UTC()); err != nil {
			return nil, err
		}
	}

	// The server logs its errors (warnings and above) to the harness's log.
	srv, err := web.New(st, slog.New(warnOnly{log.Handler()}))
	if err != nil {
		return nil, err
	}
	// The clients ask without pause, from one address: the API's rate
	// limit would answer most of them 429. The test measures the server.
	srv.SetAPIRate(0, 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	transport := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer transport.CloseIdleConnections()

	rec := newRecorder(log)
	// A supplier an import's follow-up resolved away (a new ledger's payee
	// of the same name with an organisation number) is not found: rightly.
	rec.gone = func(k *kind, u string) bool {
		if k.name != "supplier" {
			return false
		}
		pu, err := url.Parse(u)
		if err != nil {
			return false
		}
		_, sid, ok := strings.Cut(pu.EscapedPath(), "/suppliers/")
		if sid, err = url.PathUnescape(sid); !ok || err != nil {
			return false
		}
		rows, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: buyer, SupplierID: sid})
		return err == nil && len(rows) == 0
	}
	// The sessions: each browser client logs in through the form, two at
	// a time (argon2 is meant to be slow), before the clock starts.
	jars := make([]http.CookieJar, clients)
	{
		var wg sync.WaitGroup
		sem := make(chan struct{}, 2)
		var loginErr atomic.Value
		nUser := make([]int, len(ps))
		for c, pi := range of {
			if ps[pi].api {
				continue
			}
			u := users[pi][nUser[pi]%len(users[pi])]
			nUser[pi]++
			jar, err := cookiejar.New(nil)
			if err != nil {
				return nil, err
			}
			jars[c] = jar
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				hc := &http.Client{Transport: transport, Jar: jar, CheckRedirect: noRedirect, Timeout: 2 * time.Minute}
				if err := login(ctx, hc, base, u.Email, rec); err != nil {
					loginErr.CompareAndSwap(nil, err)
				}
			}()
		}
		wg.Wait()
		if v := loginErr.Load(); v != nil {
			return nil, fmt.Errorf("bench: a client's login: %w", v.(error))
		}
	}

	sessions := map[string]bool{}
	for _, jar := range jars {
		if jar == nil {
			continue
		}
		for _, c := range jar.Cookies(&url.URL{Scheme: "http", Host: ln.Addr().String(), Path: "/"}) {
			if c.Name == web.SessionCookie {
				sessions[c.Value] = true
			}
		}
	}
	client := func(c int) *http.Client {
		return &http.Client{Transport: transport, Jar: jars[c], CheckRedirect: noRedirect, Timeout: 2 * time.Minute}
	}

	// The check: a client of each persona asks each of its kinds once,
	// untimed, before the clock starts, so that a kind a run happens not
	// to pick is known to answer too; a failure ends the run.
	checked := 0
	for pi := range ps {
		p := &ps[pi]
		c := slices.Index(of, pi)
		if c < 0 {
			continue
		}
		r := rand.New(rand.NewPCG(o.Seed, 1<<32|uint64(pi)))
		for i := range p.kinds {
			k := &p.kinds[i]
			u := base + k.url(r, data)
			if err := fetch(ctx, client(c), u, tokens[c]); err != nil {
				return nil, fmt.Errorf("bench: the check of %s as %s: GET %s: %w", k.name, p.name, u, err)
			}
			rec.mark(u)
			checked++
		}
	}

	// The imports during the run: the ledgers are generated now, before
	// the clock; the loop below imports them back to back until the
	// clients' deadline.
	var imp *importLoop
	if o.ImportLines > 0 {
		dir, err := os.MkdirTemp("", "cityspend-load-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		b, err := st.Buyer(ctx, buyer)
		if err != nil {
			return nil, err
		}
		imp = &importLoop{st: st, buyer: b, dir: dir, year: year, lines: o.ImportLines, seed: uint64(time.Now().UnixNano()), log: slog.New(warnOnly{log.Handler()}),
			stale: func() {
				srv.Imported()   // the server's results predate the import
				rec.invalidate() // so every URL is cold again
			}}
		n := o.ImportAhead
		if n <= 0 {
			n = aheadFor(dur, o.ImportLines, data.lines)
		}
		log.Info("generating the ledgers to import during the run", "ledgers", n, "lines", o.ImportLines)
		if err := imp.ahead(ctx, n); err != nil {
			return nil, err
		}
	}

	log.Info("load", "clients", clients, "duration", dur, "think", o.Think, "server", base, "seed", o.Seed, "import_lines", o.ImportLines)
	start, cpu0 := time.Now(), processCPU()
	deadline := start.Add(dur)
	importDone := make(chan struct{})
	if imp != nil {
		go func() {
			defer close(importDone)
			imp.run(ctx, deadline)
		}()
	} else {
		close(importDone)
	}
	var wg sync.WaitGroup
	for c := range clients {
		p := &ps[of[c]]
		hc := client(c)
		r := rand.New(rand.NewPCG(o.Seed, uint64(c)))
		wg.Add(1)
		go func() {
			defer wg.Done()
			wait := time.Duration(r.Float64() * float64(o.Think))
			for {
				if wait > 0 {
					select {
					case <-time.After(min(wait, time.Until(deadline))):
					case <-ctx.Done():
						return
					}
				}
				if !time.Now().Before(deadline) || ctx.Err() != nil {
					return
				}
				k := choose(r, p.kinds)
				rec.do(ctx, hc, k, base+k.url(r, data), tokens[c])
				wait = time.Duration(r.ExpFloat64() * float64(o.Think))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	// The import in flight at the deadline ends: the database is never
	// left half-written.
	<-importDone
	cpu := processCPU() - cpu0 // the imports' too, to the last one's end
	run := loadRun{clients: clients, elapsed: elapsed, seed: o.Seed, personas: ps, of: of, users: users, sessions: len(sessions),
		checked: checked, think: o.Think, cpu: cpu}
	if imp != nil {
		if imp.err != nil {
			return nil, fmt.Errorf("bench: the imports during the run: %w", imp.err)
		}
		run.imports = imp.summary(start, start.Add(elapsed))
	}
	return rec.result(run), nil
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login logs a client in as a person does: the login form, then the form
// sent with its token; the session is the cookie the answer sets.
func login(ctx context.Context, hc *http.Client, base, email string, rec *recorder) error {
	t0 := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/login", nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	m := csrfInput.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		return fmt.Errorf("GET /login: %d, form token found: %v", resp.StatusCode, m != nil)
	}
	form := url.Values{"email": {email}, "password": {loadPassword}, "csrf": {html.UnescapeString(string(m[1]))}, "next": {"/"}}
	req, err = http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err = hc.Do(req); err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("POST /login as %s: %d, want 303", email, resp.StatusCode)
	}
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(hc.Jar.Cookies(u), func(c *http.Cookie) bool { return c.Name == web.SessionCookie && c.Value != "" }) {
		return errors.New("POST /login: no session cookie")
	}
	rec.login(time.Since(t0))
	return nil
}

// warnOnly passes on warnings and errors only.
type warnOnly struct{ slog.Handler }

func (w warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && w.Handler.Enabled(ctx, l)
}
